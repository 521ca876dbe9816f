"""Checks for data-parallel-allreduce: hand-worked ranks (mean [2, 1, 2, 3]; 10 values over 4 ranks → [9, 0, 0];
a reduce-scatter and all-gather of 5 values over 2 ranks), an even split where floor division passes, fewer
values than ranks, a 2-D gradient, and seeded gradients on 3 to 8 ranks."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, fmt, make_case, mismatch
from .solution import (all_gather as gather_ref, all_reduce_mean as all_reduce_ref, reduce_scatter_mean as scatter_ref,
                       shard_for_rank as shard_ref)


def compare_ranks(got, expected):
    """One array per rank: the number of results, then the first rank whose array differs ("rank 2: …")."""
    if not isinstance(expected, list):          # a typical mistake's output (one array) compared with the learner's
        return mismatch(got, expected, rtol=1e-9, atol=1e-12)
    if not isinstance(got, (list, tuple)):
        if got is None:
            kind = ("None — is a `return` missing?", "None ——是不是漏了 `return`？")
        elif isinstance(got, np.ndarray):
            kind = (f"one array of shape {tuple(got.shape)}", f"一个形状为 {tuple(got.shape)} 的数组")
        else:
            kind = (type(got).__name__, type(got).__name__)
        return (f"expected a list with one array per rank ({len(expected)}), got {kind[0]}",
                f"应返回每个进程（rank）一个数组的列表（{len(expected)} 个），实际得到{kind[1]}")
    if len(got) != len(expected):
        return (f"expected one array per rank ({len(expected)}), got {len(got)}", f"应为每个进程（rank）返回一个数组（{len(expected)} 个），实际返回了 {len(got)} 个")
    for rank, (g, e) in enumerate(zip(got, expected)):
        problem = mismatch(g, e, rtol=1e-9, atol=1e-12)
        if problem:
            return (f"rank {rank}: {problem[0]}", f"rank {rank}：{problem[1]}")
    return None


def show_ranks(value):
    """'rank 0: [2 1 2 3]   rank 1: [2 1 2 3]' — one array per rank, side by side."""
    if not isinstance(value, (list, tuple)):
        return fmt(value)
    text = "   ".join(f"rank {r}: {fmt(v, 120).split('  (shape')[0] if isinstance(v, np.ndarray) else fmt(v, 120)}"
                      for r, v in enumerate(value))
    return text if len(text) <= 400 else text[:399] + "…"


def _ceil(n, k):
    return -(-n // k)


# ---------------------------------------------------------------------- all_reduce_mean

def _sum_not_mean(grads):
    total = np.sum(np.stack(grads), axis=0)
    return [total.copy() for _ in grads]


def _one_copy(grads):
    return np.mean(np.stack(grads), axis=0)


def _no_axis(grads):
    return [np.mean(grads) for _ in grads]                 # one number: the mean of every element of every rank


ALL_REDUCE_MISTAKES = (Mistake("sum_not_mean", _sum_not_mean), Mistake("one_copy", _one_copy), Mistake("no_axis", _no_axis))


# ---------------------------------------------------------------------- shard_for_rank

def _floor_size(flat, rank, world_size):
    size = flat.size // world_size
    return flat[rank * size:(rank + 1) * size]


def _no_padding(flat, rank, world_size):
    size = _ceil(flat.size, world_size)
    return flat[rank * size:(rank + 1) * size]


def _array_split(flat, rank, world_size):
    return np.array_split(flat, world_size)[rank]


def _remainder_to_last(flat, rank, world_size):
    size = flat.size // world_size
    return flat[rank * size:] if rank == world_size - 1 else flat[rank * size:(rank + 1) * size]


def _strided(flat, rank, world_size):
    size = _ceil(flat.size, world_size)
    return np.concatenate([flat, np.zeros(size * world_size - flat.size)])[rank::world_size]


def _padding_at_start(flat, rank, world_size):
    size = _ceil(flat.size, world_size)
    padded = np.concatenate([np.zeros(size * world_size - flat.size), flat])
    return padded[rank * size:(rank + 1) * size]


SHARD_MISTAKES = (
    Mistake("floor_size", _floor_size),
    Mistake("remainder_to_last", _remainder_to_last),
    Mistake("array_split", _array_split),
    Mistake("no_padding", _no_padding),
    Mistake("strided", _strided),
    Mistake("padding_at_start", _padding_at_start),
)


# ---------------------------------------------------------------------- reduce_scatter_mean and all_gather

def _scatter_sum(grads):
    total = np.sum(np.stack(grads), axis=0)
    return [shard_ref(total, rank, len(grads)) for rank in range(len(grads))]


def _scatter_is_all_reduce(grads):
    return all_reduce_ref(grads)


def _own_shard_only(grads):
    return [shard_ref(g, rank, len(grads)) for rank, g in enumerate(grads)]


def _scatter_array_split(grads):
    return np.array_split(np.mean(np.stack(grads), axis=0), len(grads))


SCATTER_MISTAKES = (
    Mistake("scatter_sum", _scatter_sum),
    Mistake("scatter_is_all_reduce", _scatter_is_all_reduce),
    Mistake("own_shard_only", _own_shard_only),
    Mistake("scatter_array_split", _scatter_array_split),
)


def _padding_kept(shards, numel):
    full = np.concatenate(shards)
    return [full.copy() for _ in shards]


def _gather_one_copy(shards, numel):
    return np.concatenate(shards)[:numel]


GATHER_MISTAKES = (Mistake("padding_kept", _padding_kept), Mistake("gather_one_copy", _gather_one_copy))


# ---------------------------------------------------------------------- cases

def _grads(rng, world_size, *shape):
    return [rng.normal(*shape) for _ in range(world_size)]


def cases():
    rng = Rng(8)
    aopts = {"mistakes": ALL_REDUCE_MISTAKES, "compare": compare_ranks, "show": show_ranks}
    yield Case(("two ranks, the example in the task", "两个进程，题目中的例子"), "all_reduce_mean",
               {"grads": [np.array([1.0, 2.0, 3.0, 4.0]), np.array([3.0, 0.0, 1.0, 2.0])]},
               [np.array([2.0, 1.0, 2.0, 3.0]), np.array([2.0, 1.0, 2.0, 3.0])], **aopts)
    yield make_case(("4 ranks, a (3, 2) weight gradient (seed 8)", "4 个进程，形状为 (3, 2) 的权重梯度（种子 8）"), "all_reduce_mean", all_reduce_ref,
                    {"grads": _grads(rng, 4, 3, 2)}, **aopts)
    yield make_case(("8 ranks, 12 values (seed 8)", "8 个进程，12 个值（种子 8）"), "all_reduce_mean", all_reduce_ref,
                    {"grads": _grads(rng, 8, 12)}, **aopts)

    sopts = {"mistakes": SHARD_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield Case(("10 values on 4 ranks, rank 3 (the last): 9 and two zeros of padding", "10 个值分给 4 个进程，rank 3（最后一个）：9 加两个填充的 0"),
               "shard_for_rank", {"flat": np.arange(10.0), "rank": 3, "world_size": 4}, np.array([9.0, 0.0, 0.0]), **sopts)
    yield Case(("10 values on 4 ranks, rank 1", "10 个值分给 4 个进程，rank 1"), "shard_for_rank",
               {"flat": np.arange(10.0), "rank": 1, "world_size": 4}, np.array([3.0, 4.0, 5.0]), **sopts)
    yield make_case(("23 values on 5 ranks, rank 2 (seed 8)", "23 个值分给 5 个进程，rank 2（种子 8）"), "shard_for_rank", shard_ref,
                    {"flat": rng.normal(23), "rank": 2, "world_size": 5}, **sopts)
    yield make_case(("23 values on 5 ranks, rank 4 (seed 8)", "23 个值分给 5 个进程，rank 4（种子 8）"), "shard_for_rank", shard_ref,
                    {"flat": rng.normal(23), "rank": 4, "world_size": 5}, **sopts)
    yield make_case(("3 values on 4 ranks: the last rank holds only padding", "3 个值分给 4 个进程：最后一个进程只有填充"), "shard_for_rank", shard_ref,
                    {"flat": np.array([0.5, -1.0, 2.0]), "rank": 3, "world_size": 4}, **sopts)
    yield make_case(("12 values on 3 ranks: an even split", "12 个值分给 3 个进程：正好整除"), "shard_for_rank", shard_ref,
                    {"flat": rng.normal(12), "rank": 2, "world_size": 3}, **sopts)

    ropts = {"mistakes": SCATTER_MISTAKES, "compare": compare_ranks, "show": show_ranks}
    yield Case(("two ranks, 5 values: the example in the task", "两个进程，5 个值：题目中的例子"), "reduce_scatter_mean",
               {"grads": [np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([3.0, 4.0, 5.0, 6.0, 7.0])]},
               [np.array([2.0, 3.0, 4.0]), np.array([5.0, 6.0, 0.0])], **ropts)
    yield make_case(("4 ranks, 10 values (seed 8)", "4 个进程，10 个值（种子 8）"), "reduce_scatter_mean", scatter_ref,
                    {"grads": _grads(rng, 4, 10)}, **ropts)
    yield make_case(("3 ranks, 9 values (seed 8)", "3 个进程，9 个值（种子 8）"), "reduce_scatter_mean", scatter_ref,
                    {"grads": _grads(rng, 3, 9)}, **ropts)

    gopts = {"mistakes": GATHER_MISTAKES, "compare": compare_ranks, "show": show_ranks}
    yield Case(("the shards of the reduce-scatter example, numel = 5", "reduce-scatter 例子中的分片，numel = 5"), "all_gather",
               {"shards": [np.array([2.0, 3.0, 4.0]), np.array([5.0, 6.0, 0.0])], "numel": 5},
               [np.array([2.0, 3.0, 4.0, 5.0, 6.0]), np.array([2.0, 3.0, 4.0, 5.0, 6.0])], **gopts)
    seeded = rng.normal(23)
    yield make_case(("5 shards of 23 values (seed 8)", "23 个值的 5 个分片（种子 8）"), "all_gather", gather_ref,
                    {"shards": [shard_ref(seeded, r, 5) for r in range(5)], "numel": 23}, **gopts)

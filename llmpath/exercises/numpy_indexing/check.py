"""Checks for numpy-indexing: hand-worked padded batches, a square case where a missing keepdims
broadcasts silently instead of failing, one-token and full-length rows, and seeded batches."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import last_token_logits as last_ref, masked_mean as mean_ref, normalize_rows as rows_ref


def _always_last(logits, lengths):
    return logits[:, -1]


def _length_not_minus_one(logits, lengths):
    return logits[np.arange(logits.shape[0]), np.minimum(lengths, logits.shape[1] - 1)]


def _outer_index(logits, lengths):
    return logits[:, lengths - 1]                       # (B, B, V): every row at every length


def _first_token(logits, lengths):
    return logits[:, 0]


LAST_MISTAKES = (
    Mistake("always_last", _always_last),
    Mistake("length_not_minus_one", _length_not_minus_one),
    Mistake("outer_index", _outer_index),
    Mistake("first_token", _first_token),
)


def _mean_with_padding(x, mask):
    return x.mean(axis=1)


def _flattened_mask(x, mask):
    return np.broadcast_to(x[mask].mean(axis=0), (x.shape[0], x.shape[2])).copy()


def _mean_no_keepdims(x, mask):
    total = np.where(mask[..., None], x, 0.0).sum(axis=1)
    return total / mask.sum(axis=1)                   # (B, D) / (B,): an error, or wrong values when B == D


def _divide_by_length_of_row(x, mask):
    return np.where(mask[..., None], x, 0.0).sum(axis=1) / x.shape[1]


MEAN_MISTAKES = (
    Mistake("mean_with_padding", _mean_with_padding),
    Mistake("flattened_mask", _flattened_mask),
    Mistake("mean_no_keepdims", _mean_no_keepdims),
    Mistake("divide_by_length_of_row", _divide_by_length_of_row),
)


def _rows_no_keepdims(x):
    return x / x.sum(axis=1)


def _columns(x):
    return x / x.sum(axis=0, keepdims=True)


def _whole(x):
    return x / x.sum()


ROWS_MISTAKES = (
    Mistake("rows_no_keepdims", _rows_no_keepdims),
    Mistake("columns", _columns),
    Mistake("whole", _whole),
)


def _padded(rng_lengths, B, T, D, rng):
    x = rng.normal(B, T, D, scale=2.0)
    mask = np.arange(T)[None, :] < rng_lengths[:, None]          # (B, T): True on the first lengths[b] positions
    return x, mask


def cases():
    rng = Rng(21)
    logits = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    lopts = {"mistakes": LAST_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("the example in the task: lengths [2, 3]", "题目中的例子：lengths 为 [2, 3]"), "last_token_logits", last_ref,
                    {"logits": logits, "lengths": np.array([2, 3])}, **lopts)
    yield make_case(("one-token and full-length rows, B = 3", "只有一个词元的行和满长的行，B = 3"), "last_token_logits", last_ref,
                    {"logits": rng.normal(3, 4, 5), "lengths": np.array([1, 4, 2])}, **lopts)
    yield make_case(("a seeded batch (seed 21), B = 4, T = 6, V = 7", "随机批次（种子 21），B = 4、T = 6、V = 7"), "last_token_logits", last_ref,
                    {"logits": rng.normal(4, 6, 7), "lengths": np.array([6, 3, 1, 5])}, **lopts)

    mopts = {"mistakes": MEAN_MISTAKES}
    x = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    yield make_case(("the example in the task", "题目中的例子"), "masked_mean", mean_ref,
                    {"x": x, "mask": np.array([[True, True, False], [True, False, False]])}, **mopts)
    square, square_mask = _padded(np.array([3, 1, 2]), 3, 4, 3, rng)   # B == D: a missing keepdims broadcasts silently
    yield make_case(("B = D = 3: (B, D) / (B,) broadcasts without an error", "B = D = 3：(B, D) / (B,) 会不报错地广播"),
                    "masked_mean", mean_ref, {"x": square, "mask": square_mask}, **mopts)
    seeded, seeded_mask = _padded(np.array([5, 2, 4, 1]), 4, 5, 6, rng)
    yield make_case(("a seeded padded batch (seed 21), B = 4, T = 5, D = 6", "随机填充批次（种子 21），B = 4、T = 5、D = 6"),
                    "masked_mean", mean_ref, {"x": seeded, "mask": seeded_mask}, **mopts)

    ropts = {"mistakes": ROWS_MISTAKES}
    yield make_case(("the example in the task", "题目中的例子"), "normalize_rows", rows_ref,
                    {"x": np.array([[1.0, 3.0], [2.0, 2.0]])}, **ropts)
    yield make_case(("a square matrix: a missing keepdims divides column j by row j's sum", "方阵：缺少 keepdims 会用第 j 行的和去除第 j 列"),
                    "normalize_rows", rows_ref, {"x": np.array([[1.0, 2.0, 1.0], [4.0, 0.0, 4.0], [0.0, 3.0, 3.0]])}, **ropts)
    yield make_case(("seeded counts (seed 21), 5 × 4", "随机计数（种子 21），5 × 4"), "normalize_rows", rows_ref,
                    {"x": np.abs(rng.normal(5, 4)) + 0.1}, **ropts)

"""Checks for multi-head-split: readable arange inputs, one head, one time step, seeded random values, and merge."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import merge_heads as merge_ref
from .solution import split_heads as split_ref



def _split_reshape_only(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, n_heads, T, C // n_heads)


def _split_no_transpose(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, T, n_heads, C // n_heads)


def _split_interleaved(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, T, C // n_heads, n_heads).transpose(0, 3, 1, 2)


def _split_wrong_swap(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, T, n_heads, C // n_heads).transpose(0, 2, 3, 1)


def _merge_reshape_only(x):
    B, H, T, d = x.shape
    return x.reshape(B, T, H * d)


def _merge_wrong_order(x):
    B, H, T, d = x.shape
    return x.transpose(0, 2, 3, 1).reshape(B, T, H * d)


SPLIT_MISTAKES = (
    Mistake("split_reshape_only", _split_reshape_only),
    Mistake("split_no_transpose", _split_no_transpose),
    Mistake("split_interleaved", _split_interleaved),
    Mistake("split_wrong_swap", _split_wrong_swap),
)

MERGE_MISTAKES = (
    Mistake("merge_reshape_only", _merge_reshape_only),
    Mistake("merge_wrong_order", _merge_wrong_order),
)


def _arange(*shape):
    return np.arange(int(np.prod(shape)), dtype=float).reshape(shape)


def cases():
    rng = Rng(9)
    opts = {"mistakes": SPLIT_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("B=1, T=1, C=4, 2 heads", "B=1，T=1，C=4，2 个头"), "split_heads", split_ref, {"x": _arange(1, 1, 4), "n_heads": 2}, **opts)
    yield make_case(("B=2, T=3, C=8, 2 heads", "B=2，T=3，C=8，2 个头"), "split_heads", split_ref, {"x": _arange(2, 3, 8), "n_heads": 2}, **opts)
    yield make_case(("one head", "只有一个头"), "split_heads", split_ref, {"x": _arange(1, 3, 4), "n_heads": 1}, **opts)
    yield make_case(("random (2, 5, 12), 3 heads (seed 9)", "随机 (2, 5, 12)，3 个头（种子 9）"), "split_heads", split_ref,
                    {"x": rng.normal(2, 5, 12), "n_heads": 3}, **opts)
    mopts = {"mistakes": MERGE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("merge (2, 2, 3, 4)", "合并 (2, 2, 3, 4)"), "merge_heads", merge_ref, {"x": _arange(2, 2, 3, 4)}, **mopts)
    yield make_case(("merge one time step", "合并单个时间步"), "merge_heads", merge_ref, {"x": _arange(1, 4, 1, 2)}, **mopts)
    yield make_case(("merge random (2, 3, 5, 4) (seed 9)", "合并随机 (2, 3, 5, 4)（种子 9）"), "merge_heads", merge_ref,
                    {"x": rng.normal(2, 3, 5, 4)}, **mopts)

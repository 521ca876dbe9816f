"""Checks for multi-head-split: readable arange inputs, one head, one time step, seeded random values, and merge."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.multi_head_split.solution import merge_heads as merge_ref
from llmpath.exercises.multi_head_split.solution import split_heads as split_ref

FUNCTIONS = ("split_heads", "merge_heads")


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
    Mistake("you reshaped straight to (B, H, T, d): the shape is right but time steps get mixed into heads. "
            "Reshape to (B, T, H, d) first, then swap axes 1 and 2 (.transpose(0, 2, 1, 3)).",
            "你直接 reshape 成了 (B, H, T, d):形状对了,但不同时间步被混进了同一个头。"
            "应先 reshape 成 (B, T, H, d),再交换轴 1 和 2(.transpose(0, 2, 1, 3))。",
            _split_reshape_only),
    Mistake("the heads are still behind the time axis: after reshaping to (B, T, H, d), swap axes 1 and 2 to get (B, H, T, d).",
            "注意力头仍在时间轴后面:reshape 成 (B, T, H, d) 之后,要交换轴 1 和 2 得到 (B, H, T, d)。",
            _split_no_transpose),
    Mistake("each head must take a contiguous block of d = C // H channels; yours takes every H-th channel. Reshape to (B, T, H, d), not (B, T, d, H).",
            "每个头应取连续的 d = C // H 个通道;你的是每隔 H 个取一个。应 reshape 成 (B, T, H, d),而不是 (B, T, d, H)。",
            _split_interleaved),
    Mistake("the transpose moves the wrong axes: from (B, T, H, d) use .transpose(0, 2, 1, 3) to get (B, H, T, d).",
            "转置的轴不对:从 (B, T, H, d) 出发应使用 .transpose(0, 2, 1, 3) 得到 (B, H, T, d)。",
            _split_wrong_swap),
)

MERGE_MISTAKES = (
    Mistake("you reshaped (B, H, T, d) straight to (B, T, H*d): put T before H first with .transpose(0, 2, 1, 3), then reshape.",
            "你把 (B, H, T, d) 直接 reshape 成了 (B, T, H*d):应先用 .transpose(0, 2, 1, 3) 把 T 移到 H 前面,再 reshape。",
            _merge_reshape_only),
    Mistake("the transpose before the reshape must give (B, T, H, d): use .transpose(0, 2, 1, 3).",
            "reshape 之前的转置应得到 (B, T, H, d):请用 .transpose(0, 2, 1, 3)。",
            _merge_wrong_order),
)


def _arange(*shape):
    return np.arange(int(np.prod(shape)), dtype=float).reshape(shape)


def cases():
    rng = Rng(9)
    opts = {"mistakes": SPLIT_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("B=1, T=1, C=4, 2 heads", "B=1,T=1,C=4,2 个头"), "split_heads", split_ref, {"x": _arange(1, 1, 4), "n_heads": 2}, **opts)
    yield make_case(("B=2, T=3, C=8, 2 heads", "B=2,T=3,C=8,2 个头"), "split_heads", split_ref, {"x": _arange(2, 3, 8), "n_heads": 2}, **opts)
    yield make_case(("one head", "只有一个头"), "split_heads", split_ref, {"x": _arange(1, 3, 4), "n_heads": 1}, **opts)
    yield make_case(("random (2, 5, 12), 3 heads (seed 9)", "随机 (2, 5, 12),3 个头(种子 9)"), "split_heads", split_ref,
                    {"x": rng.normal(2, 5, 12), "n_heads": 3}, **opts)
    mopts = {"mistakes": MERGE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("merge (2, 2, 3, 4)", "合并 (2, 2, 3, 4)"), "merge_heads", merge_ref, {"x": _arange(2, 2, 3, 4)}, **mopts)
    yield make_case(("merge one time step", "合并单个时间步"), "merge_heads", merge_ref, {"x": _arange(1, 4, 1, 2)}, **mopts)
    yield make_case(("merge random (2, 3, 5, 4) (seed 9)", "合并随机 (2, 3, 5, 4)(种子 9)"), "merge_heads", merge_ref,
                    {"x": rng.normal(2, 3, 5, 4)}, **mopts)

"""Checks for attention: one key, unequal sizes, batches of heads, causal and padding masks, huge scores."""

import numpy as np

from llmpath.exercises.attention.solution import attention as reference
from llmpath.exercises.checking import Mistake, Rng, make_case

FUNCTIONS = ("attention",)


def _softmax(s, axis=-1):
    s = s - np.max(s, axis=axis, keepdims=True)
    e = np.exp(s)
    return e / np.sum(e, axis=axis, keepdims=True)


def _variant(*, scale="sqrt_dk", axis=-1, mask_mode="neg_inf", stable=True):
    def attend(q, k, v, mask=None):
        scores = q @ np.swapaxes(k, -1, -2)
        if scale == "sqrt_dk":
            scores = scores / np.sqrt(q.shape[-1])
        elif scale == "dk":
            scores = scores / q.shape[-1]
        elif scale == "sqrt_dv":
            scores = scores / np.sqrt(v.shape[-1])
        if mask is not None:
            if mask_mode == "neg_inf":
                scores = np.where(mask, scores, -np.inf)
            elif mask_mode == "inverted":
                scores = np.where(mask, -np.inf, scores)
            elif mask_mode == "zero":
                scores = np.where(mask, scores, 0.0)
        if stable:
            weights = _softmax(scores, axis)
        else:
            e = np.exp(scores)
            weights = e / np.sum(e, axis=axis, keepdims=True)
        if mask is not None and mask_mode == "after":
            weights = weights * mask
        return weights @ v, weights
    return attend


MISTAKES = (
    Mistake("the scores are not divided by √d_k: scores = q @ k^T / np.sqrt(d_k), d_k = q.shape[-1].",
            "分数没有除以 √d_k:scores = q @ k^T / np.sqrt(d_k),其中 d_k = q.shape[-1]。",
            _variant(scale="none")),
    Mistake("you divided by d_k; divide by its square root, np.sqrt(d_k).",
            "你除以的是 d_k;应除以它的平方根 np.sqrt(d_k)。",
            _variant(scale="dk")),
    Mistake("scale by √d_k, the size of queries and keys (q.shape[-1]), not by the size of the values.",
            "应按 √d_k 缩放,即查询和键的维度(q.shape[-1]),而不是值的维度。",
            _variant(scale="sqrt_dv")),
    Mistake("the softmax runs over the wrong axis: normalize over the keys (axis=-1), so each query's weights sum to 1.",
            "softmax 的轴不对:应沿键(axis=-1)归一化,使每个查询的权重之和为 1。",
            _variant(axis=-2)),
    Mistake("the mask is inverted: True means \"may attend\"; set the scores to -inf where the mask is False.",
            "掩码用反了:True 表示「可以关注」;应在掩码为 False 的地方把分数设为 -inf。",
            _variant(mask_mode="inverted")),
    Mistake("masked scores were set to 0, which still gets weight: set them to -inf so their softmax weight is 0.",
            "被掩盖的分数设成了 0,它仍然会分到权重:应设为 -inf,这样 softmax 后权重为 0。",
            _variant(mask_mode="zero")),
    Mistake("you masked after the softmax, so the weights no longer sum to 1: mask the scores (with -inf) before the softmax.",
            "你在 softmax 之后才加掩码,权重之和不再为 1:应在 softmax 之前用 -inf 掩盖分数。",
            _variant(mask_mode="after")),
    Mistake("exp overflowed on large scores: subtract the maximum score of each row before np.exp.",
            "分数很大时 exp 溢出了:在 np.exp 之前减去每一行的最大分数。",
            _variant(stable=False)),
)


def _causal(t):
    return np.tril(np.ones((t, t), dtype=bool))


def cases():
    rng = Rng(8)
    opts = {"mistakes": MISTAKES, "outputs": ("output", "weights"), "rtol": 1e-6, "atol": 1e-9}
    yield make_case(("one query, one key", "一个查询、一个键"), "attention", reference,
                    {"q": np.array([[1.0, 2.0]]), "k": np.array([[0.5, -1.0]]), "v": np.array([[3.0, 4.0, 5.0]]), "mask": None}, **opts)
    yield make_case(("2 queries, 3 keys, d_k = 4, d_v = 2", "2 个查询、3 个键,d_k = 4,d_v = 2"), "attention", reference,
                    {"q": rng.normal(2, 4), "k": rng.normal(3, 4), "v": rng.normal(3, 2), "mask": None}, **opts)
    yield make_case(("a batch of 3 heads (2, 3, 5, 8)", "批次与 3 个注意力头 (2, 3, 5, 8)"), "attention", reference,
                    {"q": rng.normal(2, 3, 5, 8), "k": rng.normal(2, 3, 6, 8), "v": rng.normal(2, 3, 6, 4), "mask": None}, **opts)
    yield make_case(("a causal mask", "因果掩码"), "attention", reference,
                    {"q": rng.normal(4, 8), "k": rng.normal(4, 8), "v": rng.normal(4, 3), "mask": _causal(4)}, **opts)
    yield make_case(("a padding mask (the last 2 keys hidden)", "填充掩码(隐藏最后 2 个键)"), "attention", reference,
                    {"q": rng.normal(2, 3, 4), "k": rng.normal(2, 5, 4), "v": rng.normal(2, 5, 2),
                     "mask": np.array([True, True, True, False, False])}, **opts)
    yield make_case(("large scores", "很大的分数"), "attention", reference,
                    {"q": rng.normal(3, 16, scale=40.0), "k": rng.normal(3, 16, scale=40.0), "v": rng.normal(3, 2), "mask": None}, **opts)

"""Checks for attention: one key, unequal sizes, batches of heads, causal and padding masks, huge scores."""

import numpy as np

from .solution import attention as reference
from llmpath.exercises.checking import Mistake, Rng, make_case



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
    Mistake("scale_none", _variant(scale="none")),
    Mistake("scale_dk", _variant(scale="dk")),
    Mistake("scale_sqrt_dv", _variant(scale="sqrt_dv")),
    Mistake("axis_minus_2", _variant(axis=-2)),
    Mistake("mask_mode_inverted", _variant(mask_mode="inverted")),
    Mistake("mask_mode_zero", _variant(mask_mode="zero")),
    Mistake("mask_mode_after", _variant(mask_mode="after")),
    Mistake("no_stable", _variant(stable=False)),
)


def _causal(t):
    return np.tril(np.ones((t, t), dtype=bool))


def cases():
    rng = Rng(8)
    opts = {"mistakes": MISTAKES, "outputs": ("output", "weights"), "rtol": 1e-6, "atol": 1e-9}
    yield make_case(("one query, one key", "一个查询、一个键"), "attention", reference,
                    {"q": np.array([[1.0, 2.0]]), "k": np.array([[0.5, -1.0]]), "v": np.array([[3.0, 4.0, 5.0]]), "mask": None}, **opts)
    yield make_case(("2 queries, 3 keys, d_k = 4, d_v = 2", "2 个查询、3 个键，d_k = 4，d_v = 2"), "attention", reference,
                    {"q": rng.normal(2, 4), "k": rng.normal(3, 4), "v": rng.normal(3, 2), "mask": None}, **opts)
    yield make_case(("a batch of 3 heads (2, 3, 5, 8)", "批次与 3 个注意力头 (2, 3, 5, 8)"), "attention", reference,
                    {"q": rng.normal(2, 3, 5, 8), "k": rng.normal(2, 3, 6, 8), "v": rng.normal(2, 3, 6, 4), "mask": None}, **opts)
    yield make_case(("a causal mask", "因果掩码"), "attention", reference,
                    {"q": rng.normal(4, 8), "k": rng.normal(4, 8), "v": rng.normal(4, 3), "mask": _causal(4)}, **opts)
    yield make_case(("a padding mask (the last 2 keys hidden)", "填充掩码（隐藏最后 2 个键）"), "attention", reference,
                    {"q": rng.normal(2, 3, 4), "k": rng.normal(2, 5, 4), "v": rng.normal(2, 5, 2),
                     "mask": np.array([True, True, True, False, False])}, **opts)
    yield make_case(("large scores", "很大的分数"), "attention", reference,
                    {"q": rng.normal(3, 16, scale=40.0), "k": rng.normal(3, 16, scale=40.0), "v": rng.normal(3, 2), "mask": None}, **opts)

"""Checks for top-k-top-p: hand-made rows, k = 1 and k >= V, thresholds on both sides of a token, unsorted and batched rows."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import _softmax, top_k_filter as k_ref, top_p_filter as p_ref



def _k_smallest(logits, k):
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., k - 1, None]
    return np.where(logits > kth, -np.inf, logits)


def _k_zero(logits, k):
    filtered = k_ref(logits, k)
    return np.where(np.isneginf(filtered), 0.0, filtered)


def _k_off_by_one(logits, k):
    return k_ref(logits, k + 1) if k + 1 <= logits.shape[-1] else logits.copy()


def _k_one_short(logits, k):
    return k_ref(logits, k - 1) if k > 1 else np.full_like(logits, -np.inf)


def _k_values_only(logits, k):
    return -np.sort(-logits, axis=-1)[..., :k]


TOP_K_MISTAKES = (
    Mistake("k_smallest", _k_smallest),
    Mistake("k_zero", _k_zero),
    Mistake("k_off_by_one", _k_off_by_one),
    Mistake("k_one_short", _k_one_short),
    Mistake("k_values_only", _k_values_only),
)


def _p_variant(*, crossing=True, sort=True, on_logits=False, ascending=False, keep_sorted_order=False):
    def top_p(logits, p):
        probs = logits if on_logits else _softmax(logits)
        if sort:
            order = np.argsort(logits if ascending else -logits, axis=-1, kind="stable")
        else:
            order = np.broadcast_to(np.arange(logits.shape[-1]), logits.shape)
        sorted_probs = np.take_along_axis(probs, order, axis=-1)
        cum = np.cumsum(sorted_probs, axis=-1)
        keep_sorted = (cum - sorted_probs) < p if crossing else cum <= p
        if keep_sorted_order:
            return np.where(keep_sorted, np.take_along_axis(logits, order, axis=-1), -np.inf)
        keep = np.empty_like(keep_sorted)
        np.put_along_axis(keep, np.array(order), keep_sorted, axis=-1)
        return np.where(keep, logits, -np.inf)
    return top_p


TOP_P_MISTAKES = (
    Mistake("no_crossing", _p_variant(crossing=False)),
    Mistake("no_sort", _p_variant(sort=False)),
    Mistake("on_logits", _p_variant(on_logits=True)),
    Mistake("ascending", _p_variant(ascending=True)),
    Mistake("keep_sorted_order", _p_variant(keep_sorted_order=True)),
)


def cases():
    rng = Rng(13)
    kopts = {"mistakes": TOP_K_MISTAKES, "rtol": 0.0, "atol": 0.0}
    row = np.array([2.0, 1.0, 3.0, 0.5, -1.0])
    yield make_case(("k = 2", "k = 2"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 2}, **kopts)
    yield make_case(("k = 1", "k = 1"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 1}, **kopts)
    yield make_case(("k >= V keeps everything", "k >= V 时全部保留"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 7}, **kopts)
    yield make_case(("a batch of rows, k = 3 (seed 13)", "一批行，k = 3（种子 13）"), "top_k_filter", k_ref,
                    {"logits": rng.normal(3, 6), "k": 3}, **kopts)
    popts = {"mistakes": TOP_P_MISTAKES, "rtol": 0.0, "atol": 0.0}
    unsorted = np.array([1.0, 3.0, 0.0, 2.0])     # probabilities ≈ 0.087 0.644 0.032 0.237
    yield make_case(("p = 0.7: the crossing token stays", "p = 0.7：越过阈值的词元保留"), "top_p_filter", p_ref,
                    {"logits": unsorted.copy(), "p": 0.7}, **popts)
    yield make_case(("p = 0.5: only the top token", "p = 0.5：只剩最可能的词元"), "top_p_filter", p_ref,
                    {"logits": unsorted.copy(), "p": 0.5}, **popts)
    yield make_case(("p = 0.95", "p = 0.95"), "top_p_filter", p_ref, {"logits": unsorted.copy(), "p": 0.95}, **popts)
    yield make_case(("p = 1.0 keeps everything", "p = 1.0 时全部保留"), "top_p_filter", p_ref, {"logits": unsorted.copy(), "p": 1.0}, **popts)
    yield make_case(("a batch of rows, p = 0.8 (seed 13)", "一批行，p = 0.8（种子 13）"), "top_p_filter", p_ref,
                    {"logits": rng.normal(4, 8, scale=2.0), "p": 0.8}, **popts)

"""Checks for top-k-top-p: hand-made rows, k = 1 and k >= V, thresholds on both sides of a token, unsorted and batched rows."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.top_k_top_p.solution import _softmax, top_k_filter as k_ref, top_p_filter as p_ref

FUNCTIONS = ("top_k_filter", "top_p_filter")


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
    Mistake("you kept the k smallest logits: keep the k largest.", "你保留的是最小的 k 个 logits:应保留最大的 k 个。", _k_smallest),
    Mistake("removed tokens must be -inf, not 0: a logit of 0 still has probability exp(0) / Z > 0.",
            "被去掉的词元要设为 -inf,而不是 0:logit 为 0 时概率仍是 exp(0) / Z > 0。", _k_zero),
    Mistake("off by one: you kept k + 1 tokens; exactly k should remain.", "差了一个:你保留了 k + 1 个词元;应恰好保留 k 个。", _k_off_by_one),
    Mistake("off by one: you kept k - 1 tokens; exactly k should remain.", "差了一个:你保留了 k - 1 个词元;应恰好保留 k 个。", _k_one_short),
    Mistake("return the whole row with -inf at the removed positions, not only the k kept values.",
            "应返回整行,在去掉的位置放 -inf,而不是只返回保留下来的 k 个值。", _k_values_only),
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
    Mistake("keep the token that crosses p: the kept tokens' probabilities must add up to at least p "
            "(with 0.64, 0.24, … and p = 0.7 the first two stay, and the top token always stays).",
            "要保留越过 p 的那个词元:保留词元的概率和必须至少达到 p(概率为 0.64、0.24、…、p = 0.7 时保留前两个;"
            "最可能的词元总会保留)。",
            _p_variant(crossing=False)),
    Mistake("sort the probabilities from largest to smallest before the cumulative sum; you accumulated them in vocabulary order.",
            "在累加之前要把概率从大到小排序;你是按词表顺序累加的。",
            _p_variant(sort=False)),
    Mistake("top-p works on probabilities, softmax(logits), not on the raw logits.",
            "top-p 作用在概率 softmax(logits) 上,而不是原始 logits 上。",
            _p_variant(on_logits=True)),
    Mistake("sort from the largest probability down (np.argsort(-logits)); you started from the smallest.",
            "应从最大的概率开始往下排(np.argsort(-logits));你是从最小的开始的。",
            _p_variant(ascending=True)),
    Mistake("return the logits in their original positions, with -inf where removed — not in sorted order.",
            "返回的 logits 要保持原来的位置,被去掉的放 -inf —— 而不是按排序后的顺序。",
            _p_variant(keep_sorted_order=True)),
)


def cases():
    rng = Rng(13)
    kopts = {"mistakes": TOP_K_MISTAKES, "rtol": 0.0, "atol": 0.0}
    row = np.array([2.0, 1.0, 3.0, 0.5, -1.0])
    yield make_case(("k = 2", "k = 2"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 2}, **kopts)
    yield make_case(("k = 1", "k = 1"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 1}, **kopts)
    yield make_case(("k >= V keeps everything", "k >= V 时全部保留"), "top_k_filter", k_ref, {"logits": row.copy(), "k": 7}, **kopts)
    yield make_case(("a batch of rows, k = 3 (seed 13)", "一批行,k = 3(种子 13)"), "top_k_filter", k_ref,
                    {"logits": rng.normal(3, 6), "k": 3}, **kopts)
    popts = {"mistakes": TOP_P_MISTAKES, "rtol": 0.0, "atol": 0.0}
    unsorted = np.array([1.0, 3.0, 0.0, 2.0])     # probabilities ≈ 0.087 0.644 0.032 0.237
    yield make_case(("p = 0.7: the crossing token stays", "p = 0.7:越过阈值的词元保留"), "top_p_filter", p_ref,
                    {"logits": unsorted.copy(), "p": 0.7}, **popts)
    yield make_case(("p = 0.5: only the top token", "p = 0.5:只剩最可能的词元"), "top_p_filter", p_ref,
                    {"logits": unsorted.copy(), "p": 0.5}, **popts)
    yield make_case(("p = 0.95", "p = 0.95"), "top_p_filter", p_ref, {"logits": unsorted.copy(), "p": 0.95}, **popts)
    yield make_case(("p = 1.0 keeps everything", "p = 1.0 时全部保留"), "top_p_filter", p_ref, {"logits": unsorted.copy(), "p": 1.0}, **popts)
    yield make_case(("a batch of rows, p = 0.8 (seed 13)", "一批行,p = 0.8(种子 13)"), "top_p_filter", p_ref,
                    {"logits": rng.normal(4, 8, scale=2.0), "p": 0.8}, **popts)

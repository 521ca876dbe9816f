"""Checks for retrieve-top-k: the unit's worked vectors, a query and passages of very different lengths
(where the dot product and a one-sided normalisation reorder the passages), exact ties (a duplicate and a
passage scaled by 2), k larger than the collection, the unit's ranks [1, 2, 1, 5, 1], and seeded collections."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, fmt, make_case
from .solution import answer_ranks as ranks_ref, hit_at_k as hit_ref, mean_reciprocal_rank as mrr_ref, retrieve as retrieve_ref


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def _top(scores, k):
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]


# ---------------------------------------------------------------------- typical mistakes: retrieve

def _dot_product(query, passages, k):
    return _top(passages @ query, k)


def _passages_not_normalised(query, passages, k):
    return _top(passages @ _unit(query), k)


def _query_not_normalised(query, passages, k):
    return _top(_unit(passages) @ query, k)


def _normalised_columns(query, passages, k):
    return _top(passages / np.linalg.norm(passages, axis=0) @ _unit(query), k)


def _ascending(query, passages, k):
    scores = _unit(passages) @ _unit(query)
    order = np.argsort(scores, kind="stable")[:k]
    return order, scores[order]


def _ties_higher_index_first(query, passages, k):
    scores = _unit(passages) @ _unit(query)
    order = np.argsort(scores, kind="stable")[::-1][:k]       # descending, but ties now in reverse index order
    return order, scores[order]


def _scores_not_reordered(query, passages, k):
    scores = _unit(passages) @ _unit(query)
    return np.argsort(-scores, kind="stable")[:k], scores[:k]   # the first k passages' scores, not the retrieved ones'


RETRIEVE_MISTAKES = (   # passages_not_normalised first: with a unit query (the unit's example) it is the dot product too
    Mistake("passages_not_normalised", _passages_not_normalised),
    Mistake("dot_product", _dot_product),
    Mistake("query_not_normalised", _query_not_normalised),
    Mistake("normalised_columns", _normalised_columns),
    Mistake("ascending", _ascending),
    Mistake("ties_higher_index_first", _ties_higher_index_first),
    Mistake("scores_not_reordered", _scores_not_reordered),
)


# ---------------------------------------------------------------------- typical mistakes: answer_ranks

def _cosines(queries, passages):
    return _unit(queries) @ _unit(passages).T


def _positions(scores, answers):
    """0-based position of each answer in its row's stable descending order."""
    order = np.argsort(-scores, axis=1, kind="stable")
    return np.array([int(np.flatnonzero(row == a)[0]) for row, a in zip(order, answers)])


def _zero_based(queries, passages, answers):
    return _positions(_cosines(queries, passages), answers)


def _argsort_not_rank(queries, passages, answers):
    order = np.argsort(-_cosines(queries, passages), axis=1, kind="stable")
    return order[np.arange(len(answers)), answers] + 1          # which passage sits at position `answer`, not where the answer sits


def _ascending_rank(queries, passages, answers):
    return _positions(-_cosines(queries, passages), answers) + 1


def _ties_counted_in_favour(queries, passages, answers):
    scores = _cosines(queries, passages)
    gold = scores[np.arange(len(answers)), answers]
    return 1 + (scores > gold[:, None]).sum(axis=1)


def _dot_product_rank(queries, passages, answers):
    return _positions(queries @ passages.T, answers) + 1


RANK_MISTAKES = (
    Mistake("zero_based", _zero_based),
    Mistake("argsort_not_rank", _argsort_not_rank),
    Mistake("ascending", _ascending_rank),
    Mistake("ties_counted_in_favour", _ties_counted_in_favour),
    Mistake("dot_product", _dot_product_rank),
)


# ---------------------------------------------------------------------- typical mistakes: hit@k and MRR

HIT_MISTAKES = (
    Mistake("strictly_below_k", lambda ranks, k: float(np.mean(ranks < k))),
    Mistake("count_not_share", lambda ranks, k: float(np.sum(ranks <= k))),
)

MRR_MISTAKES = (
    Mistake("reciprocal_of_mean_rank", lambda ranks: float(1.0 / np.mean(ranks))),
    Mistake("zero_based_reciprocal", lambda ranks: float(np.mean(1.0 / (ranks + 1)))),
)


# ---------------------------------------------------------------------- inputs

def _number(value):
    """A numpy scalar comes back from the child as a one-element array: show it as the number it is."""
    array = np.asarray(value)
    return fmt(float(array.reshape(-1)[0])) if array.size == 1 and array.dtype.kind in "fiu" else fmt(value)


UNIT_QUERY = np.array([0.6, 0.8, 0.0])
UNIT_PASSAGES = np.array([[0.8, 0.6, 0.0], [0.0, 0.6, 0.8], [3.0, 4.0, 0.0]])   # cosines 0.96, 0.48, 1.0
LONG_PASSAGES = np.array([[1.0, 0.0], [3.0, 3.0], [0.0, 1.0], [-1.0, 2.0]])     # lengths 1, 4.24, 1, 2.24
# p2 is p0 scaled by 2 and p4 a copy of p0: exact ties, whatever the order of the arithmetic
TIED_PASSAGES = np.array([[1.0, 2.0, 2.0], [2.0, 1.0, 0.0], [2.0, 4.0, 4.0], [0.0, 0.0, 1.0], [1.0, 2.0, 2.0]])


def _collection(rng, n, d):
    """Passages of very different lengths, as raw (unnormalised) embeddings can be."""
    return rng.normal(n, d) * np.exp(rng.normal(n, 1))


def cases():
    rng = Rng(6)
    ropts = {"mistakes": RETRIEVE_MISTAKES, "outputs": ("indices", "scores"), "rtol": 1e-9, "atol": 1e-12}
    yield Case(("the unit's vectors: p₃ = [3, 4, 0] points where q points", "单元中的向量：p₃ = [3, 4, 0] 与 q 方向相同"), "retrieve",
               {"query": UNIT_QUERY, "passages": UNIT_PASSAGES, "k": 2}, expected=(np.array([2, 0]), np.array([1.0, 0.96])), **ropts)
    yield Case(("a query of length 2, passages of lengths 1 to 4.2", "长度为 2 的查询，长度从 1 到 4.2 的段落"), "retrieve",
               {"query": np.array([2.0, 0.0]), "passages": LONG_PASSAGES, "k": 3},
               expected=(np.array([0, 1, 2]), np.array([1.0, np.sqrt(0.5), 0.0])), **ropts)
    yield make_case(("exact ties: passages 0, 2 and 4 point the same way", "完全并列：段落 0、2、4 方向相同"), "retrieve", retrieve_ref,
                    {"query": np.array([1.0, 1.0, 1.0]), "passages": TIED_PASSAGES, "k": 3}, **ropts)
    yield make_case(("k = 5 but only 3 passages", "k = 5，但只有 3 个段落"), "retrieve", retrieve_ref,
                    {"query": UNIT_QUERY, "passages": UNIT_PASSAGES, "k": 5}, **ropts)
    yield make_case(("seeded collection (seed 6): 30 passages, D = 8, k = 5", "随机文档集（种子 6）：30 个段落，D = 8，k = 5"), "retrieve", retrieve_ref,
                    {"query": rng.normal(8, scale=3.0), "passages": _collection(rng, 30, 8), "k": 5}, **ropts)

    kopts = {"mistakes": RANK_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield Case(("two queries over passages of different lengths", "长度不同的段落上的两个查询"), "answer_ranks",
               {"queries": np.array([[2.0, 0.0], [0.0, 1.0]]), "passages": LONG_PASSAGES, "answers": np.array([1, 0])},
               expected=np.array([2, 4]), **kopts)
    yield make_case(("a tie: the answer is passage 4, tied with passages 0 and 2", "并列：答案是段落 4，与段落 0、2 并列"), "answer_ranks", ranks_ref,
                    {"queries": np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]]), "passages": TIED_PASSAGES, "answers": np.array([4, 1])}, **kopts)
    passages = _collection(rng, 40, 16)
    answers = rng.integers(0, 40, 12)
    queries = (_unit(passages[answers]) + rng.normal(12, 16, scale=0.3)) * np.exp(rng.normal(12, 1))   # a noisy paraphrase of the answer
    yield make_case(("seeded (seed 6): 12 questions over 40 passages, D = 16", "随机（种子 6）：40 个段落上的 12 个问题，D = 16"), "answer_ranks", ranks_ref,
                    {"queries": queries, "passages": passages, "answers": answers}, **kopts)

    hopts = {"mistakes": HIT_MISTAKES, "rtol": 1e-12, "atol": 1e-12, "show": _number}
    unit_ranks = np.array([1, 2, 1, 5, 1])
    yield Case(("the unit's ranks [1, 2, 1, 5, 1], k = 1", "单元中的名次 [1, 2, 1, 5, 1]，k = 1"), "hit_at_k",
               {"ranks": unit_ranks, "k": 1}, expected=0.6, **hopts)
    yield Case(("the unit's ranks, k = 3", "单元中的名次，k = 3"), "hit_at_k", {"ranks": unit_ranks, "k": 3}, expected=0.8, **hopts)
    yield Case(("the unit's ranks, k = 5: rank 5 is a hit", "单元中的名次，k = 5：名次 5 算命中"), "hit_at_k",
               {"ranks": unit_ranks, "k": 5}, expected=1.0, **hopts)
    seeded_ranks = rng.integers(1, 20, 50)
    yield make_case(("seeded ranks (seed 6), k = 4", "随机名次（种子 6），k = 4"), "hit_at_k", hit_ref, {"ranks": seeded_ranks, "k": 4}, **hopts)

    mopts = {"mistakes": MRR_MISTAKES, "rtol": 1e-12, "atol": 1e-12, "show": _number}
    yield Case(("the unit's ranks [1, 2, 1, 5, 1]", "单元中的名次 [1, 2, 1, 5, 1]"), "mean_reciprocal_rank",
               {"ranks": unit_ranks}, expected=0.74, **mopts)
    yield Case(("every answer retrieved first", "每个答案都排第一"), "mean_reciprocal_rank", {"ranks": np.ones(6, dtype=int)}, expected=1.0, **mopts)
    yield make_case(("seeded ranks (seed 6)", "随机名次（种子 6）"), "mean_reciprocal_rank", mrr_ref, {"ranks": seeded_ranks}, **mopts)

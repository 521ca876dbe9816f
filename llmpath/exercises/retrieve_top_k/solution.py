"""Dense retrieval by cosine similarity, measured with hit@k and MRR — reference solution.

Normalise both sides to length 1 so that only direction counts, sort by descending score with a stable
sort (ties keep the lower index first), and read a question's rank as the 1-based position of its
answering passage in that same order, so that hit@k says exactly "the answer was among the k retrieved".
"""

import numpy as np


def _unit(x: np.ndarray) -> np.ndarray:
    """x scaled to length 1 along its last axis."""
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def retrieve(query: np.ndarray, passages: np.ndarray, k: int):
    """(indices, scores) of the k passages most cosine-similar to the query, best first (ties: lower index first)."""
    scores = _unit(passages) @ _unit(query)
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]


def answer_ranks(queries: np.ndarray, passages: np.ndarray, answers: np.ndarray) -> np.ndarray:
    """The 1-based rank of each query's answering passage in that query's full ranking."""
    ranks = []
    for query, answer in zip(queries, answers):
        order, _ = retrieve(query, passages, len(passages))
        ranks.append(int(np.flatnonzero(order == answer)[0]) + 1)
    return np.array(ranks)


def hit_at_k(ranks: np.ndarray, k: int) -> float:
    """The share of questions whose answer is among the top k (rank ≤ k)."""
    return float(np.mean(np.asarray(ranks) <= k))


def mean_reciprocal_rank(ranks: np.ndarray) -> float:
    """The mean of 1 / rank: 1.0 when the answer always comes first."""
    return float(np.mean(1.0 / np.asarray(ranks)))


if __name__ == "__main__":
    q = np.array([0.6, 0.8, 0.0])
    passages = np.array([[0.8, 0.6, 0.0], [0.0, 0.6, 0.8], [3.0, 4.0, 0.0]])
    print(retrieve(q, passages, 2))                                  # (array([2, 0]), array([1.  , 0.96]))
    print(answer_ranks(q[None, :], passages, np.array([1])))         # [3]
    ranks = np.array([1, 2, 1, 5, 1])
    print(hit_at_k(ranks, 1), hit_at_k(ranks, 3), mean_reciprocal_rank(ranks))   # 0.6 0.8 0.74

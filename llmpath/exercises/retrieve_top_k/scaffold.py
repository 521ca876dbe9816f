import numpy as np


def retrieve(query: np.ndarray, passages: np.ndarray, k: int):
    """query (D,), passages (N, D), any lengths → (indices, scores): the k passages with the highest cosine
    similarity to the query, best first, ties broken by the lower index; fewer than k if N < k."""
    # TODO: about 4 lines
    raise NotImplementedError


def answer_ranks(queries: np.ndarray, passages: np.ndarray, answers: np.ndarray) -> np.ndarray:
    """queries (Q, D), passages (N, D), answers (Q,) passage indices → (Q,) integer ranks, 1 = retrieved first."""
    # TODO: about 5 lines
    raise NotImplementedError


def hit_at_k(ranks: np.ndarray, k: int) -> float:
    """The share of questions whose answering passage is among the top k."""
    # TODO: one line
    raise NotImplementedError


def mean_reciprocal_rank(ranks: np.ndarray) -> float:
    """The mean of 1 / rank over the questions."""
    # TODO: one line
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python retrieve_top_k.py
    q = np.array([0.6, 0.8, 0.0])
    passages = np.array([[0.8, 0.6, 0.0], [0.0, 0.6, 0.8], [3.0, 4.0, 0.0]])
    print(retrieve(q, passages, 2))                                  # (array([2, 0]), array([1.  , 0.96]))
    print(answer_ranks(q[None, :], passages, np.array([1])))         # [3]
    ranks = np.array([1, 2, 1, 5, 1])
    print(hit_at_k(ranks, 1), hit_at_k(ranks, 3), mean_reciprocal_rank(ranks))   # 0.6 0.8 0.74

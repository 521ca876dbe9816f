"""Pairwise cosine similarity and nearest neighbours by cosine — reference solution.

Every row of `a` is compared with every row of `b` in one matrix product of unit-length rows;
ranking keys by that similarity is how an embedding search (retrieval) finds its neighbours.
"""

import numpy as np


def pairwise_cosine(a: np.ndarray, b: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """a (N, d), b (M, d) → (N, M): entry [i, j] is cos(a[i], b[j]); a zero row gives 0, not nan."""
    a_unit = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), eps)   # (N, d) / (N, 1): each row's own length
    b_unit = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), eps)   # (M, d) / (M, 1)
    return a_unit @ b_unit.T                                                 # (N, d) @ (d, M) → (N, M)


def top_k_neighbours(queries: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """queries (N, d), keys (M, d) → (N, k) int: each query's k most similar keys, most similar first."""
    similarity = pairwise_cosine(queries, keys)
    order = np.argsort(-similarity, axis=1, kind="stable")   # descending along each query's row; ties keep key order
    return order[:, :k]

import numpy as np


def pairwise_cosine(a: np.ndarray, b: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    """a (N, d), b (M, d) → (N, M): entry [i, j] is cos(a[i], b[j]); a zero row gives 0, not nan."""
    # TODO: about 3 lines — normalise the rows of a and of b, then one matrix product
    raise NotImplementedError


def top_k_neighbours(queries: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """queries (N, d), keys (M, d) → (N, k) int: each query's k most similar keys, most similar first."""
    # TODO: about 2 lines — use pairwise_cosine, then sort each row
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python cosine_similarity.py
    a = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]])
    b = np.array([[1.0, 1.0], [3.0, 0.0]])
    print(pairwise_cosine(a, b))           # [[0.7071 1.] [0.7071 0.] [0. 0.]]  shape (3, 2)
    print(top_k_neighbours(a[:2], b, 1))   # [[1] [0]]

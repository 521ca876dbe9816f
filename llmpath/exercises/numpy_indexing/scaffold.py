import numpy as np


def last_token_logits(logits: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """logits (B, T, V), lengths (B,) → (B, V): each sequence's logits at its own last real position."""
    # TODO: one line of integer-array indexing
    raise NotImplementedError


def masked_mean(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """x (B, T, D), mask (B, T) bool (True = real token) → (B, D): the mean over each row's real tokens."""
    # TODO: about 3 lines
    raise NotImplementedError


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """x (N, M) of non-negative counts → each row divided by its own sum (rows sum to 1)."""
    # TODO: one line
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python numpy_indexing.py
    logits = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    print(last_token_logits(logits, np.array([2, 3])))        # [[ 2.  3.] [10. 11.]]
    x = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    mask = np.array([[True, True, False], [True, False, False]])
    print(masked_mean(x, mask))                               # [[1. 2.] [6. 7.]]
    print(normalize_rows(np.array([[1.0, 3.0], [2.0, 2.0]])))  # [[0.25 0.75] [0.5 0.5]]

"""Numerically stable softmax — reference solution.

softmax(x) = softmax(x - c) for any constant c, so subtracting each slice's maximum
changes nothing mathematically but keeps every exponent ≤ 0: exp never overflows,
and the largest term is exp(0) = 1, so the sum is never 0.
"""

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probabilities along ``axis``; same shape as ``x``."""
    shifted = x - np.max(x, axis=axis, keepdims=True)  # keepdims: (B, T) - (B, 1) broadcasts per row
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


if __name__ == "__main__":
    print(softmax(np.array([1.0, 2.0, 3.0])))
    print(softmax(np.array([1000.0, 1001.0, 1002.0])))

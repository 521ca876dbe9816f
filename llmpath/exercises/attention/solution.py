"""Scaled dot-product attention — reference solution (Vaswani et al., 2017).

Dividing by √d_k keeps the scores' variance near 1 whatever the head size, so the
softmax does not saturate. Masked scores become -inf: exp(-inf) = 0.
"""

import numpy as np


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask=None):
    """Returns (output (..., T_q, d_v), weights (..., T_q, T_k))."""
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)          # (..., T_q, T_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    scores = scores - np.max(scores, axis=-1, keepdims=True)     # stable softmax over the keys
    weights = np.exp(scores)
    weights = weights / np.sum(weights, axis=-1, keepdims=True)
    return weights @ v, weights                                  # (..., T_q, d_v), (..., T_q, T_k)


if __name__ == "__main__":
    q = np.array([[1.0, 0.0]])
    k = np.array([[1.0, 0.0], [0.0, 1.0]])
    v = np.array([[10.0], [20.0]])
    out, w = attention(q, k, v)
    print(w)
    print(out)

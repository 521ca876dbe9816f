"""Top-k and top-p filtering — reference solution (the logits warpers of GPT-2 style sampling).

Top-p keeps a token when the probability mass of the tokens ranked above it is still
below p: the first token always stays, and so does the one that crosses p.
"""

import numpy as np


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits of each row; the rest become -inf."""
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., -k, None]             # (..., 1) the k-th largest value
    return np.where(logits < kth, -np.inf, logits)


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most likely tokens with total probability >= p; the rest become -inf."""
    probs = _softmax(logits)
    order = np.argsort(-logits, axis=-1, kind="stable")       # most likely first
    sorted_probs = np.take_along_axis(probs, order, axis=-1)
    mass_before = np.cumsum(sorted_probs, axis=-1) - sorted_probs
    keep_sorted = mass_before < p                             # the crossing token is kept
    keep = np.empty_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)      # back to vocabulary order
    return np.where(keep, logits, -np.inf)


if __name__ == "__main__":
    logits = np.array([1.0, 3.0, 0.0, 2.0])
    print(top_k_filter(logits, 2))
    print(top_p_filter(logits, 0.7))

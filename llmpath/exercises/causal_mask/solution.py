"""Causal attention mask — reference solution.

The lower triangle (diagonal included) is what a position may see. np.tril keeps the
part on and below the diagonal; np.where puts -inf everywhere else.
"""

import numpy as np


def causal_mask(t: int) -> np.ndarray:
    """(t, t) booleans: True where position i may attend to position j (j <= i)."""
    return np.tril(np.ones((t, t), dtype=bool))


def mask_scores(scores: np.ndarray) -> np.ndarray:
    """`scores` (..., T, T) with -inf above the diagonal."""
    t = scores.shape[-1]
    return np.where(causal_mask(t), scores, -np.inf)   # the (T, T) mask broadcasts over leading axes


if __name__ == "__main__":
    print(causal_mask(3))
    print(mask_scores(np.ones((3, 3))))

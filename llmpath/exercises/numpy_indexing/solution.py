"""NumPy indexing, boolean masks and keepdims on a padded batch — reference solution.

A batch of sequences of different lengths is stored padded to one length T; `lengths[b]` says
how many of row b's positions are real. Three everyday operations on such a batch, each one
line of indexing, none of them changing its inputs.
"""

import numpy as np


def last_token_logits(logits: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """logits (B, T, V), lengths (B,) → (B, V): each sequence's logits at its own last real position."""
    rows = np.arange(logits.shape[0])            # (B,) paired element-wise with lengths - 1 (B,)
    return logits[rows, lengths - 1]             # integer-array indexing: a copy, shape (B, V)


def masked_mean(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """x (B, T, D), mask (B, T) bool (True = real token) → (B, D): the mean over each row's real tokens."""
    weights = mask[..., None]                                 # (B, T, 1): broadcasts over D
    total = np.where(weights, x, 0.0).sum(axis=1)             # (B, D); padding contributes 0
    return total / mask.sum(axis=1, keepdims=True)            # (B, D) / (B, 1), never (B, D) / (B,)


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """x (N, M) of non-negative counts → each row divided by its own sum (rows sum to 1)."""
    return x / x.sum(axis=1, keepdims=True)                   # (N, M) / (N, 1); a new array, x untouched

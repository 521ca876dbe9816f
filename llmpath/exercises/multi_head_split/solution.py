"""Split and merge attention heads — reference solution (as in nanoGPT's CausalSelfAttention).

Reshaping (B, T, C) to (B, T, H, d) only relabels memory: channel c becomes head
c // d, position c % d. Swapping axes 1 and 2 then puts the heads in front of time.
"""

import numpy as np


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """(B, T, C) -> (B, H, T, C // H)."""
    B, T, C = x.shape
    return x.reshape(B, T, n_heads, C // n_heads).transpose(0, 2, 1, 3)   # (B, H, T, d)


def merge_heads(x: np.ndarray) -> np.ndarray:
    """(B, H, T, d) -> (B, T, H * d)."""
    B, H, T, d = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * d)                   # (B, T, C)


if __name__ == "__main__":
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    heads = split_heads(x, 2)
    print(heads.shape)
    print(heads[0, 1])
    print((merge_heads(heads) == x).all())

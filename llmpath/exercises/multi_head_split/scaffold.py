import numpy as np


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """(B, T, C) -> (B, H, T, C // H)."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


def merge_heads(x: np.ndarray) -> np.ndarray:
    """(B, H, T, d) -> (B, T, H * d)."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python multi_head_split.py
    x = np.arange(2 * 3 * 4).reshape(2, 3, 4)    # B=2, T=3, C=4
    heads = split_heads(x, 2)
    print(heads.shape)                            # (2, 2, 3, 2)
    print(heads[0, 1])                            # head 1 of batch 0: [[2 3] [6 7] [10 11]]
    print((merge_heads(heads) == x).all())        # True

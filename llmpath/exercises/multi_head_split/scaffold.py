"""Split and merge attention heads · 拆分与合并注意力头

Task
----
Multi-head attention runs H heads side by side on slices of the channels.

1. `split_heads(x, n_heads)`: x is (B, T, C) with C divisible by H = n_heads.
   Return (B, H, T, d) with d = C // H, where head h gets the contiguous block
   of channels h*d … (h+1)*d - 1 of every time step.
2. `merge_heads(x)`: the inverse, (B, H, T, d) -> (B, T, H*d), so that
   merge_heads(split_heads(x, H)) gives x back.

A reshape alone cannot move the T axis past the H axis: you will also need a
transpose. Use numpy only.

任务
----
多头注意力让 H 个头并排工作,每个头处理一部分通道。

1. `split_heads(x, n_heads)`:x 的形状为 (B, T, C),C 能被 H = n_heads 整除。
   返回 (B, H, T, d),其中 d = C // H,第 h 个头取每个时间步中连续的通道
   h*d … (h+1)*d - 1。
2. `merge_heads(x)`:逆操作,(B, H, T, d) -> (B, T, H*d),使得
   merge_heads(split_heads(x, H)) 还原出 x。

只用 reshape 无法把 T 轴移到 H 轴后面:你还需要一次转置。只用 numpy。

Check it · 检查:  llmpath exercise check multi-head-split
"""

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

"""Sinusoidal positional encoding · 正弦位置编码

Task
----
Write `positional_encoding(seq_len, d_model)`, the fixed encoding of
"Attention Is All You Need": a (seq_len, d_model) array whose row `pos` encodes
position pos (0, 1, 2, …). For each i in 0 … d_model/2 - 1:

    PE[pos, 2i]   = sin(pos / 10000 ** (2i / d_model))
    PE[pos, 2i+1] = cos(pos / 10000 ** (2i / d_model))

Even columns hold sines, odd columns cosines, interleaved. `d_model` is even.
Use numpy only.

任务
----
实现 `positional_encoding(seq_len, d_model)`,即《Attention Is All You Need》中的
固定位置编码:形状为 (seq_len, d_model) 的数组,第 `pos` 行编码位置 pos
(0, 1, 2, …)。对每个 i = 0 … d_model/2 - 1:

    PE[pos, 2i]   = sin(pos / 10000 ** (2i / d_model))
    PE[pos, 2i+1] = cos(pos / 10000 ** (2i / d_model))

偶数列放正弦,奇数列放余弦,交错排列。`d_model` 是偶数。只用 numpy。

Check it · 检查:  llmpath exercise check positional-encoding
"""

import numpy as np


def positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    """(seq_len, d_model) sinusoidal encoding."""
    # TODO: your code here (about 5 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python positional_encoding.py
    pe = positional_encoding(4, 6)
    print(pe.shape)   # (4, 6)
    print(pe[0])      # position 0: [0. 1. 0. 1. 0. 1.]

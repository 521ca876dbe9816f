"""Sinusoidal positional encoding — reference solution (Vaswani et al., 2017).

Column pair (2i, 2i+1) is a rotating point with wavelength 2π · 10000^(2i/d): fast in
the first columns, slow in the last. PE[pos + k] is a fixed rotation of PE[pos], which
lets attention pick up relative positions.
"""

import numpy as np


def positional_encoding(seq_len: int, d_model: int) -> np.ndarray:
    """(seq_len, d_model) sinusoidal encoding."""
    pos = np.arange(seq_len)[:, None]                       # (T, 1)
    two_i = np.arange(0, d_model, 2)[None, :]               # (1, d/2): 0, 2, 4, …
    angle = pos / 10000 ** (two_i / d_model)                # (T, d/2)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle)
    return pe


if __name__ == "__main__":
    pe = positional_encoding(4, 6)
    print(pe.shape)
    print(pe[0])

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

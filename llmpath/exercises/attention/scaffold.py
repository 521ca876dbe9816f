import numpy as np


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask=None):
    """Returns (output (..., T_q, d_v), weights (..., T_q, T_k))."""
    # TODO: your code here (about 7 lines; np.swapaxes(k, -1, -2) transposes the last two axes)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python attention.py
    q = np.array([[1.0, 0.0]])                 # one query
    k = np.array([[1.0, 0.0], [0.0, 1.0]])     # two keys
    v = np.array([[10.0], [20.0]])
    out, w = attention(q, k, v)
    print(w)     # about [[0.67 0.33]]: the first key matches the query better
    print(out)   # about [[13.3]]

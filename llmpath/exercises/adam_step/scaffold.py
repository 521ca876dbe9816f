import numpy as np


def adam_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """One Adam update; returns (param, m, v)."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python adam_step.py
    p, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    p, m, v = adam_step(p, np.array([0.5, -4.0]), m, v, t=1, lr=0.1)
    print(p)   # the first step moves every entry by about lr: [0.9 -1.9]

"""One Adam update — reference solution.

m and v start at 0, so early on they are biased towards 0; dividing by (1 - β^t)
undoes that. The update m̂ / (√v̂ + ε) is about ±1 per coordinate, so every
parameter moves by roughly lr whatever the scale of its gradient.
"""

import numpy as np


def adam_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """One Adam update; returns (param, m, v)."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    param = param - lr * m_hat / (np.sqrt(v_hat) + eps)
    return param, m, v


if __name__ == "__main__":
    p, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    p, m, v = adam_step(p, np.array([0.5, -4.0]), m, v, t=1, lr=0.1)
    print(p)

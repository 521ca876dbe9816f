import numpy as np


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Normalize over the last axis, then scale by gamma and shift by beta."""
    # TODO: your code here (about 3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python layernorm.py
    x = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 10.0, 10.0]])
    print(layer_norm(x, np.ones(4), np.zeros(4)))   # row 0: about [-1.34 -0.45 0.45 1.34]; row 1: zeros

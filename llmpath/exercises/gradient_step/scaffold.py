import numpy as np


def mse_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dw for L(w) = mean((X @ w - y) ** 2); shape (D,)."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


def gradient_step(w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    """The weights after one gradient-descent step; shape (D,)."""
    # TODO: your code here (1 line)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gradient_step.py
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])          # the best w is [2.0]
    w = np.array([0.0])
    for _ in range(5):
        w = gradient_step(w, X, y, lr=0.1)
        print(w)                            # creeps towards [2.0]

"""One gradient-descent step — reference solution.

L(w) = (1/N) Σ (x_i·w - y_i)²  ⇒  ∂L/∂w = (2/N) Σ (x_i·w - y_i) x_i = (2/N) Xᵀ (Xw - y).
A step moves against the gradient: w ← w - lr · ∇L(w).
"""

import numpy as np


def mse_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dw for L(w) = mean((X @ w - y) ** 2); shape (D,)."""
    residual = X @ w - y                      # (N,)
    return 2.0 * X.T @ residual / len(y)      # (D,)


def gradient_step(w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    """The weights after one gradient-descent step; shape (D,)."""
    return w - lr * mse_gradient(w, X, y)


if __name__ == "__main__":
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    w = np.array([0.0])
    for _ in range(5):
        w = gradient_step(w, X, y, lr=0.1)
        print(w)

"""Logistic-regression gradient — reference solution.

With p = σ(z), dℓ/dz = p - y for the cross-entropy ℓ: the σ'(z) = p(1 - p) from the
chain rule cancels against the 1/p and 1/(1 - p) of the log. So ∇w = Xᵀ(p - y)/N and
∂b = mean(p - y). The loss per example is softplus(z) - y·z, computed with logaddexp.
"""

import numpy as np


def logistic_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray):
    """Returns (loss, grad_w, grad_b) of the mean binary cross-entropy."""
    z = X @ w + b                                   # (N,)
    loss = float(np.mean(np.logaddexp(0.0, z) - y * z))
    p = np.exp(-np.logaddexp(0.0, -z))              # sigmoid(z) without overflow
    err = p - y                                     # (N,) dloss_i/dz_i
    return loss, X.T @ err / len(y), float(np.mean(err))


if __name__ == "__main__":
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    y = np.array([1.0, 0.0, 0.0])
    loss, gw, gb = logistic_loss_and_grad(np.zeros(2), 0.0, X, y)
    print(loss)
    print(gw, gb)

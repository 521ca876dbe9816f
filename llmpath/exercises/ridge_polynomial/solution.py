"""Polynomial ridge regression, train/validation error and early stopping — reference solution.

Features [1, x, x², …, x^degree]: column 0 is the bias. Ridge minimises ‖y − Xw‖² + λ Σ_{j≥1} wⱼ²; setting
the gradient to zero gives (XᵀX + λD) w = Xᵀy with D = diag(0, 1, …, 1): the bias is not penalised (a
penalty on it would pull the fit toward 0 instead of toward the mean of y). np.linalg.solve solves that
system without forming an inverse. Early stopping keeps the epoch with the lowest validation loss and
stops once `patience` epochs in a row have not beaten it.
"""

import numpy as np


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """x (n,) → (n, degree + 1): column j is x**j, from x⁰ = 1 (the bias) up to x**degree."""
    return np.asarray(x, dtype=float)[:, None] ** np.arange(degree + 1)[None, :]


def ridge_fit(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """X (n, d) whose column 0 is all ones, y (n,) → w (d,) minimising ‖y − Xw‖² + lam · Σ_{j≥1} wⱼ²."""
    penalty = lam * np.eye(X.shape[1])
    penalty[0, 0] = 0.0                                  # the bias column is not penalised
    return np.linalg.solve(X.T @ X + penalty, X.T @ y)  # (d, d) system; no explicit inverse


def train_val_mse(x_train: np.ndarray, y_train: np.ndarray, x_val: np.ndarray, y_val: np.ndarray,
                  degree: int, lam: float) -> tuple[float, float]:
    """Fit on the training points only; return (training MSE, validation MSE) of that one fit."""
    w = ridge_fit(poly_features(x_train, degree), y_train, lam)

    def mse(x, y):
        return float(np.mean((poly_features(x, degree) @ w - y) ** 2))

    return mse(x_train, y_train), mse(x_val, y_val)


def early_stopping(val_losses: np.ndarray, patience: int) -> tuple[int, int]:
    """→ (best_epoch, stop_epoch), epochs counted from 1: stop after `patience` epochs in a row without a new
    lowest loss (strictly lower); stop_epoch is the last epoch when that never happens."""
    best_epoch, best, waited = 1, float(val_losses[0]), 0
    for epoch, loss in enumerate(val_losses[1:], start=2):
        if loss < best:                                  # a new best: remember it and start waiting again
            best_epoch, best, waited = epoch, float(loss), 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)


if __name__ == "__main__":
    print(poly_features(np.array([0.0, 1.0, 2.0, 3.0]), 2))            # [[1 0 0] [1 1 1] [1 2 4] [1 3 9]]
    X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 1.0]])
    print(ridge_fit(X, np.array([1.0, 3.0, 5.0]), 2.0))              # [3. 1.]
    print(train_val_mse(np.array([0.0, 1, 2]), np.array([1.0, 3, 5]), np.array([3.0, 4]), np.array([7.0, 10]), 1, 0.0))
    print(early_stopping(np.array([0.90, 0.72, 0.65, 0.61, 0.63, 0.60, 0.62, 0.64, 0.66]), 3))   # (6, 9)

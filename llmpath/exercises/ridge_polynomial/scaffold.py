import numpy as np


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """x (n,) → (n, degree + 1): column j is x**j, from x⁰ = 1 (the bias) up to x**degree."""
    # TODO: one line of broadcasting
    raise NotImplementedError


def ridge_fit(X: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    """X (n, d) whose column 0 is all ones, y (n,) → w (d,) minimising ‖y − Xw‖² + lam · Σ_{j≥1} wⱼ²."""
    # TODO: build D, then solve (XᵀX + lam·D) w = Xᵀy (about 3 lines)
    raise NotImplementedError


def train_val_mse(x_train: np.ndarray, y_train: np.ndarray, x_val: np.ndarray, y_val: np.ndarray,
                  degree: int, lam: float) -> tuple[float, float]:
    """Fit on the training points only; return (training MSE, validation MSE) of that one fit."""
    # TODO: about 4 lines, with poly_features and ridge_fit
    raise NotImplementedError


def early_stopping(val_losses: np.ndarray, patience: int) -> tuple[int, int]:
    """→ (best_epoch, stop_epoch), epochs counted from 1; stop after `patience` epochs in a row without a strictly lower loss."""
    # TODO: one loop with a counter (about 9 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python ridge_polynomial.py
    print(poly_features(np.array([0.0, 1.0, 2.0, 3.0]), 2))            # [[1 0 0] [1 1 1] [1 2 4] [1 3 9]]
    X = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 1.0]])
    print(ridge_fit(X, np.array([1.0, 3.0, 5.0]), 2.0))              # [3. 1.]
    rng = np.random.default_rng(3)
    x_tr, x_va = rng.uniform(-1, 1, 30), rng.uniform(-1, 1, 30)
    y_tr, y_va = np.sin(np.pi * x_tr) + rng.normal(0, 0.25, 30), np.sin(np.pi * x_va) + rng.normal(0, 0.25, 30)
    for degree, lam in ((1, 0.0), (3, 0.0), (15, 0.0), (15, 0.01)):
        print(degree, lam, train_val_mse(x_tr, y_tr, x_va, y_va, degree, lam))
    # 1 0.0 (0.276, 0.256)    underfit · 欠拟合
    # 3 0.0 (0.075, 0.102)    a good fit · 合适
    # 15 0.0 (0.026, 0.552)   overfit · 过拟合
    # 15 0.01 (0.058, 0.079)  ridge pulls it back · 岭回归把它拉了回来
    print(early_stopping(np.array([0.90, 0.72, 0.65, 0.61, 0.63, 0.60, 0.62, 0.64, 0.66]), 3))   # (6, 9)

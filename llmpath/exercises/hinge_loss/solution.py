"""A linear SVM's street, its soft-margin objective and subgradient — reference solution.

With f(x) = w·x + b, a point's margin is mᵢ = yᵢ f(xᵢ) (labels ±1). The street's edges are f = ±1, so its
width is 2/‖w‖ and a point lies f(x)/‖w‖ from the boundary (signed: positive on the +1 side). The soft-margin
objective ½‖w‖² + C Σ max(0, 1 − mᵢ) is convex but has a kink at mᵢ = 1; this contract takes the
subgradient that counts only the points strictly inside the street or misclassified (mᵢ < 1), the
choice torch's relu makes at 0. b is not regularised: it appears in the hinge terms only.
"""

import numpy as np


def street(w: np.ndarray, b: float, X: np.ndarray) -> tuple[float, np.ndarray]:
    """→ (width, distances): the street's width 2/‖w‖ and each point's signed distance (w·x + b)/‖w‖."""
    norm = float(np.linalg.norm(w))                   # ‖w‖, not ‖w‖²
    return 2.0 / norm, (X @ w + b) / norm


def hinge_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, C: float):
    """→ (objective, grad_w, grad_b) of ½‖w‖² + C · Σᵢ max(0, 1 − yᵢ(w·xᵢ + b)), labels y in {−1, +1}."""
    m = y * (X @ w + b)                              # (n,) margins; y makes a misclassified point's margin negative
    objective = 0.5 * float(w @ w) + C * float(np.sum(np.maximum(0.0, 1.0 - m)))
    violating = m < 1                                 # on the edge (m == 1) the hinge is flat: not counted
    grad_w = w - C * (y[violating] @ X[violating])    # d/dw of ½‖w‖² is w; of each active hinge −yᵢxᵢ
    grad_b = -C * float(np.sum(y[violating]))         # b is not in the regulariser
    return objective, grad_w, grad_b


def on_or_inside_street(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Boolean mask of the points with yᵢ(w·xᵢ + b) <= 1: on an edge, inside the street, or on the wrong side."""
    return y * (X @ w + b) <= 1


if __name__ == "__main__":
    print(street(np.array([3.0, 4.0]), -5.0, np.array([[3.0, 1.0]])))     # (0.4, [1.6])
    X = np.array([[2.0, 0.0], [1.0, 0.0], [0.5, 0.0], [1.0, 2.0], [-1.0, 0.0]])
    y = np.array([1, 1, 1, -1, 1])
    print(hinge_loss_and_grad(np.array([1.0, -1.0]), 0.0, X, y, 1.0))      # (3.5, [1.5, -1.0], -2.0)
    print(on_or_inside_street(np.array([1.0, -1.0]), 0.0, X, y))           # [False True True True True]

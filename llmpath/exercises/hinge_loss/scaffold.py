import numpy as np


def street(w: np.ndarray, b: float, X: np.ndarray) -> tuple[float, np.ndarray]:
    """→ (width, distances): the street's width 2/‖w‖ and each point's signed distance (w·x + b)/‖w‖."""
    # TODO: about 2 lines
    raise NotImplementedError


def hinge_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, C: float):
    """→ (objective, grad_w, grad_b) of ½‖w‖² + C · Σᵢ max(0, 1 − yᵢ(w·xᵢ + b)), labels y in {−1, +1}."""
    # TODO: the margins, the objective, then the subgradient over the points with margin < 1 (about 6 lines)
    raise NotImplementedError


def on_or_inside_street(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Boolean mask of the points with yᵢ(w·xᵢ + b) <= 1: on an edge, inside the street, or on the wrong side."""
    # TODO: one line
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python hinge_loss.py
    print(street(np.array([3.0, 4.0]), -5.0, np.array([[3.0, 1.0]])))     # (0.4, [1.6])
    X = np.array([[2.0, 0.0], [1.0, 0.0], [0.5, 0.0], [1.0, 2.0], [-1.0, 0.0]])
    y = np.array([1, 1, 1, -1, 1])
    print(hinge_loss_and_grad(np.array([1.0, -1.0]), 0.0, X, y, 1.0))      # (3.5, [1.5, -1.0], -2.0)
    print(on_or_inside_street(np.array([1.0, -1.0]), 0.0, X, y))           # [False True True True True]

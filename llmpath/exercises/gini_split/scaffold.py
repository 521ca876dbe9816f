import numpy as np


def gini(labels: np.ndarray) -> float:
    """1 − Σₖ pₖ² of the class shares pₖ in `labels` (any integer class ids); 0 for a pure node."""
    # TODO: about 3 lines
    raise NotImplementedError


def impurity_decrease(y: np.ndarray, goes_left: np.ndarray) -> float:
    """gini(y) − (n_L/n · gini(left) + n_R/n · gini(right)); `goes_left` is a boolean mask, both sides non-empty."""
    # TODO: about 3 lines, using gini()
    raise NotImplementedError


def best_split(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """One feature x (n,), labels y (n,) → (threshold, decrease) of the best split `x <= threshold` (ties: smallest)."""
    # TODO: candidate midpoints, the decrease of each, the first best (about 5 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gini_split.py   (the unit's worked example · 单元中的例子)
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    print(gini(y))                                                              # 0.48
    left = np.array([True] * 5 + [False] + [True] + [False] * 3)                # [5 yes, 1 no] | [1 yes, 3 no]
    print(impurity_decrease(y, left))                                          # about 0.1633
    print(best_split(np.array([2.0, 7.0, 1.0, 8.0, 3.0]), np.array([0, 1, 0, 1, 0])))   # (5.0, 0.48)

"""Gini impurity and the best threshold on one feature — reference solution.

gini = 1 − Σₖ pₖ² over the classes present (pₖ = count / n). A split's impurity decrease is the
parent's Gini minus the children's Gini weighted by their share of the samples. The candidate
thresholds are the midpoints between consecutive *distinct* sorted values (any threshold between
two neighbours makes the same partition; the midpoint is the convention scikit-learn uses), with
`x <= threshold` going left. The largest decrease wins; on a tie (equal up to rounding) the
smallest threshold.
"""

import numpy as np

TIE = 1e-12   # decreases closer than this are the same up to rounding: the smaller threshold wins


def gini(labels: np.ndarray) -> float:
    """1 − Σₖ pₖ² of the class shares pₖ in `labels` (any integer class ids); 0 for a pure node."""
    _, counts = np.unique(labels, return_counts=True)
    shares = counts / len(labels)
    return float(1.0 - np.sum(shares ** 2))


def impurity_decrease(y: np.ndarray, goes_left: np.ndarray) -> float:
    """gini(y) − (n_L/n · gini(left) + n_R/n · gini(right)); `goes_left` is a boolean mask, both sides non-empty."""
    left, right = y[goes_left], y[~goes_left]
    weighted = (len(left) * gini(left) + len(right) * gini(right)) / len(y)   # each child weighted by its size
    return gini(y) - weighted


def best_split(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """One feature x (n,), labels y (n,) → (threshold, decrease) of the best split `x <= threshold`."""
    values = np.unique(x)                                   # sorted, distinct
    thresholds = (values[:-1] + values[1:]) / 2             # midpoints between neighbours
    decreases = np.array([impurity_decrease(y, x <= t) for t in thresholds])
    best = int(np.flatnonzero(decreases >= decreases.max() - TIE)[0])   # the first (smallest) of the best
    return float(thresholds[best]), float(decreases[best])


if __name__ == "__main__":
    y = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    print(gini(y))                                                              # 0.48
    left = np.array([True] * 5 + [False] + [True] + [False] * 3)                # [5 yes, 1 no] | [1 yes, 3 no]
    print(impurity_decrease(y, left))                                          # 0.1633…
    print(best_split(np.array([2.0, 7.0, 1.0, 8.0, 3.0]), np.array([0, 1, 0, 1, 0])))   # (5.0, 0.48)

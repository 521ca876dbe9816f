"""K-fold split indices — reference solution (scikit-learn's KFold without shuffling).

Fold sizes are n // k, plus one for the first n % k folds, so the sizes add up to n
and differ by at most one.
"""

import numpy as np


def kfold_indices(n: int, k: int) -> list:
    """A list of k (train_idx, test_idx) pairs of integer arrays."""
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1                       # the first n % k folds take one extra sample
    indices = np.arange(n)
    folds = []
    start = 0
    for size in sizes:
        test = indices[start:start + size]
        train = np.concatenate([indices[:start], indices[start + size:]])
        folds.append((train, test))
        start += size
    return folds


if __name__ == "__main__":
    for train, test in kfold_indices(10, 3):
        print("train", train, "test", test)

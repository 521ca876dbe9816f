import numpy as np


def kfold_indices(n: int, k: int) -> list:
    """A list of k (train_idx, test_idx) pairs of integer arrays."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python kfold_indices.py
    for train, test in kfold_indices(10, 3):
        print("train", train, "test", test)   # test folds [0 1 2 3], [4 5 6], [7 8 9]

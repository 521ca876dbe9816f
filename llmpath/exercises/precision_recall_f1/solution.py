"""Precision, recall and F1 — reference solution.

Count the confusion-matrix cells with boolean masks; guard every division so an
undefined ratio becomes 0.0 (scikit-learn's zero_division=0).
"""

import numpy as np


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else 0.0


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray):
    """Returns (precision, recall, f1) as floats."""
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return precision, recall, f1


if __name__ == "__main__":
    y_true = np.array([1, 0, 1, 1, 0, 1])
    y_pred = np.array([1, 0, 0, 1, 1, 1])
    print(precision_recall_f1(y_true, y_pred))

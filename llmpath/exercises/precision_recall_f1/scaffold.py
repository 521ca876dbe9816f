"""Precision, recall and F1 · 精确率、召回率与 F1

Task
----
Write `precision_recall_f1(y_true, y_pred)` for binary labels (1 = positive,
0 = negative), both integer arrays of the same length.

    precision = TP / (TP + FP)     of the predicted positives, how many are right
    recall    = TP / (TP + FN)     of the real positives, how many were found
    f1        = 2 * precision * recall / (precision + recall)

When a denominator is 0 (no predicted positives, no real positives, or
precision + recall = 0) that value is 0.0, as scikit-learn does with
`zero_division=0`. Return the tuple `(precision, recall, f1)` of floats.
Use numpy only.

任务
----
为二分类标签(1 = 正类,0 = 负类)实现 `precision_recall_f1(y_true, y_pred)`,
两个参数是等长的整数数组。

    precision = TP / (TP + FP)     预测为正的样本中,有多少是对的
    recall    = TP / (TP + FN)     真实为正的样本中,有多少被找出来了
    f1        = 2 * precision * recall / (precision + recall)

分母为 0 时(没有预测为正的样本、没有真实正样本、或 precision + recall = 0),
该值取 0.0,与 scikit-learn 的 `zero_division=0` 一致。返回浮点数元组
`(precision, recall, f1)`。只用 numpy。

Check it · 检查:  llmpath exercise check precision-recall-f1
"""

import numpy as np


def precision_recall_f1(y_true: np.ndarray, y_pred: np.ndarray):
    """Returns (precision, recall, f1) as floats."""
    # TODO: your code here (about 7 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python precision_recall_f1.py
    y_true = np.array([1, 0, 1, 1, 0, 1])
    y_pred = np.array([1, 0, 0, 1, 1, 1])
    print(precision_recall_f1(y_true, y_pred))   # (0.75, 0.75, 0.75)

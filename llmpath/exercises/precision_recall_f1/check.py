"""Checks for precision-recall-f1: a hand-made example, perfect and empty predictions, seeded random labels."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import precision_recall_f1 as reference



def _counts(y_true, y_pred):
    tp = float(np.sum((y_pred == 1) & (y_true == 1)))
    fp = float(np.sum((y_pred == 1) & (y_true == 0)))
    fn = float(np.sum((y_pred == 0) & (y_true == 1)))
    return tp, fp, fn


def _nan_division(y_true, y_pred):
    tp, fp, fn = _counts(y_true, y_pred)
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if p + r else float("nan")
    return p, r, f


def _swapped(y_true, y_pred):
    p, r, f = reference(y_true, y_pred)
    return r, p, f


def _arithmetic(y_true, y_pred):
    p, r, _ = reference(y_true, y_pred)
    return p, r, (p + r) / 2


def _accuracy(y_true, y_pred):
    _, r, _ = reference(y_true, y_pred)
    acc = float(np.mean(y_true == y_pred))
    f = 2 * acc * r / (acc + r) if acc + r else 0.0
    return acc, r, f


MISTAKES = (
    Mistake("swapped", _swapped),
    Mistake("arithmetic", _arithmetic),
    Mistake("accuracy", _accuracy),
    Mistake("nan_division", _nan_division),
)


def cases():
    rng = Rng(5)
    opts = {"mistakes": MISTAKES, "outputs": ("precision", "recall", "f1"), "rtol": 1e-9, "atol": 1e-12}
    yield make_case(("a small example", "一个小例子"), "precision_recall_f1", reference,
                    {"y_true": np.array([1, 0, 1, 1, 0, 1, 0, 0]), "y_pred": np.array([1, 1, 0, 1, 1, 1, 0, 0])}, **opts)
    yield make_case(("perfect predictions", "全部预测正确"), "precision_recall_f1", reference,
                    {"y_true": np.array([1, 0, 1, 0]), "y_pred": np.array([1, 0, 1, 0])}, **opts)
    yield make_case(("no predicted positives", "没有预测为正的样本"), "precision_recall_f1", reference,
                    {"y_true": np.array([1, 0, 1, 0, 0]), "y_pred": np.array([0, 0, 0, 0, 0])}, **opts)
    yield make_case(("no real positives", "没有真实正样本"), "precision_recall_f1", reference,
                    {"y_true": np.array([0, 0, 0, 0]), "y_pred": np.array([0, 1, 0, 0])}, **opts)
    yield make_case(("random labels (seed 5)", "随机标签（种子 5）"), "precision_recall_f1", reference,
                    {"y_true": rng.integers(0, 2, 60), "y_pred": rng.integers(0, 2, 60)}, **opts)
    yield make_case(("rare positives (seed 5)", "正样本很少（种子 5）"), "precision_recall_f1", reference,
                    {"y_true": (rng.gen.random(80) < 0.1).astype(int), "y_pred": (rng.gen.random(80) < 0.3).astype(int)}, **opts)

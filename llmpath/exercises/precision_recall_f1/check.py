"""Checks for precision-recall-f1: a hand-made example, perfect and empty predictions, seeded random labels."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.precision_recall_f1.solution import precision_recall_f1 as reference

FUNCTIONS = ("precision_recall_f1",)


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
    Mistake("precision and recall are swapped: precision = TP / (TP + FP) (predicted positives), recall = TP / (TP + FN) (real positives).",
            "精确率和召回率弄反了:precision = TP / (TP + FP)(预测为正),recall = TP / (TP + FN)(真实为正)。",
            _swapped),
    Mistake("F1 is the harmonic mean 2PR / (P + R), not the arithmetic mean (P + R) / 2.",
            "F1 是调和平均 2PR / (P + R),不是算术平均 (P + R) / 2。",
            _arithmetic),
    Mistake("that is accuracy (all correct / all), not precision: precision only looks at the predicted positives.",
            "这是准确率(全部正确数 / 总数),不是精确率:精确率只看预测为正的样本。",
            _accuracy),
    Mistake("0 / 0 gave nan: when a denominator is 0, return 0.0 (scikit-learn's zero_division=0).",
            "0 / 0 得到了 nan:分母为 0 时应返回 0.0(scikit-learn 的 zero_division=0)。",
            _nan_division),
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
    yield make_case(("random labels (seed 5)", "随机标签(种子 5)"), "precision_recall_f1", reference,
                    {"y_true": rng.integers(0, 2, 60), "y_pred": rng.integers(0, 2, 60)}, **opts)
    yield make_case(("rare positives (seed 5)", "正样本很少(种子 5)"), "precision_recall_f1", reference,
                    {"y_true": (rng.gen.random(80) < 0.1).astype(int), "y_pred": (rng.gen.random(80) < 0.3).astype(int)}, **opts)

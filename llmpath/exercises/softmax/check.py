"""Checks for softmax: fixed edge cases (huge logits, one element, empty rows, axis=0) and seeded random ones."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import softmax as reference



def _naive(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)


def _global_max(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)


def _no_keepdims(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis))
    return e / np.sum(e, axis=axis)


def _whole_array(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _other_axis(x, axis=-1):
    other = 0 if axis in (-1, x.ndim - 1) else -1
    return reference(x, other)


def _unnormalized(x, axis=-1):
    return np.exp(x - np.max(x, axis=axis, keepdims=True))


MISTAKES = (
    Mistake("naive", _naive),
    Mistake("global_max", _global_max),
    Mistake("no_keepdims", _no_keepdims),
    Mistake("whole_array", _whole_array),
    Mistake("other_axis", _other_axis),
    Mistake("unnormalized", _unnormalized),
)


def cases():
    rng = Rng(0)
    name = lambda en, zh: (en, zh)  # noqa: E731
    yield make_case(name("a small vector", "一个小向量"), "softmax", reference, {"x": np.array([1.0, 2.0, 3.0])}, mistakes=MISTAKES)
    yield make_case(name("rows of a matrix", "矩阵的每一行"), "softmax", reference,
                    {"x": np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [-2.0, 0.0, 5.0]])}, mistakes=MISTAKES)
    yield make_case(name("large logits", "很大的 logits"), "softmax", reference, {"x": np.array([1000.0, 1001.0, 1002.0])}, mistakes=MISTAKES)
    yield make_case(name("rows far apart", "相差很远的两行"), "softmax", reference,
                    {"x": np.array([[0.0, 1.0, 2.0], [1000.0, 1000.0, 999.0]])}, mistakes=MISTAKES)
    yield make_case(name("very negative logits", "非常负的 logits"), "softmax", reference, {"x": np.array([-1000.0, -1001.0, -999.0])}, mistakes=MISTAKES)
    yield make_case(name("a single element", "只有一个元素"), "softmax", reference, {"x": np.array([[3.5]])}, mistakes=MISTAKES)
    yield make_case(name("axis=0 (columns)", "axis=0（按列）"), "softmax", reference,
                    {"x": np.array([[1.0, 5.0], [2.0, 1.0], [3.0, -1.0]]), "axis": 0}, mistakes=MISTAKES)
    yield make_case(name("no rows (shape (0, 4))", "没有行（形状 (0, 4)）"), "softmax", reference, {"x": np.zeros((0, 4))}, mistakes=MISTAKES)
    yield make_case(name("random 3-D logits (seed 0)", "随机三维 logits（种子 0）"), "softmax", reference,
                    {"x": rng.normal(2, 3, 5, scale=4.0)}, mistakes=MISTAKES)

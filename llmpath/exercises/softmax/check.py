"""Checks for softmax: fixed edge cases (huge logits, one element, empty rows, axis=0) and seeded random ones."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.softmax.solution import softmax as reference

FUNCTIONS = ("softmax",)


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
    Mistake("exp overflowed: np.exp(1000) is inf and inf/inf is nan. Subtract the maximum along the axis before np.exp "
            "(softmax(x) = softmax(x - max)).",
            "exp 溢出了:np.exp(1000) 是 inf,inf/inf 得到 nan。在 np.exp 之前沿该轴减去最大值(softmax(x) = softmax(x - max))。",
            _naive),
    Mistake("you subtracted the maximum of the whole array; subtract each row's own maximum "
            "(np.max(x, axis=axis, keepdims=True)) or a row far below the others underflows to 0/0.",
            "你减去的是整个数组的最大值;应减去每一行自己的最大值(np.max(x, axis=axis, keepdims=True)),"
            "否则远小于其它行的那一行会下溢成 0/0。",
            _global_max),
    Mistake("np.max/np.sum without keepdims=True: a (3, 3) array minus a (3,) vector broadcasts along the wrong axis "
            "(column j gets row j's max).",
            "np.max/np.sum 没有 keepdims=True:(3, 3) 的数组减去 (3,) 的向量会沿错误的轴广播(第 j 列用了第 j 行的最大值)。",
            _no_keepdims),
    Mistake("you normalized over the whole array; each slice along `axis` must sum to 1 on its own.",
            "你对整个数组做了归一化;沿 `axis` 的每一组都应各自和为 1。",
            _whole_array),
    Mistake("you normalized along the wrong axis: use the `axis` argument (rows for the default axis=-1).",
            "归一化的轴不对:请使用参数 `axis`(默认 axis=-1 时按行)。",
            _other_axis),
    Mistake("the values are not divided by their sum: softmax outputs must sum to 1.",
            "没有除以总和:softmax 的输出之和必须为 1。",
            _unnormalized),
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
    yield make_case(name("axis=0 (columns)", "axis=0(按列)"), "softmax", reference,
                    {"x": np.array([[1.0, 5.0], [2.0, 1.0], [3.0, -1.0]]), "axis": 0}, mistakes=MISTAKES)
    yield make_case(name("no rows (shape (0, 4))", "没有行(形状 (0, 4))"), "softmax", reference, {"x": np.zeros((0, 4))}, mistakes=MISTAKES)
    yield make_case(name("random 3-D logits (seed 0)", "随机三维 logits(种子 0)"), "softmax", reference,
                    {"x": rng.normal(2, 3, 5, scale=4.0)}, mistakes=MISTAKES)

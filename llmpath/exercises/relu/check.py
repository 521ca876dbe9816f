"""Checks for relu: negatives, zero, positives, 2-D and empty arrays, seeded random values; the same for the derivative."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.relu.solution import relu as relu_ref
from llmpath.exercises.relu.solution import relu_grad as grad_ref

FUNCTIONS = ("relu", "relu_grad")

RELU_MISTAKES = (
    Mistake("that is abs(x): relu keeps positive values and sets negative ones to 0, max(x, 0).",
            "这是 abs(x):relu 保留正值、把负值置为 0,即 max(x, 0)。",
            lambda x: np.abs(x)),
    Mistake("relu returns the value max(x, 0), not a 0/1 mask (the mask is the derivative).",
            "relu 返回的是数值 max(x, 0),而不是 0/1 掩码(掩码是导数)。",
            lambda x: (x > 0).astype(float)),
    Mistake("negative inputs must become 0, not stay small: this looks like leaky ReLU.",
            "负的输入必须变成 0,而不是保留一个小值:这看起来像 leaky ReLU。",
            lambda x: np.where(x > 0, x, 0.01 * x)),
    Mistake("np.max(x, 0) is a reduction over axis 0, not an element-wise maximum: use np.maximum(x, 0).",
            "np.max(x, 0) 是沿轴 0 求最大值,不是逐元素取最大:请用 np.maximum(x, 0)。",
            lambda x: np.max(x, 0)),
)

GRAD_MISTAKES = (
    Mistake("relu_grad is the derivative (1 where x > 0, else 0), not relu(x) itself.",
            "relu_grad 是导数(x > 0 处为 1,否则为 0),而不是 relu(x) 本身。",
            relu_ref),
    Mistake("at exactly x = 0 the derivative is taken as 0 (as PyTorch does): use x > 0, not x >= 0.",
            "在 x = 0 处导数取 0(与 PyTorch 一致):请用 x > 0,而不是 x >= 0。",
            lambda x: (x >= 0).astype(float)),
    Mistake("the derivative is 1 for positive inputs and 0 for negative ones; yours is the other way round.",
            "正输入的导数是 1,负输入是 0;你的正好反了。",
            lambda x: (x <= 0).astype(float)),
)


def cases():
    rng = Rng(7)
    small = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    matrix = np.array([[-1.0, 3.0, 0.0], [2.5, -0.1, -7.0]])
    for func, ref, mistakes in (("relu", relu_ref, RELU_MISTAKES), ("relu_grad", grad_ref, GRAD_MISTAKES)):
        yield make_case(("negatives, zero and positives", "负数、零和正数"), func, ref, {"x": small.copy()}, mistakes=mistakes)
        yield make_case(("a 2-D array", "二维数组"), func, ref, {"x": matrix.copy()}, mistakes=mistakes)
        yield make_case(("an empty array", "空数组"), func, ref, {"x": np.zeros((0, 3))}, mistakes=mistakes)
        yield make_case(("random values (seed 7)", "随机数值(种子 7)"), func, ref, {"x": rng.normal(4, 6)}, mistakes=mistakes)

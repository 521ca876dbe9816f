"""Checks for relu: negatives, zero, positives, 2-D and empty arrays, seeded random values; the same for the derivative."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import relu as relu_ref
from .solution import relu_grad as grad_ref


RELU_MISTAKES = (
    Mistake("that_is_abs_x", lambda x: np.abs(x)),
    Mistake("relu_returns_the_value", lambda x: (x > 0).astype(float)),
    Mistake("negative_inputs_must_become", lambda x: np.where(x > 0, x, 0.01 * x)),
    Mistake("np_max_x_0", lambda x: np.max(x, 0)),
)

GRAD_MISTAKES = (
    Mistake("returned_relu", relu_ref),
    Mistake("at_exactly_x_0", lambda x: (x >= 0).astype(float)),
    Mistake("the_derivative_is_1", lambda x: (x <= 0).astype(float)),
)


def cases():
    rng = Rng(7)
    small = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    matrix = np.array([[-1.0, 3.0, 0.0], [2.5, -0.1, -7.0]])
    for func, ref, mistakes in (("relu", relu_ref, RELU_MISTAKES), ("relu_grad", grad_ref, GRAD_MISTAKES)):
        yield make_case(("negatives, zero and positives", "负数、零和正数"), func, ref, {"x": small.copy()}, mistakes=mistakes)
        yield make_case(("a 2-D array", "二维数组"), func, ref, {"x": matrix.copy()}, mistakes=mistakes)
        yield make_case(("an empty array", "空数组"), func, ref, {"x": np.zeros((0, 3))}, mistakes=mistakes)
        yield make_case(("random values (seed 7)", "随机数值（种子 7）"), func, ref, {"x": rng.normal(4, 6)}, mistakes=mistakes)

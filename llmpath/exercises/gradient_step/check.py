"""Checks for gradient-step: the MSE gradient on small, single-row, optimal and random data, then the step."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import gradient_step as step_ref
from .solution import mse_gradient as grad_ref


GRAD_MISTAKES = (
    Mistake("the_factor_2_is", lambda w, X, y: grad_ref(w, X, y) / 2),
    Mistake("you_summed_over_the", lambda w, X, y: grad_ref(w, X, y) * len(y)),
    Mistake("you_summed_without_the", lambda w, X, y: grad_ref(w, X, y) * len(y) / 2),
    Mistake("the_sign_is_flipped", lambda w, X, y: -grad_ref(w, X, y)),
)

STEP_MISTAKES = (
    Mistake("you_stepped_uphill_gradient", lambda w, X, y, lr: w + lr * grad_ref(w, X, y)),
    Mistake("the_learning_rate_is", lambda w, X, y, lr: w - grad_ref(w, X, y)),
    Mistake("you_returned_the_step", lambda w, X, y, lr: lr * grad_ref(w, X, y)),
)


def cases():
    rng = Rng(2)
    X1 = np.array([[1.0], [2.0], [3.0]])
    yield make_case(("one feature", "一个特征"), "mse_gradient", grad_ref,
                    {"w": np.array([0.5]), "X": X1, "y": np.array([2.0, 4.0, 6.0])}, mistakes=GRAD_MISTAKES)
    yield make_case(("a single example", "只有一个样本"), "mse_gradient", grad_ref,
                    {"w": np.array([1.0, -1.0]), "X": np.array([[2.0, 0.5]]), "y": np.array([3.0])}, mistakes=GRAD_MISTAKES)
    X = rng.normal(20, 3)
    w_true = np.array([1.5, -2.0, 0.5])
    yield make_case(("at the minimum: the gradient is 0", "在最小值处：梯度为 0"), "mse_gradient", grad_ref,
                    {"w": w_true, "X": X, "y": X @ w_true}, mistakes=GRAD_MISTAKES, atol=1e-9)
    yield make_case(("random data (seed 2)", "随机数据（种子 2）"), "mse_gradient", grad_ref,
                    {"w": rng.normal(3), "X": X, "y": X @ w_true + rng.normal(20, scale=0.3)}, mistakes=GRAD_MISTAKES)
    yield make_case(("one step, lr = 0.1", "一步，lr = 0.1"), "gradient_step", step_ref,
                    {"w": np.array([0.0]), "X": X1, "y": np.array([2.0, 4.0, 6.0]), "lr": 0.1}, mistakes=STEP_MISTAKES)
    yield make_case(("one step on random data (seed 2)", "随机数据上的一步（种子 2）"), "gradient_step", step_ref,
                    {"w": rng.normal(3), "X": X, "y": X @ w_true, "lr": 0.05}, mistakes=STEP_MISTAKES)

"""Checks for gradient-step: the MSE gradient on small, single-row, optimal and random data, then the step."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.gradient_step.solution import gradient_step as step_ref
from llmpath.exercises.gradient_step.solution import mse_gradient as grad_ref

FUNCTIONS = ("mse_gradient", "gradient_step")

GRAD_MISTAKES = (
    Mistake("the factor 2 is missing: d/dw (Xw - y)² = 2 (Xw - y) x.", "少了系数 2:d/dw (Xw - y)² = 2 (Xw - y) x。",
            lambda w, X, y: grad_ref(w, X, y) / 2),
    Mistake("you summed over the examples instead of averaging: divide by N (the loss is a mean).",
            "你对样本求和而不是求平均:请除以 N(损失是平均值)。",
            lambda w, X, y: grad_ref(w, X, y) * len(y)),
    Mistake("you summed without the factor 2 and the 1/N: gradient = 2/N · X.T @ (X @ w - y).",
            "你只求了和,漏了系数 2 和 1/N:梯度 = 2/N · X.T @ (X @ w - y)。",
            lambda w, X, y: grad_ref(w, X, y) * len(y) / 2),
    Mistake("the sign is flipped: the residual is X @ w - y (prediction minus target), not y - X @ w.",
            "符号反了:残差是 X @ w - y(预测减目标),而不是 y - X @ w。",
            lambda w, X, y: -grad_ref(w, X, y)),
)

STEP_MISTAKES = (
    Mistake("you stepped uphill: gradient descent subtracts, w - lr * gradient.", "你往上坡走了:梯度下降是减去,w - lr * gradient。",
            lambda w, X, y, lr: w + lr * grad_ref(w, X, y)),
    Mistake("the learning rate is missing: w - lr * gradient.", "漏了学习率:w - lr * gradient。",
            lambda w, X, y, lr: w - grad_ref(w, X, y)),
    Mistake("you returned the step (lr * gradient), not the new weights w - lr * gradient.",
            "你返回的是步长(lr * gradient),而不是新权重 w - lr * gradient。",
            lambda w, X, y, lr: lr * grad_ref(w, X, y)),
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
    yield make_case(("at the minimum: the gradient is 0", "在最小值处:梯度为 0"), "mse_gradient", grad_ref,
                    {"w": w_true, "X": X, "y": X @ w_true}, mistakes=GRAD_MISTAKES, atol=1e-9)
    yield make_case(("random data (seed 2)", "随机数据(种子 2)"), "mse_gradient", grad_ref,
                    {"w": rng.normal(3), "X": X, "y": X @ w_true + rng.normal(20, scale=0.3)}, mistakes=GRAD_MISTAKES)
    yield make_case(("one step, lr = 0.1", "一步,lr = 0.1"), "gradient_step", step_ref,
                    {"w": np.array([0.0]), "X": X1, "y": np.array([2.0, 4.0, 6.0]), "lr": 0.1}, mistakes=STEP_MISTAKES)
    yield make_case(("one step on random data (seed 2)", "随机数据上的一步(种子 2)"), "gradient_step", step_ref,
                    {"w": rng.normal(3), "X": X, "y": X @ w_true, "lr": 0.05}, mistakes=STEP_MISTAKES)

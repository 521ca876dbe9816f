"""Checks for logistic-gradient: zero weights, a single example, seeded random data, confidently wrong predictions."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.logistic_gradient.solution import logistic_loss_and_grad as reference

FUNCTIONS = ("logistic_loss_and_grad",)


def _variant(*, sign=1.0, mean=True, mean_b=True, naive_loss=False, mse_grad=False, loss_sign=1.0):
    def loss_and_grad(w, b, X, y):
        z = X @ w + b
        p = 1.0 / (1.0 + np.exp(-z))
        if naive_loss:
            per = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        else:
            per = np.logaddexp(0.0, z) - y * z
        loss = float(np.mean(per) if mean else np.sum(per)) * loss_sign
        err = (p - y) * (p * (1 - p) if mse_grad else 1.0) * sign
        n = len(y)
        gw = X.T @ err / (n if mean else 1)
        gb = float(np.mean(err) if mean_b and mean else np.sum(err))
        return loss, gw, gb
    return loss_and_grad


MISTAKES = (
    Mistake("the gradient's sign is flipped: dloss/dz = p - y (prediction minus label), not y - p.",
            "梯度的符号反了:dloss/dz = p - y(预测减标签),而不是 y - p。",
            _variant(sign=-1.0)),
    Mistake("you summed over the examples: the loss is a mean, so divide the loss and both gradients by N.",
            "你对样本求了和:损失是平均值,所以损失和两个梯度都要除以 N。",
            _variant(mean=False)),
    Mistake("grad_b is summed but grad_w is averaged: both get the 1/N of the mean, grad_b = mean(p - y).",
            "grad_b 用了求和而 grad_w 用了平均:两者都要带上平均的 1/N,grad_b = mean(p - y)。",
            _variant(mean_b=False)),
    Mistake("that is the gradient of a squared error through the sigmoid: for cross-entropy the p(1 - p) cancels, dloss/dz = p - y.",
            "这是平方误差经过 sigmoid 的梯度:对交叉熵来说 p(1 - p) 会约掉,dloss/dz = p - y。",
            _variant(mse_grad=True)),
    Mistake("log(1 - sigmoid(z)) hit log(0) = -inf for a confident wrong prediction: write the loss as "
            "np.logaddexp(0, z) - y * z, which never overflows.",
            "对于自信但错误的预测,log(1 - sigmoid(z)) 变成了 log(0) = -inf:把损失写成 np.logaddexp(0, z) - y * z,它不会溢出。",
            _variant(naive_loss=True)),
    Mistake("the loss has the wrong sign: it is -[y log p + (1 - y) log(1 - p)], never negative.",
            "损失的符号反了:应为 -[y log p + (1 - y) log(1 - p)],它不会是负数。",
            _variant(loss_sign=-1.0)),
)


def cases():
    rng = Rng(12)
    opts = {"mistakes": MISTAKES, "outputs": ("loss", "grad_w", "grad_b"), "rtol": 1e-7, "atol": 1e-10}
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    yield make_case(("zero weights: every p is 0.5", "权重为零:所有 p 都是 0.5"), "logistic_loss_and_grad", reference,
                    {"w": np.zeros(2), "b": 0.0, "X": X, "y": np.array([1.0, 0.0, 0.0])}, **opts)
    yield make_case(("a single example", "只有一个样本"), "logistic_loss_and_grad", reference,
                    {"w": np.array([0.5, -1.0, 2.0]), "b": 0.3, "X": np.array([[1.0, 0.5, -0.5]]), "y": np.array([1.0])}, **opts)
    Xr = rng.normal(30, 4)
    yr = (Xr @ np.array([1.0, -2.0, 0.5, 0.0]) + rng.normal(30) > 0).astype(float)
    yield make_case(("random data (seed 12)", "随机数据(种子 12)"), "logistic_loss_and_grad", reference,
                    {"w": rng.normal(4), "b": -0.2, "X": Xr, "y": yr}, **opts)
    yield make_case(("confidently wrong: z = ±50", "自信但错误:z = ±50"), "logistic_loss_and_grad", reference,
                    {"w": np.array([50.0]), "b": 0.0, "X": np.array([[1.0], [-1.0], [0.2]]), "y": np.array([0.0, 1.0, 1.0])}, **opts)

"""Checks for logistic-gradient: zero weights, a single example, seeded random data, confidently wrong predictions."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import logistic_loss_and_grad as reference



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
    Mistake("gradient_sign_flipped", _variant(sign=-1.0)),
    Mistake("no_mean", _variant(mean=False)),
    Mistake("no_mean_b", _variant(mean_b=False)),
    Mistake("mse_grad", _variant(mse_grad=True)),
    Mistake("naive_loss", _variant(naive_loss=True)),
    Mistake("loss_sign_flipped", _variant(loss_sign=-1.0)),
)


def cases():
    rng = Rng(12)
    opts = {"mistakes": MISTAKES, "outputs": ("loss", "grad_w", "grad_b"), "rtol": 1e-7, "atol": 1e-10}
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    yield make_case(("zero weights: every p is 0.5", "权重为零：所有 p 都是 0.5"), "logistic_loss_and_grad", reference,
                    {"w": np.zeros(2), "b": 0.0, "X": X, "y": np.array([1.0, 0.0, 0.0])}, **opts)
    yield make_case(("a single example", "只有一个样本"), "logistic_loss_and_grad", reference,
                    {"w": np.array([0.5, -1.0, 2.0]), "b": 0.3, "X": np.array([[1.0, 0.5, -0.5]]), "y": np.array([1.0])}, **opts)
    Xr = rng.normal(30, 4)
    yr = (Xr @ np.array([1.0, -2.0, 0.5, 0.0]) + rng.normal(30) > 0).astype(float)
    yield make_case(("random data (seed 12)", "随机数据（种子 12）"), "logistic_loss_and_grad", reference,
                    {"w": rng.normal(4), "b": -0.2, "X": Xr, "y": yr}, **opts)
    yield make_case(("confidently wrong: z = ±50", "自信但错误：z = ±50"), "logistic_loss_and_grad", reference,
                    {"w": np.array([50.0]), "b": 0.0, "X": np.array([[1.0], [-1.0], [0.2]]), "y": np.array([0.0, 1.0, 1.0])}, **opts)

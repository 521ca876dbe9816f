"""Checks for adam-step: the first step from zero moments, tiny and zero gradients, later steps, random shapes."""

import numpy as np

from .solution import adam_step as reference
from llmpath.exercises.checking import Mistake, Rng, make_case



def _variant(*, correct=True, t_shift=0, eps_inside=False, v_linear=False, swap=False, return_hat=False, ascent=False):
    def step(param, grad, m, v, t, lr, beta1, beta2, eps):
        b1, b2 = (beta2, beta1) if swap else (beta1, beta2)
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * (grad if v_linear else grad ** 2)
        tt = t + t_shift
        m_hat = m / (1 - beta1 ** tt) if correct else m
        v_hat = v / (1 - beta2 ** tt) if correct else v
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        new = param + lr * m_hat / denom if ascent else param - lr * m_hat / denom
        return (new, m_hat, v_hat) if return_hat else (new, m, v)
    return step


MISTAKES = (
    Mistake("no_bias_correction", _variant(correct=False)),
    Mistake("wrong_power", _variant(t_shift=1)),
    Mistake("wrong_power", _variant(t_shift=-1)),
    Mistake("eps_inside", _variant(eps_inside=True)),
    Mistake("v_linear", _variant(v_linear=True)),
    Mistake("betas_swapped", _variant(swap=True)),
    Mistake("return_hat", _variant(return_hat=True)),
    Mistake("ascent", _variant(ascent=True)),
)


def _args(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    return {"param": param, "grad": grad, "m": m, "v": v, "t": t, "lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}


def cases():
    rng = Rng(3)
    opts = {"mistakes": MISTAKES, "outputs": ("param", "m", "v"), "rtol": 1e-7, "atol": 1e-12}
    yield make_case(("first step from zero moments", "从零矩估计开始的第一步"), "adam_step", reference,
                    _args(np.array([1.0, -2.0, 3.0]), np.array([0.1, -0.5, 2.0]), np.zeros(3), np.zeros(3), 1, lr=0.1), **opts)
    yield make_case(("step 5 with earlier moments", "带有之前矩估计的第 5 步"), "adam_step", reference,
                    _args(np.array([0.5, -0.5]), np.array([0.2, 0.3]), np.array([0.05, -0.02]), np.array([0.004, 0.001]), 5, lr=0.01), **opts)
    yield make_case(("tiny gradients", "非常小的梯度"), "adam_step", reference,
                    _args(np.array([1.0, 2.0]), np.array([1e-6, -2e-6]), np.zeros(2), np.zeros(2), 1, lr=0.01), **opts)
    yield make_case(("zero gradient: momentum keeps going", "梯度为零：动量继续推动"), "adam_step", reference,
                    _args(np.array([0.0, 1.0]), np.zeros(2), np.array([0.1, -0.1]), np.array([0.01, 0.02]), 3, lr=0.1), **opts)
    yield make_case(("random 3×4 parameters, step 100 (seed 3)", "随机 3×4 参数，第 100 步（种子 3）"), "adam_step", reference,
                    _args(rng.normal(3, 4), rng.normal(3, 4), rng.normal(3, 4, scale=0.1), rng.normal(3, 4, scale=0.1) ** 2, 100,
                          lr=3e-4, beta1=0.8, beta2=0.99, eps=1e-6), **opts)

"""Checks for adam-step: the first step from zero moments, tiny and zero gradients, later steps, random shapes."""

import numpy as np

from llmpath.exercises.adam_step.solution import adam_step as reference
from llmpath.exercises.checking import Mistake, Rng, make_case

FUNCTIONS = ("adam_step",)


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
    Mistake("no bias correction: divide m by (1 - beta1**t) and v by (1 - beta2**t) before the update.",
            "没有偏差修正:更新前要把 m 除以 (1 - beta1**t)、v 除以 (1 - beta2**t)。",
            _variant(correct=False)),
    Mistake("the bias correction uses the wrong power: t is the step number starting at 1, use beta ** t (not t - 1 or t + 1).",
            "偏差修正的幂次不对:t 是从 1 开始的步数,应使用 beta ** t(不是 t - 1 或 t + 1)。",
            _variant(t_shift=1)),
    Mistake("the bias correction uses the wrong power: t is the step number starting at 1, use beta ** t (not t - 1 or t + 1).",
            "偏差修正的幂次不对:t 是从 1 开始的步数,应使用 beta ** t(不是 t - 1 或 t + 1)。",
            _variant(t_shift=-1)),
    Mistake("eps is inside the square root: Adam divides by sqrt(v_hat) + eps. It matters when gradients are tiny.",
            "eps 放在了平方根里面:Adam 除以的是 sqrt(v_hat) + eps。梯度很小时差别很大。",
            _variant(eps_inside=True)),
    Mistake("v must track the squared gradient: (1 - beta2) * grad ** 2, not grad.",
            "v 跟踪的是梯度的平方:(1 - beta2) * grad ** 2,而不是 grad。",
            _variant(v_linear=True)),
    Mistake("beta1 and beta2 are swapped: m uses beta1 (0.9), v uses beta2 (0.999).",
            "beta1 和 beta2 用反了:m 用 beta1(0.9),v 用 beta2(0.999)。",
            _variant(swap=True)),
    Mistake("return the raw moments m and v, not the bias-corrected m_hat and v_hat: the next step starts from the raw ones.",
            "应返回原始的 m 和 v,而不是修正后的 m_hat 和 v_hat:下一步要从原始值继续。",
            _variant(return_hat=True)),
    Mistake("you stepped uphill: param - lr * m_hat / (sqrt(v_hat) + eps).",
            "你往上坡走了:param - lr * m_hat / (sqrt(v_hat) + eps)。",
            _variant(ascent=True)),
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
    yield make_case(("zero gradient: momentum keeps going", "梯度为零:动量继续推动"), "adam_step", reference,
                    _args(np.array([0.0, 1.0]), np.zeros(2), np.array([0.1, -0.1]), np.array([0.01, 0.02]), 3, lr=0.1), **opts)
    yield make_case(("random 3×4 parameters, step 100 (seed 3)", "随机 3×4 参数,第 100 步(种子 3)"), "adam_step", reference,
                    _args(rng.normal(3, 4), rng.normal(3, 4), rng.normal(3, 4, scale=0.1), rng.normal(3, 4, scale=0.1) ** 2, 100,
                          lr=3e-4, beta1=0.8, beta2=0.99, eps=1e-6), **opts)

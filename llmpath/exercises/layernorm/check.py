"""Checks for layernorm: plain rows, learned scale and shift, a constant row, one row, 3-D input, a large offset."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import layer_norm as reference



def _variant(*, axis=-1, ddof=0, eps_outside=False, affine=True, swap=False, use_eps=True, sqrt=True):
    def norm(x, gamma, beta, eps=1e-5):
        mean = np.mean(x, axis=axis, keepdims=True)
        var = np.var(x, axis=axis, keepdims=True, ddof=ddof)
        e = eps if use_eps else 0.0
        if not sqrt:
            denom = var + e
        elif eps_outside:
            denom = np.sqrt(var) + e
        else:
            denom = np.sqrt(var + e)
        y = (x - mean) / denom
        if not affine:
            return y
        return beta * y + gamma if swap else gamma * y + beta
    return norm


MISTAKES = (
    Mistake("axis_0", _variant(axis=0)),
    Mistake("ddof_1", _variant(ddof=1)),
    Mistake("eps_outside", _variant(eps_outside=True)),
    Mistake("no_affine", _variant(affine=False)),
    Mistake("gamma_beta_swapped", _variant(swap=True)),
    Mistake("no_use_eps", _variant(use_eps=False)),
    Mistake("no_sqrt", _variant(sqrt=False)),
)


def cases():
    rng = Rng(10)
    opts = {"mistakes": MISTAKES, "rtol": 1e-6, "atol": 1e-9}
    yield make_case(("two rows, gamma = 1, beta = 0", "两行，gamma = 1，beta = 0"), "layer_norm", reference,
                    {"x": np.array([[1.0, 2.0, 3.0, 4.0], [2.0, -1.0, 0.5, 8.0]]), "gamma": np.ones(4), "beta": np.zeros(4), "eps": 1e-5}, **opts)
    yield make_case(("a learned scale and shift", "学到的缩放和平移"), "layer_norm", reference,
                    {"x": rng.normal(3, 5, scale=2.0), "gamma": rng.normal(5), "beta": rng.normal(5), "eps": 1e-5}, **opts)
    yield make_case(("a constant row", "常数行"), "layer_norm", reference,
                    {"x": np.array([[5.0, 5.0, 5.0, 5.0], [1.0, 2.0, 3.0, 6.0]]), "gamma": np.array([1.0, 2.0, 0.5, 1.0]),
                     "beta": np.array([0.1, 0.2, 0.3, 0.4]), "eps": 1e-5}, **opts)
    yield make_case(("a single row", "只有一行"), "layer_norm", reference,
                    {"x": np.array([[0.5, -1.5, 2.0, 0.0, 3.0, 1.0]]), "gamma": np.ones(6), "beta": np.zeros(6), "eps": 1e-5}, **opts)
    yield make_case(("3-D input (2, 3, 4) (seed 10)", "三维输入 (2, 3, 4)（种子 10）"), "layer_norm", reference,
                    {"x": rng.normal(2, 3, 4), "gamma": rng.normal(4), "beta": rng.normal(4), "eps": 1e-5}, **opts)
    yield make_case(("a large offset and a big eps", "很大的偏移和较大的 eps"), "layer_norm", reference,
                    {"x": 1000.0 + rng.normal(3, 4, scale=0.1), "gamma": np.ones(4), "beta": np.zeros(4), "eps": 0.01}, **opts)

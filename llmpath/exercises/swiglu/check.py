"""Checks for swiglu: the model's shapes (F > D), a square MLP (where a missing transpose
gives a wrong answer instead of an error), one vector, a 4-D input and, last, a hand-worked pair.

The learner's function takes torch tensors: ``probe.py`` calls it in the child; the expected values
are computed here with numpy (``llama_numpy``).
"""

from functools import lru_cache

import numpy as np

from llmpath.exercises import llama_numpy as np_llama
from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from llmpath.exercises.probe_cases import ProbeCase, judge_cases, mistake_names, probe_calls

PROBE = "probe.py"
TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}   # float32 in the learner's code, float64 here


def _variant(**switches):
    return lambda *args: np_llama.swiglu(*args, **switches)


MISTAKES = (
    Mistake("relu", _variant(activation="relu")),
    Mistake("gelu", _variant(activation="gelu")),
    Mistake("sigmoid_gate", _variant(activation="sigmoid")),
    Mistake("gate_up_swapped", _variant(swapped=True)),
    Mistake("no_transpose", _variant(transpose=False)),
    Mistake("no_up", _variant(use_up=False)),
    Mistake("silu_after_product", _variant(act_after_product=True)),
)

SHAPE_WHY = ("the result has the shape of x (..., D): gate(x) and up(x) are (..., F), their product goes through "
             "w_down (D, F) back to D. Weights are (out, in): x @ w_gate.T, x @ w_up.T, hidden @ w_down.T",
             "结果与 x 的形状 (..., D) 相同：gate(x) 和 up(x) 的形状是 (..., F)，它们的乘积经过 w_down (D, F) 变回 D。"
             "权重的布局是 (out, in)：x @ w_gate.T、x @ w_up.T、hidden @ w_down.T")


def _f32(a):
    return np.asarray(a, dtype=np.float32)


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(0)

    def seeded(name, x_shape, F):
        D = x_shape[-1]
        args = {"x": _f32(rng.normal(*x_shape)), "w_gate": _f32(rng.normal(F, D) / np.sqrt(D)),
                "w_up": _f32(rng.normal(F, D) / np.sqrt(D)), "w_down": _f32(rng.normal(D, F) / np.sqrt(F))}
        return ProbeCase("swiglu", make_case(name, "swiglu", np_llama.swiglu, args, mistakes=MISTAKES, **TOLERANCE), SHAPE_WHY)

    eye = _f32(np.eye(2))
    return (
        seeded(("x (2, 5, 24), hidden size F = 64", "x (2, 5, 24)，隐藏层 F = 64"), (2, 5, 24), 64),
        seeded(("a square MLP, D = F = 16", "方形 MLP，D = F = 16"), (3, 16), 16),
        seeded(("one vector (24,), F = 40", "一个向量 (24,)，F = 40"), (24,), 40),
        seeded(("a 4-D input (2, 2, 3, 8), F = 20", "四维输入 (2, 2, 3, 8)，F = 20"), (2, 2, 3, 8), 20),
        # identity weights give silu(x) * x: silu(1) · 1 = 0.7310586, silu(-1) · (-1) = 0.2689414. Last, because
        # here sigmoid(x) * x = silu(x) makes two mistakes look alike; the seeded cases tell them apart first.
        ProbeCase("swiglu", Case(("a hand-worked pair, identity weights", "手算的一对，单位矩阵权重"), "swiglu",
                                 {"x": _f32([1.0, -1.0]), "w_gate": eye, "w_up": eye, "w_down": eye},
                                 expected=np.array([0.7310586, 0.2689414]), mistakes=MISTAKES, **TOLERANCE), SHAPE_WHY),
    )


def calls():
    return probe_calls(_cases())


def judge(outcomes, messages):
    return judge_cases(_cases(), outcomes, messages)


MISTAKE_NAMES = mistake_names(_cases())

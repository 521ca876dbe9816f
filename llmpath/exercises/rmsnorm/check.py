"""Checks for rmsnorm: a hand-worked row, seeded activations of the model's shapes, tiny activations
(where eps decides the result: eps 1e-6 instead of 1e-5 changes SmolLM2's logits by 2–5e-2 but not its
greedy text, so only a value check like this one catches it), an explicit eps and a 4-D input.

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


def _first_axis(x, weight, eps):
    x = np.asarray(x, dtype=np.float64)
    eps = np_llama.EPS if eps is None else eps
    return x / np.sqrt(np.mean(x * x, axis=0, keepdims=True) + eps) * weight


MISTAKES = (
    Mistake("layernorm", lambda x, w, eps: np_llama.rms_norm(x, w, eps, subtract_mean=True)),
    Mistake("eps_outside", lambda x, w, eps: np_llama.rms_norm(x, w, eps, eps_outside=True)),
    Mistake("eps_1e6", lambda x, w, eps: np_llama.rms_norm(x, w, eps, default_eps=1e-6)),
    Mistake("eps_ignored", lambda x, w, eps: np_llama.rms_norm(x, w, None)),
    Mistake("whole_tensor", lambda x, w, eps: np_llama.rms_norm(x, w, eps, whole_tensor=True)),
    Mistake("first_axis", _first_axis),
    Mistake("no_weight", lambda x, w, eps: np_llama.rms_norm(x, w, eps, use_weight=False)),
    Mistake("no_sqrt", lambda x, w, eps: np_llama.rms_norm(x, w, eps, sqrt=False)),
)

SHAPE_WHY = ("RMSNorm keeps the shape of x: one root mean square per vector, over the last axis "
             "(mean(dim=-1, keepdim=True) is (..., 1) and broadcasts over D), times weight (D,)",
             "RMSNorm 保持 x 的形状：每个向量在最后一个轴上求一个均方根"
             "（mean(dim=-1, keepdim=True) 的形状是 (..., 1)，可沿 D 广播），再乘以 weight (D,)")


def _f32(a):
    return np.asarray(a, dtype=np.float32)


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(0)
    D = 24
    gain = _f32(1.0 + 0.5 * rng.normal(D))
    out = [ProbeCase("rms_norm", Case(("a hand-worked row, eps = 0", "手算的一行，eps = 0"), "rms_norm",
                                      {"x": _f32([[3.0, 4.0]]), "weight": _f32([1.0, 2.0]), "eps": 0.0},
                                      # rms = sqrt((9 + 16) / 2) = 3.5355339: (3, 4) / rms * (1, 2)
                                      expected=np.array([[0.84852814, 2.26274170]]), mistakes=MISTAKES, **TOLERANCE),
                     SHAPE_WHY)]

    def seeded(name, x, weight, eps=None):
        return ProbeCase("rms_norm", make_case(name, "rms_norm", np_llama.rms_norm, {"x": _f32(x), "weight": weight, "eps": eps},
                                               mistakes=MISTAKES, **TOLERANCE), SHAPE_WHY)

    out.append(seeded(("activations (B, T, D) = (2, 5, 24), default eps", "激活 (B, T, D) = (2, 5, 24)，默认 eps"),
                      2.0 * rng.normal(2, 5, D) + 0.5, gain))
    out.append(seeded(("tiny activations (about 1e-3): eps matters", "很小的激活（约 1e-3）：eps 起作用"),
                      1e-3 * rng.normal(2, 3, D), gain))
    out.append(seeded(("one vector (24,) with eps = 1e-2", "一个向量 (24,)，eps = 1e-2"), 0.1 * rng.normal(D), gain, 1e-2))
    out.append(seeded(("a 4-D input (2, 2, 3, 8)", "四维输入 (2, 2, 3, 8)"), rng.normal(2, 2, 3, 8) - 1.0,
                      _f32(rng.normal(8))))
    return tuple(out)


def calls():
    return probe_calls(_cases())


def judge(outcomes, messages):
    return judge_cases(_cases(), outcomes, messages)


MISTAKE_NAMES = mistake_names(_cases())

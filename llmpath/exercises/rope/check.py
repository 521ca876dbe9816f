"""Checks for rope: the tables (positions from 0, positions after a cache, an explicit theta) and the
rotation (a hand-worked quarter turn, seeded queries of the model's layout, positions after a cache).

The learner's functions take torch tensors: ``probe.py`` calls them in the child; the expected values
are computed here with numpy (``llama_numpy``).
"""

from functools import lru_cache

import numpy as np

from llmpath.exercises import llama_numpy as np_llama
from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from llmpath.exercises.probe_cases import ProbeCase, judge_cases, mistake_names, probe_calls

PROBE = "probe.py"
TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}   # float32 in the learner's code, float64 here

TABLE_MISTAKES = (
    Mistake("theta_10000", lambda p, d, theta: np_llama.rope_tables(p, d, theta, default_theta=10000.0)),
    Mistake("theta_ignored", lambda p, d, theta: np_llama.rope_tables(p, d, None)),
    Mistake("positions_ignored", lambda p, d, theta: np_llama.rope_tables(p, d, theta, ignore_positions=True)),
    Mistake("interleaved_tables", lambda p, d, theta: np_llama.rope_tables(p, d, theta, interleaved=True)),
    Mistake("tables_swapped", lambda p, d, theta: np_llama.rope_tables(p, d, theta, swapped=True)),
    Mistake("exponent_over_half", lambda p, d, theta: np_llama.rope_tables(p, d, theta, exponent_over_half=True)),
)
ROTATION_MISTAKES = (
    Mistake("interleaved_pairs", lambda x, cos, sin: np_llama.apply_rope(x, cos, sin, interleaved=True)),
    Mistake("rotate_half_sign", lambda x, cos, sin: np_llama.apply_rope(x, cos, sin, sign=-1.0)),
    Mistake("cos_sin_swapped", lambda x, cos, sin: np_llama.apply_rope(x, cos, sin, swapped=True)),
    Mistake("no_sin_term", lambda x, cos, sin: np.asarray(x, dtype=np.float64) * cos),
)

TABLES_SHAPE_WHY = ("rope_tables returns (cos, sin), each (T, Dh): one row per position, and each row holds the Dh/2 "
                    "angles twice (both halves), so it lines up with the rotate-half layout",
                    "rope_tables 返回 (cos, sin)，形状都是 (T, Dh)：每个位置一行，每行把 Dh/2 个角度重复两遍（前后两半），"
                    "与 rotate-half 的布局对齐")
ROTATION_SHAPE_WHY = ("apply_rope keeps the shape of x (B, H, T, Dh); cos and sin (T, Dh) broadcast over B and H",
                      "apply_rope 保持 x 的形状 (B, H, T, Dh)；cos 和 sin 的 (T, Dh) 沿 B 和 H 广播")


def _f32(a):
    return np.asarray(a, dtype=np.float32)


def _tables(positions, head_dim):
    return tuple(_f32(t) for t in np_llama.rope_tables(np.asarray(positions), head_dim))


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(0)

    def tables(name, positions, head_dim, theta=None):
        args = {"positions": np.asarray(positions, dtype=np.int64), "head_dim": head_dim, "theta": theta}
        return ProbeCase("rope_tables", make_case(name, "rope_tables", np_llama.rope_tables, args, mistakes=TABLE_MISTAKES,
                                                  outputs=("cos", "sin"), **TOLERANCE), TABLES_SHAPE_WHY)

    def rotation(name, x, positions):
        cos, sin = _tables(positions, x.shape[-1])
        return ProbeCase("apply_rope", make_case(name, "apply_rope", np_llama.apply_rope, {"x": _f32(x), "cos": cos, "sin": sin},
                                                 mistakes=ROTATION_MISTAKES, **TOLERANCE), ROTATION_SHAPE_WHY)

    quarter = {"x": _f32([[[[1.0, 2.0, 3.0, 4.0]]]]), "cos": _f32([[0.0, 0.0, 0.0, 0.0]]), "sin": _f32([[1.0, 1.0, 1.0, 1.0]])}
    return (
        tables(("positions 0–3, head_dim 8", "位置 0–3，head_dim 8"), range(4), 8),
        tables(("positions 5–7 (after 5 cached tokens)", "位置 5–7（缓存了 5 个词元之后）"), range(5, 8), 8),
        tables(("positions 0–5, head_dim 16, theta = 10000", "位置 0–5，head_dim 16，theta = 10000"), range(6), 16, 10000.0),
        # every angle a quarter turn: the result is rotate_half(x) = (-x3, -x4, x1, x2)
        ProbeCase("apply_rope", Case(("a quarter turn by hand: cos = 0, sin = 1", "手算的四分之一圈：cos = 0，sin = 1"), "apply_rope",
                                     quarter, expected=np.array([[[[-3.0, -4.0, 1.0, 2.0]]]]), mistakes=ROTATION_MISTAKES,
                                     **TOLERANCE), ROTATION_SHAPE_WHY),
        rotation(("queries (B, H, T, Dh) = (2, 3, 4, 8) at positions 0–3", "查询 (B, H, T, Dh) = (2, 3, 4, 8)，位置 0–3"),
                 rng.normal(2, 3, 4, 8), range(4)),
        rotation(("keys (1, 2, 3, 16) at positions 5–7", "键 (1, 2, 3, 16)，位置 5–7"), rng.normal(1, 2, 3, 16), range(5, 8)),
    )


def calls():
    return probe_calls(_cases())


def judge(outcomes, messages):
    return judge_cases(_cases(), outcomes, messages)


MISTAKE_NAMES = mistake_names(_cases())

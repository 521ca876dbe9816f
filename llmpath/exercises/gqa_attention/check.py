"""Checks for gqa-attention: 6 query heads sharing 2 KV heads, a KV cache of earlier tokens, one new token
after a cache (the decoding step), plain multi-head (H = Hkv) and multi-query (Hkv = 1) attention.

The learner's function takes torch tensors: ``probe.py`` calls it in the child (with the learner's
rope.py, or the reference until rope is passed); the expected values are computed here with numpy
(``llama_numpy``), the (k, v) cache included.
"""

from functools import lru_cache

import numpy as np

from llmpath.exercises import llama_numpy as np_llama
from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.probe_cases import ProbeCase, judge_cases, mistake_names, probe_calls

PROBE = "probe.py"
TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}   # float32 in the learner's code, float64 here


def _variant(**switches):
    return lambda *args: np_llama.attention(*args, **switches)


MISTAKES = (
    Mistake("kv_repeat", _variant(tile=True)),
    Mistake("no_scale", _variant(scale=None)),
    Mistake("scale_d_model", _variant(scale="model")),
    Mistake("no_causal_mask", _variant(causal=False)),
    Mistake("mask_ignores_cache", _variant(mask_offset=False)),
    Mistake("rope_on_v", _variant(rope_v=True)),
    Mistake("no_rope", _variant(rope=False)),
)

SHAPE_WHY = ("out is (B, T, D), like x; the cache is (k, v), each (B, Hkv, T_past + T, Dh): the keys after RoPE with the "
             "cached ones in front (torch.cat on dim=2), stored before the KV heads are shared (Hkv heads, not H)",
             "out 的形状是 (B, T, D)，与 x 相同；缓存是 (k, v)，形状都是 (B, Hkv, T_past + T, Dh)：经过 RoPE 的键，"
             "缓存的在前（沿 dim=2 做 torch.cat），在共享 KV 头之前保存（Hkv 个头，而不是 H 个）")


def _f32(a):
    return np.asarray(a, dtype=np.float32)


def _case(rng, name, *, B, T, D, H, Hkv, past=0):
    Dh = D // H
    scale = D ** -0.5 * 1.5        # scores of order 1: softmax neither uniform nor one-hot
    args = {"x": _f32(rng.normal(B, T, D)),
            "wq": _f32(scale * rng.normal(H * Dh, D)), "wk": _f32(scale * rng.normal(Hkv * Dh, D)),
            "wv": _f32(scale * rng.normal(Hkv * Dh, D)), "wo": _f32(scale * rng.normal(D, H * Dh)),
            "n_heads": H, "n_kv_heads": Hkv}
    cos, sin = np_llama.rope_tables(np.arange(past, past + T), Dh)
    args.update(cos=_f32(cos), sin=_f32(sin))
    args["cache"] = (_f32(rng.normal(B, Hkv, past, Dh)), _f32(rng.normal(B, Hkv, past, Dh))) if past else None
    return ProbeCase("attention", make_case(name, "attention", np_llama.attention, args, mistakes=MISTAKES,
                                            outputs=("out", "cache"), **TOLERANCE), SHAPE_WHY)


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(0)
    return (
        _case(rng, ("B=2, T=5, D=24, 6 query heads sharing 2 KV heads", "B=2、T=5、D=24，6 个查询头共享 2 个 KV 头"),
              B=2, T=5, D=24, H=6, Hkv=2),
        _case(rng, ("3 new tokens after a cache of 4 (positions 4–6)", "缓存 4 个词元之后的 3 个新词元（位置 4–6）"),
              B=2, T=3, D=24, H=6, Hkv=2, past=4),
        _case(rng, ("one new token after a cache of 6: a decoding step", "缓存 6 个词元之后的 1 个新词元：解码的一步"),
              B=1, T=1, D=24, H=6, Hkv=2, past=6),
        _case(rng, ("plain multi-head attention, H = Hkv = 3", "普通多头注意力，H = Hkv = 3"), B=1, T=4, D=12, H=3, Hkv=3),
        _case(rng, ("multi-query attention, 4 heads sharing 1 KV head, with a cache of 2", "多查询注意力：4 个头共享 1 个 KV 头，缓存 2 个词元"),
              B=2, T=3, D=32, H=4, Hkv=1, past=2),
    )


def calls():
    return probe_calls(_cases())


def judge(outcomes, messages):
    return judge_cases(_cases(), outcomes, messages)


MISTAKE_NAMES = mistake_names(_cases())

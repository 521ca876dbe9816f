"""Checks for decoder-block: the model's layout (6 query heads, 2 KV heads), new tokens after a KV cache,
tiny activations with eps = 1e-6 from the config, and a decoding step of a multi-head block.

The learner's function takes torch tensors: ``probe.py`` calls it in the child (with the learner's
rmsnorm.py, rope.py, gqa_attention.py and swiglu.py, or the references of the steps not passed yet);
the expected values are computed here with numpy (``llama_numpy``), the (k, v) cache included.
"""

from functools import lru_cache

import numpy as np

from llmpath.exercises import llama_numpy as np_llama
from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.probe_cases import ProbeCase, judge_cases, mistake_names, probe_calls

PROBE = "probe.py"
TOLERANCE = {"rtol": 1e-4, "atol": 1e-5}   # float32 in the learner's code, float64 here


def _variant(**switches):
    return lambda *args: np_llama.decoder_block(*args, **switches)


MISTAKES = (
    Mistake("post_norm", _variant(order="post")),
    Mistake("parallel", _variant(order="parallel")),
    Mistake("no_attention_residual", _variant(attention_residual=False)),
    Mistake("no_mlp_residual", _variant(mlp_residual=False)),
    Mistake("norms_swapped", _variant(norms="21")),
    Mistake("norm1_twice", _variant(norms="11")),
    Mistake("residual_from_normed", _variant(order="normed_residual")),
    Mistake("eps_ignored", _variant(ignore_eps=True)),
)

SHAPE_WHY = ("y has the shape of x (B, T, D): both branches map (B, T, D) to (B, T, D) and are added to it. "
             "The cache is the attention's (k, v), each (B, Hkv, T_past + T, Dh): return it as attention returns it",
             "y 与 x 的形状 (B, T, D) 相同：两个分支都把 (B, T, D) 映射为 (B, T, D) 并加回去。"
             "缓存就是注意力返回的 (k, v)，形状都是 (B, Hkv, T_past + T, Dh)：原样返回即可")


def _f32(a):
    return np.asarray(a, dtype=np.float32)


def _case(rng, name, *, B, T, D, H, Hkv, F, past=0, eps=1e-5, x_scale=1.0):
    Dh = D // H

    def w(rows, cols):
        return _f32(rng.normal(rows, cols) * 1.5 / np.sqrt(cols))

    layer = {"wq": w(H * Dh, D), "wk": w(Hkv * Dh, D), "wv": w(Hkv * Dh, D), "wo": w(D, H * Dh),
             "w_gate": w(F, D), "w_up": w(F, D), "w_down": w(D, F),
             "norm1": _f32(1.0 + 0.4 * rng.normal(D)), "norm2": _f32(1.0 + 0.4 * rng.normal(D))}
    cos, sin = np_llama.rope_tables(np.arange(past, past + T), Dh)
    args = {"x": _f32(x_scale * rng.normal(B, T, D)), "layer": layer, "cfg": {"heads": H, "kv_heads": Hkv, "eps": eps},
            "cos": _f32(cos), "sin": _f32(sin),
            "cache": (_f32(rng.normal(B, Hkv, past, Dh)), _f32(rng.normal(B, Hkv, past, Dh))) if past else None}
    return ProbeCase("decoder_block", make_case(name, "decoder_block", np_llama.decoder_block, args, mistakes=MISTAKES,
                                                outputs=("y", "cache"), **TOLERANCE), SHAPE_WHY)


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(0)
    return (
        _case(rng, ("B=2, T=5, D=24, 6 query heads sharing 2 KV heads, F=48", "B=2、T=5、D=24，6 个查询头共享 2 个 KV 头，F=48"),
              B=2, T=5, D=24, H=6, Hkv=2, F=48),
        _case(rng, ("2 new tokens after a cache of 5 (positions 5–6)", "缓存 5 个词元之后的 2 个新词元（位置 5–6）"),
              B=2, T=2, D=24, H=6, Hkv=2, F=48, past=5),
        _case(rng, ("tiny activations (about 1e-3) and cfg.eps = 1e-6", "很小的激活（约 1e-3），cfg.eps = 1e-6"),
              B=1, T=4, D=24, H=6, Hkv=2, F=48, eps=1e-6, x_scale=1e-3),
        _case(rng, ("a decoding step of a multi-head block (H = Hkv = 4), cache of 3", "多头块（H = Hkv = 4）的一步解码，缓存 3 个词元"),
              B=2, T=1, D=16, H=4, Hkv=4, F=40, past=3),
    )


def calls():
    return probe_calls(_cases())


def judge(outcomes, messages):
    return judge_cases(_cases(), outcomes, messages)


MISTAKE_NAMES = mistake_names(_cases())

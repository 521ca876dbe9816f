"""The capstone's model steps (rmsnorm, rope, gqa-attention, swiglu, decoder-block): the numpy side of their checks.

The checks judge the learner's torch code against ``llmpath.exercises.llama_numpy`` in float64; the
sandboxed runs (scaffold fails, reference passes, named mistakes) are in test_checks.py.
"""

from __future__ import annotations

import numpy as np
import pytest

from llmpath.exercises import llama_numpy as np_llama
from llmpath.exercises.checking import diagnose
from llmpath.exercises.probe_cases import describe_args, explain_exception
from llmpath.exercises.registry import get_exercise, load_check

CHAIN_STEPS = ("rmsnorm", "rope", "gqa-attention", "swiglu", "decoder-block")


@pytest.mark.parametrize("exercise_id", CHAIN_STEPS)
def test_every_named_mistake_can_be_told_apart_on_some_case(exercise_id):
    """For each mistake some case's output differs from the right one and is named as that mistake (not
    shadowed by an earlier one): otherwise its message could never be shown."""
    check = load_check(get_exercise(exercise_id))
    cases = [item.case for item in check._cases()]
    for name in check.MISTAKE_NAMES:
        named_on = []
        for case in cases:
            mistake = next((m for m in case.mistakes if m.name == name), None)
            if mistake is None:
                continue
            try:
                wrong = mistake.fn(*list(case.args.values()))
            except ValueError:   # the mistake cannot even run on these shapes (the learner sees an exception)
                continue
            if not case.same(wrong, case.expected) and diagnose(wrong, case) == name:
                named_on.append(case.name[0])
        assert named_on, f"{exercise_id}: mistake '{name}' is never recognised on any case"


def test_every_step_has_at_least_three_mistakes_and_a_cache_case_where_it_matters():
    for exercise_id in CHAIN_STEPS:
        check = load_check(get_exercise(exercise_id))
        assert len(check.MISTAKE_NAMES) >= 3, exercise_id
    for exercise_id in ("gqa-attention", "decoder-block"):
        cases = load_check(get_exercise(exercise_id))._cases()
        assert any(item.case.args["cache"] is not None for item in cases), exercise_id


def _block_inputs(rng, B=2, T=5, D=24, H=6, Hkv=2, F=48):
    Dh = D // H
    layer = {"wq": rng.normal(size=(H * Dh, D)) * 0.3, "wk": rng.normal(size=(Hkv * Dh, D)) * 0.3,
             "wv": rng.normal(size=(Hkv * Dh, D)) * 0.3, "wo": rng.normal(size=(D, H * Dh)) * 0.3,
             "w_gate": rng.normal(size=(F, D)) * 0.3, "w_up": rng.normal(size=(F, D)) * 0.3,
             "w_down": rng.normal(size=(D, F)) * 0.3, "norm1": 1 + 0.3 * rng.normal(size=D), "norm2": 1 + 0.3 * rng.normal(size=D)}
    return rng.normal(size=(B, T, D)), layer, {"heads": H, "kv_heads": Hkv, "eps": 1e-5}, Dh


def test_numpy_block_with_a_cache_equals_the_whole_sequence_and_the_wrong_mask_does_not():
    """Tokens 0–3 first, then token 4 with their cache: the same last row as all five at once. This is what
    makes the numpy reference's cache semantics (positions offset, mask with the cache) trustworthy."""
    x, layer, cfg, Dh = _block_inputs(np.random.default_rng(0))
    cos, sin = np_llama.rope_tables(np.arange(5), Dh)
    whole, (k, v) = np_llama.decoder_block(x, layer, cfg, cos, sin)
    _, cache = np_llama.decoder_block(x[:, :4], layer, cfg, cos[:4], sin[:4])
    last, (k2, v2) = np_llama.decoder_block(x[:, 4:], layer, cfg, cos[4:], sin[4:], cache)
    np.testing.assert_allclose(last[:, 0], whole[:, 4], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(k2, k, atol=1e-12)
    assert k.shape == (2, 2, 5, Dh)
    wrong, _ = np_llama.attention(x[:, 4:], layer["wq"], layer["wk"], layer["wv"], layer["wo"], 6, 2, cos[4:], sin[4:],
                                  cache, mask_offset=False)
    right, _ = np_llama.attention(x[:, 4:], layer["wq"], layer["wk"], layer["wv"], layer["wo"], 6, 2, cos[4:], sin[4:], cache)
    assert np.abs(wrong - right).max() > 0.1
    stale_cos, stale_sin = np_llama.rope_tables(np.arange(1), Dh)   # positions not offset: token 4 rotated as token 0
    stale, _ = np_llama.decoder_block(x[:, 4:], layer, cfg, stale_cos, stale_sin, cache)
    assert np.abs(stale[:, 0] - whole[:, 4]).max() > 1e-3


def test_numpy_rope_keeps_lengths_and_makes_scores_depend_on_distance_only():
    rng = np.random.default_rng(1)
    q, k = rng.normal(size=(1, 1, 1, 8)), rng.normal(size=(1, 1, 1, 8))

    def score(i, j):
        cos, sin = np_llama.rope_tables(np.array([i, j]), 8)
        return float(np_llama.apply_rope(q, cos[:1], sin[:1]).ravel() @ np_llama.apply_rope(k, cos[1:], sin[1:]).ravel())

    assert score(3, 1) == pytest.approx(score(12, 10), rel=1e-9)
    cos, sin = np_llama.rope_tables(np.arange(7), 8)
    np.testing.assert_allclose(np.linalg.norm(np_llama.apply_rope(rng.normal(size=(2, 3, 7, 8)), cos, sin), axis=-1).shape, (2, 3, 7))
    x = rng.normal(size=(2, 3, 7, 8))
    np.testing.assert_allclose(np.linalg.norm(np_llama.apply_rope(x, cos, sin), axis=-1), np.linalg.norm(x, axis=-1))


def test_gqa_with_one_group_per_head_is_plain_multi_head_attention():
    """H == Hkv: sharing is a no-op, so tile and repeat_interleave agree (the check names kv_repeat only where they differ)."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 4, 12))
    w = [rng.normal(size=(12, 12)) * 0.3 for _ in range(4)]
    cos, sin = np_llama.rope_tables(np.arange(4), 4)
    right, _ = np_llama.attention(x, *w, 3, 3, cos, sin)
    tiled, _ = np_llama.attention(x, *w, 3, 3, cos, sin, tile=True)
    np.testing.assert_allclose(tiled, right)


def test_torch_errors_get_a_shape_explanation():
    why = explain_exception("mat1 and mat2 shapes cannot be multiplied (10x24 and 64x24)")
    assert why and "x @ w.T" in why[0] and "x @ w.T" in why[1]
    shapes = ("RMSNorm keeps the shape of x", "RMSNorm 保持 x 的形状")
    why = explain_exception("The size of tensor a (24) must match the size of tensor b (5) at non-singleton dimension 2", shapes)
    assert why == ("two shapes do not broadcast (print them with .shape); RMSNorm keeps the shape of x",
                   "两个形状无法广播（用 .shape 把它们打印出来）；RMSNorm 保持 x 的形状")
    assert explain_exception("division by zero") is None


def test_inputs_are_shown_by_shape_when_large():
    text = describe_args({"x": np.zeros((2, 5, 24), dtype=np.float32), "n_heads": 6, "cache": None,
                          "cfg": {"heads": 6, "eps": 1e-5}, "w": np.array([1.0, 2.0])})
    assert "x = float32 (2, 5, 24)" in text and "n_heads = 6" in text and "cache = None" in text
    assert "heads: 6" in text and "[1 2]" in text.replace(".", "")

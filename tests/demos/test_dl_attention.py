"""Scaled dot-product attention: numpy from scratch vs torch, and the demo through the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.attention import attention, causal_mask, softmax


@settings(max_examples=15, deadline=None)
@given(t=st.integers(1, 9), d=st.integers(1, 16), causal=st.booleans(), seed=st.integers(0, 10_000))
def test_attention_matches_sdpa(t, d, causal, seed):
    rng = np.random.default_rng(seed)
    q, k, v = rng.normal(size=(3, 2, t, d))
    out, weights = attention(q, k, v, causal_mask(t) if causal else None)
    ref = F.scaled_dot_product_attention(*(torch.from_numpy(a) for a in (q, k, v)), is_causal=causal).numpy()
    assert out.shape == (2, t, d) and weights.shape == (2, t, t)
    assert np.abs(out - ref).max() <= 1e-5
    assert np.allclose(weights.sum(-1), 1.0)
    if causal:
        assert np.all(np.triu(weights[0], 1) == 0)


def test_softmax_is_shift_invariant_and_stable():
    x = np.array([1000.0, 1001.0, 1002.0])
    assert np.allclose(softmax(x), softmax(x - 1000))
    assert np.isfinite(softmax(x)).all()


def test_demo_json(invoke):
    result = invoke("demo", "attention", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["demo"] == "attention"
    assert figures["max_diff_output"] <= 1e-5
    assert figures["max_diff_weights"] <= 1e-5
    assert figures["tokens"] == ["the", "cat", "sat", "on", "the", "mat"]
    weights = np.array(figures["attention_weights"])
    assert weights.shape == (6, 6) and np.allclose(weights.sum(1), 1, atol=1e-3)
    assert weights[0, 0] == pytest.approx(1.0)  # causal: the first token sees only itself
    assert figures["score_std_unscaled"] == pytest.approx(8, rel=0.1)
    assert figures["score_std_scaled"] == pytest.approx(1, rel=0.1)


def test_demo_without_mask_and_own_sentence(invoke):
    result = invoke("demo", "attention", "--json", "--mask", "none", "--sentence", "attention is all you need")
    figures = json.loads(result.stdout)
    assert figures["mask"] == "none" and len(figures["tokens"]) == 5
    assert figures["attention_weights"][0][4] > 0


@pytest.mark.parametrize("args", [["--sentence", "hello"], ["--mask", "sideways"], ["--d-k", "0"]])
def test_bad_option_is_one_line_error(runner, args):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "attention", *args])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and result.stderr.startswith("error")

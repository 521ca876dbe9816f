"""Multi-head attention from scratch vs torch.nn.MultiheadAttention, and the demo."""

from __future__ import annotations

import json
import math

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.multi_head import causal_mask, merge_heads, multi_head_attention, reference_module, split_heads


@settings(max_examples=12, deadline=None)
@given(b=st.integers(1, 3), t=st.integers(1, 8), h=st.integers(1, 4), d_head=st.integers(1, 6), causal=st.booleans(), seed=st.integers(0, 1000))
def test_matches_torch_multihead_attention(b, t, h, d_head, causal, seed):
    torch.manual_seed(seed)
    c = h * d_head
    x = torch.randn(b, t, c)
    weights = [torch.randn(c, c) / math.sqrt(c) for _ in range(4)] + [0.1 * torch.randn(c) for _ in range(4)]
    mask = causal_mask(t) if causal else None
    ours, att = multi_head_attention(x, *weights, h=h, mask=mask)
    with torch.no_grad():
        ref, ref_att = reference_module(*weights, h=h)(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
    assert ours.shape == (b, t, c) and att.shape == (b, h, t, t)
    assert (ours - ref).abs().max() <= 1e-5
    assert (att - ref_att).abs().max() <= 1e-5


@given(b=st.integers(1, 3), t=st.integers(1, 6), h=st.integers(1, 4), d_head=st.integers(1, 5))
def test_split_then_merge_is_identity(b, t, h, d_head):
    x = torch.randn(b, t, h * d_head)
    assert split_heads(x, h).shape == (b, h, t, d_head)
    assert torch.equal(merge_heads(split_heads(x, h)), x)


def test_demo_json(invoke):
    result = invoke("demo", "multi-head", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("max_diff_causal", "max_diff_bidirectional", "max_diff_causal_weights", "max_diff_bidirectional_weights"):
        assert figures[key] <= 1e-5
    assert figures["n_params"] == 4 * 16 * 16 + 4 * 16 and figures["max_diff_params"] == 0
    assert figures["d_head"] == 4 and figures["future_weight_max"] == 0.0


def test_zh_renders(invoke):
    result = invoke("--lang", "zh", "demo", "multi-head")
    assert result.exit_code == 0
    assert "多头" in result.output and "✓" in result.output


def test_heads_must_divide_width(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "multi-head", "--heads", "3"])
    assert result.exit_code != 0 and "divisible" in result.stderr
    assert result.stderr.strip().count("\n") == 0

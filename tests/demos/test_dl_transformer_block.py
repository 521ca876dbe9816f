"""The hand-written pre-norm decoder block vs the same block from torch.nn modules."""

from __future__ import annotations

import json

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.transformer_block import block_forward, gelu, init_block, layer_norm, parameter_formula, reference_block


@settings(max_examples=10, deadline=None)
@given(b=st.integers(1, 3), t=st.integers(1, 9), h=st.integers(1, 4), d_head=st.integers(1, 8), seed=st.integers(0, 1000))
def test_block_matches_torch_modules(b, t, h, d_head, seed):
    c = h * d_head
    gen = torch.Generator().manual_seed(seed)
    p = init_block(c, generator=gen)
    p = {k: v * 10 if "weight" in k and "ln" not in k else v for k, v in p.items()}  # larger weights: a harder test
    x = torch.randn(b, t, c, generator=gen)
    ref_block = reference_block(p, c, h)
    with torch.no_grad():
        ours, ref = block_forward(x, p, h), ref_block(x)
    assert ours.shape == (b, t, c)
    assert (ours - ref).abs().max() <= 1e-5
    assert sum(q.numel() for q in ref_block.parameters()) == parameter_formula(c)


def test_pieces_match_torch():
    x = torch.randn(4, 5, 12)
    w, b = torch.randn(12), torch.randn(12)
    assert torch.allclose(layer_norm(x, w, b), torch.nn.functional.layer_norm(x, (12,), w, b), atol=1e-5)
    assert torch.allclose(gelu(x), torch.nn.functional.gelu(x), atol=1e-6)


def test_block_is_causal():
    p = init_block(16)
    x = torch.randn(1, 6, 16)
    y = x.clone()
    y[:, 3:] += 1
    with torch.no_grad():
        assert torch.equal(block_forward(x, p, 4)[:, :3], block_forward(y, p, 4)[:, :3])


def test_demo_json(invoke):
    result = invoke("demo", "transformer-block", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["max_diff_block"] <= 1e-5
    assert figures["n_params"] == 12 * 32 * 32 + 13 * 32 and figures["max_diff_params"] == 0
    assert figures["output_shape"] == [2, 8, 32]
    assert figures["future_leak"] == 0.0


def test_bad_heads(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "transformer-block", "--d-model", "30", "--heads", "4"])
    assert result.exit_code != 0 and result.stderr.strip().count("\n") == 0 and "divisible" in result.stderr

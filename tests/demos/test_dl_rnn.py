"""RNN, LSTM and GRU cells written as loops vs PyTorch's fused layers, and the memory demo."""

from __future__ import annotations

import json

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.rnn import FROM_SCRATCH, K, make_batch


@settings(max_examples=15, deadline=None)
@given(kind=st.sampled_from(sorted(FROM_SCRATCH)), b=st.integers(1, 4), t=st.integers(1, 10), i=st.integers(1, 6), h=st.integers(1, 12), seed=st.integers(0, 1000))
def test_cells_match_torch(kind, b, t, i, h, seed):
    torch.manual_seed(seed)
    layer = getattr(torch.nn, kind)(i, h, batch_first=True)
    x = torch.randn(b, t, i)
    with torch.no_grad():
        ref, _ = layer(x)
        ours = FROM_SCRATCH[kind](x, layer.weight_ih_l0, layer.weight_hh_l0, layer.bias_ih_l0, layer.bias_hh_l0)
    assert ours.shape == (b, t, h)
    assert (ours - ref).abs().max() <= 1e-5


def test_batch_answer_is_the_first_token():
    x, y = make_batch(16, 7, torch.Generator().manual_seed(0))
    assert x.shape == (16, 8, K + 1)
    assert torch.equal(x[:, 0, :K].argmax(1), y)
    assert (x[:, 0, K] == 1).all() and (x[:, 1:, K] == 0).all()  # only the first token is flagged
    assert (x[:, 1:, :K].sum(-1) == 1).all()  # distractors come from the same K symbols


def test_demo_shows_gates_help_at_long_gaps(invoke):
    """Short gap: all three learn. Long gap: the RNN is at chance, LSTM and GRU still learn; the RNN's
    gradient from the first token is the smallest. Real training, seed 0, the default steps."""
    result = invoke("demo", "rnn", "--seed", "0", "--json", "--gaps", "5,80")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["gaps"] == [5, 80]
    for kind in ("rnn", "lstm", "gru"):
        assert figures[f"max_diff_{kind}"] <= 1e-5
    acc, init = figures["accuracy"], figures["grad_ratio_init"]
    for kind in ("RNN", "LSTM", "GRU"):
        assert acc[kind]["5"] >= 0.95
        assert init[kind]["80"] < init[kind]["5"]  # the signal from further back is weaker
    assert acc["RNN"]["80"] <= 0.35  # chance is 25 %
    assert acc["LSTM"]["80"] >= 0.9 and acc["GRU"]["80"] >= 0.9
    for gap in ("5", "80"):
        assert init["RNN"][gap] < min(init["LSTM"][gap], init["GRU"][gap])


def test_bad_gaps(runner):
    from llmpath.cli import app

    for bad in ("x,3", "0", "1,2,3,4,5,6,7", "500"):
        result = runner.invoke(app, ["demo", "rnn", "--json", "--gaps", bad])
        assert result.exit_code != 0 and "--gaps" in result.stderr and result.stderr.strip().count("\n") == 0

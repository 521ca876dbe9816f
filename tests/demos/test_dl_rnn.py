"""RNN, LSTM and GRU cells written as loops vs PyTorch's fused layers, and the memory demo."""

from __future__ import annotations

import json

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.rnn import FROM_SCRATCH, K, SOLVED_WINDOW, make_batch, make_model, train_to_solve


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


@pytest.mark.parametrize("seed", [0, 1, 2])  # 1 and 2 failed with the old fixed-count training; 0 failed on an AMD EPYC
def test_demo_shows_gates_help_at_long_gaps(invoke, seed):
    """Short gap: all three learn. Long gap: LSTM and GRU solve it, the RNN does not; the RNN's gradient from
    the first token is the smallest. Real training with the default budget.

    Margins, from seeds 0–9 via the CLI (default gaps 5,20,80) with the AVX-512 kernels of the machine and with
    AVX2-only ones (ATEN_CPU_CAPABILITY=avx2, MKL_ENABLE_INSTRUCTIONS=AVX2, ONEDNN_MAX_CPU_ISA=AVX2), see issue 18:
    LSTM and GRU at gap 80 reach 99.0–100 % (threshold 95 %) and stop by step 245 of 600; the RNN at gap 80 ends
    at 23.9–53.9 % (threshold 60 %; 75 % would already be three of the four symbols). The test set has 1000
    sequences, one standard error ≈ 1.6 points at 50 %."""
    result = invoke("demo", "rnn", "--seed", str(seed), "--json", "--gaps", "5,80")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["gaps"] == [5, 80]
    for kind in ("rnn", "lstm", "gru"):
        assert figures[f"max_diff_{kind}"] <= 1e-5  # exact by construction: the same arithmetic, reordered
    acc, used, init, budget = figures["accuracy"], figures["steps_used"], figures["grad_ratio_init"], figures["steps"]
    for kind in ("RNN", "LSTM", "GRU"):
        assert acc[kind]["5"] >= 0.95 and used[kind]["5"] < budget
        assert init[kind]["80"] < init[kind]["5"]  # the signal from further back is weaker
    for kind in ("LSTM", "GRU"):
        assert acc[kind]["80"] >= 0.95 and used[kind]["80"] < budget
    assert acc["RNN"]["80"] <= 0.6 and used["RNN"]["80"] == budget  # chance is 25 %, half the answer 50 %
    for gap in ("5", "80"):
        assert init["RNN"][gap] < min(init["LSTM"][gap], init["GRU"][gap])


def test_training_stops_once_solved_and_not_before():
    """The stopping rule itself, on a gap every cell solves quickly: solved well inside the budget; with a
    budget too small to solve it, all the steps are used and it says so."""
    torch.manual_seed(0)
    steps, solved = train_to_solve(make_model("GRU", 16, memory_span=4), 2, 600, 0.02, torch.Generator().manual_seed(0), "cpu")
    assert solved and SOLVED_WINDOW <= steps < 600
    torch.manual_seed(0)
    assert train_to_solve(make_model("GRU", 16, memory_span=4), 2, 5, 0.02, torch.Generator().manual_seed(0), "cpu") == (5, False)


def test_bad_gaps(runner):
    from llmpath.cli import app

    for bad in ("x,3", "0", "1,2,3,4,5,6,7", "500"):
        result = runner.invoke(app, ["demo", "rnn", "--json", "--gaps", bad])
        assert result.exit_code != 0 and "--gaps" in result.stderr and result.stderr.strip().count("\n") == 0

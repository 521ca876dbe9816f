"""The MLP demo: parameter count, hand-written backprop vs autograd, training on two moons."""

from __future__ import annotations

import json

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.mlp import count_parameters, grad_fn_chain, make_model, manual_backward


@settings(max_examples=15, deadline=None)
@given(hidden=st.integers(1, 32), n=st.integers(1, 40), seed=st.integers(0, 1000))
def test_manual_backward_matches_autograd(hidden, n, seed):
    torch.manual_seed(seed)
    model = make_model(hidden)
    x, y = torch.randn(n, 2), torch.randint(2, (n, 1)).float()
    F.binary_cross_entropy_with_logits(model(x), y).backward()
    ours = manual_backward(x, y, *(p.detach() for p in model.parameters()))
    for g, p in zip(ours, model.parameters()):
        assert g.shape == p.shape
        assert (g - p.grad).abs().max() <= 1e-6
    assert count_parameters([2, hidden, hidden, 1]) == sum(p.numel() for p in model.parameters())


def test_grad_fn_chain_starts_at_the_loss():
    model = make_model(4)
    loss = F.binary_cross_entropy_with_logits(model(torch.randn(3, 2)), torch.ones(3, 1))
    chain = grad_fn_chain(loss)
    assert chain[0] == "BinaryCrossEntropyWithLogitsBackward0"
    assert sum("AccumulateGrad" in line for line in chain) == 6


@pytest.mark.parametrize("seed", [0, 2])  # 2 has the hardest test split of seeds 0–9
def test_demo_json(invoke, seed):
    result = invoke("demo", "mlp", "--seed", str(seed), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["n_params"] == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1
    assert figures["max_diff_gradients"] <= 1e-6 and figures["max_diff_params"] == 0
    # The seed draws the data too, so the claim is what holds for seeds 0–9 (issue 18): the MLP reaches
    # 92–98.7 % (an RBF SVM gets 94–98.7 % on the same splits), logistic regression 82.7–91.3 %, and the MLP is
    # ahead by at least 3.3 points (5 of the 150 test points).
    assert figures["test_accuracy"] >= 0.9 and figures["linear_test_accuracy"] <= 0.93
    assert figures["test_accuracy"] > figures["linear_test_accuracy"]
    assert figures["final_loss"] < figures["first_loss"]


def test_bad_option(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "mlp", "--json", "--lr", "nan"])
    assert result.exit_code != 0 and result.stderr.strip().count("\n") == 0

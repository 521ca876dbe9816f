"""Hand-written activations and derivatives vs torch autograd, and the demo."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from llmpath.demos.activations import ACTIVATIONS, softmax, softmax_jacobian, torch_value_and_grad

finite = st.floats(-30, 30, allow_nan=False).filter(lambda v: abs(v) > 1e-6)


@settings(max_examples=20, deadline=None)
@given(x=arrays(np.float64, st.integers(1, 20), elements=finite))
def test_values_and_derivatives_match_autograd(x):
    for name, (f, df, torch_name) in ACTIVATIONS.items():
        ref_y, ref_g = torch_value_and_grad(torch_name, x)
        assert np.abs(f(x) - ref_y).max() <= 1e-9, name
        assert np.abs(df(x) - ref_g).max() <= 1e-9, name


@settings(max_examples=20, deadline=None)
@given(z=arrays(np.float64, st.integers(1, 8), elements=st.floats(-20, 20)))
def test_softmax_jacobian_matches_autograd(z):
    ref = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), torch.tensor(z)).numpy()
    assert np.abs(softmax_jacobian(z) - ref).max() <= 1e-12
    assert softmax(z).sum() == pytest.approx(1.0)


def test_demo_json(invoke):
    result = invoke("demo", "activations", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["sigmoid_max_derivative"] == pytest.approx(0.25)
    assert figures["tanh_max_derivative"] == pytest.approx(1.0)
    assert figures["sigmoid_chain"] == pytest.approx(0.25**10)
    assert figures["relu_chain"] == 1.0
    assert all(v <= 1e-10 for k, v in figures.items() if k.startswith("max_diff"))
    assert sum(figures["softmax"]) == pytest.approx(1.0, abs=1e-5)


def test_bad_option(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "activations", "--json", "--depth", "0"])
    assert result.exit_code != 0 and result.stderr.startswith("error") and result.stderr.strip().count("\n") == 0

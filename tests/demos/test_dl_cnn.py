"""conv2d from scratch vs torch, receptive fields, and the CNN reaching ≥ 95 % on digits."""

from __future__ import annotations

import json

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.cnn import conv2d, make_model, receptive_field


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 3), c_in=st.integers(1, 3), c_out=st.integers(1, 4), size=st.integers(3, 9), k=st.sampled_from([1, 3, 5]), padding=st.integers(0, 2), seed=st.integers(0, 1000))
def test_conv2d_matches_torch(n, c_in, c_out, size, k, padding, seed):
    rng = np.random.default_rng(seed)
    if size + 2 * padding < k:
        return
    x, w, b = rng.normal(size=(n, c_in, size, size)), rng.normal(size=(c_out, c_in, k, k)), rng.normal(size=c_out)
    ours = conv2d(x, w, b, padding=padding)
    ref = F.conv2d(torch.tensor(x), torch.tensor(w), torch.tensor(b), padding=padding).numpy()
    assert ours.shape == ref.shape
    assert np.abs(ours - ref).max() <= 1e-5


def test_receptive_fields_grow():
    torch.manual_seed(0)
    model = make_model(4)
    assert receptive_field(model, 1).sum() == 9
    assert receptive_field(model, 3).sum() == 25


def test_demo_reaches_95_percent(invoke):
    result = invoke("demo", "cnn", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["test_accuracy"] >= 0.95
    assert figures["max_diff_conv2d"] <= 1e-5
    assert figures["conv1_params"] == 160 and figures["dense1_params"] == 64 * 1024 + 1024
    assert figures["receptive_field_conv2"] == 5


def test_bad_option(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "cnn", "--json", "--epochs", "0"])
    assert result.exit_code != 0 and result.stderr.strip().count("\n") == 0

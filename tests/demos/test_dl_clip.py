"""Symmetric InfoNCE from scratch vs torch, and zero-shot digits through the CLI."""

from __future__ import annotations

import json

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.clip import info_nce, tokenize


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 12), d=st.integers(2, 16), tau=st.floats(0.01, 1.0), seed=st.integers(0, 1000))
def test_info_nce_matches_cross_entropy(n, d, tau, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(2, n, d))
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    logits = torch.tensor(a @ b.T / tau)
    target = torch.arange(n)
    ref = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))
    assert abs(info_nce(a, b, tau) - float(ref)) <= 1e-9


def test_perfect_alignment_has_low_loss():
    e = np.eye(5)
    assert info_nce(e, e, 0.01) < 1e-6 < info_nce(e, e[::-1], 0.01)


def test_tokenize_skips_unknown_words():
    assert tokenize("A photo of a cat", {"a": 0, "photo": 1, "of": 2}) == [0, 1, 2, 0]


def test_demo_json_short(invoke):
    result = invoke("demo", "clip", "--seed", "0", "--json", "--steps", "300")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["max_diff_info_nce"] <= 1e-5
    assert figures["zero_shot_accuracy"] >= 0.7
    assert figures["final_loss"] < figures["first_loss"]
    assert 0.01 <= figures["temperature"] <= 1

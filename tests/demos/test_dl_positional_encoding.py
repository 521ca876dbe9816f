"""Sinusoidal encodings: the table, distance and rotation identities, permutation equivariance."""

from __future__ import annotations

import json
import math

import numpy as np
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.positional_encoding import dot_by_distance, self_attention, shift_matrix, sinusoidal_table


def test_table_matches_the_formula():
    pe = sinusoidal_table(50, 16)
    for pos in (0, 7, 49):
        for i in range(8):
            assert math.isclose(pe[pos, 2 * i], math.sin(pos / 10000 ** (2 * i / 16)), abs_tol=1e-12)
            assert math.isclose(pe[pos, 2 * i + 1], math.cos(pos / 10000 ** (2 * i / 16)), abs_tol=1e-12)


@settings(max_examples=20, deadline=None)
@given(d=st.integers(1, 32).map(lambda v: 2 * v), k=st.integers(0, 40))
def test_shift_is_a_rotation_and_dot_depends_on_distance(d, k):
    pe = sinusoidal_table(100, d)
    r = shift_matrix(k, d)
    assert np.abs(pe[: 100 - k] @ r.T - pe[k:]).max() <= 1e-9
    assert np.allclose(r @ r.T, np.eye(d))
    dots = np.einsum("pd,pd->p", pe[: 100 - k], pe[k:])
    assert np.abs(dots - dot_by_distance(np.array([k]), d)[0]).max() <= 1e-9


@settings(max_examples=15, deadline=None)
@given(t=st.integers(2, 8), seed=st.integers(0, 1000))
def test_attention_without_positions_is_permutation_equivariant(t, seed):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(2, t, 8, generator=gen, dtype=torch.float64)
    w = [torch.randn(8, 8, generator=gen, dtype=torch.float64) for _ in range(3)]
    perm = torch.randperm(t, generator=gen)
    assert (self_attention(x[:, perm], *w) - self_attention(x, *w)[:, perm]).abs().max() <= 1e-10


def test_demo_json(invoke):
    result = invoke("demo", "positional-encoding", "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    for key in ("max_diff_permutation", "max_diff_permutation_mha", "max_diff_dot_by_distance", "max_diff_rotation"):
        assert figures[key] <= 1e-9
    assert figures["accuracy_sinusoidal"] >= 0.95 and figures["accuracy_learned"] >= 0.95
    assert figures["accuracy_no_position"] <= 0.6
    sims = figures["similarity_by_distance"]
    assert sims[0] == 8.0 and sims[0] > sims[1] > sims[2]


def test_odd_width_is_refused(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "positional-encoding", "--json", "--d-model", "7"])
    assert result.exit_code != 0 and "even" in result.stderr

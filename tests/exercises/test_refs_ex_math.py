"""The math module's exercise references (ex-math) agree with torch and scikit-learn, which the checks never import."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from llmpath.exercises.registry import get_exercise


def _module(exercise_id):
    return importlib.import_module(f"llmpath.exercises.{get_exercise(exercise_id).package}.solution")


def test_pairwise_cosine_agrees_with_torch_and_scikit_learn():
    torch = pytest.importorskip("torch")
    from sklearn.metrics.pairwise import cosine_similarity

    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(4, 6)) * 3, rng.normal(size=(7, 6))
    b[2] = 0.0                                                    # a zero row: 0 in both libraries, never nan
    ours = _module("cosine-similarity").pairwise_cosine(a, b)
    theirs = torch.nn.functional.cosine_similarity(torch.tensor(a)[:, None, :], torch.tensor(b)[None, :, :], dim=-1)
    assert np.allclose(ours, theirs.numpy()) and np.allclose(ours, cosine_similarity(a, b))
    neighbours = _module("cosine-similarity").top_k_neighbours(a, b, 3)
    assert np.array_equal(neighbours, torch.topk(theirs, 3, dim=1).indices.numpy())

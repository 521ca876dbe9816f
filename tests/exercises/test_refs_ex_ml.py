"""The ml module's exercise references agree with scikit-learn (parent side only: the learner's child never imports it)."""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest

from llmpath.exercises.registry import get_exercise

pytest.importorskip("sklearn")


def _module(exercise_id):
    return importlib.import_module(f"llmpath.exercises.{get_exercise(exercise_id).package}.solution")


def _blobs(seed, k, d, per=25):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=6.0, size=(k, d))
    return np.concatenate([c + rng.normal(size=(per, d)) for c in centres]), rng


@pytest.mark.parametrize("seed, k, d", [(0, 3, 2), (1, 4, 4), (2, 5, 7)])
def test_kmeans_step_is_one_lloyd_iteration_of_scikit_learn(seed, k, d):
    from sklearn.cluster import KMeans
    from sklearn.metrics import pairwise_distances_argmin

    ref = _module("kmeans-step")
    points, rng = _blobs(seed, k, d)
    start = points[rng.choice(len(points), k, replace=False)] + rng.normal(scale=0.1, size=(k, d))
    labels = ref.assign(points, start)
    assert np.array_equal(labels, pairwise_distances_argmin(points, start))
    assert len(np.unique(labels)) == k          # scikit-learn relocates an empty cluster; our contract keeps it
    moved = ref.update(points, labels, start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # one iteration does not converge, and it says so
        km = KMeans(n_clusters=k, init=start, n_init=1, max_iter=1, algorithm="lloyd").fit(points)
    assert np.allclose(moved, km.cluster_centers_, rtol=0, atol=1e-10)
    # scikit-learn labels the points once more with the moved centroids and reports that inertia
    assert np.array_equal(ref.assign(points, moved), km.labels_)
    assert ref.inertia(points, moved, km.labels_) == pytest.approx(km.inertia_, rel=1e-10)
    assert ref.inertia(points, moved, km.labels_) == pytest.approx(-km.score(points), rel=1e-10)

"""The ml module's exercise references agree with scikit-learn (parent side only: the learner's child never imports it)."""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest

from tests.exercises.references import reference_module as _module

pytest.importorskip("sklearn")


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


@pytest.mark.parametrize("seed, n, classes", [(0, 40, 2), (1, 60, 3), (2, 25, 4)])
def test_best_split_finds_the_threshold_of_a_depth_one_scikit_learn_tree(seed, n, classes):
    from sklearn.tree import DecisionTreeClassifier

    ref = _module("gini-split")
    rng = np.random.default_rng(seed)
    x = np.round(rng.normal(scale=4.0, size=n) * 4) / 4          # quarters: exact in the tree's float32, with repeats
    y = np.clip((x + rng.normal(scale=2.0, size=n)) // 2 + classes // 2, 0, classes - 1).astype(int)
    threshold, decrease = ref.best_split(x, y)
    tree = DecisionTreeClassifier(max_depth=1, criterion="gini").fit(x[:, None], y).tree_
    assert tree.node_count == 3 and threshold == pytest.approx(tree.threshold[0], abs=1e-12)
    n_left, n_right = tree.n_node_samples[1:]
    weighted = (n_left * tree.impurity[1] + n_right * tree.impurity[2]) / n
    assert decrease == pytest.approx(tree.impurity[0] - weighted, abs=1e-12)
    assert ref.gini(y) == pytest.approx(tree.impurity[0], abs=1e-12)


def test_gini_split_cases_have_no_near_ties():
    """A learner's arithmetic may differ from the reference's in the last bits: every best threshold of the check
    must be clear (the runner-up more than 1e-9 lower), or an exact tie, which any arithmetic keeps."""
    check = importlib.import_module("llmpath.exercises.gini_split.check")
    ref = _module("gini-split")
    for case in check.cases():
        if case.func != "best_split":
            continue
        x, y = case.args["x"], case.args["y"]
        values = np.unique(x)
        decreases = np.array([ref.impurity_decrease(y, x <= t) for t in (values[:-1] + values[1:]) / 2])
        gaps = decreases.max() - decreases
        assert not np.any((gaps > 1e-15) & (gaps < 1e-9)), case.name[0]


@pytest.mark.parametrize("degree, lam", [(1, 0.0), (3, 0.1), (5, 2.0), (8, 0.01)])
def test_ridge_fit_is_scikit_learns_ridge_with_an_unpenalised_intercept(degree, lam):
    from sklearn.linear_model import Ridge

    ref = _module("ridge-polynomial")
    rng = np.random.default_rng(degree)
    x = rng.uniform(-1, 1, 40)
    y = np.sin(np.pi * x) + rng.normal(scale=0.2, size=40) + 3.0          # a level far from 0: a penalised bias would show
    X = ref.poly_features(x, degree)
    assert np.allclose(X, np.vander(x, degree + 1, increasing=True))
    w = ref.ridge_fit(X, y, lam)
    sk = Ridge(alpha=lam, fit_intercept=True, solver="cholesky").fit(X[:, 1:], y)   # scikit-learn centres, so b is not penalised
    assert w[0] == pytest.approx(sk.intercept_, rel=1e-8) and np.allclose(w[1:], sk.coef_, rtol=1e-7, atol=1e-9)
    if lam == 0.0:
        assert np.allclose(w[::-1], np.polyfit(x, y, degree), rtol=1e-8)


def test_early_stopping_reference_on_the_units_curve_and_a_keras_like_rule():
    stop = _module("ridge-polynomial").early_stopping
    assert stop(np.array([0.90, 0.72, 0.65, 0.61, 0.63, 0.60, 0.62, 0.64, 0.66]), 3) == (6, 9)
    rng = np.random.default_rng(5)
    for _ in range(200):       # against the rule written the other way: stop at the first epoch `patience` after the best so far
        losses = np.round(rng.uniform(0, 1, rng.integers(1, 15)), 1)   # rounded: plenty of equal losses
        patience = int(rng.integers(1, 5))
        best = np.array([np.argmin(losses[:e + 1]) for e in range(len(losses))])   # argmin: the first of equal minima
        waited = np.arange(len(losses)) - best
        stopped = np.flatnonzero(waited == patience)
        expected = (int(best[stopped[0]]) + 1, int(stopped[0]) + 1) if len(stopped) else (int(best[-1]) + 1, len(losses))
        assert stop(losses, patience) == expected, (losses, patience)


def test_hinge_subgradient_is_torchs_autograd_and_the_loss_scikit_learns_hinge():
    torch = pytest.importorskip("torch")
    from sklearn.metrics import hinge_loss

    ref = _module("hinge-loss")
    rng = np.random.default_rng(4)
    X = rng.normal(size=(30, 3))
    y = np.where(rng.random(30) < 0.5, -1, 1)
    X[:4] = [[0.75, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0], [-0.25, 0.0, 0.0]]   # margins exactly 1: the kink
    y[:4] = [1, -1, 1, -1]
    w, b, C = np.array([2.0, 0.5, 1.5]), -0.5, 0.7
    objective, grad_w, grad_b = ref.hinge_loss_and_grad(w, b, X, y, C)
    assert np.allclose(y[:4] * (X[:4] @ w + b), 1.0, rtol=0, atol=0)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = 0.5 * wt @ wt + C * torch.relu(1 - torch.tensor(y, dtype=torch.float64) * (torch.tensor(X) @ wt + bt)).sum()
    loss.backward()                            # relu'(0) = 0 in torch: the points on the edge count for nothing
    assert objective == pytest.approx(loss.item(), rel=1e-12)
    assert np.allclose(grad_w, wt.grad.numpy(), rtol=1e-12) and grad_b == pytest.approx(bt.grad.item(), rel=1e-12)
    hinge_sum = (objective - 0.5 * w @ w) / C
    assert hinge_sum / len(y) == pytest.approx(hinge_loss(y, X @ w + b), rel=1e-12)


def test_on_or_inside_street_marks_scikit_learns_support_vectors_at_its_optimum():
    from sklearn.svm import SVC

    ref = _module("hinge-loss")
    rng = np.random.default_rng(8)
    y = np.where(rng.random(60) < 0.5, -1, 1)
    X = y[:, None] * np.array([1.2, 0.8]) + rng.normal(scale=0.7, size=(60, 2))
    svc = SVC(kernel="linear", C=1.0, tol=1e-8).fit(X, y)
    w, b = svc.coef_[0], float(svc.intercept_[0])
    width, _ = ref.street(w, b, X)
    assert width == pytest.approx(2 / np.linalg.norm(w))
    margins = y * (X @ w + b)
    # support vectors sit on an edge up to the solver's tolerance: mark them with m <= 1 + 1e-6
    assert np.array_equal(ref.on_or_inside_street(w, b, X, y) | (np.abs(margins - 1) < 1e-6),
                          np.isin(np.arange(60), svc.support_))


def test_hinge_cases_have_no_margin_near_the_kink_except_exact_ones():
    """A learner may compute y·(Xw + b) with other rounding: a margin within 1e-9 of 1 must be exactly 1."""
    check = importlib.import_module("llmpath.exercises.hinge_loss.check")
    for case in check.cases():
        if case.func == "street":
            continue
        a = case.args
        m = a["y"] * (a["X"] @ a["w"] + a["b"])
        assert not np.any((np.abs(m - 1) < 1e-9) & (m != 1)), case.name[0]

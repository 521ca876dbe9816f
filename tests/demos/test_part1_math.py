"""Part 1 math demos: each from-scratch function against numpy / scipy / torch on random inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos import entropy as ent
from llmpath.demos import eigen, gradient_descent, optimizers, pca, probability, svd, tensors, vanishing_gradients

seeds = st.integers(0, 10_000)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 5), k=st.integers(1, 5), m=st.integers(1, 5), seed=seeds)
def test_matmul_transpose_dot(n, k, m, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(n, k)), rng.normal(size=(k, m))
    assert np.allclose(tensors.matmul(a, b), a @ b, atol=1e-12)
    assert np.array_equal(tensors.transpose(a), a.T)
    assert tensors.dot(a[0], b[:, 0]) == pytest.approx(float(a[0] @ b[:, 0]), abs=1e-12)


def test_matmul_rejects_mismatched_shapes():
    with pytest.raises(ValueError):
        tensors.matmul(np.ones((2, 3)), np.ones((2, 3)))


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 6), seed=seeds)
def test_inverse_matches_numpy(n, seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(n, n)) + n * np.eye(n)  # diagonally dominant: well conditioned
    assert np.allclose(tensors.inverse(a), np.linalg.inv(a), atol=1e-9)


def test_inverse_of_singular_matrix_raises():
    with pytest.raises(np.linalg.LinAlgError):
        tensors.inverse(np.ones((3, 3)))


@settings(max_examples=15, deadline=None)
@given(b=st.integers(1, 3), t=st.integers(1, 4), h=st.integers(1, 5), o=st.integers(1, 4), seed=seeds)
def test_linear_layer_matches_broadcasting(b, t, h, o, seed):
    rng = np.random.default_rng(seed)
    x, w, bias = rng.normal(size=(b, t, h)), rng.normal(size=(h, o)), rng.normal(size=o)
    assert np.allclose(tensors.linear_layer(x, w, bias), x @ w + bias, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(2, 8), seed=seeds)
def test_power_iteration_and_deflation_match_eigh(n, seed):
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    values = np.linspace(10, 1, n)  # well separated, so 400 steps converge
    a = q @ np.diag(values) @ q.T
    lam, v, _ = eigen.power_iteration(a, 400, rng)
    ref_values, ref_vectors = np.linalg.eigh(a)
    assert lam == pytest.approx(ref_values[-1], abs=1e-8)
    assert np.allclose(eigen.aligned(v, ref_vectors[:, -1]), ref_vectors[:, -1], atol=1e-6)
    top, _ = eigen.top_eigenpairs(a, n, 400, rng)
    assert np.allclose(top, ref_values[::-1], atol=1e-6)


@settings(max_examples=15, deadline=None)
@given(m=st.integers(2, 12), n=st.integers(2, 12), seed=seeds)
def test_svd_helpers(m, n, seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(m, n))
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    assert np.allclose(svd.singular_values_from_eigh(a)[: len(s)], s, atol=1e-8)
    k = min(m, n) // 2 or 1
    approx = svd.low_rank(u, s, vt, k)
    assert np.linalg.matrix_rank(approx) == k
    assert np.linalg.norm(a - approx) == pytest.approx(np.sqrt(np.sum(s[k:] ** 2)), abs=1e-9)
    assert np.allclose(svd.low_rank(u, s, vt, len(s)), a, atol=1e-10)
    assert svd.compression_ratio(m, n, k) == pytest.approx(k * (m + n + 1) / (m * n))


def test_grayscale_weights():
    rgb = np.zeros((1, 3, 3))
    rgb[0, 0, 0], rgb[0, 1, 1], rgb[0, 2, 2] = 255, 255, 255
    assert np.allclose(svd.grayscale(rgb), [[0.299, 0.587, 0.114]])


@settings(max_examples=10, deadline=None)
@given(n=st.integers(10, 60), d=st.integers(2, 8), seed=seeds)
def test_pca_matches_sklearn(n, d, seed):
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)) @ rng.normal(size=(d, d))
    k = min(d, 3)
    comps, var, ratio, proj = pca.pca(x, k)
    ref = PCA(n_components=k, svd_solver="full").fit(x)
    assert np.allclose(var, ref.explained_variance_, rtol=1e-8, atol=1e-10)
    assert np.allclose(ratio, ref.explained_variance_ratio_, atol=1e-10)
    assert np.allclose(pca.align_signs(comps, ref.components_), ref.components_, atol=1e-6)
    assert np.allclose(pca.align_signs(proj.T, ref.transform(x).T), ref.transform(x).T, atol=1e-6)


@settings(max_examples=20, deadline=None)
@given(n=st.integers(2, 200), seed=seeds)
def test_probability_estimators(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, size=n)
    mu, var = probability.normal_mle(x)
    assert mu == pytest.approx(np.mean(x), abs=1e-10)
    assert var == pytest.approx(np.var(x), abs=1e-10)
    assert np.allclose(probability.running_mean(x), np.cumsum(x) / np.arange(1, n + 1))
    coin = (rng.random(n) < 0.3).astype(float)
    assert probability.bernoulli_mle(coin) == pytest.approx(coin.mean())


def test_normal_mle_maximises_scipy_log_likelihood():
    from scipy.stats import norm

    x = np.random.default_rng(0).normal(3, 0.5, size=500)
    mu, var = probability.normal_mle(x)
    ll = probability.normal_log_likelihood(x, mu, var)
    assert ll == pytest.approx(norm.logpdf(x, mu, np.sqrt(var)).sum(), rel=1e-10)
    assert ll > probability.normal_log_likelihood(x, mu + 0.01, var)
    assert ll > probability.normal_log_likelihood(x, mu, var * 1.02)


@settings(max_examples=20, deadline=None)
@given(heads=st.integers(0, 30), tails=st.integers(0, 30), a=st.floats(1, 5), b=st.floats(1, 5))
def test_grid_posterior_matches_beta(heads, tails, a, b):
    grid = np.linspace(0.0005, 0.9995, 2000)
    post = probability.grid_posterior(heads, tails, a, b, grid)
    assert float(np.sum(grid * post)) == pytest.approx((a + heads) / (a + b + heads + tails), abs=1e-3)


def test_bayes_rule_textbook():
    assert probability.bayes_rule(0.01, 0.95, 0.05) == pytest.approx(0.0095 / (0.0095 + 0.0495))


probs = st.lists(st.floats(0.01, 1.0), min_size=2, max_size=8)


@settings(max_examples=30, deadline=None)
@given(p=probs, q=probs)
def test_entropy_cross_entropy_kl_match_scipy(p, q):
    from scipy.stats import entropy as scipy_entropy

    n = min(len(p), len(q))
    p, q = np.array(p[:n]) / sum(p[:n]), np.array(q[:n]) / sum(q[:n])
    assert ent.entropy(p) == pytest.approx(scipy_entropy(p), abs=1e-12)
    assert ent.kl_divergence(p, q) == pytest.approx(scipy_entropy(p, q), abs=1e-12)
    assert ent.cross_entropy(p, q) == pytest.approx(ent.entropy(p) + ent.kl_divergence(p, q), abs=1e-12)
    assert ent.kl_divergence(p, q) >= -1e-12


@settings(max_examples=30, deadline=None)
@given(z=st.lists(st.floats(-50, 50), min_size=1, max_size=10), t=st.floats(0.05, 20))
def test_softmax_and_token_loss_match_torch(z, t):
    import torch

    z = np.array(z)
    ref = torch.softmax(torch.tensor(z) / t, dim=0).numpy()
    assert np.allclose(ent.softmax(z, t), ref, atol=1e-12)
    loss = ent.token_loss(z, 0)
    ref_loss = torch.nn.functional.cross_entropy(torch.tensor(z)[None], torch.tensor([0])).item()
    assert loss == pytest.approx(ref_loss, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(w=st.tuples(st.floats(-5, 5), st.floats(-5, 5)))
def test_gradient_matches_finite_differences(w):
    w = np.array(w)
    assert np.allclose(gradient_descent.grad(w), gradient_descent.numerical_grad(gradient_descent.loss, w), atol=1e-5)


def test_gradient_descent_converges_below_limit_and_diverges_above():
    w_star = np.linalg.solve(gradient_descent.A, gradient_descent.B)
    path, _ = gradient_descent.gradient_descent(0.1, 500)
    assert np.allclose(path[-1], w_star, atol=1e-8)
    _, losses = gradient_descent.gradient_descent(0.25, 200)
    assert not np.isfinite(losses[-1]) or losses[-1] > 1e6


def test_optimizers_match_torch_optim():
    assert optimizers.torch_check(0.1, seed=0, steps=5) <= 1e-6
    assert optimizers.torch_check(0.0, seed=1, steps=3) <= 1e-6


@settings(max_examples=10, deadline=None)
@given(n=st.integers(5, 40), d=st.integers(1, 6), seed=seeds)
def test_log_loss_matches_sklearn_and_gradient(n, d, seed):
    from sklearn.metrics import log_loss

    rng = np.random.default_rng(seed)
    x = np.hstack([rng.normal(size=(n, d)), np.ones((n, 1))])
    y = (rng.random(n) < 0.5).astype(float)
    y[0], y[1] = 0, 1
    w = rng.normal(size=d + 1)
    loss, g = optimizers.log_loss_and_grad(w, x, y)
    assert loss == pytest.approx(log_loss(y, 1 / (1 + np.exp(-(x @ w)))), abs=1e-9)
    num = np.array([(optimizers.log_loss_and_grad(w + e, x, y)[0] - optimizers.log_loss_and_grad(w - e, x, y)[0]) / 2e-6 for e in np.eye(d + 1) * 1e-6])
    assert np.allclose(g, num, atol=1e-6)


@pytest.mark.parametrize("kind", ["sigmoid", "relu", "residual"])
def test_hand_backprop_matches_torch_autograd(kind):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(8, 12))
    weights = vanishing_gradients.init_weights(rng, 5, 12, kind)
    _, ours = vanishing_gradients.forward_backward(x, weights, kind)
    ref = vanishing_gradients.torch_grads(x, weights, kind)
    for g, r in zip(ours, ref):
        assert np.allclose(g, r, atol=1e-9)


def test_layer_norm_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, dy = rng.normal(size=(3, 6)), rng.normal(size=(3, 6))
    f = lambda z: float(np.sum(vanishing_gradients.layer_norm(z) * dy))  # noqa: E731
    num = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = 1e-6
        num[idx] = (f(x + e) - f(x - e)) / 2e-6
    assert np.allclose(vanishing_gradients.layer_norm_backward(x, dy), num, atol=1e-6)


def test_china_photo_is_sklearns_sample_image():
    from sklearn.datasets import load_sample_image

    assert np.array_equal(svd.load_china(), load_sample_image("china.jpg"))

"""The math module's exercise references (ex-math) agree with torch and scikit-learn, which the checks never import."""

from __future__ import annotations


import numpy as np
import pytest

from tests.exercises.references import reference_module as _module


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


def test_gaussian_mle_and_beta_posterior_agree_with_scipy():
    stats = pytest.importorskip("scipy.stats")

    ref = _module("gaussian-mle-beta-posterior")
    x = np.random.default_rng(4).normal(3.0, 2.0, size=30)
    mu, sigma2 = ref.gaussian_mle(x)
    loc, scale = stats.norm.fit(x)                                # scipy's fit is the MLE: scale is σ̂, divided by n
    assert np.isclose(mu, loc) and np.isclose(sigma2, scale ** 2)
    assert np.isclose(ref.gaussian_nll(x, 2.5, 3.0), -stats.norm.logpdf(x, 2.5, np.sqrt(3.0)).sum())
    grid = np.linspace(0.0, 1.0, 200001)
    for alpha, beta, heads, tails in ((2, 2, 0, 3), (2, 2, 700, 300), (3, 1, 2, 0), (1, 1, 0, 4), (4.5, 1.5, 7, 23)):
        a, b, mean, peak = ref.beta_posterior(alpha, beta, heads, tails)
        assert (a, b) == (alpha + heads, beta + tails)
        assert np.isclose(mean, stats.beta(a, b).mean())
        assert abs(peak - grid[np.argmax(stats.beta(a, b).pdf(grid))]) < 1e-5    # the MAP is the density's peak


def test_categorical_sampling_agrees_with_numpy_choice_and_scipy():
    stats = pytest.importorskip("scipy.stats")

    ref = _module("categorical-sampling")
    weights = np.array([0.5, 0.0, 2.0, 1.0, 0.25, 1.25])
    p = weights / weights.sum()
    # Generator.choice with p draws by the same inverse CDF (searchsorted side="right") from the same uniform stream.
    chosen = np.random.default_rng(11).choice(len(p), size=400, p=p)
    ours = ref.sample_categorical(weights, np.random.default_rng(11).random(400))
    assert np.array_equal(ours, chosen) and not np.any(ours == 1)
    assert np.allclose(ref.empirical_distribution(ours, len(p)), np.bincount(chosen, minlength=len(p)) / 400)
    values = np.array([-2.0, 0.5, 1.0, 3.0, 4.5, 7.0])
    mean, variance, std = ref.expectation_variance(values, weights)
    variable = stats.rv_discrete(values=(np.arange(len(p)), p))   # rv_discrete needs integer support: map it
    assert np.isclose(mean, variable.expect(lambda k: values[k.astype(int)]))
    assert np.isclose(variance, variable.expect(lambda k: (values[k.astype(int)] - mean) ** 2)) and np.isclose(std ** 2, variance)


def test_clip_grad_norm_agrees_with_torch_clip_grad_norm_():
    torch = pytest.importorskip("torch")

    ref = _module("clip-grad-norm")
    rng = np.random.default_rng(5)
    for scale, max_norm in ((3.0, 1.0), (0.05, 1.0), (2000.0, 0.5)):            # clipped, left alone, an explosion
        grads = [rng.normal(size=shape) * scale for shape in ((4, 3), (3,), (2, 2, 2))]
        params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
        for p, g in zip(params, grads):
            p.grad = torch.tensor(g)
        torch_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
        before = [g.copy() for g in grads]
        clipped, total = ref.clip_grad_norm(grads, max_norm)
        assert np.isclose(total, torch_norm.item()) and np.isclose(ref.global_grad_norm(grads), total)
        assert all(np.allclose(c, p.grad.numpy(), rtol=1e-12, atol=0) for c, p in zip(clipped, params))
        assert all(np.array_equal(g, b) for g, b in zip(grads, before))          # ours leaves the inputs alone

"""Every built-in figure function against an independent computation (scikit-learn, torch, scipy,
numpy, pandas, a paper's table), and every function safe at the corners of its parameters."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np
import pytest

from llmpath.content.lint import zh_problem
from llmpath.figures import functions as fx
from llmpath.figures.functions import FUNCTIONS

torch = pytest.importorskip("torch")


def plot(name, **params):
    function = FUNCTIONS[name]
    return function.compute(**function.arguments(params))


def curve(result, index=0):
    return np.array(result.curves[index].x), np.array(result.curves[index].y)


def test_roc_matches_sklearn():
    from sklearn.metrics import roc_auc_score, roc_curve

    labels, scores = fx.classifier_scores(300, 1.2, 0.25, 3)
    fpr, tpr, _ = roc_curve(labels, scores, drop_intermediate=False)
    x, y = curve(plot("roc-curve", n=300, separation=1.2, positive_share=0.25, seed=3))
    np.testing.assert_allclose(x, fpr, atol=1e-12)
    np.testing.assert_allclose(y, tpr, atol=1e-12)
    assert plot("roc-curve", n=300, separation=1.2, positive_share=0.25, seed=3).notes[0].en == f"AUC = {roc_auc_score(labels, scores):.2f}"


def test_pr_matches_sklearn():
    from sklearn.metrics import average_precision_score, precision_recall_curve

    labels, scores = fx.classifier_scores(200, 1.5, 0.3, 0)
    precision, recall, _ = precision_recall_curve(labels, scores, drop_intermediate=False)
    x, y = curve(plot("pr-curve"))
    theirs = sorted(zip(recall[:-1], precision[:-1]))  # sklearn appends the (recall 0, precision 1) end point
    np.testing.assert_allclose(sorted(zip(x, y)), theirs, atol=1e-12)
    assert f"{average_precision_score(labels, scores):.2f}" in plot("pr-curve").notes[0].en


def test_coin_likelihood_is_the_binomial_and_peaks_at_0_7():
    from scipy.stats import binom

    x, y = curve(plot("coin-likelihood", heads=7, flips=10))
    np.testing.assert_allclose(y, binom.pmf(7, 10, x), rtol=1e-12, atol=1e-300)
    assert x[np.argmax(y)] == pytest.approx(0.7)


def test_normal_pdf_and_entropy_match_scipy():
    from scipy.stats import entropy, norm

    result = plot("normal-pdf", means=[0, 2], sigmas=[1, 0.5])
    for i, (m, s) in enumerate([(0, 1), (2, 0.5)]):
        x, y = curve(result, i)
        np.testing.assert_allclose(y, norm.pdf(x, m, s), rtol=1e-12)
    x, y = curve(plot("entropy-curve"))
    np.testing.assert_allclose(y, [entropy([p, 1 - p], base=2) for p in x], atol=1e-12)


def test_softmax_bars_match_torch():
    result = plot("softmax-bars", logits=[3.0, 1.0, -2.0], words=["a", "b", "c"], temperatures=[0.5, 2.0])
    for group, t in zip(result.bars, (0.5, 2.0)):
        np.testing.assert_allclose(group.y, torch.softmax(torch.tensor([3.0, 1.0, -2.0], dtype=torch.float64) / t, 0).numpy(), rtol=1e-12)


def _torch_descent(make_optimizer, loss_of, start, steps):
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer, losses = make_optimizer([p]), []
    for _ in range(steps + 1):
        optimizer.zero_grad()
        loss = loss_of(p)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return losses


def test_lr_curves_match_torch_sgd():
    result = plot("lr-curves", lrs=[0.1, 1.05], steps=20)
    for c, lr in zip(result.curves, (0.1, 1.05)):
        theirs = _torch_descent(lambda ps: torch.optim.SGD(ps, lr=lr), lambda p: (p ** 2).sum(), [1.0], 20)
        np.testing.assert_allclose(c.y, theirs, rtol=1e-10)


def test_optimizer_race_matches_torch_optim():
    kappa = 25.0
    loss = lambda p: (p[0] ** 2 + kappa * p[1] ** 2) / 2  # noqa: E731
    makers = {"SGD": lambda ps: torch.optim.SGD(ps, lr=0.01), "momentum": lambda ps: torch.optim.SGD(ps, lr=0.01, momentum=0.9),
              "Adam": lambda ps: torch.optim.Adam(ps, lr=0.05)}
    for c in plot("optimizer-race", kappa=kappa, lr=0.01, adam_lr=0.05, steps=40).curves:
        np.testing.assert_allclose(c.y, _torch_descent(makers[c.name.en], loss, [1.0, 1.0], 40), rtol=1e-9)


def test_lr_schedule_matches_torch_schedulers():
    warmup, total, peak = 10, 100, 0.1
    p = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=peak)
    scheduler = torch.optim.lr_scheduler.SequentialLR(optimizer, [
        torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1e-12, end_factor=1.0, total_iters=warmup),
        torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=0.0)], milestones=[warmup])
    rates = []
    for _ in range(total + 1):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    x, y = curve(plot("lr-schedule", warmup=warmup, total=total, peak=peak))
    np.testing.assert_allclose(y, [rates[int(s)] for s in x], atol=1e-9)


@pytest.mark.parametrize("activation, weight", [("sigmoid", 4.0), ("tanh", 0.9), ("linear", 1.2), ("relu", 1.5)])
def test_gradient_through_depth_matches_autograd(activation, weight):
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "linear": lambda z: z, "relu": torch.relu}[activation]
    hidden = [torch.tensor(0.5, dtype=torch.float64, requires_grad=True)]
    for _ in range(12):
        hidden.append(act(weight * hidden[-1]))
        hidden[-1].retain_grad()
    hidden[-1].backward()
    theirs = [abs(h.grad.item()) if h.grad is not None else 1.0 for h in reversed(hidden)]
    np.testing.assert_allclose(plot("gradient-depth", activation=activation, weights=[weight], depth=12).curves[0].y, theirs, rtol=1e-10)


def test_activations_and_function_gradient_match_torch():
    import torch.nn.functional as F

    expected = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "gelu": F.gelu, "silu": F.silu}
    for c in plot("activations", names=list(expected)).curves:
        np.testing.assert_allclose(c.y, expected[c.name.en](torch.tensor(c.x, dtype=torch.float64)).numpy(), atol=1e-12)
    for name, f in {"cubic": lambda x: x ** 3 - 2 * x, "sin": torch.sin, "tanh": torch.tanh, "softplus": F.softplus}.items():
        result = plot("function-gradient", function=name)
        x = torch.tensor(result.curves[0].x, dtype=torch.float64, requires_grad=True)
        y = f(x)
        y.sum().backward()
        np.testing.assert_allclose(result.curves[0].y, y.detach().numpy(), atol=1e-12)
        np.testing.assert_allclose(result.curves[1].y, x.grad.numpy(), atol=1e-12)


def test_pca_axes_match_sklearn():
    from sklearn.decomposition import PCA

    points = np.array(fx.correlated_points(150, 0.8, 0))
    pca = PCA(2).fit(points)
    _, axes = fx.principal_axes(points.tolist())
    for (variance, direction), theirs_var, theirs_dir in zip(axes, pca.explained_variance_, pca.components_):
        assert variance == pytest.approx(theirs_var, rel=1e-10)
        assert abs(np.dot(direction, theirs_dir)) == pytest.approx(1.0, abs=1e-10)  # the same axis, up to sign
    assert f"{100 * pca.explained_variance_ratio_[0]:.0f} %" in plot("pca-axes").notes[0].en


def test_kmeans_matches_sklearn_from_the_same_start():
    from sklearn.cluster import KMeans

    points = fx.blobs(4, 25, 1.0, 2)
    start = fx.initial_centres(points, 4, 2)
    centres, labels = fx.kmeans(points, start, 100)
    theirs = KMeans(4, init=np.array(start), n_init=1, max_iter=100, tol=0, algorithm="lloyd").fit(np.array(points))
    np.testing.assert_allclose(centres, theirs.cluster_centers_, atol=1e-9)
    assert labels == theirs.labels_.tolist()
    elbow = plot("kmeans-elbow", true_k=3, max_k=5, seed=1)
    data = fx.blobs(3, 30, 0.8, 1)
    for k, inertia in zip(elbow.curves[0].x, elbow.curves[0].y):
        fit = KMeans(int(k), init=np.array(fx.initial_centres(data, int(k), 1)), n_init=1, max_iter=100, tol=0, algorithm="lloyd").fit(np.array(data))
        assert inertia == pytest.approx(fit.inertia_, rel=1e-9)


def test_polynomial_errors_match_numpy_polyfit():
    import random

    rng = random.Random(0)
    xs, ys = fx.noisy_sine(30, 0.2, rng)
    vx, vy = fx.noisy_sine(200, 0.2, rng)
    train, valid = fx.polynomial_errors(30, 0.2, 9, 0)
    for degree in range(10):
        coef = np.polyfit(xs, ys, degree)
        assert train[degree] == pytest.approx(np.mean((np.polyval(coef, xs) - ys) ** 2), rel=1e-6)
        assert valid[degree] == pytest.approx(np.mean((np.polyval(coef, vx) - vy) ** 2), rel=1e-6)


def test_train_val_curves_match_numpy_gradient_descent():
    tx, ty, vx, vy = (np.array(a) for a in fx.regression_task(20, 30, 1.0, 0))
    w, train, valid = np.zeros(30), [], []
    for _ in range(41):
        train.append(np.mean((tx @ w - ty) ** 2))
        valid.append(np.mean((vx @ w - vy) ** 2))
        w -= 0.05 * 2 * tx.T @ (tx @ w - ty) / len(ty)
    ours_train, ours_valid = fx.gd_curves(20, 30, 1.0, 0.05, 40, 0)
    np.testing.assert_allclose(ours_train, train, rtol=1e-9)
    np.testing.assert_allclose(ours_valid, valid, rtol=1e-9)
    best = int(np.argmin(valid))
    assert 0 < best < 40 and valid[-1] > valid[best]  # the figure's point: validation turns back up


def test_logistic_fit_matches_sklearn():
    from sklearn.linear_model import LogisticRegression

    xs, ys = fx.logistic_data(60, 2.0, 0)
    w, b = fx.fit_logistic(xs, ys, 1.0)
    model = LogisticRegression(C=1.0, tol=1e-10, max_iter=10_000).fit(np.array(xs)[:, None], ys)
    assert w == pytest.approx(model.coef_[0][0], abs=1e-5) and b == pytest.approx(model.intercept_[0], abs=1e-5)


def test_losses_match_torch_and_sklearn():
    import torch.nn.functional as F
    from sklearn.metrics import hinge_loss

    result = plot("regression-losses", delta=1.5)
    e = torch.tensor(result.curves[0].x, dtype=torch.float64)
    zero = torch.zeros_like(e)
    for c, theirs in zip(result.curves, (F.mse_loss(e, zero, reduction="none"), F.l1_loss(e, zero, reduction="none"),
                                         F.huber_loss(e, zero, reduction="none", delta=1.5))):
        np.testing.assert_allclose(c.y, theirs.numpy(), atol=1e-12)
    margins = plot("margin-losses")
    m = np.array(margins.curves[1].x)
    np.testing.assert_allclose(margins.curves[1].y, [hinge_loss([1, -1], [v, -v]) for v in m], atol=1e-12)  # both points have margin v
    np.testing.assert_allclose(margins.curves[2].y, F.soft_margin_loss(torch.tensor(m), torch.ones(len(m), dtype=torch.float64), reduction="none").numpy(), atol=1e-12)


def test_impurity_matches_a_sklearn_tree():
    from sklearn.tree import DecisionTreeClassifier

    result = plot("impurity")
    for k in (10, 30, 50, 90):
        y = [1] * k + [0] * (100 - k)
        for index, criterion in ((0, "gini"), (1, "entropy")):
            root = DecisionTreeClassifier(criterion=criterion, max_depth=1).fit(np.zeros((100, 1)), y).tree_.impurity[0]
            assert result.curves[index].y[k] == pytest.approx(root, abs=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_attention_weights_match_torch_sdpa(causal):
    import torch.nn.functional as F

    tokens = ["a", "b", "c", "d", "e"]
    q, k = (torch.tensor(m, dtype=torch.float64) for m in fx.attention_inputs(5, 8, 4))
    weights = F.scaled_dot_product_attention(q[None], k[None], torch.eye(5, dtype=torch.float64)[None], is_causal=causal)[0]  # V = I: the output is the weights
    ours = plot("attention-weights", tokens=tokens, d_k=8, causal=causal, seed=4).panels[0].values
    np.testing.assert_allclose(ours, weights.numpy(), atol=1e-12)


def test_attention_heads_match_torch_multihead_attention():
    x, wq, wk = fx.head_inputs(4, 12, 0)
    layer = torch.nn.MultiheadAttention(12, 3, bias=False, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        layer.in_proj_weight.copy_(torch.tensor(wq + wk + np.eye(12).tolist(), dtype=torch.float64))
    inputs = torch.tensor(x, dtype=torch.float64)[None]
    _, weights = layer(inputs, inputs, inputs, need_weights=True, average_attn_weights=False)
    for head, panel in enumerate(plot("attention-heads", heads=3, tokens=["I", "love", "deep", "nets"], d_model=12, seed=0).panels):
        np.testing.assert_allclose(panel.values, weights[0, head].detach().numpy(), atol=1e-12)


def test_similarity_matrix_matches_torch():
    import torch.nn.functional as F

    images, texts = (torch.tensor(m, dtype=torch.float64) for m in fx.paired_embeddings(5, 32, 2.0, 0))
    logits = F.cosine_similarity(images[:, None], texts[None], dim=-1) / 0.1
    result = plot("similarity-matrix")
    np.testing.assert_allclose(result.panels[0].values, torch.softmax(logits, 1).numpy(), atol=1e-12)
    assert f"{F.cross_entropy(logits, torch.arange(5)).item():.2f}" in result.notes[0].en


@pytest.mark.parametrize("a, b", [([3, 1], [4]), ([1, 5], [2, 1]), ([4], [1]), ([2, 3], [2, 3])])
def test_broadcast_cells_match_numpy_strides(a, b):
    result = plot("broadcast", a=a, b=b)
    shape = np.broadcast_shapes(tuple(a), tuple(b))
    assert result.panels[2].title.en.endswith(str(tuple(shape)).replace(",)", ",)"))
    for panel, own in zip(result.panels, (a, b)):
        view = np.broadcast_to(np.zeros(own), shape).reshape(-1, shape[-1]) if len(shape) > 1 else np.broadcast_to(np.zeros(own), shape)[None]
        stretched = [axis for axis, stride in enumerate(np.broadcast_to(np.zeros(own), shape).strides) if stride == 0]
        for index in itertools.product(*(range(n) for n in view.shape)):
            full = index if len(shape) > 1 else index[1:]
            stored = all(full[axis] == 0 for axis in stretched)
            assert (panel.values[index[0]][index[1]] == 1.0) == stored
    assert fx.broadcast_shape([3, 2], [4]) is None and FUNCTIONS["broadcast"].check({"a": [3, 2], "b": [4]})


def test_matmul_highlights_the_entries_numpy_multiplies():
    result = plot("matmul", m=3, k=2, n=4, row=2, col=1)
    a, b, c = (np.array(p.values) == 1.0 for p in result.panels)
    np.testing.assert_array_equal((a.astype(int) @ b.astype(int)) == a.shape[1], c)  # only the highlighted row·column sums all k products


def test_kfold_matches_sklearn():
    from sklearn.model_selection import KFold

    panel = plot("kfold", k=4, n=10).panels[0]
    for row, (_, held_out) in zip(panel.values, KFold(4).split(np.zeros(10))):
        assert [i for i, v in enumerate(row) if v == 1.0] == held_out.tolist()


def test_masks_and_padding_match_torch():
    from torch.nn.utils.rnn import pad_sequence

    full, causal = plot("attention-masks", length=5).panels
    np.testing.assert_array_equal(causal.values, torch.tril(torch.ones(5, 5)).numpy())
    assert np.all(np.array(full.values) == 1)
    lengths = [5, 3, 9, 2]
    mask = pad_sequence([torch.ones(min(n, 6)) for n in lengths], batch_first=True).numpy()
    np.testing.assert_array_equal(plot("padding-mask", lengths=lengths, max_length=6, padding="longest").panels[0].values, mask)
    assert np.array(plot("padding-mask", lengths=lengths, max_length=6, padding="max_length").panels[0].values).shape == (4, 6)


def test_norm_axes_are_what_torch_normalises_together():
    from torch.autograd.functional import jacobian

    layer, batch = plot("norm-axes", batch=4, features=6, row=1, col=2).panels
    x = torch.randn(4, 6, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    ln = jacobian(lambda t: torch.nn.functional.layer_norm(t, (6,))[1, 2], x)  # which inputs one output depends on
    bn = jacobian(lambda t: torch.nn.functional.batch_norm(t, None, None, training=True)[1, 2], x)
    np.testing.assert_array_equal(np.array(layer.values) == 1.0, ln.abs().numpy() > 1e-12)
    np.testing.assert_array_equal(np.array(batch.values) == 1.0, bn.abs().numpy() > 1e-12)


def test_convolution_matches_torch_conv2d():
    import torch.nn.functional as F

    for image, kernel in itertools.product(fx.IMAGES, fx.KERNELS):
        out = F.conv2d(torch.tensor(fx.IMAGES[image], dtype=torch.float64)[None, None], torch.tensor(fx.KERNELS[kernel], dtype=torch.float64)[None, None])[0, 0]
        np.testing.assert_allclose(fx.correlate(fx.IMAGES[image], fx.KERNELS[kernel]), out.numpy(), atol=1e-12)


def test_sinusoidal_pe_matches_the_papers_formula_vectorised():
    d, n = 64, 50
    position = np.arange(n)[:, None]
    div = np.exp(np.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = np.zeros((n, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(position * div), np.cos(position * div)
    for c, dim in zip(plot("sinusoidal-pe", d_model=d, dims=[0, 1, 8, 33], positions=n).curves, (0, 1, 8, 33)):
        np.testing.assert_allclose(c.y, pe[:, dim], atol=1e-12)


def test_ema_matches_pandas():
    import pandas as pd

    result = plot("ema-smoothing", beta=0.8, steps=50, seed=2)
    theirs = pd.Series(result.curves[0].y).ewm(alpha=0.2, adjust=False).mean()
    np.testing.assert_allclose(result.curves[1].y, theirs.to_numpy(), rtol=1e-12)


def test_kv_cache_bytes_match_a_torch_cache():
    layers, heads, head_dim = 4, 2, 16
    cache = torch.empty(layers, 2, 1, heads, 100, head_dim, dtype=torch.float16)  # (layer, k/v, batch, head, token, dim)
    assert fx.kv_bytes_per_token(layers, heads, head_dim, 2) * 100 == cache.numel() * cache.element_size()


def test_zero_memory_matches_the_zero_paper():
    # Rajbhandari et al. 2020, Figure 1: Ψ = 7.5B, N_d = 64, K = 12
    memory = fx.zero_memory_gb(7.5, 64)
    for stage, paper in {"DDP": 120, "ZeRO-1": 31.4, "ZeRO-2": 16.6, "ZeRO-3": 1.9}.items():
        assert memory[stage] == pytest.approx(paper, abs=0.06)


def test_bpe_counts_drop_by_the_most_frequent_pair():
    text = "low lower lowest newer newest wider widest"
    counts = fx.bpe_counts(text, 12)
    assert counts[0] == len(text.replace(" ", ""))
    first_pair = Counter(p for w in text.split() for p in zip(w, w[1:])).most_common(1)[0][1]
    assert counts[0] - counts[1] == first_pair
    assert all(a > b for a, b in zip(counts, counts[1:]))


def _corners(param):
    if param.kind == "bool":
        return [True, False]
    if param.kind == "choice":
        return list(param.choices)
    if param.kind in ("int", "float"):
        cast = int if param.kind == "int" else float
        return [cast(param.low), cast(param.high), param.default]
    return [param.default]


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_survives_its_bounds_and_speaks_both_languages(name):
    import time

    function = FUNCTIONS[name]
    assert function.check is None or function.check(function.arguments({})) is None, "the defaults must pass the function's own check"
    began = time.perf_counter()
    for key, param in function.params.items():
        for value in _corners(param):
            args = function.arguments({key: value})
            if function.check and function.check(args):
                continue
            try:
                result = function.compute(**args)
            except (ArithmeticError, ValueError):
                continue  # shown as the text description (figures.compute returns None)
            assert result.kind in ("xy", "bars", "matrix")
    assert time.perf_counter() - began < 20, "a figure at its bounds must not compute for long"
    for note in function.compute(**function.arguments({})).notes:
        assert zh_problem(note.zh) is None, note.zh


def test_lora_params_match_torch_modules():
    adapter = torch.nn.Sequential(torch.nn.Linear(300, 8, bias=False), torch.nn.Linear(8, 200, bias=False))  # A then B
    assert fx.lora_trainable(200, 300, 8) == sum(p.numel() for p in adapter.parameters())
    full = plot("lora-params", d_out=200, d_in=300, max_rank=8).curves[1].y[0]
    assert full == torch.nn.Linear(300, 200, bias=False).weight.numel()


def test_preference_loss_matches_torch_logsigmoid():
    import torch.nn.functional as F

    result = plot("preference-loss", betas=[0.1, 2.0], span=40)
    for c, beta in zip(result.curves, (0.1, 2.0)):
        np.testing.assert_allclose(c.y, (-F.logsigmoid(beta * torch.tensor(c.x, dtype=torch.float64))).numpy(), rtol=1e-9, atol=1e-12)


def test_perplexity_is_exp_of_torch_cross_entropy():
    import torch.nn.functional as F

    logits = torch.randn(50, 100, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    loss = F.cross_entropy(logits, torch.arange(50)).item()
    x, y = curve(plot("perplexity", max_loss=10))
    assert np.interp(loss, x, y) == pytest.approx(math.exp(loss), rel=2e-3)  # the curve passes through (loss, perplexity)


def test_retrieval_hits_match_sklearn_top_k_accuracy():
    from sklearn.metrics import top_k_accuracy_score

    scores = np.array(fx.retrieval_scores(40, 40, 16, 1.5, 3))
    result = plot("retrieval-hits", queries=40, passages=40, dim=16, noise=1.5, max_k=5, seed=3)
    for k, hit in zip(result.curves[0].x, result.curves[0].y):
        assert hit == pytest.approx(top_k_accuracy_score(np.arange(40), scores, k=int(k), labels=np.arange(40)))

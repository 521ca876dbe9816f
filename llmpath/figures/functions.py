"""The built-in figure functions: each computes one picture's data from a few parameters.

Pure Python (``math``, ``random``): a figure is computed only when a section shows it, and
showing text must not import numpy or torch. Every function is checked against an
independent computation (scikit-learn, torch, scipy, numpy) in ``tests/test_figure_functions.py``.
Random data is drawn from ``random.Random(seed)``, so a figure is the same on every run.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from llmpath.content.models import L10n
from llmpath.figures.params import FigureFunction, Param
from llmpath.figures.plot import Curve, Panel, Plot, same

FUNCTIONS: dict[str, FigureFunction] = {}

SEED = Param("int", 0, 0, 10_000)


def figure_function(name: str, *, check: Callable[[dict[str, Any]], str | None] | None = None,
                    **params: Param) -> Callable[[Callable[..., Plot]], Callable[..., Plot]]:
    def register(compute: Callable[..., Plot]) -> Callable[..., Plot]:
        FUNCTIONS[name] = FigureFunction(name, params, compute, check, (compute.__doc__ or "").strip().splitlines()[0])
        return compute
    return register


def grid(low: float, high: float, count: int) -> list[float]:
    return [low + (high - low) * i / (count - 1) for i in range(count)]


def softmax(values: list[float]) -> list[float]:
    top = max(values)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def gauss_matrix(rows: int, cols: int, rng: random.Random, scale: float = 1.0) -> list[list[float]]:
    return [[rng.gauss(0.0, scale) for _ in range(cols)] for _ in range(rows)]


def matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    columns = list(zip(*b))
    return [[sum(x * y for x, y in zip(row, col)) for col in columns] for row in a]


def transpose(a: list[list[float]]) -> list[list[float]]:
    return [list(col) for col in zip(*a)]


def _rows(matrix: list[list[float]]) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(row) for row in matrix)


def _pct(value: float) -> str:
    return f"{100 * value:.0f}"


# ------------------------------------------------------------------ classification metrics

def classifier_scores(n: int, separation: float, positive_share: float, seed: int) -> tuple[list[int], list[float]]:
    """Labels and scores of a classifier: positives score N(separation, 1), negatives N(0, 1)."""
    rng = random.Random(seed)
    positives = max(1, min(n - 1, round(n * positive_share)))
    labels = [1] * positives + [0] * (n - positives)
    scores = [round(rng.gauss(separation if y else 0.0, 1.0), 6) for y in labels]
    return labels, scores


def _confusion_by_threshold(labels: list[int], scores: list[float]) -> list[tuple[int, int]]:
    """(true positives, false positives) when everything scoring ≥ each distinct score is flagged, highest first."""
    pairs = sorted(zip(scores, labels), reverse=True)
    counts, tp, fp = [], 0, 0
    for i, (score, label) in enumerate(pairs):
        tp, fp = tp + label, fp + (1 - label)
        if i + 1 == len(pairs) or pairs[i + 1][0] != score:
            counts.append((tp, fp))
    return counts


SCORES = dict(n=Param("int", 200, 10, 2000), separation=Param("float", 1.5, 0, 6),
              positive_share=Param("float", 0.3, 0.02, 0.98), seed=SEED)


@figure_function("roc-curve", **SCORES)
def roc_curve(n: int, separation: float, positive_share: float, seed: int) -> Plot:
    """ROC curve of a scored classifier, with the diagonal of random guessing and the AUC."""
    labels, scores = classifier_scores(n, separation, positive_share, seed)
    positives, negatives = sum(labels), len(labels) - sum(labels)
    fpr, tpr = [0.0], [0.0]
    for tp, fp in _confusion_by_threshold(labels, scores):
        fpr.append(fp / negatives)
        tpr.append(tp / positives)
    auc = sum((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2 for i in range(1, len(fpr)))
    return Plot(curves=(Curve(L10n("classifier", "分类器"), tuple(fpr), tuple(tpr)),
                        Curve(L10n("random guess", "随机猜测"), (0.0, 1.0), (0.0, 1.0))),
                x_range=(0, 1), y_range=(0, 1), notes=(L10n(f"AUC = {auc:.2f}", f"AUC = {auc:.2f}"),))


@figure_function("pr-curve", **SCORES)
def pr_curve(n: int, separation: float, positive_share: float, seed: int) -> Plot:
    """Precision–recall curve of the same kind of classifier, with the positive share as baseline."""
    labels, scores = classifier_scores(n, separation, positive_share, seed)
    positives = sum(labels)
    recall, precision = [], []
    for tp, fp in _confusion_by_threshold(labels, scores):
        recall.append(tp / positives)
        precision.append(tp / (tp + fp))
    average = sum((recall[i] - (recall[i - 1] if i else 0.0)) * precision[i] for i in range(len(recall)))
    base = positives / len(labels)
    return Plot(curves=(Curve(L10n("classifier", "分类器"), tuple(recall), tuple(precision)),
                        Curve(L10n("random guess", "随机猜测"), (0.0, 1.0), (base, base))),
                x_range=(0, 1), y_range=(0, 1),
                notes=(L10n(f"average precision = {average:.2f}; positives are {_pct(base)} % of the data",
                            f"平均精确率 = {average:.2f}；正例占数据的 {_pct(base)}%"),))


# ------------------------------------------------------------------ probability

@figure_function("coin-likelihood", check=lambda p: None if p["heads"] <= p["flips"] else "heads must not exceed flips",
                 heads=Param("int", 7, 0, 1000), flips=Param("int", 10, 1, 1000))
def coin_likelihood(heads: int, flips: int) -> Plot:
    """The likelihood of a coin's heads probability θ after seeing the flips: P(data | θ)."""
    thetas = grid(0, 1, 101)
    choose = math.comb(flips, heads)
    likelihood = [choose * t ** heads * (1 - t) ** (flips - heads) for t in thetas]
    best = heads / flips
    return Plot(curves=(Curve(L10n("likelihood", "似然"), tuple(thetas), tuple(likelihood)),),
                x_range=(0, 1), notes=(L10n(f"highest at θ = {heads}/{flips} = {best:.2f}", f"最高点在 θ = {heads}/{flips} = {best:.2f}"),))


@figure_function("normal-pdf", check=lambda p: None if len(p["means"]) == len(p["sigmas"]) else "means and sigmas need the same number of items",
                 means=Param("numbers", [0, 0, 2], -100, 100, max_items=4), sigmas=Param("numbers", [1, 2, 0.5], 0.01, 100, max_items=4))
def normal_pdf(means: list[float], sigmas: list[float]) -> Plot:
    """Normal densities N(μ, σ²) side by side: σ sets the width, μ the centre."""
    low = min(m - 4 * s for m, s in zip(means, sigmas))
    high = max(m + 4 * s for m, s in zip(means, sigmas))
    xs = grid(low, high, 161)
    curves = tuple(Curve(same(f"μ={m:g} σ={s:g}"), tuple(xs),
                         tuple(math.exp(-((x - m) / s) ** 2 / 2) / (s * math.sqrt(2 * math.pi)) for x in xs))
                   for m, s in zip(means, sigmas))
    return Plot(curves=curves, notes=(L10n("each curve encloses an area of 1", "每条曲线下的面积都是 1"),))


def binary_entropy(p: float) -> float:
    return -sum(q * math.log2(q) for q in (p, 1 - p) if q > 0)


@figure_function("entropy-curve")
def entropy_curve() -> Plot:
    """Entropy of a coin in bits, H(p) = −p log₂ p − (1 − p) log₂(1 − p)."""
    ps = grid(0, 1, 101)
    return Plot(curves=(Curve(L10n("H(p), bits", "H(p)，比特"), tuple(ps), tuple(binary_entropy(p) for p in ps)),),
                x_range=(0, 1), y_range=(0, 1),
                notes=(L10n("1 bit at p = 0.5 (most uncertain), 0 at p = 0 or 1", "p = 0.5 时最不确定，为 1 比特；p = 0 或 1 时为 0"),))


def _words_match(count_key: str) -> Callable[[dict[str, Any]], str | None]:
    return lambda p: None if len(p["words"]) == len(p[count_key]) else f"words and {count_key} need the same number of items"


def _softmax_check(p: dict[str, Any]) -> str | None:
    if p["words_zh"] and len(p["words_zh"]) != len(p["words"]):
        return "words_zh needs as many items as words"
    return _words_match("logits")(p)


@figure_function("softmax-bars", check=_softmax_check,
                 logits=Param("numbers", [2.0, 1.0, 0.5, -1.0], -50, 50, min_items=2, max_items=8),
                 words=Param("words", ["cat", "dog", "car", "sky"], min_items=2, max_items=8),
                 temperatures=Param("numbers", [1.0], 0.05, 20, max_items=3),
                 words_zh=Param("words", [], min_items=0, max_items=8))
def softmax_bars(logits: list[float], words: list[str], temperatures: list[float], words_zh: list[str]) -> Plot:
    """Softmax probabilities of the logits, one bar group per temperature: softmax(z / T)."""
    groups = []
    for t in temperatures:
        probs = softmax([z / t for z in logits])
        groups.append(Curve(L10n(f"T = {t:g}", f"T = {t:g}"), tuple(range(len(words))), tuple(probs)))
    first = groups[0].y
    top = max(range(len(words)), key=lambda i: first[i])
    labels = tuple(L10n(w, z) for w, z in zip(words, words_zh or words))
    return Plot(bars=tuple(groups), labels=labels,
                notes=(L10n(f"“{words[top]}” gets {first[top]:.2f} at T = {temperatures[0]:g}; the bars of each group sum to 1",
                            f"T = {temperatures[0]:g} 时「{labels[top].zh}」得到 {first[top]:.2f}；每组概率之和为 1"),))


# ------------------------------------------------------------------ optimisation

@figure_function("lr-curves", lrs=Param("numbers", [0.05, 0.3, 0.9, 1.05], 0.0001, 1.5, max_items=5), steps=Param("int", 40, 2, 200))
def lr_curves(lrs: list[float], steps: int) -> Plot:
    """Gradient descent on f(x) = x² from x = 1 with several learning rates: loss per step."""
    curves, notes = [], []
    for lr in lrs:
        x, losses = 1.0, []
        for _ in range(steps + 1):
            losses.append(x * x)
            x -= lr * 2 * x
        curves.append(Curve(same(f"lr={lr:g}"), tuple(range(steps + 1)), tuple(losses)))
        fate = ("diverges", "发散") if abs(1 - 2 * lr) > 1 else ("oscillates", "振荡着收敛") if lr > 0.5 else ("converges", "收敛")
        notes.append((lr, fate))
    text = L10n("; ".join(f"lr {lr:g} {fate[0]}" for lr, fate in notes), "；".join(f"lr {lr:g} {fate[1]}" for lr, fate in notes))
    return Plot(curves=tuple(curves), log_y=True, notes=(text,))


def descend(kind: str, kappa: float, lr: float, steps: int) -> list[float]:
    """Loss per step of SGD, SGD with momentum 0.9 or Adam on f(x, y) = (x² + κ·y²) / 2 from (1, 1), as torch.optim updates."""
    point, buf, m, v, losses = [1.0, 1.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], []
    for t in range(1, steps + 2):
        losses.append((point[0] ** 2 + kappa * point[1] ** 2) / 2)
        grad = [point[0], kappa * point[1]]
        for i in range(2):
            if kind == "sgd":
                point[i] -= lr * grad[i]
            elif kind == "momentum":
                buf[i] = grad[i] if t == 1 else 0.9 * buf[i] + grad[i]
                point[i] -= lr * buf[i]
            else:
                m[i] = 0.9 * m[i] + 0.1 * grad[i]
                v[i] = 0.999 * v[i] + 0.001 * grad[i] ** 2
                point[i] -= lr * (m[i] / (1 - 0.9 ** t)) / (math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    return losses


@figure_function("optimizer-race", kappa=Param("float", 25, 1, 1000), lr=Param("float", 0.01, 0.0001, 2),
                 adam_lr=Param("float", 0.05, 0.0001, 2), steps=Param("int", 60, 2, 300))
def optimizer_race(kappa: float, lr: float, adam_lr: float, steps: int) -> Plot:
    """SGD, momentum and Adam on a long narrow valley f = (x² + κy²)/2: loss per step."""
    curves = tuple(Curve(same(name), tuple(range(steps + 1)), tuple(descend(kind, kappa, rate, steps)))
                   for name, kind, rate in (("SGD", "sgd", lr), ("momentum", "momentum", lr), ("Adam", "adam", adam_lr)))
    last = {c.name.en: c.y[-1] for c in curves}
    return Plot(curves=curves, log_y=True, notes=(L10n(
        f"after {steps} steps: SGD {last['SGD']:.1e}, momentum {last['momentum']:.1e}, Adam {last['Adam']:.1e}",
        f"{steps} 步后：SGD {last['SGD']:.1e}，momentum {last['momentum']:.1e}，Adam {last['Adam']:.1e}"),))


def warmup_cosine(step: int, warmup: int, total: int, peak: float) -> float:
    if step < warmup:
        return peak * step / warmup
    progress = (step - warmup) / max(1, total - warmup)
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


@figure_function("lr-schedule", check=lambda p: None if p["warmup"] < p["total"] else "warmup must be shorter than total",
                 warmup=Param("int", 100, 0, 100_000), total=Param("int", 1000, 2, 1_000_000), peak=Param("float", 3e-4, 1e-8, 10))
def lr_schedule(warmup: int, total: int, peak: float) -> Plot:
    """Linear warm-up then cosine decay: the learning rate at each step."""
    steps = sorted({round(s) for s in grid(0, total, 201)})
    return Plot(curves=(Curve(L10n("learning rate", "学习率"), tuple(steps), tuple(warmup_cosine(s, warmup, total, peak) for s in steps)),),
                notes=(L10n(f"peak {peak:g} at step {warmup}, then down to 0 at step {total}", f"第 {warmup} 步达到峰值 {peak:g}，到第 {total} 步降为 0"),))


# ------------------------------------------------------------------ gradients through depth and time

ACTIVATIONS: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: (s := 1 / (1 + math.exp(-z))) * (1 - s)),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0),
    "linear": (lambda z: z, lambda z: 1.0),
}


def chain_gradients(activation: str, weight: float, depth: int, start: float = 0.5) -> list[float]:
    """|∂h_depth / ∂h_l| for l = depth … 0 in the chain h_{l+1} = act(w · h_l) (index = steps back)."""
    act, slope = ACTIVATIONS[activation]
    h, local = start, []
    for _ in range(depth):
        z = weight * h
        local.append(weight * slope(z))
        h = act(z)
    grads, running = [1.0], 1.0
    for factor in reversed(local):
        running *= factor
        grads.append(abs(running))
    return grads


@figure_function("gradient-depth", activation=Param("choice", "sigmoid", choices=tuple(ACTIVATIONS)),
                 weights=Param("numbers", [1.0, 4.0, 6.0], -20, 20, max_items=4), depth=Param("int", 30, 2, 200))
def gradient_depth(activation: str, weights: list[float], depth: int) -> Plot:
    """How big the gradient is l layers (or time steps) back: a product of one factor w·act′ per layer."""
    curves = tuple(Curve(same(f"w={w:g}"), tuple(range(depth + 1)), tuple(chain_gradients(activation, w, depth))) for w in weights)
    ends = ", ".join(f"w={c.name.en}: {c.y[-1]:.0e}" for c in curves)
    return Plot(curves=curves, log_y=True, notes=(L10n(f"{depth} steps back ({activation}) — {ends.replace('w=w=', 'w=')}",
                                                       f"回溯 {depth} 步（{activation}）——{ends.replace('w=w=', 'w=')}"),))


@figure_function("activations", names=Param("words", ["sigmoid", "tanh", "relu", "gelu"], max_items=5), span=Param("float", 4, 0.5, 20))
def activations(names: list[str], span: float) -> Plot:
    """Activation functions on [−span, span]: sigmoid, tanh, ReLU, GELU, SiLU."""
    xs = grid(-span, span, 121)
    return Plot(curves=tuple(Curve(same(name), tuple(xs), tuple(ACTIVATION_CURVES[name](x) for x in xs)) for name in names),
                notes=(L10n("ReLU is 0 for every negative input: its gradient there is 0 too",
                            "ReLU 对所有负输入都输出 0，那里的梯度也是 0"),))


ACTIVATION_CURVES: dict[str, Callable[[float], float]] = {
    "sigmoid": ACTIVATIONS["sigmoid"][0], "tanh": math.tanh, "relu": lambda x: max(0.0, x),
    "gelu": lambda x: 0.5 * x * (1 + math.erf(x / math.sqrt(2))), "silu": lambda x: x / (1 + math.exp(-x)),
}
FUNCTIONS["activations"] = FigureFunction(
    "activations", FUNCTIONS["activations"].params, activations,
    lambda p: next((f"unknown activation '{n}' (choose from {', '.join(ACTIVATION_CURVES)})" for n in p["names"] if n not in ACTIVATION_CURVES), None),
    FUNCTIONS["activations"].summary)


FUNCTIONS_OF_X: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {
    "cubic": (lambda x: x ** 3 - 2 * x, lambda x: 3 * x ** 2 - 2),
    "sin": (math.sin, math.cos),
    "tanh": (math.tanh, lambda x: 1 - math.tanh(x) ** 2),
    "softplus": (lambda x: math.log1p(math.exp(x)), lambda x: 1 / (1 + math.exp(-x))),
}


@figure_function("function-gradient", function=Param("choice", "cubic", choices=tuple(FUNCTIONS_OF_X)), span=Param("float", 2, 0.5, 10))
def function_gradient(function: str, span: float) -> Plot:
    """A function and its derivative, the number autograd computes at every x."""
    f, df = FUNCTIONS_OF_X[function]
    xs = grid(-span, span, 121)
    return Plot(curves=(Curve(L10n("f(x)", "f(x)"), tuple(xs), tuple(map(f, xs))), Curve(L10n("f′(x) (autograd)", "f′(x)（自动求导）"), tuple(xs), tuple(map(df, xs)))),
                notes=(L10n("where f′(x) = 0, f is flat: a minimum, a maximum or a plateau", "f′(x) = 0 的地方 f 是平的：最小值、最大值或平台"),))


# ------------------------------------------------------------------ data, clusters, fits

def correlated_points(n: int, correlation: float, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    points = []
    for _ in range(n):
        a, b = rng.gauss(0, 1), rng.gauss(0, 1)
        points.append((2 * a, 2 * (correlation * a + math.sqrt(1 - correlation ** 2) * b) * 0.6))
    return points


def principal_axes(points: list[tuple[float, float]]) -> tuple[tuple[float, float], list[tuple[float, tuple[float, float]]]]:
    """Mean, and (variance, unit direction) of both principal axes, largest first (sample covariance, n − 1)."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points) / (n - 1)
    syy = sum((p[1] - my) ** 2 for p in points) / (n - 1)
    sxy = sum((p[0] - mx) * (p[1] - my) for p in points) / (n - 1)
    mid, gap = (sxx + syy) / 2, math.hypot((sxx - syy) / 2, sxy)
    axes = []
    for value in (mid + gap, mid - gap):  # eigenvalues of the 2×2 symmetric matrix, largest first
        direction = (sxy, value - sxx) if abs(sxy) > 1e-12 else ((1.0, 0.0) if abs(value - sxx) <= abs(value - syy) else (0.0, 1.0))
        norm = math.hypot(*direction)
        axes.append((value, (direction[0] / norm, direction[1] / norm)))
    return (mx, my), axes


@figure_function("pca-axes", n=Param("int", 150, 10, 2000), correlation=Param("float", 0.8, -0.99, 0.99), seed=SEED)
def pca_axes(n: int, correlation: float, seed: int) -> Plot:
    """Correlated 2-D points and their principal axes (eigenvectors of the covariance, length 2√λ)."""
    points = correlated_points(n, correlation, seed)
    (mx, my), axes = principal_axes(points)
    curves = [Curve(L10n("data", "数据"), tuple(p[0] for p in points), tuple(p[1] for p in points), points=True)]
    for number, (value, (dx, dy)) in enumerate(axes, start=1):
        half = 2 * math.sqrt(value)
        curves.append(Curve(L10n(f"PC{number}", f"第 {number} 主成分"), (mx - half * dx, mx + half * dx), (my - half * dy, my + half * dy)))
    share = axes[0][0] / (axes[0][0] + axes[1][0])
    return Plot(curves=tuple(curves), notes=(L10n(f"PC1 explains {_pct(share)} % of the variance", f"第 1 主成分解释了 {_pct(share)}% 的方差"),))


def blobs(k: int, per_cluster: int, spread: float, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    points = []
    for c in range(k):
        cx, cy = 3 * math.cos(2 * math.pi * c / k), 3 * math.sin(2 * math.pi * c / k)
        points += [(cx + rng.gauss(0, spread), cy + rng.gauss(0, spread)) for _ in range(per_cluster)]
    return points


def kmeans(points: list[tuple[float, float]], centres: list[tuple[float, float]], iterations: int) -> tuple[list[tuple[float, float]], list[int]]:
    """Lloyd's algorithm from the given centres; a tie goes to the lower-numbered centre, as in scikit-learn."""
    labels: list[int] = []
    for _ in range(iterations):
        labels = [min(range(len(centres)), key=lambda c: (p[0] - centres[c][0]) ** 2 + (p[1] - centres[c][1]) ** 2) for p in points]
        moved = []
        for c, centre in enumerate(centres):
            mine = [p for p, label in zip(points, labels) if label == c]
            moved.append((sum(p[0] for p in mine) / len(mine), sum(p[1] for p in mine) / len(mine)) if mine else centre)
        if moved == centres:
            break
        centres = moved
    labels = [min(range(len(centres)), key=lambda c: (p[0] - centres[c][0]) ** 2 + (p[1] - centres[c][1]) ** 2) for p in points]
    return centres, labels


def initial_centres(points: list[tuple[float, float]], k: int, seed: int) -> list[tuple[float, float]]:
    return random.Random(seed + 1).sample(points, k)


@figure_function("kmeans-clusters", k=Param("int", 3, 2, 6), per_cluster=Param("int", 30, 3, 200),
                 spread=Param("float", 0.8, 0.05, 5), iterations=Param("int", 50, 1, 100), seed=SEED)
def kmeans_clusters(k: int, per_cluster: int, spread: float, iterations: int, seed: int) -> Plot:
    """K-means on 2-D blobs: each cluster's points and its centre after Lloyd's iterations."""
    points = blobs(k, per_cluster, spread, seed)
    centres, labels = kmeans(points, initial_centres(points, k, seed), iterations)
    curves = [Curve(L10n(f"cluster {c + 1}", f"簇 {c + 1}"), tuple(p[0] for p, l in zip(points, labels) if l == c),
                    tuple(p[1] for p, l in zip(points, labels) if l == c), points=True) for c in range(k)]
    curves.append(Curve(L10n("centres", "簇中心"), tuple(c[0] for c in centres), tuple(c[1] for c in centres), points=True))
    inertia = sum((p[0] - centres[l][0]) ** 2 + (p[1] - centres[l][1]) ** 2 for p, l in zip(points, labels))
    return Plot(curves=tuple(curves), notes=(L10n(f"inertia (sum of squared distances to the centres) = {inertia:.1f}",
                                                  f"惯性（到簇中心距离的平方和）= {inertia:.1f}"),))


@figure_function("kmeans-elbow", true_k=Param("int", 3, 2, 6), max_k=Param("int", 8, 2, 10), per_cluster=Param("int", 30, 3, 100),
                 spread=Param("float", 0.8, 0.05, 5), seed=SEED)
def kmeans_elbow(true_k: int, max_k: int, per_cluster: int, spread: float, seed: int) -> Plot:
    """Inertia of k-means for k = 1 … max_k on blobs made from true_k clusters: the elbow."""
    points = blobs(true_k, per_cluster, spread, seed)
    inertias = []
    for k in range(1, max_k + 1):
        centres, labels = kmeans(points, initial_centres(points, k, seed), 100)
        inertias.append(sum((p[0] - centres[l][0]) ** 2 + (p[1] - centres[l][1]) ** 2 for p, l in zip(points, labels)))
    return Plot(curves=(Curve(L10n("inertia", "惯性"), tuple(range(1, max_k + 1)), tuple(inertias)),),
                notes=(L10n(f"the drop flattens after k = {true_k}, the number of real groups", f"k = {true_k}（真实的组数）之后下降变平"),))


def least_squares(columns: list[list[float]], y: list[float]) -> list[float]:
    """Coefficients minimising ‖Xc − y‖² by modified Gram–Schmidt QR (no normal equations: they square the conditioning)."""
    q = [list(c) for c in columns]
    n = len(q)
    r = [[0.0] * n for _ in range(n)]
    target = list(y)
    qty = []
    for j in range(n):
        for i in range(j):
            r[i][j] = sum(a * b for a, b in zip(q[i], q[j]))
            q[j] = [b - r[i][j] * a for a, b in zip(q[i], q[j])]
        r[j][j] = math.sqrt(sum(b * b for b in q[j])) or 1e-300
        q[j] = [b / r[j][j] for b in q[j]]
        qty.append(sum(a * b for a, b in zip(q[j], target)))
        target = [b - qty[j] * a for a, b in zip(q[j], target)]
    coef = [0.0] * n
    for j in reversed(range(n)):
        coef[j] = (qty[j] - sum(r[j][i] * coef[i] for i in range(j + 1, n))) / r[j][j]
    return coef


def noisy_sine(n: int, noise: float, rng: random.Random) -> tuple[list[float], list[float]]:
    xs = [rng.uniform(-1, 1) for _ in range(n)]
    return xs, [math.sin(math.pi * x) + rng.gauss(0, noise) for x in xs]


def polynomial_errors(n_train: int, noise: float, max_degree: int, seed: int) -> tuple[list[float], list[float]]:
    rng = random.Random(seed)
    xs, ys = noisy_sine(n_train, noise, rng)
    vx, vy = noisy_sine(200, noise, rng)
    train, valid = [], []
    for degree in range(max_degree + 1):
        coef = least_squares([[x ** d for x in xs] for d in range(degree + 1)], ys)
        predict = lambda x: sum(c * x ** d for d, c in enumerate(coef))  # noqa: E731 - one line, used twice
        train.append(sum((predict(x) - y) ** 2 for x, y in zip(xs, ys)) / len(xs))
        valid.append(sum((predict(x) - y) ** 2 for x, y in zip(vx, vy)) / len(vx))
    return train, valid


@figure_function("polynomial-errors", check=lambda p: None if p["max_degree"] < p["n_train"] - 1 else "max_degree must be below n_train − 1",
                 n_train=Param("int", 15, 4, 200), noise=Param("float", 0.25, 0, 5), max_degree=Param("int", 12, 1, 15), seed=SEED)
def polynomial_errors_figure(n_train: int, noise: float, max_degree: int, seed: int) -> Plot:
    """Training and validation error of polynomial fits to noisy data, by degree: underfit, fit, overfit."""
    train, valid = polynomial_errors(n_train, noise, max_degree, seed)
    degrees = tuple(range(max_degree + 1))
    best = min(degrees, key=lambda d: valid[d])
    return Plot(curves=(Curve(L10n("training error", "训练误差"), degrees, tuple(train)), Curve(L10n("validation error", "验证误差"), degrees, tuple(valid))),
                log_y=True, notes=(L10n(f"validation error is lowest at degree {best}; training error only ever falls",
                                        f"验证误差在 {best} 次时最低；训练误差只会一直下降"),))


def regression_task(n_train: int, features: int, noise: float, seed: int) -> tuple[list[list[float]], list[float], list[list[float]], list[float]]:
    """A linear task with few examples and many features: y = x·w* + noise, w* small except three weights."""
    rng = random.Random(seed)
    true_w = [1.0, -1.0, 0.5] + [0.0] * (features - 3)
    def sample(count: int) -> tuple[list[list[float]], list[float]]:
        xs = gauss_matrix(count, features, rng)
        return xs, [sum(a * b for a, b in zip(x, true_w)) + rng.gauss(0, noise) for x in xs]
    train_x, train_y = sample(n_train)
    valid_x, valid_y = sample(60)
    return train_x, train_y, valid_x, valid_y


def gd_curves(n_train: int, features: int, noise: float, lr: float, epochs: int, seed: int) -> tuple[list[float], list[float]]:
    """Full-batch gradient descent on the mean squared error from w = 0: (training, validation) loss per epoch."""
    tx, ty, vx, vy = regression_task(n_train, features, noise, seed)
    w = [0.0] * features
    mse = lambda xs, ys: sum((sum(a * b for a, b in zip(x, w)) - y) ** 2 for x, y in zip(xs, ys)) / len(xs)  # noqa: E731
    train, valid = [], []
    for _ in range(epochs + 1):
        train.append(mse(tx, ty))
        valid.append(mse(vx, vy))
        residual = [sum(a * b for a, b in zip(x, w)) - y for x, y in zip(tx, ty)]
        w = [wi - lr * 2 * sum(r * x[i] for r, x in zip(residual, tx)) / len(tx) for i, wi in enumerate(w)]
    return train, valid


@figure_function("train-val-curves", n_train=Param("int", 20, 4, 100), features=Param("int", 30, 3, 60), noise=Param("float", 1.0, 0, 5),
                 lr=Param("float", 0.05, 0.0001, 0.1), epochs=Param("int", 100, 2, 300), seed=SEED)
def train_val_curves(n_train: int, features: int, noise: float, lr: float, epochs: int, seed: int) -> Plot:
    """Training and validation loss per epoch when a model can memorise its few examples: where to stop."""
    train, valid = gd_curves(n_train, features, noise, lr, epochs, seed)
    epochs_axis = tuple(range(epochs + 1))
    best = min(epochs_axis, key=lambda e: valid[e])
    return Plot(curves=(Curve(L10n("training loss", "训练损失"), epochs_axis, tuple(train)), Curve(L10n("validation loss", "验证损失"), epochs_axis, tuple(valid))),
                log_y=True, notes=(L10n(f"validation loss is lowest at epoch {best} ({valid[best]:.2f}); training loss keeps falling to {train[-1]:.2f}",
                                        f"验证损失在第 {best} 轮最低（{valid[best]:.2f}）；训练损失一直降到 {train[-1]:.2f}"),))


def logistic_data(n: int, separation: float, seed: int) -> tuple[list[float], list[int]]:
    rng = random.Random(seed)
    ys = [i % 2 for i in range(n)]
    return [rng.gauss(separation / 2 if y else -separation / 2, 1.0) for y in ys], ys


def fit_logistic(xs: list[float], ys: list[int], c: float) -> tuple[float, float]:
    """Weight and bias minimising ½w² + C·Σ log-loss (scikit-learn's objective: the bias is not penalised), by Newton's method."""
    w = b = 0.0
    for _ in range(50):
        ps = [1 / (1 + math.exp(-(w * x + b))) for x in xs]
        gw = w + c * sum((p - y) * x for p, y, x in zip(ps, ys, xs))
        gb = c * sum(p - y for p, y in zip(ps, ys))
        hww = 1 + c * sum(p * (1 - p) * x * x for p, x in zip(ps, xs))
        hwb = c * sum(p * (1 - p) * x for p, x in zip(ps, xs))
        hbb = c * sum(p * (1 - p) for p in ps) or 1e-12
        det = hww * hbb - hwb * hwb
        dw, db = (hbb * gw - hwb * gb) / det, (hww * gb - hwb * gw) / det
        w, b = w - dw, b - db
        if abs(dw) + abs(db) < 1e-12:
            break
    return w, b


@figure_function("logistic-fit", n=Param("int", 60, 4, 1000), separation=Param("float", 2.0, 0, 8), c=Param("float", 1.0, 0.001, 1000), seed=SEED)
def logistic_fit(n: int, separation: float, c: float, seed: int) -> Plot:
    """1-D logistic regression: the labelled points (0 or 1) and the fitted probability σ(w·x + b)."""
    xs, ys = logistic_data(n, separation, seed)
    w, b = fit_logistic(xs, ys, c)
    grid_x = grid(min(xs) - 0.5, max(xs) + 0.5, 121)
    return Plot(curves=(Curve(L10n("class 0", "类别 0"), tuple(x for x, y in zip(xs, ys) if not y), tuple(0.0 for y in ys if not y), points=True),
                        Curve(L10n("class 1", "类别 1"), tuple(x for x, y in zip(xs, ys) if y), tuple(1.0 for y in ys if y), points=True),
                        Curve(L10n("P(class 1 | x)", "P（类别 1 | x）"), tuple(grid_x), tuple(1 / (1 + math.exp(-(w * x + b))) for x in grid_x))),
                y_range=(-0.05, 1.05), notes=(L10n(f"w = {w:.2f}, b = {b:.2f}; the boundary P = 0.5 is at x = {-b / w if w else 0:.2f}",
                                                   f"w = {w:.2f}，b = {b:.2f}；分界线 P = 0.5 在 x = {-b / w if w else 0:.2f}"),))


# ------------------------------------------------------------------ losses and impurity

@figure_function("regression-losses", delta=Param("float", 1.0, 0.05, 10), span=Param("float", 3.0, 0.5, 20))
def regression_losses(delta: float, span: float) -> Plot:
    """Squared, absolute and Huber loss of one prediction error e."""
    es = grid(-span, span, 121)
    huber = lambda e: 0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta)  # noqa: E731
    return Plot(curves=(Curve(same("MSE e²"), tuple(es), tuple(e * e for e in es)), Curve(same("MAE |e|"), tuple(es), tuple(abs(e) for e in es)),
                        Curve(same(f"Huber δ={delta:g}"), tuple(es), tuple(map(huber, es)))),
                notes=(L10n(f"an error of {span:g} costs {span * span:g} squared but {span:g} absolute: MSE punishes outliers hardest",
                            f"误差为 {span:g} 时平方损失是 {span * span:g}，绝对损失只是 {span:g}：MSE 对离群点罚得最重"),))


@figure_function("margin-losses", low=Param("float", -2, -10, 0), high=Param("float", 3, 0.5, 10))
def margin_losses(low: float, high: float) -> Plot:
    """Losses of the margin m = y·f(x): 0–1, hinge max(0, 1 − m) and logistic ln(1 + e^(−m))."""
    ms = grid(low, high, 121)
    return Plot(curves=(Curve(L10n("0–1", "0–1"), tuple(ms), tuple(1.0 if m <= 0 else 0.0 for m in ms)),
                        Curve(L10n("hinge (SVM)", "合页损失（SVM）"), tuple(ms), tuple(max(0.0, 1 - m) for m in ms)),
                        Curve(L10n("logistic", "逻辑损失"), tuple(ms), tuple(math.log1p(math.exp(-m)) for m in ms))),
                notes=(L10n("the hinge loss is 0 once the margin reaches 1: points beyond the margin do not matter",
                            "间隔达到 1 后合页损失为 0：间隔之外的点不再起作用"),))


@figure_function("impurity")
def impurity() -> Plot:
    """Impurity of a node whose share of class 1 is p: Gini 1 − Σp², entropy in bits, error rate."""
    ps = grid(0, 1, 101)
    return Plot(curves=(Curve(same("Gini"), tuple(ps), tuple(2 * p * (1 - p) for p in ps)),
                        Curve(L10n("entropy (bits)", "熵（比特）"), tuple(ps), tuple(map(binary_entropy, ps))),
                        Curve(L10n("error rate", "错误率"), tuple(ps), tuple(min(p, 1 - p) for p in ps))),
                x_range=(0, 1), notes=(L10n("all are 0 for a pure node and highest at p = 0.5", "纯节点时都为 0，p = 0.5 时最高"),))


# ------------------------------------------------------------------ attention and similarity

def attention_weights_of(q: list[list[float]], k: list[list[float]], causal: bool, scale: bool) -> list[list[float]]:
    d = len(q[0])
    scores = matmul(q, transpose(k))
    rows = []
    for i, row in enumerate(scores):
        logits = [s / (math.sqrt(d) if scale else 1.0) for s in row]
        if causal:
            logits = logits[: i + 1]
        probs = softmax(logits)
        rows.append(probs + [0.0] * (len(row) - len(probs)))
    return rows


def attention_inputs(count: int, d_k: int, seed: int) -> tuple[list[list[float]], list[list[float]]]:
    rng = random.Random(seed)
    return gauss_matrix(count, d_k, rng), gauss_matrix(count, d_k, rng)


@figure_function("attention-weights", tokens=Param("words", ["the", "cat", "sat", "on", "the", "mat"], min_items=2, max_items=8),
                 d_k=Param("int", 16, 1, 256), causal=Param("bool", False), scale=Param("bool", True), seed=SEED)
def attention_weights(tokens: list[str], d_k: int, causal: bool, scale: bool, seed: int) -> Plot:
    """Attention weights softmax(QKᵀ/√d_k) of random queries and keys: row = the token that looks, column = the token looked at."""
    q, k = attention_inputs(len(tokens), d_k, seed)
    weights = attention_weights_of(q, k, causal, scale)
    labels = tuple(same(t) for t in tokens)
    top = max(max(row) for row in weights)
    return Plot(panels=(Panel(L10n("weights (each row sums to 1)", "权重（每行之和为 1）"), _rows(weights), labels, labels, numbers=True),),
                notes=(L10n(f"largest weight {top:.2f}" + ("; a token never looks ahead" if causal else ""),
                            f"最大权重 {top:.2f}" + ("；每个词元都看不到后面的词元" if causal else "")),))


def head_inputs(count: int, d_model: int, seed: int) -> tuple[list[list[float]], list[list[float]], list[list[float]]]:
    rng = random.Random(seed)
    return gauss_matrix(count, d_model, rng), gauss_matrix(d_model, d_model, rng, 1 / math.sqrt(d_model)), gauss_matrix(d_model, d_model, rng, 1 / math.sqrt(d_model))


@figure_function("attention-heads", check=lambda p: None if p["d_model"] % p["heads"] == 0 else "d_model must be a multiple of heads",
                 heads=Param("int", 3, 1, 4), tokens=Param("words", ["I", "love", "deep", "nets"], min_items=2, max_items=6),
                 d_model=Param("int", 12, 1, 64), seed=SEED)
def attention_heads(heads: int, tokens: list[str], d_model: int, seed: int) -> Plot:
    """The attention weights of each head of one multi-head layer: q = x·W_qᵀ split into heads, softmax(q·kᵀ/√d_head)."""
    x, wq, wk = head_inputs(len(tokens), d_model, seed)
    q, k = matmul(x, transpose(wq)), matmul(x, transpose(wk))
    size = d_model // heads
    labels = tuple(same(t) for t in tokens)
    panels = tuple(Panel(L10n(f"head {h + 1}", f"头 {h + 1}"), _rows(attention_weights_of([r[h * size:(h + 1) * size] for r in q],
                                                                                    [r[h * size:(h + 1) * size] for r in k], False, True)),
                         labels if h == 0 else (), labels) for h in range(heads))
    return Plot(panels=panels, notes=(L10n("the same tokens, a different pattern in each head", "同样的词元，每个头的注意力模式各不相同"),))


def paired_embeddings(n: int, dim: int, noise: float, seed: int) -> tuple[list[list[float]], list[list[float]]]:
    rng = random.Random(seed)
    images = gauss_matrix(n, dim, rng)
    texts = [[v + rng.gauss(0, noise) for v in row] for row in images]
    return images, texts


def cosine_matrix(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    unit = lambda v: [x / math.sqrt(sum(y * y for y in v)) for x in v]  # noqa: E731
    return matmul([unit(v) for v in a], transpose([unit(v) for v in b]))


@figure_function("similarity-matrix", n=Param("int", 5, 2, 8), dim=Param("int", 32, 2, 512), noise=Param("float", 2.0, 0, 5),
                 temperature=Param("float", 0.1, 0.005, 10), seed=SEED)
def similarity_matrix(n: int, dim: int, noise: float, temperature: float, seed: int) -> Plot:
    """CLIP's image–text matrix: softmax over each row of cosine similarity / τ; matching pairs on the diagonal."""
    images, texts = paired_embeddings(n, dim, noise, seed)
    probs = [softmax([s / temperature for s in row]) for row in cosine_matrix(images, texts)]
    loss = -sum(math.log(probs[i][i]) for i in range(n)) / n
    return Plot(panels=(Panel(L10n("P(text | image)", "P（文本 | 图像）"), _rows(probs), tuple(L10n(f"img {i + 1}", f"图 {i + 1}") for i in range(n)),
                              tuple(L10n(f"txt {i + 1}", f"文 {i + 1}") for i in range(n)), numbers=True),),
                notes=(L10n(f"image→text loss (cross-entropy on the diagonal) = {loss:.2f}", f"图像→文本损失（对角线上的交叉熵）= {loss:.2f}"),))


# ------------------------------------------------------------------ grids and shapes

def _shape(values: list[int]) -> str:
    return "(" + ", ".join(map(str, values)) + ("," if len(values) == 1 else "") + ")"


def broadcast_shape(a: list[int], b: list[int]) -> list[int] | None:
    """NumPy's rule: align the shapes on the right; sizes must be equal or 1. None if they do not broadcast."""
    out = []
    for i in range(1, max(len(a), len(b)) + 1):
        x, y = (a[-i] if i <= len(a) else 1), (b[-i] if i <= len(b) else 1)
        if x != y and 1 not in (x, y):
            return None
        out.append(max(x, y))
    return out[::-1]


def stretched_cells(shape: list[int], result: list[int]) -> list[list[float]]:
    """Over the result's cells (as rows × columns): 1 where the array has its own value, 0.35 where broadcasting repeats one."""
    full = [1] * (len(result) - len(shape)) + shape
    rows, cols = (result + [1])[:2] if len(result) == 1 else result[-2:]
    own_rows, own_cols = (full + [1])[:2] if len(full) == 1 else full[-2:]
    if len(result) == 1:
        rows, cols, own_rows, own_cols = 1, result[0], 1, full[0]
    return [[1.0 if (r < own_rows and c < own_cols) else 0.35 for c in range(cols)] for r in range(rows)]


@figure_function("broadcast", check=lambda p: None if broadcast_shape(p["a"], p["b"]) else f"shapes {_shape(p['a'])} and {_shape(p['b'])} do not broadcast",
                 a=Param("ints", [3, 1], 1, 8, max_items=2), b=Param("ints", [4], 1, 8, max_items=2))
def broadcast(a: list[int], b: list[int]) -> Plot:
    """Broadcasting a + b: each array stretched to the result's shape (light cells are repeats, not copies in memory)."""
    result = broadcast_shape(a, b) or []
    panels = (Panel(same(f"a {_shape(a)}"), _rows(stretched_cells(a, result))), Panel(same(f"b {_shape(b)}"), _rows(stretched_cells(b, result))),
              Panel(same(f"a + b {_shape(result)}"), _rows([[1.0] * len(row) for row in stretched_cells(a, result)])))
    return Plot(panels=panels, joiners=("+", "="), notes=(L10n(f"{_shape(a)} and {_shape(b)} → {_shape(result)}: dark cells are stored, light ones are the same value reused",
                                                               f"{_shape(a)} 与 {_shape(b)} → {_shape(result)}：深色格是真正存储的值，浅色格是重复使用的同一个值"),))


@figure_function("matmul", check=lambda p: None if p["row"] < p["m"] and p["col"] < p["n"] else "row must be below m and col below n",
                 m=Param("int", 2, 1, 6), k=Param("int", 3, 1, 6), n=Param("int", 4, 1, 6), row=Param("int", 1, 0, 5), col=Param("int", 2, 0, 5))
def matmul_figure(m: int, k: int, n: int, row: int, col: int) -> Plot:
    """A (m×k) @ B (k×n) = C (m×n): entry C[i, j] comes from row i of A and column j of B."""
    a = [[1.0 if r == row else 0.2 for _ in range(k)] for r in range(m)]
    b = [[1.0 if c == col else 0.2 for c in range(n)] for _ in range(k)]
    c = [[1.0 if (r, cc) == (row, col) else 0.2 for cc in range(n)] for r in range(m)]
    return Plot(panels=(Panel(same(f"A ({m}×{k})"), _rows(a)), Panel(same(f"B ({k}×{n})"), _rows(b)), Panel(same(f"C ({m}×{n})"), _rows(c))),
                joiners=("@", "="), notes=(L10n(f"C[{row},{col}] = Σ A[{row},t]·B[t,{col}] over t = 0…{k - 1}: the inner sizes ({k}) must match",
                                                f"C[{row},{col}] = Σ A[{row},t]·B[t,{col}]，t = 0…{k - 1}：内侧的维度（{k}）必须相同"),))


@figure_function("kfold", check=lambda p: None if p["k"] <= p["n"] else "k must not exceed n",
                 k=Param("int", 5, 2, 10), n=Param("int", 10, 2, 20))
def kfold(k: int, n: int) -> Plot:
    """K-fold cross-validation: in each fold (row) a different block of the data (dark) is held out for validation."""
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    starts = [sum(sizes[:i]) for i in range(k)]
    rows = [[1.0 if starts[f] <= i < starts[f] + sizes[f] else 0.3 for i in range(n)] for f in range(k)]
    return Plot(panels=(Panel(L10n("samples →", "样本 →"), _rows(rows), tuple(L10n(f"fold {f + 1}", f"第 {f + 1} 折") for f in range(k))),),
                notes=(L10n(f"every sample is validated exactly once across the {k} folds", f"在 {k} 折中，每个样本恰好被验证一次"),))


@figure_function("attention-masks", length=Param("int", 6, 2, 10))
def attention_masks(length: int) -> Plot:
    """Which tokens each token may attend to: all of them (BERT, bidirectional) or only earlier ones (GPT, causal)."""
    full = [[1.0] * length for _ in range(length)]
    causal = [[1.0 if j <= i else 0.0 for j in range(length)] for i in range(length)]
    return Plot(panels=(Panel(L10n("BERT: bidirectional", "BERT：双向"), _rows(full)), Panel(L10n("GPT: causal", "GPT：因果"), _rows(causal))),
                joiners=("  ",), notes=(L10n(f"a causal mask keeps {length * (length + 1) // 2} of {length * length} pairs",
                                             f"因果掩码保留 {length * length} 对中的 {length * (length + 1) // 2} 对"),))


@figure_function("norm-axes", check=lambda p: None if p["row"] < p["batch"] and p["col"] < p["features"] else "row must be below batch and col below features",
                 batch=Param("int", 4, 2, 8), features=Param("int", 6, 2, 10), row=Param("int", 0, 0, 7), col=Param("int", 0, 0, 9))
def norm_axes(batch: int, features: int, row: int, col: int) -> Plot:
    """The cells normalised together: LayerNorm takes one example's features, BatchNorm one feature across the batch."""
    layer = [[1.0 if r == row else 0.25 for _ in range(features)] for r in range(batch)]
    batchnorm = [[1.0 if c == col else 0.25 for c in range(features)] for _ in range(batch)]
    return Plot(panels=(Panel(L10n("LayerNorm", "LayerNorm"), _rows(layer)), Panel(L10n("BatchNorm", "BatchNorm"), _rows(batchnorm))), joiners=("  ",),
                notes=(L10n(f"rows = {batch} examples, columns = {features} features; LayerNorm needs no other example",
                            f"行 = {batch} 个样本，列 = {features} 个特征；LayerNorm 不依赖其他样本"),))


@figure_function("padding-mask", lengths=Param("ints", [5, 3, 7, 2], 1, 32, max_items=8), max_length=Param("int", 6, 1, 32),
                 padding=Param("choice", "longest", choices=("longest", "max_length")))
def padding_mask(lengths: list[int], max_length: int, padding: str) -> Plot:
    """A batch's attention mask after truncation to max_length and padding: 1 = real token, 0 = padding."""
    kept = [min(n, max_length) for n in lengths]
    width = max(kept) if padding == "longest" else max_length
    rows = [[1.0 if i < n else 0.0 for i in range(width)] for n in kept]
    cut = sum(n - k for n, k in zip(lengths, kept))
    pads = sum(width - k for k in kept)
    return Plot(panels=(Panel(L10n("attention_mask", "attention_mask"), _rows(rows), tuple(same(f"#{i}") for i in range(len(lengths)))),),
                notes=(L10n(f"{pads} padding positions, {cut} tokens cut by truncation", f"{pads} 个填充位置，截断去掉了 {cut} 个词元"),))


IMAGES = {
    "square": [[1.0 if 2 <= r <= 5 and 2 <= c <= 5 else 0.0 for c in range(8)] for r in range(8)],
    "cross": [[1.0 if r in (3, 4) or c in (3, 4) else 0.0 for c in range(8)] for r in range(8)],
    "diagonal": [[1.0 if abs(r - c) <= 1 else 0.0 for c in range(8)] for r in range(8)],
}
KERNELS = {
    "vertical-edge": [[1.0, 0.0, -1.0]] * 3,
    "horizontal-edge": [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -1.0, -1.0]],
    "blur": [[1 / 9] * 3] * 3,
    "sharpen": [[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]],
}


def correlate(image: list[list[float]], kernel: list[list[float]]) -> list[list[float]]:
    """'Valid' cross-correlation, which deep-learning libraries call convolution."""
    size = len(kernel)
    return [[sum(image[r + i][c + j] * kernel[i][j] for i in range(size) for j in range(size))
             for c in range(len(image[0]) - size + 1)] for r in range(len(image) - size + 1)]


@figure_function("convolution", image=Param("choice", "square", choices=tuple(IMAGES)), kernel=Param("choice", "vertical-edge", choices=tuple(KERNELS)))
def convolution(image: str, kernel: str) -> Plot:
    """An 8×8 image, a 3×3 kernel slid over it, and the 6×6 feature map (shade = size of the response, |value|)."""
    picture, weights = IMAGES[image], KERNELS[kernel]
    out = correlate(picture, weights)
    low, high = min(map(min, out)), max(map(max, out))
    strongest = max(abs(low), abs(high))
    shade = [[abs(v) / strongest if strongest else 0.0 for v in row] for row in out]  # how strongly each position responds, either sign
    return Plot(panels=(Panel(L10n("image", "图像"), _rows(picture)), Panel(L10n("kernel", "卷积核"), _rows(weights), numbers=True),
                        Panel(L10n("feature map", "特征图"), _rows(shade))), joiners=("*", "="),
                notes=(L10n(f"responses from {low:.2f} to {high:.2f} (shade = size); the same 9 weights are used at every position",
                            f"响应从 {low:.2f} 到 {high:.2f}（深浅表示大小）；每个位置都使用同样的 9 个权重"),))


# ------------------------------------------------------------------ sequences and scale

def sinusoidal(position: int, index: int, d_model: int) -> float:
    angle = position / 10000 ** ((index - index % 2) / d_model)
    return math.sin(angle) if index % 2 == 0 else math.cos(angle)


@figure_function("sinusoidal-pe", check=lambda p: None if max(p["dims"]) < p["d_model"] else "every dim must be below d_model",
                 d_model=Param("int", 64, 2, 4096), dims=Param("ints", [0, 2, 8, 16], 0, 4095, max_items=4), positions=Param("int", 50, 4, 2048))
def sinusoidal_pe(d_model: int, dims: list[int], positions: int) -> Plot:
    """Sinusoidal positional encoding: dimension i is a wave over positions, slower as i grows."""
    xs = tuple(range(positions))
    return Plot(curves=tuple(Curve(L10n(f"dim {d}", f"维度 {d}"), xs, tuple(sinusoidal(p, d, d_model) for p in xs)) for d in dims),
                y_range=(-1.05, 1.05), notes=(L10n(f"the wavelength of dim i is 2π·10000^(i/{d_model}) positions (i even)",
                                                   f"维度 i（偶数）的波长是 2π·10000^(i/{d_model}) 个位置"),))


@figure_function("ema-smoothing", beta=Param("float", 0.9, 0, 0.999), steps=Param("int", 120, 5, 1000), noise=Param("float", 0.3, 0, 5), seed=SEED)
def ema_smoothing(beta: float, steps: int, noise: float, seed: int) -> Plot:
    """A noisy loss log and its exponential moving average s = β·s + (1 − β)·loss, a loop of three lines."""
    rng = random.Random(seed)
    raw = [2 * math.exp(-t / 30) + 0.3 + rng.gauss(0, noise) for t in range(steps)]
    smooth, s = [], raw[0]
    for value in raw:
        s = beta * s + (1 - beta) * value
        smooth.append(s)
    xs = tuple(range(steps))
    return Plot(curves=(Curve(L10n("loss per step", "每步损失"), xs, tuple(raw)), Curve(L10n(f"moving average β={beta:g}", f"滑动平均 β={beta:g}"), xs, tuple(smooth))),
                notes=(L10n(f"the average remembers about 1/(1 − β) ≈ {1 / (1 - beta):.0f} steps", f"滑动平均大约记住最近 1/(1 − β) ≈ {1 / (1 - beta):.0f} 步"),))


def kv_bytes_per_token(layers: int, kv_heads: int, head_dim: int, bytes_per_value: int) -> int:
    return 2 * layers * kv_heads * head_dim * bytes_per_value  # keys and values, every layer


@figure_function("kv-cache-memory", layers=Param("int", 32, 1, 200), kv_heads=Param("ints", [32, 8, 1], 1, 256, max_items=4),
                 head_dim=Param("int", 128, 1, 1024), bytes_per_value=Param("int", 2, 1, 8), max_tokens=Param("int", 32768, 16, 2_000_000),
                 batch=Param("int", 1, 1, 1024))
def kv_cache_memory(layers: int, kv_heads: list[int], head_dim: int, bytes_per_value: int, max_tokens: int, batch: int) -> Plot:
    """KV-cache size in GB against context length, for several numbers of key/value heads (MHA, GQA, MQA)."""
    tokens = tuple(round(t) for t in grid(0, max_tokens, 65))
    curves = tuple(Curve(L10n(f"{h} KV heads", f"{h} 个 KV 头"), tokens,
                         tuple(batch * t * kv_bytes_per_token(layers, h, head_dim, bytes_per_value) / 1e9 for t in tokens)) for h in kv_heads)
    return Plot(curves=curves, notes=(L10n(f"at {max_tokens} tokens: " + ", ".join(f"{c.name.en} {c.y[-1]:.1f} GB" for c in curves),
                                           f"{max_tokens} 个词元时：" + "，".join(f"{c.name.zh} {c.y[-1]:.1f} GB" for c in curves)),))


def zero_memory_gb(params_billion: float, gpus: int) -> dict[str, float]:
    """Model-state memory per GPU under mixed-precision Adam (Rajbhandari et al. 2020): 2 + 2 + 12 bytes per parameter."""
    psi, k, n = params_billion * 1e9, 12, gpus
    return {"DDP": (2 + 2 + k) * psi / 1e9, "ZeRO-1": (2 + 2 + k / n) * psi / 1e9,
            "ZeRO-2": (2 + (2 + k) / n) * psi / 1e9, "ZeRO-3": (2 + 2 + k) * psi / n / 1e9}


@figure_function("zero-memory", params_billion=Param("float", 7.5, 0.001, 10_000), gpus=Param("int", 64, 1, 100_000))
def zero_memory(params_billion: float, gpus: int) -> Plot:
    """Memory per GPU for a model's parameters, gradients and Adam states: DDP copies all, ZeRO stages 1–3 shard more."""
    memory = zero_memory_gb(params_billion, gpus)
    return Plot(bars=(Curve(L10n("GB per GPU", "每块 GPU 的 GB"), tuple(range(4)), tuple(memory.values())),), labels=tuple(same(k) for k in memory),
                notes=(L10n(f"{params_billion:g} B parameters on {gpus} GPUs: {memory['DDP']:.0f} GB each with DDP, {memory['ZeRO-3']:.1f} GB with ZeRO-3",
                            f"{params_billion:g}B 参数、{gpus} 块 GPU：DDP 每块 {memory['DDP']:.0f} GB，ZeRO-3 每块 {memory['ZeRO-3']:.1f} GB"),))


def bpe_counts(text: str, merges: int) -> list[int]:
    """Tokens in ``text`` (characters of each word, spaces dropped) after 0, 1, … merges of the most frequent adjacent pair.

    Ties go to the pair seen first in the text. Stops early when no pair occurs twice.
    """
    words = [list(w) for w in text.split()]
    counts = [sum(map(len, words))]
    for _ in range(merges):
        pairs = Counter(pair for w in words for pair in zip(w, w[1:]))
        if not pairs or pairs.most_common(1)[0][1] < 2:
            break
        best = pairs.most_common(1)[0][0]  # most_common keeps first-seen order among equal counts
        merged = []
        for w in words:
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged.append(out)
        words = merged
        counts.append(sum(map(len, words)))
    return counts


@figure_function("bpe-merges", text=Param("words", ["low lower lowest newer newest wider widest"], max_items=1, max_length=400),
                 merges=Param("int", 12, 1, 200))
def bpe_merges(text: list[str], merges: int) -> Plot:
    """Byte-pair encoding on a small text: the number of tokens after each merge of the most frequent pair."""
    counts = bpe_counts(text[0], merges)
    return Plot(curves=(Curve(L10n("tokens", "词元数"), tuple(range(len(counts))), tuple(counts)),),
                notes=(L10n(f"{counts[0]} characters → {counts[-1]} tokens after {len(counts) - 1} merges", f"{counts[0]} 个字符 → 合并 {len(counts) - 1} 次后 {counts[-1]} 个词元"),))


# ------------------------------------------------------------------ beyond: adapters, preferences, evaluation, retrieval

def lora_trainable(d_out: int, d_in: int, rank: int) -> int:
    """Trainable parameters of one LoRA adapter: B (d_out × r) and A (r × d_in)."""
    return rank * (d_out + d_in)


@figure_function("lora-params", d_out=Param("int", 4096, 1, 65536), d_in=Param("int", 4096, 1, 65536), max_rank=Param("int", 64, 1, 4096))
def lora_params(d_out: int, d_in: int, max_rank: int) -> Plot:
    """Trainable parameters of a LoRA adapter r·(d_out + d_in) against its rank, next to the d_out·d_in of the full matrix."""
    ranks = tuple(sorted({max(1, round(r)) for r in grid(1, max_rank, 64)}))
    full = d_out * d_in
    at = lora_trainable(d_out, d_in, max_rank)
    return Plot(curves=(Curve(L10n("LoRA r·(d_out + d_in)", "LoRA r·(d_out + d_in)"), ranks, tuple(lora_trainable(d_out, d_in, r) for r in ranks)),
                        Curve(L10n("full matrix d_out·d_in", "完整矩阵 d_out·d_in"), (ranks[0], ranks[-1]), (full, full))), log_y=True,
                notes=(L10n(f"rank {max_rank}: {at:,} trainable parameters, {100 * at / full:.2g} % of the full {full:,}",
                            f"秩 {max_rank}：{at:,} 个可训练参数，是完整矩阵 {full:,} 个的 {100 * at / full:.2g}%"),))


@figure_function("preference-loss", betas=Param("numbers", [0.1, 0.5, 1.0], 0.001, 100, max_items=4), span=Param("float", 10, 0.5, 100))
def preference_loss(betas: list[float], span: float) -> Plot:
    """The pairwise preference loss −log σ(β·Δ) of DPO (and of a Bradley–Terry reward model) against the margin Δ."""
    deltas = grid(-span, span, 121)
    loss = lambda z: math.log1p(math.exp(-z)) if z > -30 else -z  # −log σ(z), stable for large |z|  # noqa: E731
    return Plot(curves=tuple(Curve(same(f"β={b:g}"), tuple(deltas), tuple(loss(b * d) for d in deltas)) for b in betas),
                notes=(L10n(f"at Δ = 0 the loss is ln 2 ≈ {math.log(2):.2f} for every β; it falls as the preferred answer pulls ahead",
                            f"Δ = 0 时对任何 β 损失都是 ln 2 ≈ {math.log(2):.2f}；被偏好的回答领先越多，损失越低"),))


@figure_function("perplexity", max_loss=Param("float", 5, 0.1, 20))
def perplexity(max_loss: float) -> Plot:
    """Perplexity exp(mean negative log-likelihood per token) against that loss in nats."""
    losses = grid(0, max_loss, 101)
    return Plot(curves=(Curve(L10n("perplexity", "困惑度"), tuple(losses), tuple(math.exp(x) for x in losses)),), log_y=True,
                notes=(L10n("a loss of ln 10 ≈ 2.30 nats is a perplexity of 10: as unsure as a fair choice among 10 tokens",
                            "损失为 ln 10 ≈ 2.30 奈特时困惑度是 10：相当于在 10 个词元里均匀地随机选"),))


def retrieval_scores(queries: int, passages: int, dim: int, noise: float, seed: int) -> list[list[float]]:
    """Cosine similarity of each query with every passage; query i was written about passage i."""
    rng = random.Random(seed)
    docs = gauss_matrix(passages, dim, rng)
    asks = [[v + rng.gauss(0, noise) for v in docs[i]] for i in range(queries)]
    return cosine_matrix(asks, docs)


@figure_function("retrieval-hits", check=lambda p: None if p["queries"] <= p["passages"] else "queries must not exceed passages",
                 queries=Param("int", 50, 2, 500), passages=Param("int", 200, 2, 2000), dim=Param("int", 32, 2, 256),
                 noise=Param("float", 1.5, 0, 10), max_k=Param("int", 10, 1, 50), seed=SEED)
def retrieval_hits(queries: int, passages: int, dim: int, noise: float, max_k: int, seed: int) -> Plot:
    """hit@k of a cosine-similarity retriever: the share of queries whose right passage is among the top k."""
    scores = retrieval_scores(queries, passages, dim, noise, seed)
    ranks = [1 + sum(1 for s in row if s > row[i]) for i, row in enumerate(scores)]
    ks = tuple(range(1, min(max_k, passages) + 1))
    mrr = sum(1 / r for r in ranks) / len(ranks)
    return Plot(curves=(Curve(same("hit@k"), ks, tuple(sum(r <= k for r in ranks) / len(ranks) for k in ks)),), y_range=(0, 1),
                notes=(L10n(f"hit@1 = {sum(r == 1 for r in ranks) / len(ranks):.2f}, hit@{ks[-1]} = {sum(r <= ks[-1] for r in ranks) / len(ranks):.2f}, MRR = {mrr:.2f}",
                            f"hit@1 = {sum(r == 1 for r in ranks) / len(ranks):.2f}，hit@{ks[-1]} = {sum(r <= ks[-1] for r in ranks) / len(ranks):.2f}，MRR = {mrr:.2f}"),))

"""K-Means from scratch vs scikit-learn, on handwritten digits.

Teaches: Lloyd's algorithm alternates two steps — assign each point to its nearest centre, move
each centre to the mean of its points — and never increases the inertia Σ‖x − c(x)‖². k-means++
spreads the initial centres. The elbow of inertia-vs-k hints at a good k; purity checks the
clusters against the true labels. Clustering text embeddings works the same way; CLIP, though,
aligns images and texts with a contrastive loss, not by clustering.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("k", int, 10, "number of clusters", "簇的数量 k", low=1, high=50)]


def sq_distances(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """‖x − c‖² for every point and centre, (n, k), via ‖x‖² − 2x·c + ‖c‖²."""
    d = (x**2).sum(axis=1)[:, None] - 2 * x @ centres.T + (centres**2).sum(axis=1)[None, :]
    return np.maximum(d, 0.0)


def kmeans_plus_plus(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """First centre uniformly; each next one with probability ∝ squared distance to the nearest centre so far."""
    centres = [x[rng.integers(len(x))]]
    for _ in range(1, k):
        d = sq_distances(x, np.array(centres)).min(axis=1)
        centres.append(x[rng.choice(len(x), p=d / d.sum())])
    return np.array(centres)


def lloyd(x: np.ndarray, centres: np.ndarray, max_iter: int = 300, tol: float = 0.0) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Assign → update until the assignment stops changing. Returns centres, labels, inertia per iteration."""
    centres = centres.astype(float).copy()
    labels = None
    history = []
    for _ in range(max_iter):
        d = sq_distances(x, centres)
        new = d.argmin(axis=1)
        history.append(float(d[np.arange(len(x)), new].sum()))
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in range(len(centres)):
            if np.any(labels == j):
                centres[j] = x[labels == j].mean(axis=0)
    return centres, labels, history


def inertia(x: np.ndarray, centres: np.ndarray) -> float:
    return float(sq_distances(x, centres).min(axis=1).sum())


def purity(labels: np.ndarray, truth: np.ndarray) -> float:
    """Share of points whose cluster's majority label is their own label."""
    return float(sum(np.bincount(truth[labels == j]).max() for j in np.unique(labels)) / len(truth))


@dataclass(frozen=True)
class Check:
    """One comparison the demo shows: (en, zh) names, our value, the reference, the tolerance."""

    what: tuple[str, str]
    reference_name: tuple[str, str]
    ours: Any
    reference: Any
    tolerance: float


def checks_against_sklearn(x: np.ndarray, centres: np.ndarray, labels: np.ndarray,
                           ref_centres: np.ndarray, ref_inertia: float) -> tuple[tuple[str, str] | None, list[Check]]:
    """What our run can be compared with in scikit-learn's run from the same start.

    Both follow Lloyd's algorithm with the same tie rule (the first nearest centre), but each computes
    distances with its own rounding, so a point exactly equidistant from two centres (common on the
    integer-valued digits) can go either way; after that the two runs may end in different, equally
    valid local optima (`--k 50 --seed 4`: 729805 vs 730905). When the end points agree we compare
    them directly. When they do not, we check what every finished Lloyd run must satisfy — a fixed
    point: each point sits with a nearest centre (distances from scikit-learn's own routine) and each
    centre is the mean of its points (scikit-learn's NearestCentroid computes the means).
    Returns a note for the learner when the runs diverged, and the checks.
    """
    from sklearn.metrics.pairwise import euclidean_distances
    from sklearn.neighbors import NearestCentroid

    same_start = ("sklearn KMeans (same init)", "sklearn KMeans（同一初始中心）")
    if centres.shape == ref_centres.shape and np.allclose(centres, ref_centres, rtol=0.0, atol=1e-8):
        return None, [
            Check(("centres", "中心"), same_start, centres, ref_centres, 1e-8),
            Check(("inertia", "惯性"), same_start, inertia(x, centres), ref_inertia, 1e-5),
        ]
    d = euclidean_distances(x, centres, squared=True)
    used = np.unique(labels)
    if len(used) > 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # it warns about zero within-class spread, which we do not use
            means = NearestCentroid().fit(x, labels).centroids_  # one row per label in `used`, in sorted order
    else:  # NearestCentroid needs two classes
        means = x.mean(axis=0, keepdims=True)
    scale = float(np.max(d)) if d.size else 1.0
    note = (
        f"The two runs broke an exact tie differently and ended at different local minima (inertia {inertia(x, centres):,.0f} "
        f"vs {ref_inertia:,.0f}); both are valid. So we check what every finished run must be: a fixed point of Lloyd's two steps.",
        f"两次运行对一个恰好等距的点做了不同的选择，最终停在不同的局部最小值（惯性 {inertia(x, centres):,.0f} 与 "
        f"{ref_inertia:,.0f}），两者都有效。所以我们检查每个收敛结果都必须满足的条件：它是 Lloyd 两个步骤的不动点。",
    )
    return note, [
        Check(("distance to own centre (fixed point)", "到所属中心的距离（不动点）"),
              ("nearest centre, sklearn distances", "最近的中心，sklearn 计算的距离"),
              d[np.arange(len(x)), labels], d.min(axis=1), 1e-9 * max(scale, 1.0)),
        Check(("centres (fixed point)", "中心（不动点）"), ("mean of each cluster, sklearn NearestCentroid", "各簇均值，sklearn NearestCentroid"),
              centres[used], means, 1e-8),
    ]


def run(ctx: DemoContext, *, k: int) -> None:
    from sklearn.cluster import KMeans
    from sklearn.datasets import load_digits

    rng = np.random.default_rng(ctx.seed)
    digits = load_digits()
    x, truth = digits.data, digits.target

    ctx.heading("1. Lloyd's algorithm", "1. Lloyd 算法")
    ctx.say(
        f"{len(x)} handwritten digits as 64-dimensional points. K-Means with k = {k}: pick centres with k-means++, then repeat "
        "(1) assign every point to its nearest centre, (2) move every centre to the mean of its points. "
        "Each step can only lower the inertia Σ‖x − c(x)‖², so it stops — at a local minimum.",
        f"{len(x)} 个手写数字，视为 64 维空间中的点。k = {k} 的 K-Means：先用 k-means++ 选初始中心，然后重复"
        "(1) 把每个点分给最近的中心，(2) 把每个中心移到其点的均值。每一步只会降低惯性 Σ‖x − c(x)‖²，因此一定停止——停在局部最小值。",
    )
    init = kmeans_plus_plus(x, k, rng)
    centres, labels, history = lloyd(x, init)
    ctx.chart(ctx.t("inertia per iteration", "每次迭代的惯性"), {L10n("inertia", "惯性"): history}, x_label=L10n("iteration", "迭代"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0, max_iter=300).fit(x)
    ctx.table(ctx.t("same start, two implementations", "同样的起点，两种实现"), ["", L10n("ours", "我们的实现"), "sklearn KMeans"],
              [["iterations", len(history), int(ref.n_iter_)], ["inertia", round(inertia(x, centres), 2), round(float(ref.inertia_), 2)]])
    note, checks = checks_against_sklearn(x, centres, labels, ref.cluster_centers_, float(ref.inertia_))
    if note:
        ctx.say(*note)
    for check in checks:
        ctx.agree(L10n(*check.what), check.ours, check.reference, reference_name=L10n(*check.reference_name),
                  tolerance=check.tolerance)

    ctx.heading("2. The elbow: inertia by k", "2. 肘部法则：不同 k 的惯性")
    ks = list(range(1, 13))
    curve = []
    for kk in ks:
        c, _, _ = lloyd(x, kmeans_plus_plus(x, kk, rng), max_iter=20)  # 20 steps: enough for the shape of the curve
        curve.append(inertia(x, c))
    ctx.bars(ctx.t("inertia (lower = tighter clusters)", "惯性（越低簇越紧）"), [f"k={kk}" for kk in ks], curve, fmt="{:,.0f}")
    ctx.say(
        "Inertia always falls as k grows (k = n would give 0), so we look for the 'elbow' where extra clusters stop paying off. "
        "Real data rarely has a sharp one; here it bends gently around 8–12.",
        "k 越大惯性总是越低（k = n 时为 0），所以我们找“肘部”——再加簇收益不大的地方。真实数据很少有明显的肘部；这里在 8–12 附近平缓弯曲。",
    )

    ctx.heading("3. Do the clusters match the digits?", "3. 簇与数字对得上吗？")
    pur = purity(labels, truth)
    ctx.say(
        f"K-Means never saw the labels. Purity — the share of points whose cluster's majority digit is their own — is {pur:.1%} "
        f"for k = {k} (guessing the commonest digit would give {np.bincount(truth).max() / len(truth):.1%}).",
        f"K-Means 从未见过标签。纯度（点所在簇的多数数字恰是其本身的比例）在 k = {k} 时为 {pur:.1%}"
        f"（全部猜最常见的数字只有 {np.bincount(truth).max() / len(truth):.1%}）。",
    )
    rows = []
    for j in range(min(k, 12)):
        members = truth[labels == j]
        if len(members):
            counts = np.bincount(members, minlength=10)
            rows.append([j, len(members), int(counts.argmax()), f"{counts.max() / len(members):.0%}"])
    ctx.table(ctx.t("clusters", "各簇"), [L10n("cluster", "簇"), L10n("size", "大小"), L10n("majority digit", "多数数字"), L10n("share", "占比")], rows)
    ctx.say(
        "The same recipe groups text embeddings (topics, near-duplicates). But CLIP does not cluster: it learns image and text "
        "encoders with a contrastive loss so that matching pairs have the highest similarity in the batch.",
        "同样的方法可以给文本嵌入分组（主题、近似重复）。但 CLIP 并不聚类：它用对比损失学习图像和文本编码器，使匹配的图文对在一个批次中相似度最高。",
    )
    ctx.figures.update(k=k, inertia=inertia(x, centres), sklearn_inertia=float(ref.inertia_), iterations=len(history),
                       purity=pur, inertia_by_k=curve)

    if ctx.wants_plot():
        plt = pyplot()
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        axes[0].plot(ks, curve, "o-")
        axes[0].set_xlabel("k")
        axes[0].set_ylabel("inertia")
        axes[0].set_title("Elbow")
        shown = min(k, 10)
        axes[1].imshow(np.hstack([c.reshape(8, 8) for c in centres[:shown]]), cmap="gray_r")
        axes[1].set_title("cluster centres")
        axes[1].axis("off")
        ctx.savefig(fig)

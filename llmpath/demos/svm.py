"""Linear SVM: the widest margin, support vectors, and the road to contrastive learning.

Teaches: among all lines that separate two classes, the SVM picks the one with the widest margin
2/‖w‖, subject to yᵢ(w·xᵢ + b) ≥ 1 (softened by C). Only the points on or inside the margin —
the support vectors — decide it. We solve the dual problem with SMO (pairs of αs at a time).
Then: triplet loss keeps an explicit margin; InfoNCE (CLIP) has none, it is a softmax over pairs.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("c", float, 1.0, "penalty C for margin violations", "违反间隔的惩罚系数 C", low=1e-3, high=1e4)]


def smo_linear_svm(x: np.ndarray, y: np.ndarray, c: float, tol: float = 1e-8, max_iter: int = 100_000) -> tuple[np.ndarray, float, np.ndarray]:
    """Dual SVM: min ½ αᵀQα − Σα, 0 ≤ α ≤ C, Σ yᵢαᵢ = 0, Q = (y yᵀ) ∘ (X Xᵀ).

    Each step takes the most violating pair (i, j) and moves αᵢ += yᵢt, αⱼ −= yⱼt by the exact
    optimum t along that line, clipped to the box (LIBSVM's WSS1). Returns w = Σ αᵢyᵢxᵢ, b, α.
    """
    n = len(y)
    k = x @ x.T
    q = np.outer(y, y) * k
    alpha = np.zeros(n)
    g = -np.ones(n)  # gradient Qα − 1
    for _ in range(max_iter):
        score = -y * g
        up = ((y > 0) & (alpha < c)) | ((y < 0) & (alpha > 0))
        low = ((y > 0) & (alpha > 0)) | ((y < 0) & (alpha < c))
        i = np.flatnonzero(up)[np.argmax(score[up])]
        j = np.flatnonzero(low)[np.argmin(score[low])]
        if score[i] - score[j] < tol:
            break
        eta = max(k[i, i] + k[j, j] - 2 * k[i, j], 1e-12)
        t = (score[i] - score[j]) / eta
        t = min(t, c - alpha[i] if y[i] > 0 else alpha[i], alpha[j] if y[j] > 0 else c - alpha[j])
        alpha[i] += y[i] * t
        alpha[j] -= y[j] * t
        g += t * (y[i] * q[:, i] - y[j] * q[:, j])
    w = (alpha * y) @ x
    free = (alpha > 1e-9) & (alpha < c - 1e-9)
    score = -y * g
    b = float(np.mean(score[free])) if free.any() else float((score[up].max() + score[low].min()) / 2)
    return w, b, alpha


def triplet_loss(anchor, positive, negative, margin: float) -> float:
    """max(0, ‖a − p‖² − ‖a − n‖² + m): zero once the negative is farther by at least the margin."""
    return float(max(0.0, np.sum((anchor - positive) ** 2) - np.sum((anchor - negative) ** 2) + margin))


def info_nce(anchor, candidates, positive_index: int, temperature: float) -> float:
    """−log softmax(sim / τ)[positive] over cosine similarities: no margin, it keeps pushing."""
    a = anchor / np.linalg.norm(anchor)
    cs = candidates / np.linalg.norm(candidates, axis=1, keepdims=True)
    s = cs @ a / temperature
    return float(np.log(np.sum(np.exp(s - s.max()))) + s.max() - s[positive_index])


def run(ctx: DemoContext, *, c: float) -> None:
    from sklearn.svm import SVC

    rng = np.random.default_rng(ctx.seed)
    n = 40
    x = np.vstack([rng.normal([-1.5, -1.0], 0.8, size=(n, 2)), rng.normal([1.5, 1.0], 0.8, size=(n, 2))])
    y = np.r_[-np.ones(n), np.ones(n)]

    ctx.heading("1. Two classes and the widest street between them", "1. 两个类别与它们之间最宽的“街道”")
    ctx.say(
        f"{2 * n} points in 2-D, labels ±1. A linear classifier predicts sign(w·x + b). The SVM asks every point to be on the right "
        "side with room to spare, yᵢ(w·xᵢ + b) ≥ 1, and makes the street between w·x + b = ±1 — width 2/‖w‖ — as wide as possible. "
        f"With overlapping classes, slack is allowed at a price C = {c:g} per unit of violation.",
        f"二维平面上 {2 * n} 个点，标签 ±1。线性分类器预测 sign(w·x + b)。SVM 要求每个点都在正确一侧并留有余量 yᵢ(w·xᵢ + b) ≥ 1，"
        f"并让 w·x + b = ±1 之间的“街道”（宽度 2/‖w‖）尽可能宽。类别重叠时允许违反，每单位违反付出代价 C = {c:g}。",
    )
    w, b, alpha = smo_linear_svm(x, y, c)
    ref = SVC(kernel="linear", C=c, tol=1e-8).fit(x, y)
    margin = 2 / np.linalg.norm(w)
    sv = np.flatnonzero(alpha > 1e-7)
    ctx.table(ctx.t("solution", "解"), ["", L10n("ours (SMO)", "我们的实现（SMO）"), "sklearn SVC"], [
        ["w", f"({w[0]:.4f}, {w[1]:.4f})", f"({ref.coef_[0, 0]:.4f}, {ref.coef_[0, 1]:.4f})"],
        ["b", round(b, 4), round(float(ref.intercept_[0]), 4)],
        ["margin 2/‖w‖", round(float(margin), 4), round(float(2 / np.linalg.norm(ref.coef_)), 4)],
        ["support vectors", len(sv), int(ref.n_support_.sum())],
    ])
    ctx.agree(L10n("w and b", "w 与 b"), np.r_[w, b], np.r_[ref.coef_[0], ref.intercept_], reference_name="sklearn SVC(kernel='linear')", tolerance=1e-3)
    on_margin = y[sv] * (x[sv] @ w + b)
    ctx.table(ctx.t("the support vectors (first 8)", "支持向量（前 8 个）"), [L10n("point", "点"), L10n("class", "类别"), "αᵢ", "yᵢ(w·xᵢ + b)"],
              [[f"({x[i, 0]:.2f}, {x[i, 1]:.2f})", int(y[i]), round(float(alpha[i]), 4), round(float(m), 3)] for i, m in zip(sv[:8], on_margin[:8])])
    ctx.say(
        "Only the support vectors have αᵢ > 0: w = Σ αᵢ yᵢ xᵢ is built from them alone. Points with yᵢ(w·xᵢ + b) = 1 sit exactly on "
        "the margin; smaller values are inside it (αᵢ = C). Move any other point (without crossing the margin) and the line does not change.",
        "只有支持向量的 αᵢ > 0:w = Σ αᵢ yᵢ xᵢ 完全由它们构成。yᵢ(w·xᵢ + b) = 1 的点恰好在间隔边界上；更小的值在间隔之内（αᵢ = C）。"
        "移动其他任何点（不越过间隔），分界线都不变。",
    )

    ctx.heading("2. C trades margin width for violations", "2. C 在间隔宽度与违反之间权衡")
    rows = []
    for cc in sorted({0.01, 0.1, 1.0, 10.0, c}):
        wc, bc, ac = smo_linear_svm(x, y, cc)
        acc = float(np.mean(np.sign(x @ wc + bc) == y))
        rows.append([f"{cc:g}" + (" ◀" if cc == c else ""), round(float(2 / np.linalg.norm(wc)), 3), int(np.sum(ac > 1e-7)), f"{acc:.1%}"])
    ctx.table("C", ["C", L10n("margin 2/‖w‖", "间隔 2/‖w‖"), L10n("support vectors", "支持向量数"), L10n("train accuracy", "训练准确率")], rows)

    ctx.heading("3. Margins in representation learning", "3. 表示学习中的间隔")
    a = np.array([1.0, 0.2])
    p = np.array([0.9, 0.4])
    negs = np.array([[0.2, 1.0], [-0.5, 0.8], [0.95, 0.05]])
    trip = [triplet_loss(a, p, nv, 0.2) for nv in negs]
    nce = info_nce(a, np.vstack([p, negs]), 0, 0.1)
    ctx.say(
        "The same idea in a new form (an analogy, not a lineage): contrastive learning wants matching pairs closer than non-matching "
        "ones. The triplet loss max(0, ‖a − p‖² − ‖a − n‖² + m) has an explicit margin m, like the SVM: once a negative is far enough "
        "it contributes nothing. InfoNCE (used by CLIP) has no margin: −log softmax(sim/τ) over one positive and many negatives keeps "
        "pushing every negative away, weighted by how similar it still is.",
        "同一思想的新形式（是类比，不是传承）：对比学习希望匹配的对比不匹配的对更近。三元组损失 max(0, ‖a − p‖² − ‖a − n‖² + m) "
        "像 SVM 一样有显式间隔 m：负样本足够远后就不再贡献损失。InfoNCE（CLIP 使用）没有间隔：对一个正样本与许多负样本取 "
        "−log softmax(sim/τ)，会持续把每个负样本推远，越相似的推得越用力。",
    )
    ctx.table(ctx.t("anchor a = (1, 0.2), positive p = (0.9, 0.4)", "锚点 a = (1, 0.2)，正样本 p = (0.9, 0.4)"), [L10n("negative n", "负样本 n"), "‖a−n‖²", L10n("triplet loss (m=0.2)", "三元组损失（m=0.2）")],
              [[f"({nv[0]:g}, {nv[1]:g})", round(float(np.sum((a - nv) ** 2)), 3), round(t, 4)] for nv, t in zip(negs, trip)])
    ctx.say(f"InfoNCE over all four candidates (τ = 0.1): {nce:.4f} — positive, even though two negatives already satisfy the triplet margin.",
            f"对全部四个候选计算 InfoNCE(τ = 0.1):{nce:.4f}——即使有两个负样本已满足三元组间隔，它仍为正。")
    ctx.figures.update(c=c, w=[float(v) for v in w], b=b, margin=float(margin), support_vectors=int(len(sv)),
                       sklearn_support_vectors=int(ref.n_support_.sum()), train_accuracy=float(np.mean(np.sign(x @ w + b) == y)),
                       triplet_losses=trip, info_nce=nce)

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 5))
        ax.scatter(x[:, 0], x[:, 1], c=y, cmap="coolwarm", s=20)
        ax.scatter(x[sv, 0], x[sv, 1], s=90, facecolors="none", edgecolors="k", label="support vectors")
        xs = np.linspace(x[:, 0].min() - 0.5, x[:, 0].max() + 0.5, 50)
        for off, style in ((0, "-"), (1, "--"), (-1, "--")):
            ax.plot(xs, (off - b - w[0] * xs) / w[1], "k" + style, lw=1)
        ax.set_ylim(x[:, 1].min() - 1, x[:, 1].max() + 1)
        ax.legend()
        ax.set_title(f"Linear SVM, C={c:g}, margin {margin:.3f}")
        ctx.savefig(fig)

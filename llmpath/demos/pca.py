"""PCA from scratch: projecting 64-pixel handwritten digits onto 2 dimensions.

Teaches: centre the data, take its SVD X = U Σ Vᵀ; the rows of Vᵀ are the principal
directions, σᵢ² / (n − 1) the variance along each; projecting onto the first few keeps
the most variance. Embedding visualisations (word vectors in 2-D) are often PCA.
"""

from __future__ import annotations

import warnings

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("components", int, 10, "principal components to report", "报告的主成分个数", low=2, high=64)]


def pca(x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Returns components (k, d), explained variance (k,), explained ratio (k,), projection (n, k)."""
    mean = x.mean(axis=0)
    xc = x - mean  # (n, d)
    _, s, vt = np.linalg.svd(xc, full_matrices=False)
    # sign convention: make the largest |entry| of each direction positive (deterministic output)
    signs = np.sign(vt[np.arange(len(vt)), np.argmax(np.abs(vt), axis=1)])
    vt = vt * signs[:, None]
    variance = s**2 / (len(x) - 1)
    ratio = variance / variance.sum()
    return vt[:k], variance[:k], ratio[:k], xc @ vt[:k].T


def align_signs(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Each principal direction is defined up to sign: flip rows of ours to match ref."""
    signs = np.sign(np.sum(ours * ref, axis=1))
    signs[signs == 0] = 1
    return ours * signs[:, None]


def run(ctx: DemoContext, *, components: int) -> None:
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA

    digits = load_digits()
    x, y = digits.data, digits.target  # (1797, 64) pixel intensities 0..16
    ctx.heading("1. Data: 8×8 handwritten digits", "1. 数据：8×8 手写数字")
    ctx.say(
        f"{x.shape[0]} images, each flattened to {x.shape[1]} numbers. We cannot look at 64 dimensions; "
        "PCA finds the few directions along which the images vary most.",
        f"共 {x.shape[0]} 张图，每张展平成 {x.shape[1]} 个数。64 维无法直接观察；PCA 找出图像变化最大的少数几个方向。",
    )
    ctx.heading("2. Centre, then SVD", "2. 先中心化，再做 SVD")
    ctx.say(
        "Subtract the mean image, then X_c = U Σ Vᵀ. Row i of Vᵀ is the i-th principal direction and "
        "σᵢ² / (n − 1) is the variance of the data along it (the eigenvalues of the covariance matrix).",
        "减去平均图像后做 X_c = U Σ Vᵀ。Vᵀ 的第 i 行是第 i 个主方向，σᵢ² / (n − 1) 是数据沿该方向的方差"
        "（即协方差矩阵的特征值）。",
    )
    comps, var, ratio, proj = pca(x, components)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = PCA(n_components=components, svd_solver="full").fit(x)
    ctx.table(L10n("explained variance", "解释方差"), ["PC", L10n("variance", "方差"), L10n("ratio", "比例"), L10n("cumulative", "累计")],
              [[i + 1, round(float(var[i]), 3), f"{ratio[i]:.2%}", f"{ratio[:i + 1].sum():.2%}"] for i in range(components)])
    ctx.bars(L10n("explained variance ratio", "方差解释比例"), [f"PC{i + 1}" for i in range(components)], ratio, fmt="{:.1%}")
    ctx.agree(L10n("explained variance ratio", "方差解释比例"), ratio, ref.explained_variance_ratio_, reference_name="sklearn PCA", tolerance=1e-10)
    ctx.agree(L10n("principal directions", "主方向"), align_signs(comps, ref.components_), ref.components_, reference_name="sklearn PCA", tolerance=1e-8)
    ref_proj = ref.transform(x)
    ctx.agree(L10n("2-D projection", "二维投影"), align_signs(proj.T[:2], ref_proj.T[:2]), ref_proj.T[:2], reference_name="sklearn PCA", tolerance=1e-8)

    ctx.heading("3. The digits in 2-D", "3. 二维中的数字")
    ctx.say(
        f"Two numbers per image keep {ratio[:2].sum():.1%} of the variance, yet the digit classes already form "
        "separate clouds. The centre of each class on (PC1, PC2):",
        f"每张图只保留两个数，就保留了 {ratio[:2].sum():.1%} 的方差，而各个数字类别已经形成分开的“云团”。各类在 (PC1, PC2) 上的中心：",
    )
    centres = np.array([proj[y == d, :2].mean(axis=0) for d in range(10)])
    ctx.table(L10n("class centres", "类中心"), [L10n("digit", "数字"), "PC1", "PC2", L10n("count", "数量")],
              [[d, round(float(centres[d, 0]), 2), round(float(centres[d, 1]), 2), int(np.sum(y == d))] for d in range(10)])
    all_ratio = pca(x, x.shape[1])[2]
    need = int(np.searchsorted(np.cumsum(all_ratio), 0.9) + 1)
    ctx.say(f"{need} components keep 90% of the variance (out of 64).", f"保留 90% 的方差需要 {need} 个主成分（共 64 个）。")
    ctx.figures.update(explained_variance_ratio=[float(r) for r in ratio], variance_2d=float(ratio[:2].sum()),
                       components_for_90pct=need, class_centres_2d=[[float(a), float(b)] for a, b in centres])

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.5, 5))
        sc = ax.scatter(proj[:, 0], proj[:, 1], c=y, cmap="tab10", s=6)
        for d in range(10):
            ax.annotate(str(d), centres[d], fontsize=14, weight="bold")
        fig.colorbar(sc, ax=ax, label="digit")
        ax.set_xlabel(f"PC1 ({ratio[0]:.1%})")
        ax.set_ylabel(f"PC2 ({ratio[1]:.1%})")
        ax.set_title("Digits projected on two principal components")
        ctx.savefig(fig)

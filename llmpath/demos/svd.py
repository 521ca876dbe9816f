"""SVD: compressing a real photograph with a low-rank approximation.

Teaches: any matrix is A = U Σ Vᵀ, a sum of rank-1 layers σᵢ uᵢ vᵢᵀ sorted by importance;
keeping the first k gives the best rank-k approximation (Eckart–Young), with error
√(Σ_{i>k} σᵢ²). The same idea powers LoRA (a weight update as a low-rank product B A).
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("rank", int, 20, "rank k of the approximation", "近似的秩 k", low=1, high=427)]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 71st, 91st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def load_china() -> np.ndarray:
    """scikit-learn's bundled sample photo (427×640×3, uint8), the same array as load_sample_image('china.jpg').

    Read straight from scikit-learn's package folder with Pillow: importing sklearn.datasets costs
    about two seconds, more than the whole SVD. Falls back to load_sample_image if the file moved.
    """
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    path = Path(next(iter(spec.submodule_search_locations or [""]))) / "datasets" / "images" / "china.jpg" if spec else None
    if path is not None and path.is_file():
        from PIL import Image

        with Image.open(path) as image:
            return np.asarray(image)
    from sklearn.datasets import load_sample_image

    return load_sample_image("china.jpg")


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma: 0.299 R + 0.587 G + 0.114 B, scaled to [0, 1]."""
    return (rgb[..., :3] @ np.array([0.299, 0.587, 0.114])) / 255.0


def low_rank(u: np.ndarray, s: np.ndarray, vt: np.ndarray, k: int) -> np.ndarray:
    """A_k = Σ_{i<k} σᵢ uᵢ vᵢᵀ = U[:, :k] diag(σ[:k]) Vᵀ[:k]."""
    return (u[:, :k] * s[:k]) @ vt[:k]


def singular_values_from_eigh(a: np.ndarray) -> np.ndarray:
    """σᵢ = √λᵢ(AᵀA): the singular values are square roots of the Gram matrix's eigenvalues (descending).

    AᵀA and AAᵀ share their non-zero eigenvalues, so we use the smaller of the two.
    """
    gram = a.T @ a if a.shape[1] <= a.shape[0] else a @ a.T
    lam = np.linalg.eigvalsh(gram)[::-1]
    return np.sqrt(np.clip(lam, 0.0, None))


def compression_ratio(m: int, n: int, k: int) -> float:
    """Numbers stored: k (m + n + 1) for U_k, σ_k, V_k versus m n for the image."""
    return k * (m + n + 1) / (m * n)


def relative_error(a: np.ndarray, approx: np.ndarray) -> float:
    return float(np.linalg.norm(a - approx) / np.linalg.norm(a))


def run(ctx: DemoContext, *, rank: int) -> None:
    ctx.heading("1. A photograph is a matrix", "1. 一张照片就是一个矩阵")
    img = grayscale(load_china())
    m, n = img.shape
    k = min(rank, min(m, n))
    ctx.say(
        f"scikit-learn's sample photo 'china.jpg' in grayscale is a {m}×{n} matrix of brightness values in [0, 1] "
        f"({m * n:,} numbers).",
        f"scikit-learn 自带的示例照片 china.jpg 转为灰度后是一个 {m}×{n} 的亮度矩阵，取值在 [0, 1]（共 {m * n:,} 个数）。",
    )

    ctx.heading("2. A = U Σ Vᵀ", "2. A = U Σ Vᵀ")
    u, s, vt = np.linalg.svd(img, full_matrices=False)
    ctx.say(
        "The singular value decomposition writes A as a sum of rank-1 'layers' σᵢ uᵢ vᵢᵀ, sorted so σ₁ ≥ σ₂ ≥ … ≥ 0. "
        "A few large σ carry most of the picture; the long tail is fine detail and noise.",
        "奇异值分解（SVD）把 A 写成秩为 1 的“图层”之和 σᵢ uᵢ vᵢᵀ，并按 σ₁ ≥ σ₂ ≥ … ≥ 0 排序。"
        "少数大的 σ 承载了图像的大部分，长长的尾巴是细节和噪声。",
    )
    ctx.table(L10n("singular values", "奇异值"), ["i", "σᵢ", L10n("share of Σσ²", "占 Σσ² 的比例")],
              [[i + 1, round(float(s[i]), 3), f"{s[i] ** 2 / np.sum(s ** 2):.2%}"] for i in (0, 1, 2, 4, 9, 19, 49, 99) if i < len(s)])
    ctx.chart(ctx.t("σᵢ (log scale), i = 1 … ", "σᵢ（对数刻度），i = 1 … ") + str(len(s)), {"σ": s}, x_label="i", log_y=True)
    ctx.agree(L10n("singular values", "奇异值"), singular_values_from_eigh(img)[:50], s[:50], reference_name="numpy.linalg.svd", tolerance=1e-8)

    ctx.heading("3. Keep the first k layers", "3. 只保留前 k 层")
    ranks = sorted({1, 5, 10, 20, 50, 100, k})
    rows, errors = [], []
    for r in ranks:
        err = relative_error(img, low_rank(u, s, vt, r))
        errors.append(err)
        rows.append([r, f"{err:.2%}", f"{compression_ratio(m, n, r):.2%}", "◀" if r == k else ""])
    ctx.say(
        "Storing U_k, σ_k and V_k takes k(m + n + 1) numbers instead of m·n. Relative error = ‖A − A_k‖ / ‖A‖ (Frobenius).",
        "存储 U_k、σ_k 与 V_k 只需 k(m + n + 1) 个数，而不是 m·n 个。相对误差 = ‖A − A_k‖ / ‖A‖（Frobenius 范数）。",
    )
    ctx.table(L10n("rank vs error vs size", "秩、误差与大小"), [L10n("rank k", "秩 k"), L10n("relative error", "相对误差"), L10n("size vs original", "相对原图的大小"), ""], rows)
    ctx.bars(L10n("relative error by rank", "各秩的相对误差"), [f"k={r}" for r in ranks], errors, fmt="{:.2%}")
    approx = low_rank(u, s, vt, k)
    err_k = float(np.linalg.norm(img - approx))
    theory = float(np.sqrt(np.sum(s[k:] ** 2)))
    ctx.say(
        f"Eckart–Young: no rank-{k} matrix is closer to A, and the error is exactly √(Σ_{{i>k}} σᵢ²) = {theory:.4f}.",
        f"Eckart–Young 定理：没有任何秩为 {k} 的矩阵比 A_k 更接近 A，误差恰好是 √(Σ_{{i>k}} σᵢ²) = {theory:.4f}。",
    )
    ctx.agree(f"‖A − A_{k}‖ vs √Σσ²", err_k, theory, reference_name="Eckart–Young", tolerance=1e-8, key="max_diff_eckart_young")
    thumb = approx[::m // 6, ::n // 7][:6, :7]
    ctx.heatmap(ctx.t(f"A_{k}: every {ordinal(m // 6)} row, {ordinal(n // 7)} column (brightness)",
                      f"A_{k}：每隔 {m // 6} 行、{n // 7} 列取一点（亮度）"), [str(i) for i in range(thumb.shape[0])],
                [str(j) for j in range(thumb.shape[1])], np.clip(thumb, 0, 1))
    ctx.say(
        "LoRA fine-tunes a large weight matrix by learning only a low-rank update ΔW = B A; this demo shows why "
        "a small rank can already capture most of a matrix's structure.",
        "LoRA 微调时只学习一个低秩更新 ΔW = B A；本演示说明了为什么很小的秩就能抓住矩阵的大部分结构。",
    )
    ctx.figures.update(shape=[m, n], rank=k, relative_error=relative_error(img, approx),
                       compression_ratio=compression_ratio(m, n, k), energy_kept=float(np.sum(s[:k] ** 2) / np.sum(s ** 2)))

    if ctx.wants_plot():
        plt = pyplot()
        shown = [r for r in (1, 10, k) if r <= len(s)]
        fig, axes = plt.subplots(1, len(shown) + 1, figsize=(4 * (len(shown) + 1), 3.2))
        axes[0].imshow(img, cmap="gray", vmin=0, vmax=1)
        axes[0].set_title("original")
        for ax, r in zip(axes[1:], shown):
            ax.imshow(np.clip(low_rank(u, s, vt, r), 0, 1), cmap="gray", vmin=0, vmax=1)
            ax.set_title(f"rank {r} ({compression_ratio(m, n, r):.1%} size)")
        for ax in axes:
            ax.axis("off")
        ctx.savefig(fig)

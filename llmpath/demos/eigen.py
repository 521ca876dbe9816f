"""Power iteration: eigenvalues and eigenvectors of a symmetric matrix.

Teaches: A v = λ v (an eigenvector only gets stretched); multiplying any vector by A again
and again aligns it with the top eigenvector, at a speed set by |λ₂/λ₁|; deflation
(A − λ v vᵀ) exposes the next one. Covariance matrices, PCA and the Hessian's curvature
(how large a learning rate may be) are all eigen-problems.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("steps", int, 60, "power-iteration steps", "幂迭代步数", low=1, high=10_000),
    Option("size", int, 5, "matrix size n (n×n)", "矩阵大小 n(n×n)", low=2, high=200),
]


def power_iteration(a: np.ndarray, steps: int, rng: np.random.Generator) -> tuple[float, np.ndarray, list[float]]:
    """Largest-|λ| eigenpair: v ← A v / ‖A v‖; λ = vᵀ A v (Rayleigh quotient). Returns λ, v, λ per step."""
    v = rng.normal(size=a.shape[0])
    v /= np.linalg.norm(v)
    history = []
    for _ in range(steps):
        w = a @ v
        v = w / np.linalg.norm(w)
        history.append(float(v @ a @ v))
    return history[-1], v, history


def top_eigenpairs(a: np.ndarray, k: int, steps: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k largest-|λ| eigenpairs by power iteration with deflation: A ← A − λ v vᵀ."""
    a = a.astype(float).copy()
    values, vectors = [], []
    for _ in range(k):
        lam, v, _ = power_iteration(a, steps, rng)
        values.append(lam)
        vectors.append(v)
        a -= lam * np.outer(v, v)
    return np.array(values), np.array(vectors).T


def aligned(v: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Eigenvectors are defined up to sign: flip v to point like ref."""
    return v if v @ ref >= 0 else -v


def run(ctx: DemoContext, *, steps: int, size: int) -> None:
    rng = np.random.default_rng(ctx.seed)
    ctx.heading("1. A symmetric matrix", "1. 一个对称矩阵")
    # A = Q diag(λ) Qᵀ with known, well-separated positive eigenvalues
    q, _ = np.linalg.qr(rng.normal(size=(size, size)))
    true_values = np.round(np.linspace(10, 1, size) * rng.uniform(0.9, 1.1, size), 2)
    true_values = np.sort(true_values)[::-1]
    a = q @ np.diag(true_values) @ q.T
    a = (a + a.T) / 2
    ctx.say(
        "A symmetric matrix (A = Aᵀ) has real eigenvalues and perpendicular eigenvectors: A v = λ v means "
        "A only stretches v by λ, without turning it. A covariance matrix is symmetric, so this is PCA's setting.",
        "对称矩阵 (A = Aᵀ) 的特征值都是实数，特征向量两两垂直。A v = λ v 表示 A 只把 v 拉伸 λ 倍而不改变方向。"
        "协方差矩阵是对称的，所以这正是 PCA 的场景。",
    )
    show = min(size, 6)
    ctx.table(f"A ({size}×{size})" + (ctx.t(" — first 6 rows/cols", "（前 6 行 6 列）") if size > 6 else ""), ["", *[f"c{j}" for j in range(show)]],
              [[f"r{i}", *np.round(a[i, :show], 3)] for i in range(show)], more_rows=size > show, more_columns=size > show)

    ctx.heading("2. Power iteration", "2. 幂迭代")
    ctx.say(
        "Start from a random vector and repeat v ← A v / ‖A v‖. Each step multiplies the i-th eigen-component "
        "by λᵢ, so the largest one wins; the Rayleigh quotient λ ≈ vᵀ A v reads off the eigenvalue. "
        "The error shrinks like |λ₂/λ₁|ᵏ.",
        "从一个随机向量出发，反复做 v ← A v / ‖A v‖。每一步把第 i 个特征分量乘以 λᵢ，最大的那个终将胜出；"
        "瑞利商 λ ≈ vᵀ A v 给出特征值。误差按 |λ₂/λ₁|ᵏ 的速度缩小。",
    )
    lam, v, history = power_iteration(a, steps, rng)
    ref_values, ref_vectors = np.linalg.eigh(a)  # ascending
    ref_lam, ref_v = ref_values[-1], ref_vectors[:, -1]
    errors = [max(abs(h - ref_lam), 1e-16) for h in history]
    ctx.table(L10n("λ by step", "各步的 λ"), [L10n("step", "步"), L10n("λ estimate", "λ 估计"), L10n("|error|", "|误差|")],
              [[k + 1, round(history[k], 8), errors[k]] for k in sorted({0, 1, 2, 4, 9, 19, steps - 1}) if k < steps])
    ctx.chart(L10n("|λ estimate − λ₁| (log scale)", "|λ 估计 − λ₁|（对数刻度）"), {L10n("error", "误差"): errors}, x_label=L10n("step", "步"), log_y=True)
    ratio = abs(ref_values[-2] / ref_values[-1])
    ctx.say(f"Here |λ₂/λ₁| = {ratio:.3f}: each step cuts the eigenvector error by about that factor "
            f"(the eigenvalue error, a Rayleigh quotient, by its square).",
            f"这里 |λ₂/λ₁| = {ratio:.3f}：每一步特征向量的误差约缩小这个倍数（瑞利商给出的特征值误差按它的平方缩小）。")
    # too few steps (--steps 5) shows a ✗: the estimate has not converged yet
    ctx.agree(L10n("top eigenvalue", "最大特征值"), lam, ref_lam, reference_name="numpy.linalg.eigh", tolerance=1e-6)
    ctx.agree(L10n("top eigenvector", "最大特征值的特征向量"), aligned(v, ref_v), ref_v, reference_name="numpy.linalg.eigh", tolerance=1e-3)

    ctx.heading("3. All eigenvalues by deflation", "3. 用降阶法求全部特征值")
    ctx.say(
        "Subtract what we found, A ← A − λ v vᵀ, and power-iterate again: the next eigenvalue is now the largest.",
        "减去已找到的部分 A ← A − λ v vᵀ，再做幂迭代：下一个特征值就变成了最大的。",
    )
    k = min(size, 5)
    values, vectors = top_eigenpairs(a, k, max(steps, 200), rng)
    ref_top = ref_values[::-1][:k]
    ctx.table(L10n("eigenvalues", "特征值"), ["i", L10n("power iteration", "幂迭代"), "numpy eigh", L10n("|diff|", "|差|")],
              [[i + 1, round(float(values[i]), 6), round(float(ref_top[i]), 6), abs(values[i] - ref_top[i])] for i in range(k)])
    ctx.bars("λᵢ", [f"λ{i + 1}" for i in range(k)], values)
    ctx.agree(L10n("eigenvalues by deflation", "收缩法求出的特征值"), values, ref_top, reference_name="numpy.linalg.eigh", tolerance=1e-4)
    ctx.figures.update(top_eigenvalue=float(lam), reference_top_eigenvalue=float(ref_lam), ratio_l2_l1=float(ratio),
                       eigenvalues=[float(x) for x in values], steps=steps)

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.semilogy(range(1, steps + 1), errors, label="|λ̂ − λ₁|")
        ax.semilogy(range(1, steps + 1), [ratio ** (2 * (k + 1)) * errors[0] / ratio**2 for k in range(steps)], "--", label="∝ |λ₂/λ₁|^(2k)")
        ax.set_xlabel("step")
        ax.set_ylabel("error")
        ax.set_title("Power iteration convergence")
        ax.legend()
        ctx.savefig(fig)

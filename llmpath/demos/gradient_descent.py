"""Gradient descent on a 2-D loss surface, and what the learning rate does.

Teaches: w ← w − η ∇L(w) walks downhill. On a quadratic bowl L(w) = ½ wᵀ A w − bᵀ w the
curvature along each eigen-direction is λᵢ; a step is stable only if η < 2 / λ_max. Too small:
crawls along the flat direction. Too large: overshoots, oscillates and diverges.
"""

from __future__ import annotations

import math

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("lr", float, 0.15, "your learning rate η", "你的学习率 η", low=1e-6, high=10.0),
    Option("steps", int, 60, "gradient steps", "梯度下降步数", low=1, high=100_000),
]

# An elongated, tilted bowl: curvatures 1 and 10 (so the stable limit is η < 2/10 = 0.2).
A = np.array([[5.5, 4.5], [4.5, 5.5]])
B = np.array([1.0, -2.0])
START = np.array([-2.5, 2.0])


def loss(w: np.ndarray) -> float:
    """L(w) = ½ wᵀ A w − bᵀ w."""
    return float(0.5 * w @ A @ w - B @ w)


def grad(w: np.ndarray) -> np.ndarray:
    """∇L(w) = A w − b (A is symmetric)."""
    return A @ w - B


def numerical_grad(f, w: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences: ∂f/∂wᵢ ≈ (f(w + h eᵢ) − f(w − h eᵢ)) / 2h."""
    g = np.zeros_like(w, dtype=float)
    for i in range(len(w)):
        e = np.zeros_like(w, dtype=float)
        e[i] = h
        g[i] = (f(w + e) - f(w - e)) / (2 * h)
    return g


def gradient_descent(lr: float, steps: int, start: np.ndarray = START) -> tuple[np.ndarray, list[float]]:
    """Returns the path (steps + 1, 2) and the loss at each point; stops early once it blows up."""
    w = start.astype(float).copy()
    path, losses = [w.copy()], [loss(w)]
    for _ in range(steps):
        w = w - lr * grad(w)
        path.append(w.copy())
        losses.append(loss(w))
        if not np.all(np.isfinite(w)) or np.linalg.norm(w) > 1e6:
            break
    return np.array(path), losses


def run(ctx: DemoContext, *, lr: float, steps: int) -> None:
    w_star = np.linalg.solve(A, B)
    l_star = loss(w_star)
    curv = np.linalg.eigvalsh(A)

    ctx.heading("1. A loss surface with two weights", "1. 有两个权重的损失曲面")
    ctx.say(
        "L(w) = ½ wᵀ A w − bᵀ w is a tilted, elongated bowl: steep in one direction, shallow in the other "
        f"(curvatures λ = {curv[0]:g} and {curv[1]:g}, the eigenvalues of A). Its gradient is ∇L = A w − b.",
        "L(w) = ½ wᵀ A w − bᵀ w 是一个倾斜、狭长的碗：一个方向陡、另一个方向平缓"
        f"（曲率 λ = {curv[0]:g} 和 {curv[1]:g}，即 A 的特征值）。梯度为 ∇L = A w − b。",
    )
    g = grad(START)
    ctx.table(L10n("at the start w₀", "起点 w₀"), ["", "w₁", "w₂"], [["w₀", *START], ["∇L(w₀)", *g], [ctx.t("finite diff.", "有限差分"), *np.round(numerical_grad(loss, START), 6)]])
    ctx.agree(L10n("gradient", "梯度"), g, numerical_grad(loss, START), reference_name=L10n("central finite differences", "中心有限差分"), tolerance=1e-5)

    ctx.heading("2. Three learning rates", "2. 三种学习率")
    limit = 2 / curv.max()
    ctx.say(
        f"Each step is w ← w − η ∇L(w). Along a direction of curvature λ the error is multiplied by (1 − ηλ) per step, "
        f"so it shrinks only if |1 − ηλ| < 1, i.e. η < 2/λ_max = {limit:g}.",
        f"每一步 w ← w − η ∇L(w)。沿曲率为 λ 的方向，误差每步乘以（1 − ηλ），只有 |1 − ηλ| < 1 时才会缩小，即 η < 2/λ_max = {limit:g}。",
    )
    runs = {ctx.t("too small η=0.01", "过小 η=0.01"): 0.01, ctx.t("good η=0.1", "合适 η=0.1"): 0.1,
            ctx.t("too large η=0.21", "过大 η=0.21"): 0.21}
    user_label = ctx.t(f"yours η={lr:g}", f"你的 η={lr:g}")
    runs[user_label] = lr
    results = {}
    rows = []
    for name, eta in runs.items():
        path, losses = gradient_descent(eta, steps)
        results[name] = (path, losses)
        final = losses[-1]
        dist = float(np.linalg.norm(path[-1] - w_star))
        factor = max(abs(1 - eta * c) for c in curv)
        verdict = ctx.t("diverges", "发散") if factor > 1 else (ctx.t("slow", "很慢") if dist > 1e-2 else ctx.t("converges", "收敛"))
        rows.append([name, len(losses) - 1, f"{final - l_star:.3e}" if math.isfinite(final) else "inf", f"{dist:.3e}", round(factor, 3), verdict])
    ctx.table(L10n(f"after up to {steps} steps", f"最多 {steps} 步后"), [L10n("run", "运行"), L10n("steps", "步数"), "L − L*", "‖w − w*‖", "max|1−ηλ|", ""], rows)
    gap = {name: [min(max(v - l_star, 1e-12), 1e12) if math.isfinite(v) else 1e12 for v in losses] for name, (_, losses) in results.items()}
    ctx.chart(L10n("L(w) − L* (log scale)", "L(w) − L*（对数刻度）"), gap, x_label=L10n("step", "步"), log_y=True)

    good_path, _ = gradient_descent(0.1, max(steps, 200))
    ctx.agree(L10n("GD minimum (η=0.1)", "梯度下降的极小点（η=0.1）"), good_path[-1], w_star, reference_name="numpy.linalg.solve(A, b)", tolerance=1e-6, key="max_diff_minimum")
    user_path, user_losses = results[user_label]
    diverged = not math.isfinite(user_losses[-1]) or user_losses[-1] > user_losses[0]
    ctx.say(
        f"Your η = {lr:g}: " + ("it diverged — the steep direction overshoots more each step." if diverged else
                                f"final loss gap {user_losses[-1] - l_star:.3e}."),
        f"你的 η = {lr:g}:" + ("发散了——在陡峭方向上每一步都冲得更远。" if diverged else f"最终损失差 {user_losses[-1] - l_star:.3e}。"),
    )
    ctx.say(
        "Real networks have millions of curvatures, so a single η is always too small for some directions and close to "
        "too large for others; that is why warm-up, schedules and adaptive optimizers (Adam) exist.",
        "真实网络有上百万个曲率方向，单一的 η 总是对某些方向太小、对另一些方向接近过大；这就是学习率预热、调度和自适应优化器（Adam）存在的原因。",
    )
    ctx.figures.update(lr=lr, stable_limit=float(limit), minimum=[float(v) for v in w_star], user_final_loss_gap=(float(user_losses[-1] - l_star) if math.isfinite(user_losses[-1]) else None),
                       user_diverged=bool(diverged), final_loss_gap={k.split(" η")[0].replace(" ", "_"): (float(v[-1]) if v[-1] < 1e12 else None) for k, v in gap.items()})

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.5, 5))
        xs, ys = np.meshgrid(np.linspace(-3.5, 3.5, 200), np.linspace(-3.5, 3.5, 200))
        zs = 0.5 * (A[0, 0] * xs**2 + 2 * A[0, 1] * xs * ys + A[1, 1] * ys**2) - B[0] * xs - B[1] * ys
        ax.contour(xs, ys, zs, levels=30, cmap="Greys", linewidths=0.6)
        for name, (path, _) in results.items():
            shown = path[np.all(np.abs(path) < 3.5, axis=1)]
            ax.plot(shown[:, 0], shown[:, 1], ".-", label=name, markersize=3)
        ax.plot(*w_star, "k*", markersize=12)
        ax.set_xlim(-3.5, 3.5)
        ax.set_ylim(-3.5, 3.5)
        ax.legend(fontsize=8)
        ax.set_title("Gradient descent paths")
        ctx.savefig(fig)

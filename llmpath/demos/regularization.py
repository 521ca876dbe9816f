"""Overfitting and four cures: fewer parameters, L2 (ridge), L1 (lasso), dropout, early stopping.

Teaches: a flexible model fits the training noise, so training error keeps falling while
validation error turns back up. L2 shrinks all weights (a Gaussian prior); L1 sets many
exactly to zero (a Laplace prior, sparsity); dropout zeroes random units and rescales the rest
by 1/(1 − p) so the expected activation is unchanged; early stopping keeps the weights
from the epoch with the best validation error.
Data: y = sin(2πx) + noise, 30 training and 30 validation points, polynomial features.
"""

from __future__ import annotations

import warnings

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("noise", float, 0.25, "noise standard deviation", "噪声标准差", low=0.0, high=2.0),
    Option("dropout", float, 0.5, "dropout probability p", "dropout 概率 p", low=0.0, high=0.95),
]


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """[P₁(t), …, P_degree(t)], Legendre polynomials of t = 2x − 1 ∈ [−1, 1].

    Any degree-d polynomial is a combination of P₀ … P_d, like of 1, x, …, x^d, but these columns are
    nearly orthogonal, so the fits stay well conditioned. No constant column: the intercept is fitted apart.
    """
    from numpy.polynomial.legendre import legvander

    return legvander(2 * np.asarray(x, dtype=float) - 1, degree)[:, 1:]


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """min ‖y − Xw − b‖²: centre X and y, then solve with lstsq (stable even when XᵀX is ill-conditioned)."""
    xm, ym = x.mean(axis=0), y.mean()
    w = np.linalg.lstsq(x - xm, y - ym, rcond=None)[0]
    return w, float(ym - xm @ w)


def ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """min ‖y − Xw − b‖² + α‖w‖²  ⇒  w = (XcᵀXc + αI)⁻¹ Xcᵀ yc, b = ȳ − x̄ w (intercept not penalised)."""
    xm, ym = x.mean(axis=0), y.mean()
    xc = x - xm
    w = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ (y - ym))
    return w, float(ym - xm @ w)


def soft_threshold(z: float, t: float) -> float:
    return float(np.sign(z) * max(abs(z) - t, 0.0))


def lasso(x: np.ndarray, y: np.ndarray, alpha: float, iters: int = 5000, tol: float = 1e-12) -> tuple[np.ndarray, float]:
    """min (1/2n)‖y − Xw − b‖² + α‖w‖₁ by cyclic coordinate descent (scikit-learn's objective)."""
    n, d = x.shape
    xm, ym = x.mean(axis=0), y.mean()
    xc, yc = x - xm, y - ym
    w = np.zeros(d)
    col_sq = (xc**2).sum(axis=0) / n
    r = yc.copy()
    for _ in range(iters):
        biggest = 0.0
        for j in range(d):
            old = w[j]
            rho = xc[:, j] @ r / n + col_sq[j] * old
            w[j] = soft_threshold(rho, alpha) / col_sq[j]
            if w[j] != old:
                r -= xc[:, j] * (w[j] - old)
                biggest = max(biggest, abs(w[j] - old))
        if biggest < tol:
            break
    return w, float(ym - xm @ w)


def apply_dropout(h: np.ndarray, p: float, rng: np.random.Generator) -> np.ndarray:
    """Training-time dropout: keep each unit with probability 1 − p (a Bernoulli mask), scale kept ones by 1/(1 − p)."""
    mask = rng.random(h.shape) >= p
    return h * mask / (1 - p)


def mse(y, pred) -> float:
    return float(np.mean((np.asarray(y) - np.asarray(pred)) ** 2))


def run(ctx: DemoContext, *, noise: float, dropout: float) -> None:
    from sklearn.linear_model import Lasso, Ridge

    rng = np.random.default_rng(ctx.seed)
    x_tr, x_va = rng.uniform(0, 1, 30), rng.uniform(0, 1, 30)
    y_tr = np.sin(2 * np.pi * x_tr) + rng.normal(0, noise, 30)
    y_va = np.sin(2 * np.pi * x_va) + rng.normal(0, noise, 30)
    big = 12
    f_tr, f_va = poly_features(x_tr, big), poly_features(x_va, big)

    ctx.heading("1. Training vs validation error by polynomial degree", "1. 不同多项式次数的训练误差与验证误差")
    ctx.say(
        f"30 noisy points from y = sin(2πx) (noise σ = {noise:g}) to fit, 30 others to validate. A degree-d polynomial has d + 1 parameters.",
        f"用 30 个带噪声的点（来自 y = sin(2πx)，噪声 σ = {noise:g}）拟合，另 30 个点验证。d 次多项式有 d + 1 个参数。",
    )
    rows, tr_err, va_err = [], [], []
    for d in range(1, big + 1):
        w, b = least_squares(f_tr[:, :d], y_tr)
        tr_err.append(mse(y_tr, f_tr[:, :d] @ w + b))
        va_err.append(mse(y_va, f_va[:, :d] @ w + b))
    best_d = int(np.argmin(va_err)) + 1
    rows = [[d, round(tr_err[d - 1], 4), round(va_err[d - 1], 4), "◀ best" if d == best_d else ""] for d in range(1, big + 1)]
    ctx.table(ctx.t("mean squared error", "均方误差"), [L10n("degree", "次数"), L10n("train", "训练"), L10n("validation", "验证"), ""], rows)
    ctx.chart(ctx.t("MSE by degree (log scale)", "各次数的 MSE（对数刻度）"), {L10n("train", "训练"): tr_err, L10n("validation", "验证"): va_err}, x_label=L10n("degree 1 … 12", "次数 1 … 12"), log_y=True)
    ctx.say(
        f"Training error only goes down with more parameters; validation error is lowest at degree {best_d} and then rises: "
        "the high-degree fit bends to pass through the noise (overfitting).",
        f"参数越多，训练误差只降不升；验证误差在 {best_d} 次时最低，随后上升：高次多项式为了穿过噪声点而弯曲（过拟合）。",
    )
    w3, b3 = least_squares(f_tr[:, :3], y_tr)
    ctx.agree(L10n("cubic fit on validation x", "验证集 x 上的三次拟合"), f_va[:, :3] @ w3 + b3, np.polyval(np.polyfit(x_tr, y_tr, 3), x_va),
              reference_name="numpy.polyfit", tolerance=1e-8, key="max_diff_polyfit")

    ctx.heading("2. L2 (ridge) and L1 (lasso) on the degree-12 model", "2. 在 12 次模型上加 L2（岭回归）与 L1(Lasso)")
    ctx.say(
        "Ridge adds α‖w‖² to the loss: every weight shrinks toward 0 but stays non-zero (it is the MAP estimate under a Gaussian prior). "
        "Lasso adds α‖w‖₁: its corner at 0 sets many weights exactly to zero — automatic feature selection.",
        "岭回归（ridge）在损失上加 α‖w‖²：所有权重都向 0 收缩但不为 0（相当于高斯先验下的最大后验估计）。"
        "Lasso 加 α‖w‖₁：它在 0 处的“尖角”让许多权重恰好为 0——自动特征选择。",
    )
    rows, zero_counts = [], {}
    for alpha in (1e-4, 1e-3, 1e-2, 1e-1):
        wr, br = ridge(f_tr, y_tr, alpha * 30)
        wl, bl = lasso(f_tr, y_tr, alpha)
        zeros = int(np.sum(np.abs(wl) < 1e-10))
        zero_counts[f"{alpha:g}"] = zeros
        rows.append([f"{alpha:g}", round(mse(y_va, f_va @ wr + br), 4), round(float(np.linalg.norm(wr)), 2),
                     round(mse(y_va, f_va @ wl + bl), 4), f"{zeros}/12"])
    ctx.table(ctx.t("validation MSE, ‖w‖ and zero weights", "验证 MSE、‖w‖ 与零权重个数"), ["α", L10n("ridge val", "岭回归验证"), L10n("ridge ‖w‖", "岭回归 ‖w‖"), L10n("lasso val", "Lasso 验证"), L10n("lasso zeros", "Lasso 零权重")], rows)
    w_ref = Ridge(alpha=1e-2 * 30).fit(f_tr, y_tr)
    ctx.agree(L10n("ridge weights", "岭回归权重"), ridge(f_tr, y_tr, 1e-2 * 30)[0], w_ref.coef_, reference_name="sklearn Ridge", tolerance=1e-8)
    wl, _ = lasso(f_tr, y_tr, 1e-2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        l_ref = Lasso(alpha=1e-2, tol=1e-12, max_iter=100_000).fit(f_tr, y_tr)
    ctx.agree(L10n("lasso weights", "Lasso 权重"), wl, l_ref.coef_, reference_name="sklearn Lasso", tolerance=1e-5)
    ctx.bars(ctx.t("lasso weights, α = 0.01 (Legendre P₁ … P₁₂)", "Lasso 权重，α = 0.01（勒让德多项式 P₁ … P₁₂）"), [f"P{d}" for d in range(1, big + 1)], wl, fmt="{:+.3f}")

    ctx.heading("3. Dropout: a Bernoulli mask with inverted scaling", "3. Dropout：伯努利掩码与反向缩放")
    h = rng.uniform(0.5, 1.5, size=(1, 8))
    dropped = apply_dropout(h, dropout, rng)
    many = apply_dropout(np.repeat(h, 20000, axis=0), dropout, rng)  # 20 000 independent masks
    ctx.say(
        f"During training each unit is zeroed with probability p = {dropout:g} (a Bernoulli sample) and the survivors are multiplied "
        f"by 1/(1 − p) = {1 / (1 - dropout):.3f}, so the expected value of every unit is unchanged and nothing needs rescaling at test time. "
        "Units cannot rely on specific partners, which reduces overfitting.",
        f"训练时每个单元以概率 p = {dropout:g} 被置零（一次伯努利采样），保留下来的乘以 1/(1 − p) = {1 / (1 - dropout):.3f}，"
        "这样每个单元的期望值不变，测试时不必再缩放。单元无法依赖特定的“搭档”，从而减轻过拟合。",
    )
    ctx.table("h → dropout(h)", ["", *[f"u{i}" for i in range(8)]],
              [["h", *np.round(h[0], 2)], ["drop(h)", *np.round(dropped[0], 2)], ["mean×20k", *np.round(many.mean(axis=0), 2)]])
    ctx.agree("E[dropout(h)]", many.mean(axis=0), h[0], reference_name=L10n("h (expectation preserved)", "h（期望不变）"),
              tolerance=5 * 1.5 * np.sqrt(dropout / (1 - dropout) / 20000) + 1e-12, key="max_diff_dropout_mean")  # 5 standard errors

    ctx.heading("4. Early stopping", "4. 早停")
    w = np.zeros(big)
    b = 0.0
    lr, epochs = 0.1, 3000
    train_curve, val_curve, best = [], [], (np.inf, 0)
    for epoch in range(epochs):
        err = f_tr @ w + b - y_tr
        w -= lr * f_tr.T @ err / len(y_tr) * 2
        b -= lr * err.mean() * 2
        train_curve.append(mse(y_tr, f_tr @ w + b))
        val_curve.append(mse(y_va, f_va @ w + b))
        if val_curve[-1] < best[0]:
            best = (val_curve[-1], epoch + 1)
    ctx.say(
        f"Gradient descent on the degree-12 model: validation error is lowest at epoch {best[1]} ({best[0]:.4f}); "
        f"by epoch {epochs} it is {val_curve[-1]:.4f}. Early stopping keeps the best checkpoint — the cheapest regularizer, used in almost every training run.",
        f"在 12 次模型上做梯度下降：验证误差在第 {best[1]} 轮最低（{best[0]:.4f}）；到第 {epochs} 轮为 {val_curve[-1]:.4f}。"
        "早停保留最佳检查点——最便宜的正则化方法，几乎所有训练都会用。",
    )
    ctx.chart(ctx.t("MSE during training (log scale)", "训练过程中的 MSE（对数刻度）"), {L10n("train", "训练"): train_curve[:600], L10n("validation", "验证"): val_curve[:600]}, x_label=L10n("epoch 1 … 600", "轮次 1 … 600"), log_y=True)
    ctx.figures.update(train_mse_by_degree=tr_err, val_mse_by_degree=va_err, best_degree=best_d, lasso_zeros_by_alpha=zero_counts,
                       dropout_p=dropout, early_stop_epoch=best[1], early_stop_val_mse=best[0], final_val_mse=val_curve[-1])

    if ctx.wants_plot():
        plt = pyplot()
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
        grid = np.linspace(0, 1, 200)
        g = poly_features(grid, big)
        ax1.scatter(x_tr, y_tr, s=12, label="train")
        ax1.scatter(x_va, y_va, s=12, marker="x", label="validation")
        for d in (1, best_d, big):
            wd, bd = least_squares(f_tr[:, :d], y_tr)
            ax1.plot(grid, g[:, :d] @ wd + bd, label=f"degree {d}")
        ax1.set_ylim(-2, 2)
        ax1.legend(fontsize=8)
        ax2.semilogy(range(1, big + 1), tr_err, "o-", label="train")
        ax2.semilogy(range(1, big + 1), va_err, "o-", label="validation")
        ax2.set_xlabel("degree")
        ax2.set_ylabel("MSE")
        ax2.legend()
        ctx.savefig(fig)

"""Sampling, expectation and variance, maximum likelihood, and a Bayes update.

Teaches: a sample mean converges to the expectation (law of large numbers) with error
shrinking like σ/√n; the maximum-likelihood estimate is the value that makes the data most
probable (for a normal: the sample mean and the 1/n variance; for a coin: the frequency);
Bayes' rule turns a prior into a posterior. In LLMs: weights start as normal samples,
dropout masks are Bernoulli samples, and the next token is a categorical draw.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("n", int, 10_000, "number of samples", "样本数", low=10, high=5_000_000),
    Option("p", float, 0.3, "probability of heads for the Bernoulli coin", "伯努利硬币正面朝上的概率", low=0.001, high=0.999),
]


def running_mean(x: np.ndarray) -> np.ndarray:
    """x̄ₙ = (x₁ + … + xₙ) / n for every n."""
    return np.cumsum(x) / np.arange(1, len(x) + 1)


def normal_mle(x: np.ndarray) -> tuple[float, float]:
    """argmax Σ log N(xᵢ | μ, σ²): μ̂ = mean, σ̂² = Σ(xᵢ − μ̂)² / n (divides by n, not n − 1)."""
    mu = float(np.sum(x) / len(x))
    var = float(np.sum((x - mu) ** 2) / len(x))
    return mu, var


def normal_log_likelihood(x: np.ndarray, mu: float, var: float) -> float:
    """Σ log N(xᵢ | μ, σ²) = −n/2 log(2πσ²) − Σ(xᵢ − μ)² / (2σ²)."""
    return float(-0.5 * len(x) * np.log(2 * np.pi * var) - np.sum((x - mu) ** 2) / (2 * var))


def bernoulli_mle(x: np.ndarray) -> float:
    """argmax Σ log p^xᵢ (1 − p)^(1 − xᵢ) = (number of ones) / n."""
    return float(np.sum(x) / len(x))


def grid_posterior(heads: int, tails: int, a: float, b: float, grid: np.ndarray) -> np.ndarray:
    """Bayes' rule on a grid: posterior(p) ∝ likelihood(data | p) × prior(p), normalised to sum 1."""
    log_prior = (a - 1) * np.log(grid) + (b - 1) * np.log1p(-grid)
    log_like = heads * np.log(grid) + tails * np.log1p(-grid)
    log_post = log_prior + log_like
    post = np.exp(log_post - log_post.max())
    return post / post.sum()


def bayes_rule(prior: float, p_pos_given_true: float, p_pos_given_false: float) -> float:
    """P(H | +) = P(+ | H) P(H) / [P(+ | H) P(H) + P(+ | ¬H) P(¬H)]."""
    evidence = p_pos_given_true * prior + p_pos_given_false * (1 - prior)
    return p_pos_given_true * prior / evidence


def run(ctx: DemoContext, *, n: int, p: float) -> None:
    rng = np.random.default_rng(ctx.seed)
    mu, sigma = 2.0, 1.5

    ctx.heading("1. Sampling a normal distribution", "1. 从正态分布采样")
    x = rng.normal(mu, sigma, size=n)
    ctx.say(
        f"We draw {n:,} samples from N(μ={mu}, σ²={sigma ** 2}). Expectation E[X] = μ, variance Var[X] = E[(X − μ)²] = σ². "
        "Neural-network weights are usually initialised exactly like this (e.g. He init: σ = √(2 / fan_in)).",
        f"从 N(μ={mu}, σ²={sigma ** 2}) 抽取 {n:,} 个样本。期望 E[X] = μ，方差 Var[X] = E[(X − μ)²] = σ²。"
        "神经网络的权重通常就是这样初始化的（如 He 初始化：σ = √(2 / fan_in)）。",
    )
    means = running_mean(x)
    checkpoints = [c for c in (10, 100, 1_000, 10_000, 100_000, 1_000_000, n) if c <= n]
    checkpoints = sorted(set(checkpoints))
    ctx.table(L10n("law of large numbers", "大数定律"), ["n", L10n("sample mean", "样本均值"), L10n("|mean − μ|", "|均值 − μ|"), L10n("σ/√n (typical error)", "σ/√n（典型误差）")],
              [[c, round(float(means[c - 1]), 4), abs(float(means[c - 1]) - mu), sigma / np.sqrt(c)] for c in checkpoints])
    ctx.chart(L10n("running mean x̄ₙ (target 2.0)", "累计均值 x̄ₙ（目标 2.0）"), {"x̄ₙ": means[:: max(1, n // 200)]}, x_label="n")
    ctx.say("The error of the mean shrinks like σ/√n: 100× more samples, 10× less error.",
            "均值的误差按 σ/√n 缩小：样本多 100 倍，误差小 10 倍。")
    ctx.agree(L10n("sample variance (1/n)", "样本方差（1/n）"), float(np.mean((x - x.mean()) ** 2)), np.var(x), reference_name="numpy.var", tolerance=1e-9, key="max_diff_variance")

    ctx.heading("2. Sampling a Bernoulli coin", "2. 伯努利硬币采样")
    coin = (rng.random(n) < p).astype(float)
    ctx.say(
        f"A Bernoulli(p={p}) variable is 1 with probability p, else 0: E = p = {p}, Var = p(1 − p) = {p * (1 - p):.4f}. "
        "A dropout mask is exactly a vector of Bernoulli samples.",
        f"伯努利（p={p}）变量以概率 p 取 1，否则取 0：期望 E = p = {p}，方差 Var = p(1 − p) = {p * (1 - p):.4f}。"
        "Dropout 的掩码正是一串伯努利样本。",
    )
    ctx.table(L10n("coin", "硬币"), ["", L10n("sample", "样本"), L10n("theory", "理论")], [[ctx.t("mean", "均值"), round(float(coin.mean()), 4), p], [ctx.t("variance", "方差"), round(float(coin.var()), 4), round(p * (1 - p), 4)]])

    ctx.heading("3. Maximum likelihood", "3. 极大似然估计")
    mu_hat, var_hat = normal_mle(x)
    ctx.say(
        "The maximum-likelihood estimate picks the parameters under which the observed data are most probable. "
        "Setting the derivative of the log-likelihood to zero gives μ̂ = x̄ and σ̂² = Σ(xᵢ − x̄)² / n. "
        "Training a language model by minimising cross-entropy is maximum likelihood on the training text.",
        "极大似然估计选择使观测数据出现概率最大的参数。令对数似然的导数为零，得 μ̂ = x̄、σ̂² = Σ(xᵢ − x̄)² / n。"
        "用交叉熵训练语言模型，就是在训练文本上做极大似然估计。",
    )
    mus = mu_hat + np.linspace(-0.3, 0.3, 7)
    lls = [normal_log_likelihood(x, m, var_hat) for m in mus]
    ctx.table(L10n("log-likelihood around μ̂", "μ̂ 附近的对数似然"), ["μ", L10n("log-likelihood", "对数似然"), ""],
              [[round(float(m), 3), round(ll, 2), "◀ μ̂" if i == 3 else ""] for i, (m, ll) in enumerate(zip(mus, lls))])
    p_hat = bernoulli_mle(coin)
    ctx.table(L10n("estimates", "估计值"), [L10n("parameter", "参数"), L10n("true", "真实值"), "MLE"],
              [["μ", mu, round(mu_hat, 4)], ["σ²", sigma**2, round(var_hat, 4)], ["p", p, round(p_hat, 4)]])
    ctx.agree(L10n("normal MLE (μ, σ²)", "正态分布的 MLE(μ, σ²)"), [mu_hat, var_hat], [np.mean(x), np.var(x, ddof=0)], reference_name="numpy mean/var", tolerance=1e-9, key="max_diff_normal_mle")

    ctx.heading("4. A Bayes update", "4. 一次贝叶斯更新")
    prior, sens, false_pos = 0.01, 0.95, 0.05
    post = bayes_rule(prior, sens, false_pos)
    ctx.say(
        f"Bayes' rule: P(H | data) = P(data | H) P(H) / P(data). A test that is 95% sensitive with 5% false positives, "
        f"for a condition with 1% prior, gives P(H | +) = {post:.1%} — far below 95%, because the prior is small.",
        f"贝叶斯公式：P（H | 数据）= P（数据 | H）P(H) / P（数据）。某检测灵敏度 95%、假阳性率 5%，"
        f"若患病先验为 1%，则 P(H | +) = {post:.1%}，远低于 95%，因为先验很小。",
    )
    flips = coin[:20]
    heads, tails = int(flips.sum()), int(len(flips) - flips.sum())
    a, b = 2.0, 2.0
    grid = np.linspace(0.0005, 0.9995, 1000)
    posterior = grid_posterior(heads, tails, a, b, grid)
    grid_mean = float(np.sum(grid * posterior))
    closed = (a + heads) / (a + b + heads + tails)
    ctx.say(
        f"For the coin: a Beta({a:g}, {b:g}) prior on p (gently favouring 0.5) and {heads} heads, {tails} tails in 20 flips "
        f"give the posterior Beta({a + heads:g}, {b + tails:g}), mean {closed:.4f} (MLE: {heads / 20:.2f}). "
        "The prior pulls the estimate toward 0.5, just as an L2 penalty (a Gaussian prior) pulls weights toward 0.",
        f"对硬币：p 的先验取 Beta({a:g}, {b:g})（略偏向 0.5），20 次中 {heads} 次正面、{tails} 次反面，"
        f"后验为 Beta({a + heads:g}, {b + tails:g})，均值 {closed:.4f}（极大似然：{heads / 20:.2f}）。"
        "先验把估计拉向 0.5，就像 L2 正则（高斯先验）把权重拉向 0。",
    )
    idx = np.linspace(0, len(grid) - 1, 11).astype(int)
    ctx.bars(L10n("posterior density at p", "后验密度"), [f"{grid[i]:.1f}" for i in idx], posterior[idx] / posterior.max(), fmt="{:.2f}")
    ctx.agree(L10n("posterior mean (grid vs Beta formula)", "后验均值（网格对照 Beta 公式）"), grid_mean, closed, reference_name=L10n("conjugate Beta posterior", "共轭 Beta 后验"), tolerance=1e-4, key="max_diff_posterior_mean")
    ctx.figures.update(sample_mean=float(x.mean()), mle_mu=mu_hat, mle_var=var_hat, mle_p=p_hat,
                       bayes_test_posterior=post, coin_posterior_mean=closed, heads=heads, tails=tails)

    if ctx.wants_plot():
        plt = pyplot()
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
        ax1.semilogx(np.arange(1, n + 1), means)
        ax1.axhline(mu, color="k", ls="--")
        ax1.set_xlabel("n")
        ax1.set_title("running mean → μ")
        ax2.plot(grid, posterior / (grid[1] - grid[0]), label="posterior")
        ax2.axvline(p, color="k", ls="--", label="true p")
        ax2.set_title("Beta posterior for p")
        ax2.legend()
        ctx.savefig(fig)

"""SGD, momentum, Adam and AdamW, written in numpy and raced on the same real problem.

Teaches: every optimizer turns a (noisy, mini-batch) gradient g into a step. SGD steps along −g;
momentum averages past gradients; Adam divides each coordinate by a running RMS of its
gradients (one step size per weight); AdamW adds *decoupled* weight decay w ← w − η λ w,
which keeps the weights small — the optimizer behind almost every LLM.
Problem: logistic regression on scikit-learn's breast-cancer data (30 standardized features).
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("steps", int, 300, "mini-batch steps per optimizer", "每个优化器的小批量步数", low=1, high=20_000),
    Option("batch_size", int, 32, "mini-batch size", "小批量大小", low=1, high=455),
    Option("weight_decay", float, 0.1, "AdamW weight decay λ", "AdamW 的权重衰减 λ", low=0.0, high=10.0),
    # torch.optim's first use imports torch._dynamo (several seconds), so the check is opt-in here;
    # tests/demos run it every time.
    Option("compare_torch", str, "no", "also check 5 steps against torch.optim (slow import)", "同时与 torch.optim 对比 5 步（导入较慢）", choices=("no", "yes")),
]


class SGD:
    """w ← w − η g; with momentum μ (PyTorch form): v ← μ v + g, w ← w − η v."""

    def __init__(self, lr: float, momentum: float = 0.0):
        self.lr, self.momentum, self.v = lr, momentum, None

    def step(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        if self.momentum:
            self.v = g.copy() if self.v is None else self.momentum * self.v + g
            g = self.v
        return w - self.lr * g


class Adam:
    """m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η m̂ / (√v̂ + ε), m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).

    decoupled=False: weight decay is an L2 term added to g (torch.optim.Adam);
    decoupled=True: w ← w − η λ w before the Adam step (AdamW, Loshchilov & Hutter 2019).
    """

    def __init__(self, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0, decoupled: bool = False):
        self.lr, (self.b1, self.b2), self.eps = lr, betas, eps
        self.wd, self.decoupled = weight_decay, decoupled
        self.m = self.v = None
        self.t = 0

    def step(self, w: np.ndarray, g: np.ndarray) -> np.ndarray:
        if self.m is None:
            self.m, self.v = np.zeros_like(w), np.zeros_like(w)
        self.t += 1
        if self.decoupled:
            w = w * (1 - self.lr * self.wd)
        elif self.wd:
            g = g + self.wd * w
        self.m = self.b1 * self.m + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        m_hat = self.m / (1 - self.b1**self.t)
        v_hat = self.v / (1 - self.b2**self.t)
        return w - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def log_loss_and_grad(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean binary cross-entropy of σ(x w) (last weight = bias, x has a column of ones) and its gradient xᵀ(σ − y)/n."""
    z = x @ w
    p = 1 / (1 + np.exp(-z))
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    return loss, x.T @ (p - y) / len(y)


def make_optimizers(weight_decay: float) -> dict:
    return {
        "SGD": SGD(0.1),
        "momentum": SGD(0.1, momentum=0.9),
        "Adam": Adam(0.01),
        "AdamW": Adam(0.01, weight_decay=weight_decay, decoupled=True),
    }


def torch_check(weight_decay: float, seed: int, steps: int = 5) -> float:
    """Largest |diff| between our optimizers and torch.optim over a few steps on random gradients (float64)."""
    import torch

    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=7)
    grads = rng.normal(size=(steps, 7))
    ours = make_optimizers(weight_decay)
    worst = 0.0
    for name, opt in ours.items():
        p = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
        ref = {
            "SGD": lambda: torch.optim.SGD([p], lr=0.1),
            "momentum": lambda: torch.optim.SGD([p], lr=0.1, momentum=0.9),
            "Adam": lambda: torch.optim.Adam([p], lr=0.01),
            "AdamW": lambda: torch.optim.AdamW([p], lr=0.01, weight_decay=weight_decay),
        }[name]()
        w = w0.copy()
        for g in grads:
            w = opt.step(w, g)
            p.grad = torch.tensor(g, dtype=torch.float64)
            ref.step()
            worst = max(worst, float(np.max(np.abs(w - p.detach().numpy()))))
    return worst


def run(ctx: DemoContext, *, steps: int, batch_size: int, weight_decay: float, compare_torch: str) -> None:
    from sklearn.datasets import load_breast_cancer

    rng = np.random.default_rng(ctx.seed)
    data = load_breast_cancer()
    x, y = data.data, data.target.astype(float)
    order = rng.permutation(len(y))
    train, test = order[:455], order[455:]
    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
    xs = np.hstack([(x - mean) / std, np.ones((len(x), 1))])  # standardized features + bias column

    ctx.heading("1. The problem", "1. 问题")
    ctx.say(
        f"Logistic regression on {len(y)} breast-cancer cases, {x.shape[1]} standardized features (plus a bias): "
        f"{len(train)} for training, {len(test)} held out. Every optimizer starts from w = 0 and sees the same "
        f"{steps} mini-batches of {batch_size}.",
        f"在 {len(y)} 例乳腺癌数据上做逻辑回归，{x.shape[1]} 个标准化特征（外加偏置）：{len(train)} 例训练，{len(test)} 例留出。"
        f"每个优化器都从 w = 0 出发，看到同样的 {steps} 个大小为 {batch_size} 的小批量。",
    )
    ctx.table(ctx.t("update rules", "更新规则"), [L10n("optimizer", "优化器"), L10n("step", "更新"), "lr"], [
        ["SGD", "w ← w − η g", 0.1],
        ["momentum", "v ← 0.9 v + g;  w ← w − η v", 0.1],
        ["Adam", "w ← w − η m̂ / (√v̂ + ε)", 0.01],
        ["AdamW", f"w ← w(1 − η λ) then Adam, λ={weight_decay:g}", 0.01],
    ])

    ctx.heading("2. Same steps as torch.optim", "2. 与 torch.optim 的步骤一致")
    if compare_torch == "yes":
        diff = torch_check(weight_decay, ctx.seed)
        ctx.agree(L10n("5 optimizer steps", "5 步优化器更新"), diff, 0.0, reference_name="torch.optim (SGD, momentum, Adam, AdamW)", tolerance=1e-6, key="max_diff_torch_optim")
    else:
        ctx.say("These classes follow torch.optim's formulas exactly; run with `--compare-torch yes` to check 5 steps of each "
                "against torch.optim (float64, max |diff| ≤ 1e-6). It is off by default because importing torch.optim takes seconds.",
                "这些类严格按照 torch.optim 的公式实现；加上 `--compare-torch yes` 可与 torch.optim 逐步对比 5 步"
                "（float64，最大差 ≤ 1e-6）。默认关闭，因为导入 torch.optim 要花几秒。")

    w_probe = rng.normal(scale=0.1, size=xs.shape[1])
    f = lambda w: log_loss_and_grad(w, xs[train], y[train])[0]  # noqa: E731
    numeric = np.array([(f(w_probe + h) - f(w_probe - h)) / 2e-6 for h in np.eye(len(w_probe)) * 1e-6])
    ctx.agree(L10n("log-loss gradient", "对数损失的梯度"), log_loss_and_grad(w_probe, xs[train], y[train])[1], numeric,
              reference_name=L10n("central finite differences", "中心有限差分"), tolerance=1e-6, key="max_diff_gradient")

    ctx.heading("3. The race", "3. 比赛")
    batches = [rng.choice(train, size=min(batch_size, len(train)), replace=False) for _ in range(steps)]
    curves, norms, rows = {}, {}, []
    for name, opt in make_optimizers(weight_decay).items():
        w = np.zeros(xs.shape[1])
        losses, wn = [], []
        for idx in batches:
            _, g = log_loss_and_grad(w, xs[idx], y[idx])
            w = opt.step(w, g)
            losses.append(log_loss_and_grad(w, xs[train], y[train])[0])
            wn.append(float(np.linalg.norm(w[:-1])))
        curves[name], norms[name] = losses, wn
        acc = float(np.mean(((xs[test] @ w) > 0) == (y[test] == 1)))
        rows.append([name, round(losses[min(49, steps - 1)], 4), round(losses[-1], 4), f"{acc:.1%}", round(wn[-1], 3)])
        ctx.figures[f"final_loss_{name}"] = losses[-1]
        ctx.figures[f"test_accuracy_{name}"] = acc
        ctx.figures[f"weight_norm_{name}"] = wn[-1]
    ctx.table(ctx.t("after training", "训练之后"), [L10n("optimizer", "优化器"), L10n("loss @50", "损失 @50"), L10n(f"loss @{steps}", f"损失 @{steps}"), L10n("test acc", "测试准确率"), "‖w‖"], rows)
    ctx.chart(ctx.t("training loss (log scale)", "训练损失（对数刻度）"), curves, x_label=L10n("step", "步"), log_y=True)
    ctx.say(
        "Momentum and Adam reach a low loss much faster than plain SGD: momentum builds speed along consistent directions, "
        "Adam gives every weight its own step size. Mini-batch noise makes the curves wiggle.",
        "动量和 Adam 比普通 SGD 更快地降低损失：动量在一致的方向上积累速度，Adam 为每个权重分配各自的步长。小批量的噪声让曲线有波动。",
    )

    ctx.heading("4. What weight decay does", "4. 权重衰减的作用")
    ctx.chart(ctx.t("weight norm ‖w‖ (bias excluded)", "权重范数 ‖w‖（不含偏置）"), {k: norms[k] for k in ("Adam", "AdamW")}, x_label=L10n("step", "步"))
    ctx.say(
        f"These data are almost separable, so the loss keeps falling as the weights grow. AdamW shrinks every weight by "
        f"(1 − ηλ) = {1 - 0.01 * weight_decay:.4f} per step, independently of the gradient: ‖w‖ ends at {norms['AdamW'][-1]:.2f} "
        f"instead of {norms['Adam'][-1]:.2f}. Smaller weights generalise better and keep activations tame; "
        "that is why LLMs train with AdamW (typically λ ≈ 0.1).",
        f"这份数据几乎线性可分，权重越大损失越低。AdamW 每步把所有权重乘以（1 − ηλ）= {1 - 0.01 * weight_decay:.4f}，与梯度无关："
        f"‖w‖ 最终为 {norms['AdamW'][-1]:.2f}，而 Adam 为 {norms['Adam'][-1]:.2f}。较小的权重泛化更好、激活值更平稳；"
        "这就是 LLM 用 AdamW 训练的原因（通常 λ ≈ 0.1）。",
    )
    ctx.figures.update(steps=steps, batch_size=batch_size, weight_decay=weight_decay)

    if ctx.wants_plot():
        plt = pyplot()
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
        for name, losses in curves.items():
            ax1.semilogy(losses, label=name)
        ax1.set_xlabel("step")
        ax1.set_ylabel("training loss")
        ax1.legend()
        for name in ("Adam", "AdamW"):
            ax2.plot(norms[name], label=name)
        ax2.set_xlabel("step")
        ax2.set_ylabel("‖w‖")
        ax2.set_title("weight decay keeps weights small")
        ax2.legend()
        ctx.savefig(fig)

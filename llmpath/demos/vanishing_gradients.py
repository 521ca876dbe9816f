"""Vanishing and exploding gradients, measured layer by layer, and the fixes.

Teaches: backpropagation multiplies one Jacobian per layer, so gradient norms shrink or grow
geometrically with depth. Sigmoid (σ' ≤ 0.25) makes early layers learn almost nothing; ReLU
with He init keeps the scale (for positive inputs; dead units can still stop learning);
a large init explodes. Transformers use residual connections x + f(LayerNorm(x)), which give
the gradient a path that skips every layer.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [
    Option("depth", int, 20, "number of layers", "层数", low=2, high=200),
    Option("width", int, 64, "units per layer", "每层单元数", low=2, high=512),
    Option("init_scale", float, 3.0, "init multiplier for the exploding run", "爆炸实验的初始化倍数", low=0.01, high=100.0),
]

EPS = 1e-5


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def layer_norm(x):
    """(x − mean) / √(var + ε) over the features of each example (no learned scale/shift)."""
    mu = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS)


def layer_norm_backward(x, dy):
    """dL/dx for y = layer_norm(x): (dy − mean(dy) − ŷ·mean(dy·ŷ)) / √(var + ε)."""
    y = layer_norm(x)
    std = np.sqrt(x.var(axis=1, keepdims=True) + EPS)
    return (dy - dy.mean(axis=1, keepdims=True) - y * (dy * y).mean(axis=1, keepdims=True)) / std


def forward_backward(x: np.ndarray, weights: list[np.ndarray], kind: str) -> tuple[float, list[np.ndarray]]:
    """Loss L = ½ mean‖h_L‖² and dL/dWₗ for every layer, by hand.

    kind: 'sigmoid'   hₗ₊₁ = σ(hₗ Wₗ)
          'relu'      hₗ₊₁ = relu(hₗ Wₗ)
          'residual'  hₗ₊₁ = hₗ + relu(LN(hₗ) Wₗ)     (pre-norm residual block)
    """
    hs, caches = [x], []
    h = x
    for w in weights:
        inp = layer_norm(h) if kind == "residual" else h
        z = inp @ w  # (batch, width)
        a = sigmoid(z) if kind == "sigmoid" else np.maximum(z, 0)
        caches.append((h, inp, z, a))
        h = h + a if kind == "residual" else a
        hs.append(h)
    n = x.shape[0]
    loss = float(0.5 * np.sum(h**2) / n)
    dh = h / n
    grads = [None] * len(weights)
    for i in reversed(range(len(weights))):
        h_in, inp, z, a = caches[i]
        dz = dh * (a * (1 - a) if kind == "sigmoid" else (z > 0))
        grads[i] = inp.T @ dz
        dinp = dz @ weights[i].T
        dh = dh + layer_norm_backward(h_in, dinp) if kind == "residual" else dinp
    return loss, grads


def init_weights(rng, depth: int, width: int, kind: str, scale: float = 1.0) -> list[np.ndarray]:
    """Xavier (σ = 1/√n) for sigmoid, He (σ = √(2/n)) for ReLU, times ``scale``."""
    std = (1 / np.sqrt(width) if kind == "sigmoid" else np.sqrt(2 / width)) * scale
    return [rng.normal(0, std, size=(width, width)) for _ in range(depth)]


def finite_difference_grads(x, weights, kind, entries, h: float = 1e-6) -> np.ndarray:
    """Central differences (L(W + h) − L(W − h)) / 2h for the listed (layer, row, col) entries."""
    out = []
    for layer, r, c in entries:
        ws = [w.copy() for w in weights]
        ws[layer][r, c] += h
        up = forward_backward(x, ws, kind)[0]
        ws[layer][r, c] -= 2 * h
        down = forward_backward(x, ws, kind)[0]
        out.append((up - down) / (2 * h))
    return np.array(out)


def torch_grads(x, weights, kind):
    """The same network in torch, for the tests (importing torch would double this demo's run time)."""
    import torch

    xt = torch.tensor(x)
    ws = [torch.tensor(w, requires_grad=True) for w in weights]
    h = xt
    for w in ws:
        if kind == "residual":
            h = h + torch.relu(torch.nn.functional.layer_norm(h, (h.shape[1],), eps=EPS) @ w)
        else:
            z = h @ w
            h = torch.sigmoid(z) if kind == "sigmoid" else torch.relu(z)
    loss = 0.5 * (h**2).sum() / x.shape[0]
    loss.backward()
    return [w.grad.numpy() for w in ws]


def run(ctx: DemoContext, *, depth: int, width: int, init_scale: float) -> None:
    rng = np.random.default_rng(ctx.seed)
    x = rng.normal(size=(32, width))
    ctx.heading("1. A deep stack of layers", "1. 一个很深的层堆叠")
    ctx.say(
        f"{depth} layers of {width} units, a batch of 32 random inputs, loss L = ½ mean ‖h_L‖². Backpropagation "
        "multiplies the gradient by each layer's Jacobian on the way down, so its size changes geometrically with depth. "
        "We print ‖∂L/∂Wₗ‖ for every layer l (layer 1 is nearest the input).",
        f"{depth} 层、每层 {width} 个单元，一批 32 个随机输入，损失 L = ½ mean ‖h_L‖²。反向传播时梯度逐层乘以每一层的雅可比矩阵，"
        "所以其大小随深度按几何级数变化。我们打印每层 l 的 ‖∂L/∂Wₗ‖（第 1 层最靠近输入）。",
    )
    configs = {  # label: (kind, init multiplier, key in --json)
        "sigmoid": ("sigmoid", 1.0, "sigmoid"),
        ctx.t("ReLU (He init)", "ReLU（He 初始化）"): ("relu", 1.0, "relu"),
        ctx.t("ReLU + residual + LayerNorm", "ReLU + 残差 + LayerNorm"): ("residual", 1.0, "residual"),
        ctx.t(f"ReLU, init ×{init_scale:g}", f"ReLU，初始化 ×{init_scale:g}"): ("relu", init_scale, "relu_large_init"),
    }
    norms = {}
    for name, (kind, scale, _) in configs.items():
        weights = init_weights(np.random.default_rng(ctx.seed + 1), depth, width, kind, scale)
        _, grads = forward_backward(x, weights, kind)
        norms[name] = [float(np.linalg.norm(g)) for g in grads]
    ctx.heading("2. Gradient norm per layer", "2. 每层的梯度范数")
    shown = sorted({0, 1, depth // 4, depth // 2, 3 * depth // 4, depth - 1})
    ctx.table("‖∂L/∂Wₗ‖", [L10n("layer", "层"), *norms], [[l + 1, *[f"{norms[n][l]:.2e}" for n in norms]] for l in shown])
    ctx.chart(ctx.t("gradient norm by layer (log scale, input → output)", "各层梯度范数（对数刻度，输入 → 输出）"),
              {n: [max(v, 1e-30) for v in vals] for n, vals in norms.items()}, x_label=ctx.t("layer", "层"), log_y=True)
    ratio = {n: vals[0] / vals[-1] if vals[-1] > 0 else float("inf") for n, vals in norms.items()}
    ctx.table(ctx.t("first layer / last layer", "第一层 / 最后一层"), [L10n("network", "网络"), L10n("ratio", "比值")], [[n, f"{r:.2e}"] for n, r in ratio.items()])
    ctx.say(
        "Sigmoid: σ'(z) ≤ 0.25, so each layer multiplies the gradient by a small factor — the first layers barely learn (vanishing). "
        f"ReLU with He init (σ = √(2/n)) keeps the scale roughly constant, but only for positive inputs: units stuck below zero "
        f"('dead ReLUs') pass no gradient; LLMs use smooth variants such as GELU and SwiGLU. Multiplying the init by {init_scale:g} "
        f"multiplies every layer's Jacobian by about that much: the gradient explodes (or vanishes if < 1). "
        "The residual block h + f(LN(h)) gives the gradient an identity path around every layer, and LayerNorm keeps each "
        "layer's input at unit scale. Transformers use exactly this (LayerNorm or RMSNorm, not BatchNorm: it does not depend "
        "on the batch size or sequence length).",
        "Sigmoid:σ'(z) ≤ 0.25，每一层都把梯度乘以一个小因子，前面几层几乎学不到东西（梯度消失）。"
        f"ReLU 配合 He 初始化（σ = √(2/n)）大致保持尺度不变，但只对正输入如此：卡在零以下的单元（“死亡 ReLU”）不传递梯度；"
        f"LLM 使用 GELU、SwiGLU 等平滑变体。把初始化乘以 {init_scale:g}，每层雅可比也约乘以这么多：梯度爆炸（小于 1 时则消失）。"
        "残差块 h + f(LN(h)) 为梯度提供了绕过每一层的恒等通路，LayerNorm 让每层输入保持单位尺度。Transformer 正是这样做的"
        "（用 LayerNorm 或 RMSNorm 而不是 BatchNorm：它不依赖批大小和序列长度）。",
    )

    ctx.heading("3. Check the hand-written backprop", "3. 检查手写的反向传播")
    ctx.say(
        "Is the hand-written backward pass right? Nudge single weights by ±h and watch the loss: (L(w + h) − L(w − h)) / 2h "
        "must equal ∂L/∂w. (tests/demos also compare every gradient with torch autograd.)",
        "手写的反向传播对吗？把单个权重加减 h，观察损失：(L(w + h) − L(w − h)) / 2h 必须等于 ∂L/∂w。"
        "（tests/demos 中还把所有梯度与 torch autograd 逐一比较。）",
    )
    small = min(depth, 6)
    check_rng = np.random.default_rng(ctx.seed + 3)
    for kind in ("sigmoid", "residual"):
        weights = init_weights(np.random.default_rng(ctx.seed + 2), small, width, kind)
        _, ours = forward_backward(x, weights, kind)
        entries = [(int(check_rng.integers(small)), int(check_rng.integers(width)), int(check_rng.integers(width))) for _ in range(12)]
        picked = np.array([ours[l][r, c] for l, r, c in entries])
        scale = max(1.0, float(np.max(np.abs(picked))))
        ctx.agree(L10n(f"dL/dW ({kind}), 12 random weights, relative", f"dL/dW（{kind}），12 个随机权重，相对误差"), picked / scale, finite_difference_grads(x, weights, kind, entries) / scale,
                  reference_name=L10n("central finite differences", "中心有限差分"), tolerance=1e-5, key=f"max_diff_{kind}")
    ctx.figures.update(depth=depth, width=width, init_scale=init_scale,
                       grad_norms={configs[n][2]: v for n, v in norms.items()},
                       first_over_last={configs[n][2]: (r if np.isfinite(r) else None) for n, r in ratio.items()})

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(7, 4))
        for name, vals in norms.items():
            ax.semilogy(range(1, depth + 1), vals, marker=".", label=name)
        ax.set_xlabel("layer (1 = input side)")
        ax.set_ylabel("‖∂L/∂W‖")
        ax.legend(fontsize=8)
        ctx.savefig(fig)

"""A neuron and its activation function: values, derivatives, and where gradients vanish.

Teaches: a neuron computes a = f(w·x + b); without a non-linear f, stacked layers
collapse into one linear map. Each activation has a derivative that backpropagation
multiplies along the network: sigmoid's is at most 0.25, so deep sigmoid stacks shrink
gradients geometrically; ReLU passes 1 for positive inputs (but 0 for negative ones:
"dead" ReLUs); GELU, used in GPT and BERT, is a smooth ReLU.
The derivatives below are written by hand and checked against PyTorch autograd.
"""

from __future__ import annotations

import math

import numpy as np

from llmpath.demos.base import DemoContext, Option

OPTIONS = [
    Option("x_max", float, 6.0, "inputs range over [-x_max, x_max]", "输入范围 [-x_max, x_max]", low=0.5, high=50.0),
    Option("depth", int, 10, "layers for the vanishing-gradient product", "梯度连乘的层数", low=1, high=200),
]

_erf = np.vectorize(math.erf)


def relu(x):
    return np.maximum(x, 0.0)


def d_relu(x):
    """ReLU'(x) = 1 if x > 0 else 0 (PyTorch also uses 0 at x = 0)."""
    return (x > 0).astype(float)


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x))."""
    return 1.0 / (1.0 + np.exp(-x))


def d_sigmoid(x):
    """σ'(x) = σ(x)(1 − σ(x)), at most 0.25 (at x = 0)."""
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return np.tanh(x)


def d_tanh(x):
    """tanh'(x) = 1 − tanh²(x), at most 1 (at x = 0)."""
    return 1 - np.tanh(x) ** 2


def gelu(x):
    """GELU(x) = x Φ(x), Φ the standard normal CDF = ½(1 + erf(x/√2))."""
    return x * 0.5 * (1 + _erf(x / math.sqrt(2)))


def d_gelu(x):
    """GELU'(x) = Φ(x) + x φ(x), φ(x) = e^(−x²/2) / √(2π)."""
    return 0.5 * (1 + _erf(x / math.sqrt(2))) + x * np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)


def softmax(z):
    """softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ) (shifted by max z for stability)."""
    e = np.exp(z - np.max(z))
    return e / e.sum()


def softmax_jacobian(z):
    """∂softmax(z)ᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), i.e. J = diag(p) − p pᵀ."""
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


ACTIVATIONS = {  # name: (ours, our derivative, torch function name)
    "ReLU": (relu, d_relu, "relu"),
    "Sigmoid": (sigmoid, d_sigmoid, "sigmoid"),
    "Tanh": (tanh, d_tanh, "tanh"),
    "GELU": (gelu, d_gelu, "gelu"),
}


def torch_value_and_grad(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The library's f(x) and f'(x) by autograd (float64), elementwise."""
    import torch
    import torch.nn.functional as F

    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = getattr(F, name)(t) if name in ("relu", "gelu") else getattr(torch, name)(t)
    (g,) = torch.autograd.grad(y.sum(), t)  # d(Σ f(xᵢ))/dxᵢ = f'(xᵢ)
    return y.detach().numpy(), g.numpy()


def run(ctx: DemoContext, *, x_max: float, depth: int) -> None:
    import torch

    torch.manual_seed(ctx.seed)
    rng = np.random.default_rng(ctx.seed)

    ctx.heading("1. A neuron", "1. 一个神经元")
    x_in = np.round(rng.normal(size=3), 2)
    w = np.round(rng.normal(size=3), 2)
    b = 0.1
    z = float(x_in @ w + b)
    ctx.say(
        f"A neuron takes a weighted sum z = w·x + b and passes it through an activation a = f(z). "
        f"With x = {x_in.tolist()}, w = {w.tolist()}, b = {b}: z = {z:.3f}, and "
        f"ReLU(z) = {relu(z):.3f}, σ(z) = {sigmoid(z):.3f}, tanh(z) = {tanh(z):.3f}, GELU(z) = {float(gelu(np.array(z))):.3f}. "
        "Without f, two layers W₂(W₁x) = (W₂W₁)x are still one linear map, however deep the stack.",
        f"神经元先算加权和 z = w·x + b，再经过激活函数 a = f(z)。"
        f"取 x = {x_in.tolist()},w = {w.tolist()},b = {b}:z = {z:.3f},"
        f"ReLU(z) = {relu(z):.3f},σ(z) = {sigmoid(z):.3f},tanh(z) = {tanh(z):.3f},GELU(z) = {float(gelu(np.array(z))):.3f}。"
        "没有 f 的话，两层 W₂(W₁x) = (W₂W₁)x 仍然是一个线性映射，叠多少层都一样。",
    )

    ctx.heading("2. Values and derivatives", "2. 函数值与导数")
    points = np.linspace(-x_max, x_max, 7)
    rows = []
    for p in points:
        rows.append([round(float(p), 2)] + [f"{float(f(np.array(p))):.3f} / {float(df(np.array(p))):.3f}" for f, df, _ in ACTIVATIONS.values()])
    ctx.table(ctx.t("f(x) / f'(x)", "f(x) / f'(x)"), ["x", *ACTIVATIONS], rows)
    grid = np.linspace(-x_max, x_max, 201)
    ctx.chart(ctx.t("the squashing ones: f(x) over x", "压缩型激活：f(x) 随 x 变化"), {"Sigmoid": sigmoid(grid), "Tanh": tanh(grid)}, x_label="x")
    ctx.chart(ctx.t("f'(x) over x", "f'(x) 随 x 变化"), {name: df(grid) for name, (_, df, _) in ACTIVATIONS.items()}, x_label="x")

    ctx.heading("3. Hand-written derivatives vs autograd", "3. 手写导数 vs 自动求导")
    ctx.say(
        "PyTorch records every operation and applies the chain rule backwards (autograd). Our formulas must match it:",
        "PyTorch 记录每一步运算，再反向应用链式法则（自动求导）。我们手写的公式必须与它一致：",
    )
    check = np.concatenate([grid, rng.normal(scale=x_max / 2, size=200)])
    check = check[np.abs(check) > 1e-9]  # ReLU has no derivative at exactly 0
    for name, (f, df, torch_name) in ACTIVATIONS.items():
        ref_y, ref_g = torch_value_and_grad(torch_name, check)
        ctx.agree(f"{name}(x)", f(check), ref_y, reference_name=f"torch {torch_name}", tolerance=1e-10, key=f"max_diff_{torch_name}")
        ctx.agree(f"{name}'(x)", df(check), ref_g, reference_name="torch.autograd", tolerance=1e-10, key=f"max_diff_d_{torch_name}")

    ctx.heading("4. Softmax: a vector in, a vector out", "4. Softmax：向量进，向量出")
    logits = np.array([2.0, 1.0, 0.1, -1.0])
    probs = softmax(logits)
    ctx.say(
        "softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ) turns scores into probabilities; its derivative is a matrix: "
        "∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ). Raising one score lowers every other probability.",
        "softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ) 把分数变成概率；它的导数是一个矩阵：∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ)。"
        "提高一个分数会降低其他所有概率。",
    )
    ctx.bars("softmax([2, 1, 0.1, -1])", [f"z={v}" for v in logits], probs)
    jac_ref = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), torch.tensor(logits)).numpy()
    ctx.table(ctx.t("Jacobian ∂pᵢ/∂zⱼ", "雅可比矩阵 ∂pᵢ/∂zⱼ"), ["", *[f"z{j}" for j in range(4)]], [[f"p{i}", *[round(float(v), 4) for v in row]] for i, row in enumerate(softmax_jacobian(logits))])
    ctx.agree(ctx.t("softmax values", "softmax 取值"), probs, torch.softmax(torch.tensor(logits), 0), reference_name="torch.softmax", tolerance=1e-12, key="max_diff_softmax")
    ctx.agree(ctx.t("softmax Jacobian", "softmax 雅可比矩阵"), softmax_jacobian(logits), jac_ref, reference_name="torch.autograd.functional.jacobian", tolerance=1e-12, key="max_diff_softmax_jacobian")

    ctx.heading("5. Where gradients vanish", "5. 梯度在哪里消失")
    chain = {name: float(np.max(df(grid))) ** depth for name, (_, df, _) in ACTIVATIONS.items()}  # best case per layer
    saturated = {name: float(np.mean(np.abs(df(grid)) < 0.01)) for name, (_, df, _) in ACTIVATIONS.items()}
    ctx.say(
        f"Backpropagation multiplies one f'(z) per layer. Even at the best point z = 0, {depth} sigmoid layers give "
        f"0.25^{depth} = {chain['Sigmoid']:.2e}: the first layers barely learn. Tanh's best is 1, but where |z| is large it "
        f"saturates too. ReLU passes exactly 1 for z > 0 (that is why it helped deep networks), but 0 for z < 0: a neuron "
        "whose input stays negative stops learning (a dead ReLU). GELU and SwiGLU, used in LLMs, keep a small gradient "
        "for negative inputs. Residual connections and normalisation do the rest.",
        f"反向传播每经过一层就乘上一个 f'(z)。即使在最好的 z = 0 处，{depth} 层 sigmoid 也只剩 0.25^{depth} = {chain['Sigmoid']:.2e}："
        "前面的层几乎学不动。tanh 的最大导数是 1，但 |z| 大时同样饱和。ReLU 在 z > 0 时正好传 1（所以它缓解了深层网络的问题），"
        "但 z < 0 时为 0：输入一直为负的神经元停止学习（“死亡 ReLU”）。LLM 中使用的 GELU 和 SwiGLU 对负输入仍保留少量梯度。"
        "其余靠残差连接和归一化。",
    )
    ctx.bars(ctx.t(f"share of x in [-{x_max:g}, {x_max:g}] with |f'(x)| < 0.01", f"[-{x_max:g}, {x_max:g}] 中 |f'(x)| < 0.01 的比例"), list(saturated), list(saturated.values()), fmt="{:.0%}")
    ctx.figures.update(
        neuron_z=round(z, 6),
        sigmoid_max_derivative=float(d_sigmoid(np.array(0.0))),
        tanh_max_derivative=float(d_tanh(np.array(0.0))),
        sigmoid_chain=chain["Sigmoid"],
        tanh_chain=chain["Tanh"],
        relu_chain=chain["ReLU"],
        depth=depth,
        saturated_share={k: round(v, 4) for k, v in saturated.items()},
        softmax=[round(float(p), 6) for p in probs],
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 3.5))
        for name, (f, df, _) in ACTIVATIONS.items():
            a0.plot(grid, f(grid), label=name)
            a1.plot(grid, df(grid), label=name)
        a0.set_title("f(x)")
        a1.set_title("f'(x)")
        a0.legend()
        ctx.savefig(fig)

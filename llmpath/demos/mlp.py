"""A fully connected network (multilayer perceptron) learns a curved decision boundary.

Teaches: layers of z = W x + b followed by a non-linearity can bend a boundary that no
straight line can draw (scikit-learn's two moons); how many parameters that costs; and
how PyTorch's autograd records a graph of operations while the code runs (the dynamic
graph) and walks it backwards to get every gradient. Our hand-written backpropagation
must equal autograd's.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, adam, single_thread
from llmpath.i18n import L10n

OPTIONS = [
    Option("hidden", int, 16, "neurons per hidden layer", "每个隐藏层的神经元数", low=1, high=512),
    Option("epochs", int, 300, "full-batch training steps", "全批量训练步数", low=1, high=20_000),
    Option("lr", float, 0.02, "Adam learning rate", "Adam 学习率", low=1e-5, high=1.0),
    Option("noise", float, 0.2, "noise of the moons", "双月数据的噪声", low=0.0, high=1.0),
]


def count_parameters(sizes: list[int]) -> int:
    """A chain of Linear layers sizes[0] → sizes[1] → …: Σ (n_in · n_out + n_out)."""
    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))


def make_model(hidden: int):
    """2 → hidden → hidden → 1: two ReLU hidden layers and one logit out."""
    from torch import nn

    return nn.Sequential(nn.Linear(2, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1))


def manual_backward(x, y, w1, b1, w2, b2, w3, b3) -> list:
    """Backpropagation by hand for BCE-with-logits on the 3-layer net; returns [dW1, db1, dW2, db2, dW3, db3].

    Forward:  a1 = x W1ᵀ + b1, h1 = relu(a1); a2 = h1 W2ᵀ + b2, h2 = relu(a2); z = h2 W3ᵀ + b3
    Loss:     L = mean(log(1 + eᶻ) − y z)      →  ∂L/∂z = (σ(z) − y) / N
    Each Linear: ∂L/∂W = δᵀ (input), ∂L/∂b = Σ δ, ∂L/∂input = δ W;  relu passes δ where a > 0.
    """
    import torch

    N = x.shape[0]
    a1 = x @ w1.T + b1  # (N, H)
    h1 = a1.clamp(min=0)
    a2 = h1 @ w2.T + b2  # (N, H)
    h2 = a2.clamp(min=0)
    z = h2 @ w3.T + b3  # (N, 1)
    dz = (torch.sigmoid(z) - y) / N  # (N, 1)
    dw3, db3 = dz.T @ h2, dz.sum(0)
    da2 = (dz @ w3) * (a2 > 0)  # (N, H)
    dw2, db2 = da2.T @ h1, da2.sum(0)
    da1 = (da2 @ w2) * (a1 > 0)  # (N, H)
    dw1, db1 = da1.T @ x, da1.sum(0)
    return [dw1, db1, dw2, db2, dw3, db3]


def grad_fn_chain(tensor, limit: int = 30) -> list[str]:
    """The autograd graph behind ``tensor``, depth-first, one node per line, indented by depth."""
    lines, seen = [], set()

    def visit(fn, depth):
        if fn is None or len(lines) >= limit:
            return
        name = type(fn).__name__
        if name == "AccumulateGrad":
            name += f" → leaf {tuple(fn.variable.shape)}"
        lines.append("  " * depth + name)
        if id(fn) in seen:
            return
        seen.add(id(fn))
        for child, _ in fn.next_functions:
            visit(child, depth + 1)

    visit(tensor.grad_fn, 0)
    return lines


def decision_map(predict, x_range, y_range, points, labels, width: int = 60, height: int = 18) -> str:
    """Terminal picture: '·' where the model says class 0, ':' for class 1; o/x are the test points."""
    xs = np.linspace(*x_range, width)
    ys = np.linspace(*y_range, height)[::-1]
    grid = np.array([[x, y] for y in ys for x in xs])
    cls = predict(grid).reshape(height, width)
    canvas = [[":" if c else "·" for c in row] for row in cls]
    for (px, py), label in zip(points, labels):
        col = int(round((px - x_range[0]) / (x_range[1] - x_range[0]) * (width - 1)))
        row = int(round((y_range[1] - py) / (y_range[1] - y_range[0]) * (height - 1)))
        if 0 <= row < height and 0 <= col < width:
            canvas[row][col] = "x" if label else "o"
    return "\n".join("".join(row) for row in canvas)


def run(ctx: DemoContext, *, hidden: int, epochs: int, lr: float, noise: float) -> None:
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import make_moons
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    x_np, y_np = make_moons(n_samples=500, noise=noise, random_state=ctx.seed)
    x_tr, x_te, y_tr, y_te = train_test_split(x_np, y_np, test_size=0.3, random_state=ctx.seed, stratify=y_np)

    ctx.heading("1. Two moons: no straight line separates them", "1. 双月数据：没有一条直线能把它们分开")
    linear = LogisticRegression().fit(x_tr, y_tr)
    linear_acc = float(linear.score(x_te, y_te))
    ctx.say(
        f"{len(x_tr)} training and {len(x_te)} test points in 2-D, two interleaved half circles "
        f"(sklearn.datasets.make_moons, noise {noise}). A linear classifier (logistic regression) reaches "
        f"{linear_acc:.1%} on the test set: it can only draw a straight line.",
        f"{len(x_tr)} 个训练点和 {len(x_te)} 个测试点，二维平面上两个交错的半圆（sklearn.datasets.make_moons，噪声 {noise}）。"
        f"线性分类器（逻辑回归）在测试集上只有 {linear_acc:.1%}：它只能画一条直线。",
    )

    ctx.heading("2. The network and its parameters", "2. 网络与参数量")
    model = make_model(hidden).to(device)
    sizes = [2, hidden, hidden, 1]
    n_params = count_parameters(sizes)
    ctx.table(
        ctx.t("layers", "层"),
        [ctx.t("layer", "层"), ctx.t("shape of W", "W 的形状"), ctx.t("parameters", "参数"), ""],
        [[f"Linear {a} → {b}", f"({b}, {a}) + b ({b})", a * b + b, "ReLU" if i < 2 else ctx.t("logit", "logit")] for i, (a, b) in enumerate(zip(sizes, sizes[1:]))],
    )
    ctx.agree(ctx.t("parameter count", "参数量"), n_params, sum(p.numel() for p in model.parameters()), reference_name=L10n("sum of p.numel() over model.parameters()", "model.parameters() 的 p.numel() 之和"), tolerance=0, key="max_diff_params")

    xt = torch.tensor(x_tr, dtype=torch.float32, device=device)  # (N, 2)
    yt = torch.tensor(y_tr, dtype=torch.float32, device=device)[:, None]  # (N, 1)

    ctx.heading("3. Autograd: the graph is built as the code runs", "3. 自动求导：计算图随代码运行而构建")
    loss = F.binary_cross_entropy_with_logits(model(xt), yt)
    chain = grad_fn_chain(loss)
    ctx.say(
        "Every operation on a tensor that requires a gradient records a node (grad_fn) pointing to its inputs. "
        "loss.grad_fn is the root; AccumulateGrad nodes are the leaves where .grad lands (the weights; "
        "TBackward0 is the transpose in x Wᵀ):\n\n```\n" + "\n".join(chain) + "\n```",
        "对需要梯度的张量做的每一步运算都会记录一个节点（grad_fn），指向它的输入。loss.grad_fn 是根；"
        "AccumulateGrad 是叶子，.grad 最终落在那里（即各个权重；TBackward0 是 x Wᵀ 中的转置）：\n\n```\n" + "\n".join(chain) + "\n```",
    )
    t = torch.tensor([1.0, -3.0], requires_grad=True)
    branch = [type((t * 2 if t.sum() > 0 else t**2).grad_fn).__name__]
    t = torch.tensor([1.0, 3.0], requires_grad=True)
    branch.append(type((t * 2 if t.sum() > 0 else t**2).grad_fn).__name__)
    ctx.say(
        f"The graph is dynamic: `y = t * 2 if t.sum() > 0 else t ** 2` records {branch[0]} for t = [1, −3] and "
        f"{branch[1]} for t = [1, 3]. Ordinary Python control flow decides the graph on every run (TF 1.x built a "
        "static graph first; TF 2.x is eager too, and PyTorch can still compile with torch.compile).",
        f"计算图是动态的：`y = t * 2 if t.sum() > 0 else t ** 2` 在 t = [1, −3] 时记录 {branch[0]}，"
        f"在 t = [1, 3] 时记录 {branch[1]}。普通的 Python 控制流每次运行都决定计算图（TF 1.x 先建静态图；"
        "TF 2.x 默认也是即时执行，PyTorch 也可以用 torch.compile 编译）。",
    )
    model.zero_grad()
    loss.backward()
    w1, b1, w2, b2, w3, b3 = (p.detach() for p in model.parameters())
    ours = manual_backward(xt, yt, w1, b1, w2, b2, w3, b3)
    diff = max(float((g - p.grad).abs().max()) for g, p in zip(ours, model.parameters()))
    ctx.agree(ctx.t("hand-written backprop, all 6 gradients", "手写反向传播，全部 6 个梯度"), diff, 0.0, reference_name="loss.backward()", tolerance=1e-6, key="max_diff_gradients")

    ctx.heading("4. Training", "4. 训练")
    step = adam(list(model.parameters()), lr=lr)
    losses = []
    with single_thread():  # tiny tensors: extra threads only add synchronisation
        for _ in range(epochs):
            loss = F.binary_cross_entropy_with_logits(model(xt), yt)
            loss.backward()
            step()
            losses.append(loss.item())
    ctx.chart(ctx.t("training loss (binary cross-entropy)", "训练损失（二元交叉熵）"), {L10n("loss", "损失"): losses}, x_label=ctx.t("step", "步"))

    def predict(points: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return (model(torch.tensor(points, dtype=torch.float32, device=device)) > 0).cpu().numpy().ravel()

    test_acc = float((predict(x_te) == y_te).mean())
    train_acc = float((predict(x_tr) == y_tr).mean())
    ctx.bars(ctx.t("test accuracy", "测试准确率"), [ctx.t("logistic regression", "逻辑回归"), f"MLP ({n_params} {ctx.t('params', '参数')})"], [linear_acc, test_acc], fmt="{:.1%}")
    x_range = (float(x_np[:, 0].min()) - 0.3, float(x_np[:, 0].max()) + 0.3)
    y_range = (float(x_np[:, 1].min()) - 0.3, float(x_np[:, 1].max()) + 0.3)
    picture = decision_map(predict, x_range, y_range, x_te, y_te)
    ctx.say(
        "The learned boundary (· = class 0, : = class 1; o and x are test points of each class):\n\n```\n" + picture + "\n```",
        "学到的决策边界（· = 类别 0,: = 类别 1;o 和 x 是两类的测试点）：\n\n```\n" + picture + "\n```",
    )
    ctx.figures.update(
        n_params=n_params,
        linear_test_accuracy=round(linear_acc, 4),
        train_accuracy=round(train_acc, 4),
        test_accuracy=round(test_acc, 4),
        first_loss=round(losses[0], 4),
        final_loss=round(losses[-1], 4),
        grad_fn_root=chain[0].strip(),
        device=device,
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 4))
        xs, ys = np.meshgrid(np.linspace(*x_range, 200), np.linspace(*y_range, 200))
        zz = predict(np.c_[xs.ravel(), ys.ravel()]).reshape(xs.shape)
        a0.contourf(xs, ys, zz, alpha=0.3, cmap="coolwarm")
        a0.scatter(x_te[:, 0], x_te[:, 1], c=y_te, cmap="coolwarm", edgecolors="k", s=15)
        a0.set_title(f"MLP boundary, test accuracy {test_acc:.1%}")
        a1.plot(losses)
        a1.set_xlabel("step")
        a1.set_title("training loss")
        ctx.savefig(fig)

"""A small convolutional network reads scikit-learn's 8×8 handwritten digits.

Teaches: a convolution slides one small kernel (3×3 here) over the image, so each output
looks only at a local patch (its receptive field) and every position shares the same
weights. That costs a few hundred parameters where a fully connected layer between the
same feature maps needs tens of thousands. Stacking layers widens the receptive field.
Sliding-window (local) attention (Longformer, Mistral) borrows the "look at neighbours"
idea, but computes its weights from content (q·k) instead of fixing one per offset.
Source: LeCun et al., "Gradient-based learning applied to document recognition" (1998).
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, single_thread

OPTIONS = [
    Option("epochs", int, 10, "passes over the training set", "训练轮数", low=1, high=500),
    Option("channels", int, 16, "channels of the first convolution (the second has twice as many)", "第一层卷积的通道数（第二层加倍）", low=1, high=128),
    Option("lr", float, 0.005, "Adam learning rate", "Adam 学习率", low=1e-5, high=1.0),
    Option("batch_size", int, 64, "images per step", "每步的图片数", low=1, high=2048),
]


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, padding: int = 1) -> np.ndarray:
    """Convolution (cross-correlation, as in every DL library) from scratch.

    x (N, C_in, H, W), w (C_out, C_in, k, k), b (C_out,) → (N, C_out, H', W') with stride 1:
    out[n, o, i, j] = b[o] + Σ_c Σ_di Σ_dj w[o, c, di, dj] · x_pad[n, c, i + di, j + dj].
    """
    N, C, H, W = x.shape
    k = w.shape[-1]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Ho, Wo = H + 2 * padding - k + 1, W + 2 * padding - k + 1
    out = np.zeros((N, w.shape[0], Ho, Wo)) + b[None, :, None, None]
    for di in range(k):
        for dj in range(k):
            patch = xp[:, :, di : di + Ho, dj : dj + Wo]  # (N, C_in, Ho, Wo): the input seen by offset (di, dj)
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, di, dj])
    return out


def make_model(channels: int):
    """conv 3×3 → ReLU → conv 3×3 → ReLU → max-pool 2×2 → linear to 10 digits."""
    from torch import nn

    c = channels
    return nn.Sequential(
        nn.Conv2d(1, c, 3, padding=1),  # (B, c, 8, 8)
        nn.ReLU(),
        nn.Conv2d(c, 2 * c, 3, padding=1),  # (B, 2c, 8, 8)
        nn.ReLU(),
        nn.MaxPool2d(2),  # (B, 2c, 4, 4)
        nn.Flatten(),  # (B, 2c·16)
        nn.Linear(2 * c * 16, 10),  # (B, 10)
    )


def receptive_field(model, layer: int, size: int = 8):
    """Which input pixels can change one output unit at the centre of ``model[:layer]``? (autograd)"""
    import torch

    x = torch.zeros(1, 1, size, size, requires_grad=True)
    y = model[:layer](x + 0.5)  # a constant grey image, so every ReLU is in play
    c = y.shape[-1] // 2
    y[0, :, c, c].sum().backward()
    return (x.grad[0, 0].abs() > 0).float()  # (size, size) mask


def _predict(model, x) -> np.ndarray:
    import torch

    model.eval()
    with torch.no_grad():
        return model(x).argmax(1).cpu().numpy()


def _train(model, opt, xt, yt, xe, y_te, *, epochs, batch_size, gen, losses, accs) -> None:
    """Mini-batch training: shuffle, step on each batch; record every loss and the test accuracy per epoch."""
    import torch
    import torch.nn.functional as F

    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(xt), generator=gen).split(batch_size):
            idx = idx.to(xt.device)
            loss = F.cross_entropy(model(xt[idx]), yt[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        accs.append(float((_predict(model, xe) == y_te).mean()))


def run(ctx: DemoContext, *, epochs: int, channels: int, lr: float, batch_size: int) -> None:
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    digits = load_digits()
    x_np = digits.images.astype(np.float32) / 16.0  # (1797, 8, 8) in [0, 1]
    x_tr, x_te, y_tr, y_te = train_test_split(x_np, digits.target, test_size=0.3, random_state=ctx.seed, stratify=digits.target)
    xt = torch.tensor(x_tr[:, None], device=device)  # (N, 1, 8, 8)
    yt = torch.tensor(y_tr, device=device)
    xe = torch.tensor(x_te[:, None], device=device)

    ctx.heading("1. The data", "1. 数据")
    ctx.say(
        f"scikit-learn's digits: {len(x_np)} handwritten digits as 8×8 grey images; {len(x_tr)} to train on, "
        f"{len(x_te)} held out. One of them:",
        f"scikit-learn 的 digits 数据集：{len(x_np)} 张 8×8 灰度手写数字；{len(x_tr)} 张训练，{len(x_te)} 张留作测试。其中一张：",
    )
    cols = [str(j) for j in range(8)]
    ctx.heatmap(ctx.t(f"a test image (label {y_te[0]})", f"一张测试图片（标签 {y_te[0]}）"), cols, cols, x_te[0])

    ctx.heading("2. Local receptive fields, shared weights", "2. 局部感受野与权重共享")
    model = make_model(channels).to(device)
    C = channels
    rf1 = receptive_field(model.cpu(), 1)
    rf2 = receptive_field(model, 3)
    model.to(device)
    ctx.say(
        f"A 3×3 kernel sees {int(rf1.sum())} pixels. Asking autograd which input pixels affect one unit in the middle: "
        f"after conv 1 it is a {int(rf1.sum() ** 0.5)}×{int(rf1.sum() ** 0.5)} patch, after conv 2 "
        f"{int(rf2.sum() ** 0.5)}×{int(rf2.sum() ** 0.5)}: each layer sees a little further (pooling widens it again). "
        "1 = this pixel matters:",
        f"3×3 卷积核只看 {int(rf1.sum())} 个像素。用自动求导问：哪些输入像素会影响中间的一个单元？"
        f"第 1 层卷积后是 {int(rf1.sum() ** 0.5)}×{int(rf1.sum() ** 0.5)} 的小块，第 2 层后是 {int(rf2.sum() ** 0.5)}×{int(rf2.sum() ** 0.5)}："
        "每多一层就看得更远一点（池化会再扩大）。1 = 该像素有影响：",
    )
    ctx.heatmap(ctx.t("receptive field after conv 2", "第 2 层卷积后的感受野"), cols, cols, rf2.numpy())
    dense1 = 64 * (C * 64) + C * 64
    dense2 = (C * 64) * (2 * C * 64) + 2 * C * 64
    conv1 = 1 * C * 9 + C
    conv2 = C * 2 * C * 9 + 2 * C
    ctx.table(
        ctx.t("parameters: convolution vs a fully connected layer with the same input and output sizes", "参数量：卷积 vs 输入输出尺寸相同的全连接层"),
        [ctx.t("layer", "层"), ctx.t("maps", "映射"), ctx.t("conv", "卷积"), ctx.t("fully connected", "全连接"), ctx.t("ratio", "倍数")],
        [
            ["1", f"(1, 8, 8) → ({C}, 8, 8)", conv1, dense1, f"{dense1 / conv1:.0f}×"],
            ["2", f"({C}, 8, 8) → ({2 * C}, 8, 8)", conv2, dense2, f"{dense2 / conv2:.0f}×"],
        ],
    )
    ctx.say(
        "The convolution reuses one small kernel at every position (weight sharing) and ignores far-away pixels "
        "(locality). For images both are good assumptions, so fewer parameters also generalise better. Most LLM layers, "
        "by contrast, are dense; sparsity there shows up as mixture-of-experts and sparse or local attention.",
        "卷积在每个位置复用同一个小卷积核（权重共享），并忽略远处的像素（局部性）。对图像来说这两个假设都成立，"
        "参数更少也泛化得更好。相比之下，LLM 的大多数层是稠密的；稀疏性体现在混合专家（MoE）和稀疏/局部注意力上。",
    )
    with torch.no_grad():
        w, b = model[0].weight.detach().cpu().numpy().astype(np.float64), model[0].bias.detach().cpu().numpy().astype(np.float64)
        ref = F.conv2d(xe[:32].cpu().double(), torch.from_numpy(w), torch.from_numpy(b), padding=1)
    ctx.agree(ctx.t("conv2d from scratch", "从零实现的 conv2d"), conv2d(x_te[:32, None].astype(np.float64), w, b), ref, reference_name="torch.nn.functional.conv2d", tolerance=1e-5, key="max_diff_conv2d")

    ctx.heading("3. Training", "3. 训练")
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(ctx.seed)
    losses, accs = [], []
    with single_thread():  # small tensors: a second thread costs more in synchronisation than it saves
        _train(model, opt, xt, yt, xe, y_te, epochs=epochs, batch_size=batch_size, gen=gen, losses=losses, accs=accs)
    pred = _predict(model, xe)
    n_params = sum(p.numel() for p in model.parameters())
    ctx.chart(ctx.t("training loss", "训练损失"), {"loss": losses}, x_label=ctx.t("step", "步"))
    ctx.chart(ctx.t("test accuracy after each epoch", "每轮后的测试准确率"), {"accuracy": accs}, x_label=ctx.t("epoch", "轮"))
    acc = accs[-1]
    per_class = [float((pred[y_te == d] == d).mean()) for d in range(10)]
    ctx.bars(ctx.t(f"test accuracy per digit (overall {acc:.1%}, {n_params:,} parameters)", f"各数字的测试准确率（总体 {acc:.1%},{n_params:,} 个参数）"), [str(d) for d in range(10)], per_class, fmt="{:.1%}")
    with torch.no_grad():
        probs = torch.softmax(model(xe[:1]), dim=1)[0].cpu().numpy()
    ctx.bars(ctx.t(f"the image above (label {y_te[0]}): predicted probabilities", f"上面那张图片（标签 {y_te[0]}）：预测概率"), [str(d) for d in range(10)], probs)
    ctx.figures.update(
        test_accuracy=round(acc, 4),
        n_params=n_params,
        conv1_params=conv1,
        dense1_params=dense1,
        receptive_field_conv1=int(rf1.sum() ** 0.5),
        receptive_field_conv2=int(rf2.sum() ** 0.5),
        epochs=epochs,
        final_loss=round(losses[-1], 4),
        device=device,
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        kernels = model[0].weight.detach().cpu().numpy()[:, 0]
        n = min(8, len(kernels))
        fig, axes = plt.subplots(1, n + 1, figsize=(2 * (n + 1), 2.2))
        axes[0].imshow(x_te[0], cmap="gray_r")
        axes[0].set_title(f"digit {y_te[0]}")
        for i in range(n):
            axes[i + 1].imshow(kernels[i], cmap="RdBu")
            axes[i + 1].set_title(f"kernel {i}", fontsize=8)
        for a in axes:
            a.axis("off")
        ctx.savefig(fig)

"""One pre-norm Transformer decoder block, written out by hand and checked against torch.nn.

Teaches: x ← x + Attention(LayerNorm(x)); x ← x + MLP(LayerNorm(x)). The residual
stream x (B, T, C) flows straight through; each sub-layer reads a normalised copy and
adds its result back. GPT-2 and LLaMA stack dozens of these (LLaMA swaps LayerNorm for
RMSNorm and GELU for SwiGLU). Pre-norm (norm inside the branch) trains more stably than
the original post-norm (norm after the addition) in deep stacks.
Sources: Vaswani et al. (2017); Radford et al., GPT-2 (2019); nanoGPT ``model.py``.
"""

from __future__ import annotations

import math

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("d_model", int, 32, "model width C (divisible by --heads)", "模型宽度 C（须能被 --heads 整除）", low=2, high=1024),
    Option("heads", int, 4, "attention heads", "注意力头数", low=1, high=64),
    Option("seq_len", int, 8, "tokens per sequence T", "每条序列的词元数 T", low=1, high=256),
]


def layer_norm(x, weight, bias, eps: float = 1e-5):
    """LN(x) = γ ⊙ (x − mean) / √(var + ε) + β over the last axis; var is the biased (1/C) variance."""
    mean = x.mean(-1, keepdim=True)  # (B, T, 1)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # (B, T, 1)
    return (x - mean) / (var + eps).sqrt() * weight + bias


def gelu(x):
    """GELU(x) = x Φ(x) = x · ½(1 + erf(x/√2)): a smooth ReLU, used by GPT-2 and BERT."""
    import torch

    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def init_block(C: int, generator=None, dtype=None) -> dict:
    """The block's parameters, named as in nanoGPT, in nn.Linear layout (y = x Wᵀ + b)."""
    import torch

    def randn(*shape, std=0.02):
        return torch.randn(*shape, generator=generator, dtype=dtype) * std

    return {
        "ln_1.weight": 1 + randn(C, std=0.1), "ln_1.bias": randn(C),
        "attn.c_attn.weight": randn(3 * C, C), "attn.c_attn.bias": randn(3 * C),  # q, k, v stacked
        "attn.c_proj.weight": randn(C, C), "attn.c_proj.bias": randn(C),
        "ln_2.weight": 1 + randn(C, std=0.1), "ln_2.bias": randn(C),
        "mlp.c_fc.weight": randn(4 * C, C), "mlp.c_fc.bias": randn(4 * C),
        "mlp.c_proj.weight": randn(C, 4 * C), "mlp.c_proj.bias": randn(C),
    }


def block_forward(x, p: dict, n_head: int, trace: list | None = None):
    """One pre-norm decoder block from elementary tensor ops. x (B, T, C) → (B, T, C).

    ``trace`` (if given) collects (step, shape) pairs to show how shapes flow.
    """
    import torch

    def note(step, t):
        if trace is not None:
            trace.append((step, tuple(t.shape)))
        return t

    B, T, C = x.shape
    d_head = C // n_head
    note("x (residual stream)", x)
    # --- attention sub-layer ---
    h = note("ln_1(x)", layer_norm(x, p["ln_1.weight"], p["ln_1.bias"]))  # (B, T, C)
    qkv = note("qkv = h W_attnᵀ + b", h @ p["attn.c_attn.weight"].T + p["attn.c_attn.bias"])  # (B, T, 3C)
    q, k, v = qkv.split(C, dim=2)  # each (B, T, C)
    q = note("q split into heads", q.view(B, T, n_head, d_head).transpose(1, 2))  # (B, h, T, d_head)
    k = k.view(B, T, n_head, d_head).transpose(1, 2)  # (B, h, T, d_head)
    v = v.view(B, T, n_head, d_head).transpose(1, 2)  # (B, h, T, d_head)
    att = q @ k.transpose(-2, -1) / math.sqrt(d_head)  # (B, h, T, T)
    future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
    att = note("softmax(q kᵀ/√d + causal mask)", torch.softmax(att.masked_fill(future, float("-inf")), dim=-1))
    y = note("att @ v", att @ v)  # (B, h, T, d_head)
    y = note("heads merged", y.transpose(1, 2).contiguous().view(B, T, C))  # (B, T, C)
    y = note("y W_projᵀ + b", y @ p["attn.c_proj.weight"].T + p["attn.c_proj.bias"])  # (B, T, C)
    x = note("x + attn(ln_1(x))", x + y)  # residual
    # --- MLP sub-layer ---
    h = note("ln_2(x)", layer_norm(x, p["ln_2.weight"], p["ln_2.bias"]))  # (B, T, C)
    h = note("gelu(h W_fcᵀ + b)", gelu(h @ p["mlp.c_fc.weight"].T + p["mlp.c_fc.bias"]))  # (B, T, 4C)
    h = note("h W_projᵀ + b", h @ p["mlp.c_proj.weight"].T + p["mlp.c_proj.bias"])  # (B, T, C)
    return note("x + mlp(ln_2(x))", x + h)  # (B, T, C)


def parameter_formula(C: int) -> int:
    """2 LayerNorms (2·2C) + attention (3C² + 3C + C² + C) + MLP (4C² + 4C + 4C² + C) = 12C² + 13C."""
    return 12 * C * C + 13 * C


def reference_block(p: dict, C: int, n_head: int):
    """The same block from torch.nn modules, holding copies of ``p``."""
    import torch
    from torch import nn

    class TorchBlock(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln_1 = nn.LayerNorm(C)
            self.attn = nn.MultiheadAttention(C, n_head, batch_first=True)
            self.ln_2 = nn.LayerNorm(C)
            self.mlp = nn.Sequential(nn.Linear(C, 4 * C), nn.GELU(), nn.Linear(4 * C, C))

        def forward(self, x):
            T = x.shape[1]
            mask = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
            h = self.ln_1(x)
            x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
            return x + self.mlp(self.ln_2(x))

    block = TorchBlock().to(dtype=p["ln_1.weight"].dtype, device=p["ln_1.weight"].device)
    pairs = {
        "ln_1.weight": block.ln_1.weight, "ln_1.bias": block.ln_1.bias,
        "attn.c_attn.weight": block.attn.in_proj_weight, "attn.c_attn.bias": block.attn.in_proj_bias,
        "attn.c_proj.weight": block.attn.out_proj.weight, "attn.c_proj.bias": block.attn.out_proj.bias,
        "ln_2.weight": block.ln_2.weight, "ln_2.bias": block.ln_2.bias,
        "mlp.c_fc.weight": block.mlp[0].weight, "mlp.c_fc.bias": block.mlp[0].bias,
        "mlp.c_proj.weight": block.mlp[2].weight, "mlp.c_proj.bias": block.mlp[2].bias,
    }
    with torch.no_grad():
        for name, target in pairs.items():
            target.copy_(p[name])
    return block.eval()


def run(ctx: DemoContext, *, d_model: int, heads: int, seq_len: int) -> None:
    import torch

    if d_model % heads:
        raise DemoError(f"--d-model ({d_model}) must be divisible by --heads ({heads})")
    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    B, T, C = 2, seq_len, d_model
    p = {name: t.to(device) for name, t in init_block(C).items()}
    x = torch.randn(B, T, C, device=device)  # (B, T, C)

    ctx.heading("1. The block", "1. 这个块")
    ctx.say(
        "A decoder block has two sub-layers, each wrapped as x ← x + f(LayerNorm(x)):\n\n"
        "1. causal multi-head self-attention: tokens exchange information (only with earlier tokens);\n"
        "2. an MLP (C → 4C → C with GELU): each token thinks on its own.\n\n"
        "The residual additions give gradients a direct path through dozens of blocks. LayerNorm (not BatchNorm) "
        "normalises each token over its own C features, so it does not depend on batch size or sequence length.",
        "解码器块有两个子层，都写成 x ← x + f(LayerNorm(x)):\n\n"
        "1. 因果多头自注意力：词元之间交换信息（只能看前面的词元）；\n"
        "2. MLP（C → 4C → C,GELU 激活）：每个词元各自“思考”。\n\n"
        "残差相加让梯度可以直接穿过几十个块。LayerNorm（而非 BatchNorm）对每个词元自己的 C 个特征做归一化，"
        "因此与批大小、序列长度无关。",
    )

    ctx.heading("2. Shapes at every step", "2. 每一步的形状")
    trace: list = []
    with torch.no_grad():
        ours = block_forward(x, p, heads, trace)
    ctx.table(ctx.t(f"B={B}, T={T}, C={C}, h={heads}", f"B={B}, T={T}, C={C}, h={heads}"), [ctx.t("step", "步骤"), ctx.t("shape", "形状")], [[step, str(shape)] for step, shape in trace])

    ctx.heading("3. Parameters", "3. 参数量")
    counts = [
        ["ln_1, ln_2 (γ, β)", "2 · 2C", 4 * C],
        ["attn W_qkv, b", "3C² + 3C", 3 * C * C + 3 * C],
        ["attn W_proj, b", "C² + C", C * C + C],
        ["mlp W_fc, b", "4C² + 4C", 4 * C * C + 4 * C],
        ["mlp W_proj, b", "4C² + C", 4 * C * C + C],
    ]
    total = parameter_formula(C)
    ctx.table(ctx.t("parameters", "参数"), [ctx.t("part", "部分"), ctx.t("formula", "公式"), ctx.t("count", "数量")], counts + [[ctx.t("total", "合计"), "12C² + 13C", total]])
    ctx.say(
        f"About 12C² per block: with GPT-2 small's C = 768 that is {parameter_formula(768):,} per block, "
        f"× 12 blocks ≈ {12 * parameter_formula(768) / 1e6:.0f} M (the rest of its 124 M is the token and position embeddings). "
        "Two thirds of a block's weights sit in the MLP.",
        f"每个块约 12C² 个参数：GPT-2 small 的 C = 768，每块 {parameter_formula(768):,} 个，"
        f"× 12 块 ≈ {12 * parameter_formula(768) / 1e6:.0f} M（124 M 中其余是词元与位置嵌入）。一个块三分之二的权重在 MLP 中。",
    )

    ctx.heading("4. Check against torch.nn modules", "4. 与 torch.nn 模块对照")
    ref_block = reference_block(p, C, heads)
    with torch.no_grad():
        ref = ref_block(x)
    n_ref = sum(t.numel() for t in ref_block.parameters())
    ctx.say(
        "The same block built from nn.LayerNorm, nn.MultiheadAttention (causal attn_mask), nn.Linear and nn.GELU, "
        "with our weights copied in:",
        "用 nn.LayerNorm、nn.MultiheadAttention（因果 attn_mask）、nn.Linear 和 nn.GELU 搭出同一个块，并复制我们的权重：",
    )
    ctx.agree(ctx.t("block output", "块输出"), ours, ref, reference_name=L10n("torch.nn modules", "torch.nn 模块"), tolerance=1e-5, key="max_diff_block")
    ctx.agree(ctx.t("parameter count", "参数量"), total, n_ref, reference_name="sum(p.numel())", tolerance=0, key="max_diff_params")
    x2 = x.clone()
    x2[:, -1] += 1.0
    with torch.no_grad():
        changed = (block_forward(x2, p, heads) - ours).abs().amax(dim=(0, 2))  # (T,)
    ctx.say(
        f"Causality check: changing only the last token changes only the last output (changes at positions 0…{T - 2}: "
        f"{float(changed[:-1].max()) if T > 1 else 0.0:.1e}; at position {T - 1}: {float(changed[-1]):.2f}).",
        f"因果性检验：只改最后一个词元，只有最后一个输出会变（位置 0…{T - 2} 的变化："
        f"{float(changed[:-1].max()) if T > 1 else 0.0:.1e}；位置 {T - 1}：{float(changed[-1]):.2f}）。",
    )
    update = float((ours - x).norm() / x.norm())
    ctx.say(
        f"With small initial weights (std 0.02, as in GPT-2) the block starts close to the identity: "
        f"‖block(x) − x‖ / ‖x‖ = {update:.3f}. Each block learns a small correction to the residual stream.",
        f"初始权重很小（标准差 0.02，与 GPT-2 相同）时，块接近恒等映射：‖block(x) − x‖ / ‖x‖ = {update:.3f}。"
        "每个块学的是对残差流的一个小修正。",
    )
    ctx.figures.update(
        d_model=C, heads=heads, seq_len=T, n_params=total, output_shape=list(ours.shape),
        future_leak=float(changed[:-1].max()) if T > 1 else 0.0, relative_update=round(update, 4), device=device,
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.bar([c[0] for c in counts], [c[2] for c in counts])
        ax.set_title(f"parameters per part (C = {C})")
        ax.tick_params(axis="x", rotation=30)
        ctx.savefig(fig)

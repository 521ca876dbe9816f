"""A Llama-style decoder in plain PyTorch, small enough to read in one sitting, that runs the real
SmolLM2-135M weights: token embedding → N × (RMSNorm → grouped-query causal attention with rotary
positions → residual → RMSNorm → SwiGLU MLP → residual) → RMSNorm → tied output head.

It is the reference the capstone chain checks the learner's pieces against, and matches
transformers' ``LlamaForCausalLM`` (eager attention) on SmolLM2's weights. Names follow the
paper/code (``q, k, v``, ``wq``…); shapes are in comments: B batch, T tokens, D model width,
H query heads, Hkv key/value heads, Dh head width.

Pitfalls measured while writing it (shared/docs/capstone-notes.md): rotate-half RoPE (the HF
layout), rope θ = 100000, RMSNorm ε = 1e-5, KV heads shared with ``repeat_interleave`` (not
``repeat``), scores scaled by 1/√Dh, the causal mask, and RoPE positions offset by the cache
length when generating with a KV cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import Tensor


@dataclass(frozen=True)
class LlamaConfig:
    vocab: int
    dim: int
    layers: int
    heads: int
    kv_heads: int
    hidden: int          # the MLP's inner width
    rope_theta: float
    eps: float

    @property
    def head_dim(self) -> int:
        return self.dim // self.heads

    @classmethod
    def from_hf(cls, config) -> LlamaConfig:
        rope = getattr(config, "rope_parameters", None) or {}
        theta = rope.get("rope_theta") if isinstance(rope, dict) else None
        return cls(config.vocab_size, config.hidden_size, config.num_hidden_layers, config.num_attention_heads,
                   config.num_key_value_heads, config.intermediate_size,
                   float(theta or getattr(config, "rope_theta", 10000.0)), float(config.rms_norm_eps))


def rms_norm(x: Tensor, weight: Tensor, eps: float) -> Tensor:
    """x / √(mean(x²) + ε) · w, over the last axis (no mean subtraction, no bias — unlike LayerNorm)."""
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope_tables(positions: Tensor, head_dim: int, theta: float) -> tuple[Tensor, Tensor]:
    """cos and sin of position · θ^(−2i/Dh), each (T, Dh), the frequencies laid out twice (rotate-half)."""
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)  # (Dh/2,)
    angles = positions.float()[:, None] * inv_freq[None, :]                                  # (T, Dh/2)
    angles = torch.cat([angles, angles], dim=-1)                                             # (T, Dh)
    return angles.cos(), angles.sin()


def apply_rope(x: Tensor, cos: Tensor, sin: Tensor) -> Tensor:
    """Rotate each pair (x_i, x_{i+Dh/2}) by its position's angle: x·cos + rotate_half(x)·sin. x: (B, H, T, Dh)."""
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


def attention(x: Tensor, layer: dict[str, Tensor], cfg: LlamaConfig, cos: Tensor, sin: Tensor,
              cache: tuple[Tensor, Tensor] | None = None) -> tuple[Tensor, tuple[Tensor, Tensor]]:
    """Grouped-query causal self-attention. x: (B, T, D). Returns the output (B, T, D) and the new (k, v) cache."""
    B, T, _ = x.shape
    H, Hkv, Dh = cfg.heads, cfg.kv_heads, cfg.head_dim
    q = (x @ layer["wq"].T).view(B, T, H, Dh).transpose(1, 2)      # (B, H, T, Dh)
    k = (x @ layer["wk"].T).view(B, T, Hkv, Dh).transpose(1, 2)    # (B, Hkv, T, Dh)
    v = (x @ layer["wv"].T).view(B, T, Hkv, Dh).transpose(1, 2)
    q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    if cache is not None:                                           # earlier tokens' keys and values
        k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
    new_cache = (k, v)
    k, v = k.repeat_interleave(H // Hkv, dim=1), v.repeat_interleave(H // Hkv, dim=1)  # each KV head serves H/Hkv queries
    scores = q @ k.transpose(-2, -1) / Dh ** 0.5                   # (B, H, T, T_total)
    past = k.shape[2] - T
    mask = torch.ones(T, k.shape[2], dtype=torch.bool).tril(diagonal=past)  # token t sees positions ≤ past + t
    scores = scores.masked_fill(~mask, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v                         # (B, H, T, Dh)
    return out.transpose(1, 2).reshape(B, T, H * Dh) @ layer["wo"].T, new_cache


def swiglu(x: Tensor, layer: dict[str, Tensor]) -> Tensor:
    """down(silu(gate(x)) ⊙ up(x)): a gated MLP, D → hidden → D."""
    return (torch.nn.functional.silu(x @ layer["w_gate"].T) * (x @ layer["w_up"].T)) @ layer["w_down"].T


class Llama:
    """Weights as plain tensors (no nn.Module, so every operation is visible above)."""

    def __init__(self, cfg: LlamaConfig, weights: dict[str, Tensor]) -> None:
        self.cfg = cfg
        self.embed = weights["model.embed_tokens.weight"]                       # (V, D)
        self.head = weights.get("lm_head.weight", self.embed)                  # tied in SmolLM2
        self.norm = weights["model.norm.weight"]
        names = {"wq": "self_attn.q_proj", "wk": "self_attn.k_proj", "wv": "self_attn.v_proj", "wo": "self_attn.o_proj",
                 "w_gate": "mlp.gate_proj", "w_up": "mlp.up_proj", "w_down": "mlp.down_proj",
                 "norm1": "input_layernorm", "norm2": "post_attention_layernorm"}
        self.layers = [{key: weights[f"model.layers.{i}.{name}.weight"] for key, name in names.items()} for i in range(cfg.layers)]

    def forward(self, ids: Tensor, caches: list | None = None, start: int = 0) -> tuple[Tensor, list]:
        """ids (B, T) → logits (B, T, V); with ``caches`` from earlier calls, T new tokens after ``start`` old ones."""
        cfg = self.cfg
        x = self.embed[ids]                                                     # (B, T, D)
        cos, sin = rope_tables(torch.arange(start, start + ids.shape[1]), cfg.head_dim, cfg.rope_theta)
        new_caches = []
        for i, layer in enumerate(self.layers):
            out, cache = attention(rms_norm(x, layer["norm1"], cfg.eps), layer, cfg, cos, sin, caches[i] if caches else None)
            x = x + out
            x = x + swiglu(rms_norm(x, layer["norm2"], cfg.eps), layer)
            new_caches.append(cache)
        return rms_norm(x, self.norm, cfg.eps) @ self.head.T, new_caches

    @torch.no_grad()
    def greedy(self, ids: list[int], new_tokens: int, *, use_cache: bool = True) -> list[int]:
        """The most likely next token, ``new_tokens`` times; with the cache each step feeds only the last token."""
        out = list(ids)
        logits, caches = self.forward(torch.tensor([out]))
        for _ in range(new_tokens):
            out.append(int(logits[0, -1].argmax()))
            if use_cache:
                logits, caches = self.forward(torch.tensor([[out[-1]]]), caches, start=len(out) - 1)
            else:
                logits, _ = self.forward(torch.tensor([out]))
        return out[len(ids):]


def load_smollm2(folder: Path | None = None) -> tuple[Llama, object]:
    """The prepared SmolLM2-135M (``llmpath models prepare``) as float32 tensors, and its tokenizer."""
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoTokenizer

    from llmpath.models import prepare_smollm2

    folder = folder or prepare_smollm2()
    weights = {name: t.float() for name, t in load_file(str(Path(folder) / "model.safetensors")).items()}
    cfg = LlamaConfig.from_hf(AutoConfig.from_pretrained(str(folder)))
    return Llama(cfg, weights), AutoTokenizer.from_pretrained(str(folder))

"""Typical wrong solutions of the capstone's model steps rmsnorm, rope, gqa-attention, swiglu and decoder-block.

Most are the reference solution with one line changed (``_edit``), so each stands for exactly one mistake;
each entry is (label, source, a phrase the failure's explanation must contain). Picked up by
wrong_solutions.py.
"""

from __future__ import annotations

from pathlib import Path

EXERCISES = Path(__file__).resolve().parents[2] / "llmpath" / "exercises"


def _reference(folder: str) -> str:
    return (EXERCISES / folder / "solution.py").read_text(encoding="utf-8")


def _edit(folder: str, *replacements: tuple[str, str]) -> str:
    """The reference of ``folder`` with each (old, new) replaced once; ``old`` must be there."""
    source = _reference(folder)
    for old, new in replacements:
        assert source.count(old) == 1, f"{folder}: {old!r} is not in the reference exactly once"
        source = source.replace(old, new)
    return source


_RMS = "return x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps) * weight"
_ROPE_ROTATED = "rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)"
_ATTN_SHARE = "k, v = k.repeat_interleave(H // Hkv, dim=1), v.repeat_interleave(H // Hkv, dim=1)"
_ATTN_SCORES = "scores = q @ k.transpose(-2, -1) / Dh ** 0.5"
_SWIGLU_GATE = "gate = torch.nn.functional.silu(x @ w_gate.T)"
_BLOCK_H = "h = x + attended"
_BLOCK_Y = 'y = h + swiglu(rms_norm(h, layer["norm2"], cfg.eps), layer["w_gate"], layer["w_up"], layer["w_down"])'

WRONG: dict[str, list[tuple[str, str, str]]] = {
    "rmsnorm": [
        ("LayerNorm's centring", _edit("rmsnorm", (_RMS, "x = x - x.mean(dim=-1, keepdim=True)\n    " + _RMS)), "that is layernorm"),
        ("eps outside the root", _edit("rmsnorm", (_RMS, "return x / (x.pow(2).mean(dim=-1, keepdim=True).sqrt() + eps) * weight")),
         "inside the square root"),
        ("default eps 1e-6", _edit("rmsnorm", ("eps: float = 1e-5", "eps: float = 1e-6")), "use 1e-5"),
        ("eps ignored", _edit("rmsnorm", ("keepdim=True) + eps)", "keepdim=True) + 1e-5)")), "eps argument was ignored"),
        ("one mean for the whole tensor", _edit("rmsnorm", (".mean(dim=-1, keepdim=True)", ".mean()")), "whole tensor"),
        ("no gain", _edit("rmsnorm", ("+ eps) * weight  #", "+ eps)  #")), "learned gain is missing"),
        ("no keepdim", _edit("rmsnorm", ("dim=-1, keepdim=True", "dim=-1")), "keepdim=True"),
        ("returns numpy", _edit("rmsnorm", (_RMS, "return (" + _RMS[len("return "):] + ").numpy()")), "keep it a tensor"),
        ("in place", _edit("rmsnorm", (_RMS, "x *= torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps)\n    return x * weight")),
         "in place"),
    ],
    "rope": [
        ("theta 10000", _edit("rope", ("theta: float = 100000.0", "theta: float = 10000.0")), "100000"),
        ("positions ignored", _edit("rope", ("angles = positions.float()[:, None]", "angles = torch.arange(len(positions)).float()[:, None]")),
         "positions given"),
        ("interleaved tables", _edit("rope", ("angles = torch.cat([angles, angles], dim=-1)", "angles = angles.repeat_interleave(2, dim=-1)")),
         "[angles, angles]"),
        ("interleaved pairs", _edit("rope", (_ROPE_ROTATED, "rotated = torch.stack([-x[..., 1::2], x[..., ::2]], dim=-1).flatten(-2)")),
         "neighbouring pairs"),
        ("rotate_half sign", _edit("rope", (_ROPE_ROTATED, "rotated = torch.cat([x[..., half:], -x[..., :half]], dim=-1)")),
         "sign of rotate_half"),
        ("cos and sin swapped", _edit("rope", ("return x * cos + rotated * sin", "return x * sin + rotated * cos")), "swapped"),
    ],
    "gqa-attention": [
        (".repeat instead of repeat_interleave", _edit("gqa_attention", (_ATTN_SHARE, "k, v = k.repeat(1, H // Hkv, 1, 1), v.repeat(1, H // Hkv, 1, 1)")),
         "repeat_interleave"),
        ("no 1/sqrt(Dh)", _edit("gqa_attention", (_ATTN_SCORES, "scores = q @ k.transpose(-2, -1)")), "not scaled"),
        ("1/sqrt(D)", _edit("gqa_attention", (_ATTN_SCORES, "scores = q @ k.transpose(-2, -1) / x.shape[-1] ** 0.5")), "sqrt(d)"),
        ("no causal mask", _edit("gqa_attention", ('scores = scores.masked_fill(~mask, float("-inf"))', "")), "no causal mask"),
        ("mask without the cache", _edit("gqa_attention", (".tril(diagonal=past)", ".tril(diagonal=0)")), "forgets the cache"),
        ("RoPE on v", _edit("gqa_attention", ("q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)",
                                              "q, k, v = apply_rope(q, cos, sin), apply_rope(k, cos, sin), apply_rope(v, cos, sin)")),
         "values too"),
        ("cache after sharing the heads", _edit("gqa_attention", ("    new_cache = (k, v)\n", ""),
                                                ("k, v = k.repeat_interleave(H // Hkv, dim=1), v.repeat_interleave(H // Hkv, dim=1)",
                                                 "k, v = k.repeat_interleave(H // Hkv, dim=1), v.repeat_interleave(H // Hkv, dim=1)\n"
                                                 "    new_cache = (k, v)")),
         "hkv heads, not h"),
        ("weights not transposed", _edit("gqa_attention", ("q = (x @ wq.T)", "q = (x @ wq)"), ("k = (x @ wk.T)", "k = (x @ wk)"),
                                         ("v = (x @ wv.T)", "v = (x @ wv)"), ("@ wo.T, new_cache", "@ wo, new_cache")), "x @ w.t"),
    ],
    "swiglu": [
        ("ReLU", _edit("swiglu", (_SWIGLU_GATE, "gate = torch.relu(x @ w_gate.T)")), "relu"),
        ("GELU", _edit("swiglu", (_SWIGLU_GATE, "gate = torch.nn.functional.gelu(x @ w_gate.T)")), "gelu"),
        ("sigmoid gate", _edit("swiglu", (_SWIGLU_GATE, "gate = torch.sigmoid(x @ w_gate.T)")), "glu"),
        ("gate and up swapped", _edit("swiglu", (_SWIGLU_GATE, "gate = torch.nn.functional.silu(x @ w_up.T)"),
                                      ("(x @ w_up.T)) @ w_down.T", "(x @ w_gate.T)) @ w_down.T")), "swapped"),
        ("no transpose", _edit("swiglu", (_SWIGLU_GATE, "gate = torch.nn.functional.silu(x @ w_gate)"),
                               ("(x @ w_up.T)) @ w_down.T", "(x @ w_up)) @ w_down")), "x @ w.t"),
        ("no up projection", _edit("swiglu", ("return (gate * (x @ w_up.T)) @ w_down.T", "return gate @ w_down.T")),
         "up projection is missing"),
    ],
    "decoder-block": [
        ("post-norm", _edit("decoder_block",
                            ('attended, new_cache = attention(rms_norm(x, layer["norm1"], cfg.eps)', "attended, new_cache = attention(x"),
                            (_BLOCK_H, 'h = rms_norm(x + attended, layer["norm1"], cfg.eps)'),
                            (_BLOCK_Y, 'y = rms_norm(h + swiglu(h, layer["w_gate"], layer["w_up"], layer["w_down"]), layer["norm2"], cfg.eps)')),
         "post-norm"),
        ("no attention residual", _edit("decoder_block", (_BLOCK_H, "h = attended")), "residual around attention"),
        ("no MLP residual", _edit("decoder_block", (_BLOCK_Y, _BLOCK_Y.replace("y = h + ", "y = "))), "residual around the mlp"),
        ("norms swapped", _edit("decoder_block", ('rms_norm(x, layer["norm1"]', 'rms_norm(x, layer["norm2"]'),
                                ('rms_norm(h, layer["norm2"]', 'rms_norm(h, layer["norm1"]')), "swapped"),
        ("cfg.eps not passed", _edit("decoder_block", ('layer["norm1"], cfg.eps)', 'layer["norm1"])'),
                                     ('layer["norm2"], cfg.eps)', 'layer["norm2"])')), "cfg.eps"),
        ("residual from the normalised x", _edit("decoder_block",
                                                 ('attended, new_cache = attention(rms_norm(x, layer["norm1"], cfg.eps)',
                                                  'x = rms_norm(x, layer["norm1"], cfg.eps)\n    attended, new_cache = attention(x')),
         "normalised x"),
        ("parallel branches", _edit("decoder_block", ('swiglu(rms_norm(h, layer["norm2"]', 'swiglu(rms_norm(x, layer["norm2"]')),
         "parallel"),
    ],
}

ALSO_RIGHT: dict[str, str] = {
    "rmsnorm": """
import torch
def rms_norm(x, weight, eps=1e-5):
    rms = torch.sqrt(torch.mean(x * x, dim=-1, keepdim=True) + eps)
    return weight * (x / rms)
""",
    "rope": """
import torch
def rope_tables(positions, head_dim, theta=100000.0):
    i = torch.arange(head_dim // 2, dtype=torch.float32)
    angles = torch.outer(positions.to(torch.float32), theta ** (-2.0 * i / head_dim))
    return angles.repeat(1, 2).cos(), angles.repeat(1, 2).sin()
def apply_rope(x, cos, sin):
    a, b = x.chunk(2, dim=-1)
    return x * cos + torch.cat((-b, a), dim=-1) * sin
""",
    "gqa-attention": """
import torch
import torch.nn.functional as F
from rope import apply_rope
def attention(x, wq, wk, wv, wo, n_heads, n_kv_heads, cos, sin, cache=None):
    B, T, D = x.shape
    Dh = wq.shape[0] // n_heads
    split = lambda t, n: t.reshape(B, T, n, Dh).permute(0, 2, 1, 3)
    q, k, v = split(F.linear(x, wq), n_heads), split(F.linear(x, wk), n_kv_heads), split(F.linear(x, wv), n_kv_heads)
    q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    if cache is not None:
        k, v = torch.cat((cache[0], k), 2), torch.cat((cache[1], v), 2)
    past = k.shape[2] - T
    allowed = torch.arange(k.shape[2])[None, :] <= (past + torch.arange(T))[:, None]
    out = F.scaled_dot_product_attention(q, k.repeat_interleave(n_heads // n_kv_heads, 1),
                                         v.repeat_interleave(n_heads // n_kv_heads, 1), attn_mask=allowed)
    return F.linear(out.transpose(1, 2).reshape(B, T, -1), wo), (k, v)
""",
    "swiglu": """
import torch.nn.functional as F
def swiglu(x, w_gate, w_up, w_down):
    return F.linear(F.silu(F.linear(x, w_gate)) * F.linear(x, w_up), w_down)
""",
}

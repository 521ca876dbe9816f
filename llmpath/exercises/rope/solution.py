"""Rotary position embedding (RoPE) — reference solution, in the "rotate-half" layout Llama uses.

Each query/key vector of width Dh is split into two halves; pair i = (x_i, x_{i+Dh/2}) is
rotated by the angle position · θ^(−2i/Dh). A dot product of two rotated vectors then depends
only on the distance between their positions — relative position, for free, in every layer.
"""

import torch


def rope_tables(positions: torch.Tensor, head_dim: int, theta: float = 100000.0) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin tables, each (T, Dh), for integer positions (T,)."""
    inv_freq = 1.0 / theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim)  # (Dh/2,)
    angles = positions.float()[:, None] * inv_freq[None, :]                                  # (T, Dh/2)
    angles = torch.cat([angles, angles], dim=-1)                                             # (T, Dh): both halves
    return angles.cos(), angles.sin()


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x (B, H, T, Dh) rotated: x·cos + rotate_half(x)·sin, where rotate_half(a, b) = (−b, a)."""
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin                                  # cos, sin (T, Dh) broadcast over B and H

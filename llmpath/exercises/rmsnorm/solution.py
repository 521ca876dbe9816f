"""RMSNorm — reference solution.

LayerNorm subtracts the mean and divides by the standard deviation; RMSNorm (Zhang & Sennrich
2019, used by Llama) skips the mean: it only rescales each vector to unit root-mean-square and
multiplies by a learned gain. One statistic less, the same training stability.
"""

import torch


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """x (..., D) / sqrt(mean(x², last axis) + eps) * weight (D,); same shape as x."""
    return x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps) * weight  # keepdim: (..., 1) broadcasts over D

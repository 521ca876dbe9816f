"""Independent recomputation of the predict-then-run questions' numeric answers."""

import math


CHECKS = {
    "vectors-and-tensors.predict-linear-params": lambda: 8 * 3 + 3,
    "attention.predict-score-std": lambda: math.sqrt(64),
    "multi-head-attention.predict-params": lambda: _mha_params(16, 4),
    "neurons-and-activations.predict-sigmoid-chain": lambda: 0.25 ** 10,
    "cnn.predict-conv1-params": lambda: _conv_params(1, 16, 3),
    "eigen-and-svd.predict-svd-storage": lambda: round(20 * (427 + 640 + 1) / (427 * 640), 3),
}


def _mha_params(d: int, heads: int) -> int:
    import torch

    return sum(p.numel() for p in torch.nn.MultiheadAttention(d, heads).parameters())


def _conv_params(c_in: int, c_out: int, k: int) -> int:
    import torch

    return sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k).parameters())

"""A LoRA linear layer — reference solution (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models").

The pretrained weight W (out, in) stays frozen; the update is the product B @ A of a (out, r) and an
(r, in) matrix, scaled by alpha / r. B starts at zero so the layer starts exactly as the pretrained
one, and A starts random so that B receives a gradient at the first step (if both were zero, neither
would ever move). Merging adds the scaled update into W once, so inference costs nothing extra;
unmerging subtracts it again.
"""

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)                      # only A and B are trained
        self.A = nn.Parameter(torch.randn(r, base.in_features) / math.sqrt(base.in_features))
        self.B = nn.Parameter(torch.zeros(base.out_features, r))
        self.scale = alpha / r                           # keeps the update's size stable when r changes
        self.merged = False

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.base(x)
        if not self.merged:
            out = out + self.scale * ((x @ self.A.T) @ self.B.T)   # (..., in) -> (..., r) -> (..., out)
        return out

    @torch.no_grad()
    def merge(self) -> None:
        if not self.merged:
            self.base.weight += self.scale * (self.B @ self.A)
            self.merged = True

    @torch.no_grad()
    def unmerge(self) -> None:
        if self.merged:
            self.base.weight -= self.scale * (self.B @ self.A)
            self.merged = False


if __name__ == "__main__":
    torch.manual_seed(0)
    layer = LoRALinear(nn.Linear(6, 5), r=2, alpha=4)
    x = torch.randn(3, 6)
    print(torch.equal(layer(x), layer.base(x)))
    print([name for name, p in layer.named_parameters() if p.requires_grad])
    with torch.no_grad():
        layer.B.normal_()
    before = layer(x)
    layer.merge()
    print((layer(x) - before).abs().max().item())
    layer.unmerge()

import math

import torch
from torch import nn


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        # TODO: freeze the base layer's parameters, create self.A (r, in) and self.B (out, r) as
        # nn.Parameter, set self.scale and self.merged = False (about 6 lines)
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # TODO: the base layer's output plus the scaled low-rank update, unless merged (about 4 lines)
        raise NotImplementedError

    @torch.no_grad()
    def merge(self) -> None:
        # TODO: add the scaled update into self.base.weight once (about 3 lines)
        raise NotImplementedError

    @torch.no_grad()
    def unmerge(self) -> None:
        # TODO: take it out again (about 3 lines)
        raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python lora.py
    torch.manual_seed(0)
    layer = LoRALinear(nn.Linear(6, 5), r=2, alpha=4)
    x = torch.randn(3, 6)
    print(torch.equal(layer(x), layer.base(x)))                                    # True: B starts at zero
    print([name for name, p in layer.named_parameters() if p.requires_grad])       # ['A', 'B']
    with torch.no_grad():
        layer.B.normal_()
    before = layer(x)
    layer.merge()
    print((layer(x) - before).abs().max().item())                                  # about 1e-7
    layer.unmerge()

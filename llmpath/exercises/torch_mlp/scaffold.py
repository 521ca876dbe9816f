import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, in_features: int, hidden: int, out_features: int) -> None:
        super().__init__()
        # TODO: create the layers here (about 3 lines)
        raise NotImplementedError

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # TODO: your code here (1-3 lines)
        raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python torch_mlp.py
    model = MLP(4, 8, 3)
    print(model)                                           # the two Linear layers
    print(model(torch.randn(5, 4)).shape)                  # torch.Size([5, 3])
    print(sum(p.numel() for p in model.parameters()))      # 4*8 + 8 + 8*3 + 3 = 67

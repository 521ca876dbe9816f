"""An nn.Module MLP in PyTorch — reference solution.

Assigning an nn.Module to an attribute registers it (nn.Module.__setattr__), so its
weights appear in model.parameters() and reach the optimizer. nn.Linear stores its
weight as (out, in) and computes x @ W.T + b.
"""

import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, in_features: int, hidden: int, out_features: int) -> None:
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(torch.relu(self.fc1(x)))     # (..., in) -> (..., hidden) -> (..., out)


if __name__ == "__main__":
    model = MLP(4, 8, 3)
    print(model)
    print(model(torch.randn(5, 4)).shape)
    print(sum(p.numel() for p in model.parameters()))

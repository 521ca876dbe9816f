"""An nn.Module MLP in PyTorch · 用 PyTorch nn.Module 写 MLP

Task
----
Write `MLP`, a two-layer perceptron as a PyTorch `nn.Module`:

    MLP(in_features, hidden, out_features)
    forward(x) = Linear(hidden -> out_features)( ReLU( Linear(in_features -> hidden)(x) ) )

- Create the two `nn.Linear` layers in `__init__` and assign them to attributes
  (after calling `super().__init__()`), so PyTorch registers their parameters.
- `forward` takes x of shape (..., in_features) and returns the raw scores
  (logits) of shape (..., out_features): no activation after the last layer.
- Keep it differentiable: no `.detach()`, `.numpy()` or `torch.no_grad()` inside.

任务
----
把两层感知机写成 PyTorch 的 `nn.Module`,类名为 `MLP`:

    MLP(in_features, hidden, out_features)
    forward(x) = Linear(hidden -> out_features)( ReLU( Linear(in_features -> hidden)(x) ) )

- 在 `__init__` 里(先调用 `super().__init__()`)创建两个 `nn.Linear` 层并赋值给属性,
  这样 PyTorch 才会登记它们的参数。
- `forward` 接受形状为 (..., in_features) 的 x,返回形状为 (..., out_features) 的原始
  分数(logits):最后一层之后不加激活函数。
- 保持可求导:里面不要用 `.detach()`、`.numpy()` 或 `torch.no_grad()`。

Check it · 检查:  llmpath exercise check torch-mlp
"""

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

import torch


def rms_norm(x: torch.Tensor, weight: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """x (..., D) divided by its root mean square over the last axis, times the gain weight (D,)."""
    # TODO: your code here (1-2 lines: x.pow(2).mean(dim=-1, keepdim=True), torch.rsqrt)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python rmsnorm.py
    x = torch.tensor([[3.0, 4.0], [1.0, -1.0]])
    print(rms_norm(x, torch.ones(2)))                         # each row now has root mean square 1
    print(rms_norm(x, torch.ones(2)).pow(2).mean(dim=-1))     # tensor([1.0000, 1.0000]) (almost: eps)
    print(rms_norm(x, torch.tensor([1.0, 2.0])).shape)        # torch.Size([2, 2]): the shape of x

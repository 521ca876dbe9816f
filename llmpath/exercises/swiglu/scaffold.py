import torch


def swiglu(x: torch.Tensor, w_gate: torch.Tensor, w_up: torch.Tensor, w_down: torch.Tensor) -> torch.Tensor:
    """Llama's MLP: down(silu(gate(x)) * up(x)); x (..., D), w_gate and w_up (F, D), w_down (D, F) -> (..., D)."""
    # TODO: your code here (2-3 lines; the weights are in nn.Linear's (out, in) layout)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python swiglu.py
    torch.manual_seed(0)
    x = torch.randn(2, 5, 24)
    w_gate, w_up, w_down = torch.randn(64, 24), torch.randn(64, 24), torch.randn(24, 64)
    print(swiglu(x, w_gate, w_up, w_down).shape)        # torch.Size([2, 5, 24])
    eye = torch.eye(2)
    print(swiglu(torch.tensor([1.0, -1.0]), eye, eye, eye))  # silu(1)·1, silu(-1)·(-1) = 0.7311, 0.2689

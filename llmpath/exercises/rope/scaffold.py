import torch


def rope_tables(positions: torch.Tensor, head_dim: int, theta: float = 100000.0) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin tables, each (T, Dh), for the integer positions (T,), in the rotate-half layout."""
    # TODO: your code here (about 4 lines: inverse frequencies, angles, both halves, cos and sin)
    raise NotImplementedError


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x (B, H, T, Dh) rotated: x * cos + rotate_half(x) * sin, where rotate_half(a, b) = (-b, a)."""
    # TODO: your code here (about 3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python rope.py
    cos, sin = rope_tables(torch.arange(4), head_dim=8)
    print(cos.shape, sin.shape)                   # torch.Size([4, 8]) torch.Size([4, 8])
    print(cos[0], sin[0])                         # position 0: all ones, all zeros (no rotation)
    q = torch.randn(1, 1, 4, 8)
    print(apply_rope(q, cos, sin).norm(dim=-1))   # the same lengths as q.norm(dim=-1): a rotation
    print(q.norm(dim=-1))

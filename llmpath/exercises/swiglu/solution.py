"""SwiGLU feed-forward — reference solution.

Llama's MLP gates one projection with another: down(silu(gate(x)) ⊙ up(x)). Weights are in
PyTorch's nn.Linear layout (out_features, in_features), so a projection is x @ W.T.
"""

import torch


def swiglu(x: torch.Tensor, w_gate: torch.Tensor, w_up: torch.Tensor, w_down: torch.Tensor) -> torch.Tensor:
    """x (..., D); w_gate, w_up (F, D); w_down (D, F) → (..., D)."""
    gate = torch.nn.functional.silu(x @ w_gate.T)   # (..., F); silu(z) = z · sigmoid(z)
    return (gate * (x @ w_up.T)) @ w_down.T          # (..., F) ⊙ (..., F) → (..., D)

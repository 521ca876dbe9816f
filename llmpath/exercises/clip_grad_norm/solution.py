"""Gradient clipping by the global norm, as torch.nn.utils.clip_grad_norm_ does it — reference solution.

All parameters' gradients are measured together, as one long vector; when that global norm is above
max_norm, every gradient is multiplied by the same factor, so the update keeps its direction and only
its length is capped. Unlike torch's clip_grad_norm_ (the trailing _ means in place, on p.grad), this
version returns new arrays and leaves the caller's gradients alone.
"""

import numpy as np


def global_grad_norm(grads: list[np.ndarray]) -> float:
    """grads: a list of arrays of any shapes → the L2 norm of all their entries together, √(Σ g²)."""
    return float(np.sqrt(sum(np.sum(g * g) for g in grads)))   # square, sum over every array, then one root


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """→ (clipped gradients as new arrays, the global norm measured before clipping)."""
    total_norm = global_grad_norm(grads)
    if total_norm > max_norm:
        scale = max_norm / (total_norm + 1e-6)                 # the 1e-6 as torch adds it: no 0 / 0, result just under max_norm
        return [g * scale for g in grads], total_norm
    return [g.copy() for g in grads], total_norm                # below the threshold: unchanged (still new arrays)

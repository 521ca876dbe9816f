import numpy as np


def global_grad_norm(grads: list[np.ndarray]) -> float:
    """grads: a list of arrays of any shapes → the L2 norm of all their entries together, √(Σ g²)."""
    # TODO: one or two lines
    raise NotImplementedError


def clip_grad_norm(grads: list[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    """→ (clipped gradients as new arrays, the global norm measured before clipping)."""
    # TODO: about 5 lines; do not change the arrays in grads
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python clip_grad_norm.py
    grads = [np.array([3.0, 0.0]), np.array([0.0, 4.0, 12.0])]
    print(global_grad_norm(grads))                  # 13.0 = √(9 + 16 + 144)
    clipped, norm = clip_grad_norm(grads, 1.0)
    print(clipped, norm)                            # every entry divided by 13 (almost: 13 + 1e-6), and 13.0
    print(global_grad_norm(clipped))                # 0.99999992: just under max_norm
    print(clip_grad_norm([np.array([0.3, 0.4])], 1.0))   # ([array([0.3, 0.4])], 0.5): below max_norm, unchanged

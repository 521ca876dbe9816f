import math

import torch
import torch.nn.functional as F


def lm_loss(logits: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of predicting ids[:, t + 1] from logits[:, t]: logits (B, T, V), ids (B, T) → a scalar."""
    # TODO: your code here (about 3 lines: drop a position from each side, then F.cross_entropy on (N, V) and (N,))
    raise NotImplementedError


@torch.no_grad()
def adamw_step(params, grads, m, v, step, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
    """One AdamW update of every tensor in ``params``, in place; ``m``, ``v`` (moment tensors, zeros at first)
    are updated in place too; ``step`` counts updates from 1."""
    # TODO: your code here (about 8 lines: for p, g, m_i, v_i in zip(params, grads, m, v): …)
    raise NotImplementedError


@torch.no_grad()
def clip_grad_norm(grads, max_norm: float) -> float:
    """Scale all gradients in place so their global L2 norm is at most max_norm; return the norm before clipping."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


def lr_at(step: int, max_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """The learning rate of update ``step`` (from 0): linear warm-up to max_lr, then cosine down to min_lr."""
    # TODO: your code here (about 6 lines; math.cos and math.pi)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python lm_training.py
    logits = torch.zeros(1, 4, 3)                       # uniform predictions over 3 tokens
    print(lm_loss(logits, torch.tensor([[0, 1, 2, 0]])))  # ln 3 ≈ 1.0986, whatever the targets
    print([round(lr_at(s, 1e-3, 3, 10), 6) for s in range(12)])  # up in 3 steps, then down to 0

"""Training a language model — reference solution: the four pieces of every LLM training loop.

    loss = lm_loss(model(ids), ids)           # predict token t+1 from positions ≤ t
    loss.backward()
    clip_grad_norm(grads, 1.0)                # one global norm over all tensors
    lr = lr_at(step, max_lr, warmup, total)   # linear warm-up, then cosine down to min_lr
    adamw_step(params, grads, m, v, step + 1, lr)

The same results as torch's own: F.cross_entropy on shifted targets, torch.optim.AdamW,
torch.nn.utils.clip_grad_norm_, and LinearLR followed by CosineAnnealingLR.
"""

import math

import torch
import torch.nn.functional as F


def lm_loss(logits: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of predicting ids[:, t + 1] from logits[:, t]: logits (B, T, V), ids (B, T) → a scalar."""
    vocab = logits.shape[-1]
    # The last position has no next token and the first token has no prediction: T - 1 pairs per row.
    return F.cross_entropy(logits[:, :-1].reshape(-1, vocab), ids[:, 1:].reshape(-1))


@torch.no_grad()
def adamw_step(params, grads, m, v, step, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
    """One AdamW update of every tensor in ``params``, in place; ``m``, ``v`` are the moment tensors
    (updated in place too) and ``step`` counts updates from 1."""
    beta1, beta2 = betas
    for p, g, m_i, v_i in zip(params, grads, m, v):
        p.mul_(1 - lr * weight_decay)                         # decoupled: shrink the weight, leave the gradient alone
        m_i.mul_(beta1).add_(g, alpha=1 - beta1)
        v_i.mul_(beta2).addcmul_(g, g, value=1 - beta2)
        m_hat = m_i / (1 - beta1 ** step)                     # bias correction: m and v start at 0
        v_hat = v_i / (1 - beta2 ** step)
        p.sub_(lr * m_hat / (v_hat.sqrt() + eps))


@torch.no_grad()
def clip_grad_norm(grads, max_norm: float) -> float:
    """Scale all gradients in place so their global L2 norm is at most max_norm; return the norm before."""
    total = torch.sqrt(sum((g.double() ** 2).sum() for g in grads))
    scale = max_norm / (float(total) + 1e-6)
    if scale < 1.0:                                            # never scale up
        for g in grads:
            g.mul_(scale)
    return float(total)


def lr_at(step: int, max_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """The learning rate of update ``step`` (from 0): linear warm-up to max_lr, then cosine down to min_lr."""
    if step < warmup_steps:
        return max_lr * (step + 1) / warmup_steps
    if step >= total_steps:
        return min_lr
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (max_lr - min_lr) * (1 + math.cos(math.pi * progress))


if __name__ == "__main__":
    logits, ids = torch.randn(2, 5, 7), torch.randint(0, 7, (2, 5))
    print(lm_loss(logits, ids))
    print([round(lr_at(s, 1e-3, 3, 10), 6) for s in range(12)])

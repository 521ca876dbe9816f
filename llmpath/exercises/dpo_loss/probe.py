"""The child's side of the dpo-loss check: call the learner's functions, and print the beta trade-off.

``run`` calls one function with the case's arguments (the parent judges the result as for any
case). ``beta_sweep`` runs the learner's ``dpo_margins`` and ``dpo_loss`` on one batch of pairs for
several beta and prints what beta does: the table is the check's output.
"""

import numpy as np


def run(module, function, **arguments):
    return getattr(module, function)(*arguments.values())


def _gradient_weight(margins, beta):
    """d loss / d (policy log-ratio gap) per pair is -beta * sigmoid(-margin): how hard DPO pushes that pair."""
    return beta / (1.0 + np.exp(np.clip(margins, -500, 500)))


def beta_sweep(module, policy_chosen, policy_rejected, ref_chosen, ref_rejected, betas):
    losses, margins = [], []
    for beta in betas:
        args = [a.copy() for a in (policy_chosen, policy_rejected, ref_chosen, ref_rejected)]
        margins.append(module.dpo_margins(*args, float(beta)))
        args = [a.copy() for a in (policy_chosen, policy_rejected, ref_chosen, ref_rejected)]
        losses.append(module.dpo_loss(*args, float(beta)))
    try:
        _print_table(betas, losses, margins)
    except (TypeError, ValueError):
        pass  # results of the wrong kind: the parent explains them
    return {"losses": losses, "margins": margins}


def _print_table(betas, losses, margins):
    n = len(np.asarray(margins[0]))
    print(f"beta trade-off, {n} seeded pairs · β 的权衡（{n} 个种子偏好对）")
    print("    beta      loss   mean margin   ranked right   push β·σ(-m)")
    for beta, loss, m in zip(betas, losses, margins):
        m = np.asarray(m, dtype=float)
        print(f"  {beta:6g}  {float(loss):8.4f}  {m.mean():12.4f}  {100 * (m > 0).mean():12.0f} %  {_gradient_weight(m, beta).mean():12.4f}")

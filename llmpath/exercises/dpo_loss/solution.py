"""The DPO loss — reference solution (Rafailov et al. 2023, "Direct Preference Optimization").

Each argument holds one summed log-probability log p(answer | prompt) per preference pair. The
implied reward of an answer is beta * (log pi(answer) - log ref(answer)): how much more likely the
policy made it than the frozen reference did. The loss pushes the chosen answer's reward above the
rejected one's: -log sigmoid(margin), computed as log(1 + exp(-margin)) without overflow.
"""

import numpy as np


def dpo_margins(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """beta * [(policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)], one per pair."""
    chosen_gain = np.asarray(policy_chosen, dtype=float) - ref_chosen        # log-ratio of the chosen answer
    rejected_gain = np.asarray(policy_rejected, dtype=float) - ref_rejected  # log-ratio of the rejected answer
    return beta * (chosen_gain - rejected_gain)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """The mean over pairs of -log sigmoid(margin)."""
    margins = dpo_margins(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta)
    # -log sigmoid(z) = log(1 + exp(-z)); logaddexp(0, -z) never forms exp of a large number
    return float(np.mean(np.logaddexp(0.0, -margins)))


if __name__ == "__main__":
    args = (np.array([-10.0]), np.array([-12.0]), np.array([-11.0]), np.array([-14.0]), 0.5)
    print(dpo_margins(*args))       # [-0.5]
    print(dpo_loss(*args))          # 0.974077

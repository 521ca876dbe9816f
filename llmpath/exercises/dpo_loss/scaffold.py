import numpy as np


def dpo_margins(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """beta * [(policy_chosen - ref_chosen) - (policy_rejected - ref_rejected)], one per pair."""
    # TODO: your code here (1-3 lines)
    raise NotImplementedError


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    """The mean over pairs of -log sigmoid(margin), without overflow."""
    # TODO: your code here (2-3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python dpo_loss.py
    args = (np.array([-10.0]), np.array([-12.0]), np.array([-11.0]), np.array([-14.0]), 0.5)
    print(dpo_margins(*args))       # [-0.5]: the policy raised the rejected answer more than the chosen one
    print(dpo_loss(*args))          # log(1 + e^0.5) = 0.974077
    for beta in (0.1, 1.0, 10.0):   # the beta trade-off on one pair
        print(beta, dpo_loss(np.array([-10.0]), np.array([-12.0]), np.array([-10.5]), np.array([-11.5]), beta))

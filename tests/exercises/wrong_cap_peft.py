"""Typical wrong solutions of the capstone chain's fine-tuning and quantization steps (helper cap-peft):
dpo-loss, lora, int8-quantize. Picked up by tests/exercises/wrong_solutions.py."""

_DPO_RIGHT_MARGINS = """
import numpy as np
def dpo_margins(pc, pr, rc, rr, beta):
    return beta * ((pc - rc) - (pr - rr))
"""

WRONG: dict[str, list[tuple[str, str, str]]] = {
    "dpo-loss": [
        ("chosen and rejected swapped", """
import numpy as np
def dpo_margins(pc, pr, rc, rr, beta):
    return beta * ((pr - rr) - (pc - rc))
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.mean(np.logaddexp(0.0, -dpo_margins(pc, pr, rc, rr, beta))))
""", "swapped"),
        ("reference dropped", """
import numpy as np
def dpo_margins(pc, pr, rc, rr, beta):
    return beta * (pc - pr)
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.mean(np.logaddexp(0.0, -dpo_margins(pc, pr, rc, rr, beta))))
""", "reference terms are missing"),
        ("beta outside the sigmoid", _DPO_RIGHT_MARGINS + """
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.mean(beta * np.logaddexp(0.0, -((pc - rc) - (pr - rr)))))
""", "beta goes inside"),
        ("naive log of sigmoid", _DPO_RIGHT_MARGINS + """
def dpo_loss(pc, pr, rc, rr, beta):
    m = dpo_margins(pc, pr, rc, rr, beta)
    return float(np.mean(-np.log(1.0 / (1.0 + np.exp(-m)))))
""", "np.logaddexp"),
        ("stable sigmoid, then log: rounds to 0", _DPO_RIGHT_MARGINS + """
def dpo_loss(pc, pr, rc, rr, beta):
    m = dpo_margins(pc, pr, rc, rr, beta)
    s = np.where(m >= 0, 1 / (1 + np.exp(-np.abs(m))), np.exp(-np.abs(m)) / (1 + np.exp(-np.abs(m))))
    return float(np.mean(-np.log(s)))
""", "rounds to 1"),
        ("sum instead of mean", _DPO_RIGHT_MARGINS + """
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.sum(np.logaddexp(0.0, -dpo_margins(pc, pr, rc, rr, beta))))
""", "mean over the pairs"),
        ("log sigmoid without the minus", _DPO_RIGHT_MARGINS + """
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.mean(-np.logaddexp(0.0, -dpo_margins(pc, pr, rc, rr, beta))))
""", "positive number"),
        ("in place on the caller's array", """
import numpy as np
def dpo_margins(pc, pr, rc, rr, beta):
    pc -= rc
    return beta * (pc - (pr - rr))
def dpo_loss(pc, pr, rc, rr, beta):
    return float(np.mean(np.logaddexp(0.0, -beta * ((pc - rc) - (pr - rr)))))
""", "in place"),
    ],
}

ALSO_RIGHT: dict[str, str] = {
    "dpo-loss": """
import numpy as np
def dpo_margins(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    return beta * (policy_chosen - policy_rejected - ref_chosen + ref_rejected)
def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta):
    z = dpo_margins(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta)
    return float(np.mean(np.maximum(-z, 0.0) + np.log1p(np.exp(-np.abs(z)))))
""",
}

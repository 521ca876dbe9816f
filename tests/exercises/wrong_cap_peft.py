"""Typical wrong solutions of the capstone chain's fine-tuning and quantization steps (helper cap-peft):
dpo-loss, lora, int8-quantize. Picked up by tests/exercises/wrong_solutions.py."""

from pathlib import Path

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


_EXERCISES = Path(__file__).resolve().parents[2] / "llmpath" / "exercises"
_LORA = (_EXERCISES / "lora" / "solution.py").read_text(encoding="utf-8")


def _lora(*edits):
    """The reference LoRALinear with one typical mistake written into it."""
    source = _LORA
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    return source


WRONG["lora"] = [
    ("B random at the start", _lora(("torch.zeros(base.out_features, r)", "torch.randn(base.out_features, r)")), "B must start at zero"),
    ("A and B both zero", _lora(("torch.randn(r, base.in_features) / math.sqrt(base.in_features)", "torch.zeros(r, base.in_features)")),
     "neither ever gets a gradient"),
    ("base not frozen", _lora(("            p.requires_grad_(False)                      # only A and B are trained\n", "            pass\n")),
     "not frozen"),
    ("scale r / alpha", _lora(("self.scale = alpha / r ", "self.scale = r / alpha ")), "not r / alpha"),
    ("no scale in forward", _lora(("out = out + self.scale * ((x @ self.A.T) @ self.B.T)", "out = out + ((x @ self.A.T) @ self.B.T)")),
     "must be scaled by alpha / r"),
    ("scale alpha only", _lora(("self.scale = alpha / r ", "self.scale = alpha ")), "not alpha alone"),
    ("merge without the scale", _lora(("self.base.weight += self.scale * (self.B @ self.A)", "self.base.weight += self.B @ self.A")),
     "merge without the scale"),
    ("forward adds the update after merging", _lora(("        if not self.merged:\n            out = out +", "        if True:\n            out = out +")),
     "must not add it again"),
    ("unmerge without the scale", _lora(("self.base.weight -= self.scale * (self.B @ self.A)", "self.base.weight -= self.B @ self.A")),
     "subtract exactly what merge added"),
]

ALSO_RIGHT["lora"] = """
import torch
from torch import nn

class LoRALinear(nn.Module):
    def __init__(self, base, r, alpha):
        super().__init__()
        self.base = base
        base.weight.requires_grad = False
        base.bias.requires_grad = False
        self.A = nn.Parameter(torch.empty(r, base.in_features))
        nn.init.kaiming_uniform_(self.A, a=5 ** 0.5)           # PEFT's initialisation
        self.B = nn.Parameter(torch.zeros(base.out_features, r))
        self.scale = alpha / r
        self.merged = False
        self.saved = None

    def forward(self, x):
        if self.merged:
            return self.base(x)
        return self.base(x) + (x @ (self.scale * self.B @ self.A).T)

    def merge(self):
        with torch.no_grad():
            self.saved = self.base.weight.clone()
            self.base.weight.add_(self.scale * self.B @ self.A)
        self.merged = True

    def unmerge(self):
        with torch.no_grad():
            self.base.weight.copy_(self.saved)               # restoring a copy is exact too
        self.merged = False
"""


_DEQUANTIZE_RIGHT = """
def dequantize_int8(q, scale):
    return q.astype(np.float32) * scale[:, None]
"""


def _quantize(body):
    return "import numpy as np\ndef quantize_int8(w):\n" + body + _DEQUANTIZE_RIGHT


WRONG["int8-quantize"] = [
    ("per-tensor scale", _quantize("""
    s = np.float32(np.abs(w).max() / 127)
    return np.clip(np.rint(w / s), -127, 127).astype(np.int8), np.full(w.shape[0], s, np.float32)
"""), "per output row"),
    ("per-column scale", _quantize("""
    s = (np.abs(w).max(axis=0) / 127).astype(np.float32)
    return np.clip(np.rint(w / s), -127, 127).astype(np.int8), s
"""), "per-channel means per output row"),
    ("scale 255", _quantize("""
    s = (np.abs(w).max(axis=1) / 255).astype(np.float32)
    return np.clip(np.rint(w / s[:, None]), -127, 127).astype(np.int8), s
"""), "not / 255"),
    ("truncation", _quantize("""
    s = (np.abs(w).max(axis=1) / 127).astype(np.float32)
    return (w / s[:, None]).astype(np.int8), s
"""), "truncates toward zero"),
    ("scale 128 without a clamp", _quantize("""
    s = (np.abs(w).max(axis=1) / 128).astype(np.float32)
    return np.rint(w / s[:, None]).astype(np.int8), s
"""), "clamp"),
    ("q kept as float", _quantize("""
    absmax = np.abs(w).max(axis=1)
    s = np.where(absmax > 0, absmax / 127, 1.0).astype(np.float32)
    return np.clip(np.rint(w / s[:, None]), -127, 127), s
"""), "expected integers"),
    ("q as int64", _quantize("""
    absmax = np.abs(w).max(axis=1)
    s = np.where(absmax > 0, absmax / 127, 1.0).astype(np.float32)
    return np.clip(np.rint(w / s[:, None]), -127, 127).astype(np.int64), s
"""), "store it as int8"),
    ("dequantize on columns", """
import numpy as np
def quantize_int8(w):
    absmax = np.abs(w).max(axis=1)
    s = np.where(absmax > 0, absmax / 127, 1.0).astype(np.float32)
    return np.clip(np.rint(w / s[:, None]), -127, 127).astype(np.int8), s
def dequantize_int8(q, scale):
    return q.astype(np.float32) * scale[None, :]
""", "scale[:, None]"),
]

"""Typical wrong solutions of cap-gen's chain exercises (lm-training, kv-cache), picked up by wrong_solutions.py.

Each is the reference solution with one typical mistake put in (a text replacement, so the rest stays right).
``WRONG`` holds a few per exercise (tests/exercises/test_checks.py runs them through the whole check);
``LM_TRAINING_WRONG`` holds one per named mistake, judged step by step in test_lm_training.py (fast: no training).
"""

from pathlib import Path

_EXERCISES = Path(__file__).resolve().parents[2] / "llmpath" / "exercises"


def _patched(package: str, old: str, new: str) -> str:
    source = (_EXERCISES / package / "solution.py").read_text(encoding="utf-8")
    assert old in source, f"{package}: {old!r} is not in the reference"
    return source.replace(old, new)


def _lm(old: str, new: str) -> str:
    return _patched("lm_training", old, new)


# (label, source, phrase in the explanation, the step's probe name)
LM_TRAINING_WRONG = [
    ("no shift", _lm("logits[:, :-1].reshape(-1, vocab), ids[:, 1:].reshape(-1)", "logits.reshape(-1, vocab), ids.reshape(-1)"),
     "not shifted", "loss"),
    ("shift reversed", _lm("logits[:, :-1].reshape(-1, vocab), ids[:, 1:].reshape(-1)", "logits[:, 1:].reshape(-1, vocab), ids[:, :-1].reshape(-1)"),
     "wrong way", "loss"),
    ("summed", _lm("ids[:, 1:].reshape(-1))", "ids[:, 1:].reshape(-1), reduction='sum')"), "mean over all", "loss"),
    ("per position", _lm("ids[:, 1:].reshape(-1))", "ids[:, 1:].reshape(-1), reduction='none')"), "one number", "loss"),
    ("detached", _lm("    return F.cross_entropy(", "    return torch.tensor(0.0) + F.cross_entropy(").replace(
        "ids[:, 1:].reshape(-1))", "ids[:, 1:].reshape(-1)).item()"), "no gradient", "loss"),
    ("Adam with L2", _lm("        p.mul_(1 - lr * weight_decay)", "        g = g + weight_decay * p"), "decouples", "adamw"),
    ("no bias correction", _lm("m_i / (1 - beta1 ** step)", "m_i").replace("v_i / (1 - beta2 ** step)", "v_i"),
     "bias correction", "adamw"),
    ("decay without lr", _lm("p.mul_(1 - lr * weight_decay)", "p.mul_(1 - weight_decay)"), "scaled by the learning rate", "adamw"),
    ("eps inside the root", _lm("(v_hat.sqrt() + eps)", "(v_hat + eps).sqrt()"), "outside the square root", "adamw"),
    ("clip per tensor", _lm("""    total = torch.sqrt(sum((g.double() ** 2).sum() for g in grads))
    scale = max_norm / (float(total) + 1e-6)
    if scale < 1.0:                                            # never scale up
        for g in grads:
            g.mul_(scale)""", """    total = torch.sqrt(sum((g.double() ** 2).sum() for g in grads))
    for g in grads:
        scale = max_norm / (float(g.norm()) + 1e-6)
        if scale < 1.0:
            g.mul_(scale)"""), "global norm", "clip"),
    ("always scale", _lm("    if scale < 1.0:                                            # never scale up\n", "    if True:\n"),
     "below the limit", "clip"),
    ("norm after clipping", _lm("    return float(total)", "    return float(torch.sqrt(sum((g ** 2).sum() for g in grads)))"),
     "before clipping", "clip"),
    ("no norm returned", _lm("    return float(total)", "    return None"), "total norm before clipping", "clip"),
    ("no warm-up", _lm("    if step < warmup_steps:\n        return max_lr * (step + 1) / warmup_steps\n", "    warmup_steps = 0\n"),
     "warm-up is missing", "schedule"),
    ("warm-up from zero", _lm("max_lr * (step + 1) / warmup_steps", "max_lr * step / warmup_steps"), "step + 1", "schedule"),
    ("cosine to zero", _lm("    return min_lr + 0.5", "    min_lr = 0.0\n    return min_lr + 0.5"), "end at min_lr", "schedule"),
    ("cosine over the whole run", _lm("progress = (step - warmup_steps) / (total_steps - warmup_steps)", "progress = step / total_steps"),
     "starts after the warm-up", "schedule"),
]

_LM_FULL = ("no shift", "Adam with L2")   # through the whole check, training included

WRONG = {
    "lm-training": [(label, source, phrase) for label, source, phrase, _ in LM_TRAINING_WRONG if label in _LM_FULL],
}


def _kv(old: str, new: str) -> str:
    return _patched("kv_cache", old, new)


_START = "start=len(prompt) + len(out) - 1)"
WRONG["kv-cache"] = [
    ("RoPE not offset by the cache length", _kv(_START, "start=0)"), "not offset by the cache length"),
    ("start off by one", _kv(_START, "start=len(prompt) + len(out))"), "off by one"),
    ("cache not concatenated", _kv("logits, caches = model.forward(torch.tensor([[out[-1]]]), caches,",
                                   "logits, _ = model.forward(torch.tensor([[out[-1]]]), caches,"), "not concatenated"),
    ("temperature after the filters", _kv("scaled = logits.detach().double().numpy() / temperature",
                                          "scaled = logits.detach().double().numpy()").replace(
        "    probs = np.exp(scaled - scaled.max())", "    scaled = scaled / temperature\n    probs = np.exp(scaled - scaled.max())"),
     "temperature comes first"),
    ("argmax when sampling", _kv("    if temperature == 0:", "    if True:"), "must sample"),
    ("prompt returned too", _kv("            return out", "            return prompt + out"), "only the new tokens"),
    ("cache never used", _kv("        if use_cache:", "        if False:"), "newest token"),
]

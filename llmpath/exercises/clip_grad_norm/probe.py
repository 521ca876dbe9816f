"""clip-grad-norm's probe: runs in the child next to the learner's clip_grad_norm.py and returns plain data.

It calls the learner's function and reports, beside its result, which of the caller's gradients were
changed by the call (``g *= scale`` on the inputs, or the list itself rewritten): the harness sees
changes to array arguments, not to arrays inside a list. It decides nothing: ``check.py`` judges.
"""

import numpy as np


def _changed(grads, before):
    if len(grads) != len(before):
        return list(range(max(len(grads), len(before))))
    return [i for i, (g, b) in enumerate(zip(grads, before))
            if not (isinstance(g, np.ndarray) and g.shape == b.shape and np.array_equal(g, b))]


def global_grad_norm(module, grads):
    before = [g.copy() for g in grads]
    result = module.global_grad_norm(grads)
    return {"result": result, "changed": _changed(grads, before)}


def clip_grad_norm(module, grads, max_norm):
    before = [g.copy() for g in grads]
    result = module.clip_grad_norm(grads, max_norm)
    return {"result": result, "changed": _changed(grads, before)}

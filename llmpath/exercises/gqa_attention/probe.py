"""gqa-attention's probe: runs in the child next to the learner's gqa_attention.py (and their rope.py).

It turns the check's numpy inputs into torch tensors, calls the learner's ``attention`` and returns
the result, ``(out, (k, v))`` (tensors travel back as arrays). It decides nothing: ``check.py``
compares in the parent.
"""

import numpy as np
import torch

torch.set_num_threads(1)


def _tensor_or_note(result):
    """The result as it is when it is made of tensors; otherwise a note of its type (the next steps need tensors)."""
    for part in result if isinstance(result, tuple) else (result,):
        if isinstance(part, tuple):
            inner = _tensor_or_note(part)
            if isinstance(inner, dict):
                return inner
        elif isinstance(part, (np.ndarray, np.generic, float, int, list)):
            return {"not_tensor": type(part).__name__}
    return result


def attention(module, x, wq, wk, wv, wo, n_heads, n_kv_heads, cos, sin, cache=None):
    t = torch.from_numpy
    past = None if cache is None else (t(cache[0]), t(cache[1]))
    return _tensor_or_note(module.attention(t(x), t(wq), t(wk), t(wv), t(wo), n_heads, n_kv_heads, t(cos), t(sin), past))

"""decoder-block's probe: runs in the child next to the learner's decoder_block.py (and their rmsnorm.py,
rope.py, gqa_attention.py and swiglu.py) and returns plain data.

It turns the check's numpy inputs into torch tensors (the layer's weights as a dict of tensors, the
config as an object with .heads, .kv_heads and .eps), calls the learner's ``decoder_block`` and returns
``(y, (k, v))`` (tensors travel back as arrays). It decides nothing: ``check.py`` compares in the parent.
"""

from types import SimpleNamespace

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


def decoder_block(module, x, layer, cfg, cos, sin, cache=None):
    t = torch.from_numpy
    weights = {name: t(value) for name, value in layer.items()}
    past = None if cache is None else (t(cache[0]), t(cache[1]))
    return _tensor_or_note(module.decoder_block(t(x), weights, SimpleNamespace(**cfg), t(cos), t(sin), past))

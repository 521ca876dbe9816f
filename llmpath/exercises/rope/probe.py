"""rope's probe: runs in the child next to the learner's rope.py and returns plain data.

It turns the check's numpy inputs into torch tensors, calls the learner's ``rope_tables`` or
``apply_rope`` and returns the result (tensors travel back as arrays). It decides nothing:
``check.py`` compares in the parent.
"""

import numpy as np
import torch

torch.set_num_threads(1)


def _tensor_or_note(result):
    """The result as it is when it is made of tensors; otherwise a note of its type (the next steps need tensors)."""
    for part in result if isinstance(result, tuple) else (result,):
        if isinstance(part, (np.ndarray, np.generic, float, int, list)):
            return {"not_tensor": type(part).__name__}
    return result


def rope_tables(module, positions, head_dim, theta=None):
    positions = torch.from_numpy(positions)
    if theta is None:
        return _tensor_or_note(module.rope_tables(positions, head_dim))
    return _tensor_or_note(module.rope_tables(positions, head_dim, theta=theta))


def apply_rope(module, x, cos, sin):
    return _tensor_or_note(module.apply_rope(torch.from_numpy(x), torch.from_numpy(cos), torch.from_numpy(sin)))

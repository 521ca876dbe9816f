"""swiglu's probe: runs in the child next to the learner's swiglu.py and returns plain data.

It turns the check's numpy inputs into torch tensors, calls the learner's ``swiglu`` and returns
the result (a tensor travels back as an array). It decides nothing: ``check.py`` compares in the parent.
"""

import numpy as np
import torch

torch.set_num_threads(1)


def _tensor_or_note(result):
    """The result as it is when it is a tensor; otherwise a note of its type (the next steps need tensors)."""
    if isinstance(result, (np.ndarray, np.generic, float, int, list)):
        return {"not_tensor": type(result).__name__}
    return result


def swiglu(module, x, w_gate, w_up, w_down):
    t = torch.from_numpy
    return _tensor_or_note(module.swiglu(t(x), t(w_gate), t(w_up), t(w_down)))

"""llama-decoder's probe: runs in the child next to the learner's llama_decoder.py (and their rmsnorm.py,
rope.py, gqa_attention.py, swiglu.py and decoder_block.py) and returns plain data.

It loads SmolLM2-135M's real weights from the prepared folder the check names (the only part of the
cache the child may read), builds the learner's ``Llama`` and runs it: the logits of each prompt, what
each block returned along the way (to find the first layer that diverges), one step after a KV cache,
a greedy continuation and the time of a forward pass. It decides nothing: ``check.py`` compares with
transformers in the parent.
"""

import os
import time
from types import SimpleNamespace

import numpy as np
import torch

torch.set_num_threads(1)
_models = {}


def _note(value):
    return {"not_tensor": type(value).__name__}


def _logits_of(result):
    """``forward`` returns (logits, caches): the logits tensor, or a note of what came instead."""
    if not isinstance(result, tuple) or len(result) != 2:
        return None, {"not_pair": type(result).__name__}
    logits, caches = result
    if not isinstance(logits, torch.Tensor):
        return None, _note(logits)
    return logits, caches


def build(module, folder, cfg):
    """Load the weights (float32) and build the learner's model once; say how long it took."""
    from safetensors.torch import load_file

    weights = {name: tensor.float() for name, tensor in load_file(os.path.join(folder, "model.safetensors")).items()}
    started = time.perf_counter()
    _models["llama"] = module.Llama(SimpleNamespace(**cfg), weights)
    return {"seconds": time.perf_counter() - started}


class _Recorder:
    """Wrap the learner module's ``decoder_block`` (and ``rms_norm``) for one forward: what each block got and returned."""

    def __init__(self, module):
        self.module = module
        self.blocks = []
        self.embedding = None
        self.saved = {}

    def __enter__(self):
        block = getattr(self.module, "decoder_block", None)
        if callable(block):
            self.saved["decoder_block"] = block

            def recorded(x, *args, **kwargs):
                if self.embedding is None and isinstance(x, torch.Tensor):
                    self.embedding = x.detach().float().clone()
                out = block(x, *args, **kwargs)
                y = out[0] if isinstance(out, tuple) and out else out
                if isinstance(y, torch.Tensor):
                    self.blocks.append(y.detach().float().clone())
                return out

            self.module.decoder_block = recorded
        return self

    def __exit__(self, *exc):
        for name, value in self.saved.items():
            setattr(self.module, name, value)
        return False


def forward(module, ids):
    """Logits (1, T, V) of one prompt, the embedding block 1 received and every block's output."""
    model = _models["llama"]
    with _Recorder(module) as seen, torch.no_grad():
        logits, rest = _logits_of(model.forward(torch.tensor([ids])))
    if logits is None:
        return rest
    return {"logits": logits.detach().float(), "embedding": seen.embedding, "blocks": seen.blocks}


def cached_step(module, ids):
    """All but the last token, then the last one alone after that cache (start = T - 1): its logits (V,)."""
    model = _models["llama"]
    with torch.no_grad():
        logits, caches = _logits_of(model.forward(torch.tensor([ids[:-1]])))
        if logits is None:
            return caches
        logits, rest = _logits_of(model.forward(torch.tensor([ids[-1:]]), caches, start=len(ids) - 1))
    if logits is None:
        return rest
    return {"logits": logits.detach().float()}


def greedy(module, ids, new_tokens):
    """The most likely next token, ``new_tokens`` times, feeding only the new token after the cache."""
    model = _models["llama"]
    out = list(ids)
    with torch.no_grad():
        logits, caches = _logits_of(model.forward(torch.tensor([out])))
        for _ in range(new_tokens):
            if logits is None:
                return caches
            out.append(int(logits[0, -1].argmax()))
            logits, caches = _logits_of(model.forward(torch.tensor([out[-1:]]), caches, start=len(out) - 1))
    return {"tokens": np.array(out[len(ids):], dtype=np.int64)}


def timing(module, ids, repeats):
    """The best of ``repeats`` forward passes over ``ids``, in seconds (one thread, as transformers is timed)."""
    model = _models["llama"]
    best = float("inf")
    with torch.no_grad():
        for _ in range(repeats):
            started = time.perf_counter()
            model.forward(torch.tensor([ids]))
            best = min(best, time.perf_counter() - started)
    return {"seconds": best}

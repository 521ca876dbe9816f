"""What llama-decoder's check compares with, computed in a separate trusted process (never beside the learner's code).

    python -m llmpath.exercises.llama_decoder.truth request.json out.npz

transformers' ``LlamaForCausalLM`` (eager attention, float32, one thread) gives the truth: the logits of
every prompt, the greedy tokens and the time of one forward pass. The plain-torch reference
(``llmpath.capstone.llama``, equal to transformers) on the same tensors gives each prompt's embedding and
block outputs (to locate the first block a learner's model leaves) and the logits of the typical mistakes
(to name the one made). ``check.py`` keeps the file in the cache and reads it with numpy only.
Importing this module imports nothing heavy: torch comes in when it runs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

FORWARD_MISTAKES = ("no_final_norm", "embedding_scaled", "rope_theta_10000")   # per prompt: logits (T, V)
CACHE_MISTAKES = ("rope_start_ignored", "cache_not_passed")                     # the cached step: logits (1, V)


def _reference(model: Any) -> Any:
    """The plain-torch reference on transformers' own tensors (no second copy of the weights)."""
    from llmpath.capstone.llama import Llama, LlamaConfig

    weights = {name: tensor.detach() for name, tensor in model.state_dict().items()}
    return Llama(LlamaConfig.from_hf(model.config), weights)


def run_reference(reference: Any, ids: list[int], *, theta: float | None = None, embed_scale: float = 1.0,
                  final_norm: bool = True, past: list[int] | None = None, past_positions: bool = True,
                  use_cache: bool = True) -> tuple[Any, Any, list[Any]]:
    """The reference forward with one thing changed: (logits (T, V), embedding (1, T, D), each block's output).

    ``past``: tokens fed first to fill the cache; the ids then come after them at positions len(past)…
    (``past_positions=False``: at 0…, positions not offset by ``start``; ``use_cache=False``: the cache
    not handed to the blocks)."""
    import torch

    from llmpath.capstone.llama import attention, rms_norm, rope_tables, swiglu

    cfg = reference.cfg
    theta = cfg.rope_theta if theta is None else theta

    def run(tokens, start, caches):
        x = reference.embed[torch.tensor([tokens])] * embed_scale
        embedding, blocks, new = x.clone(), [], []
        cos, sin = rope_tables(torch.arange(start, start + len(tokens)), cfg.head_dim, theta)
        for i, layer in enumerate(reference.layers):
            out, cache = attention(rms_norm(x, layer["norm1"], cfg.eps), layer, cfg, cos, sin, caches[i] if caches else None)
            x = x + out
            x = x + swiglu(rms_norm(x, layer["norm2"], cfg.eps), layer)
            blocks.append(x.clone())
            new.append(cache)
        h = rms_norm(x, reference.norm, cfg.eps) if final_norm else x
        return (h @ reference.head.T)[0], embedding, blocks, new

    with torch.no_grad():
        caches, start = None, 0
        if past:
            caches = run(past, 0, None)[3]
            start = len(past) if past_positions else 0
        logits, embedding, blocks, _ = run(ids, start, caches if use_cache else None)
    return logits.numpy(), embedding.numpy(), [b.numpy() for b in blocks]


def compute(request: dict[str, Any]) -> dict[str, Any]:
    import numpy as np
    import torch

    from llmpath import models

    torch.set_num_threads(1)   # a busy 2-core machine: a 32-token generate took 42 s on two threads, 2 s on one
    models._quiet_transformers()
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(request["folder"], dtype=torch.float32, attn_implementation="eager").eval()
    out: dict[str, Any] = {}
    with torch.no_grad():
        for i, ids in enumerate(request["prompts"]):
            out[f"logits_{i}"] = model(torch.tensor([ids])).logits[0].numpy()
        prompt = torch.tensor([request["greedy"]])
        generated = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=request["new_tokens"],
                                   do_sample=False, pad_token_id=model.config.eos_token_id)[0, prompt.shape[1]:]
        out["greedy"] = generated.numpy().astype(np.int64)
        timed = torch.tensor([request["prompts"][request["timing_prompt"]]])
        best = float("inf")
        for _ in range(request["repeats"]):
            started = time.perf_counter()
            model(timed)
            best = min(best, time.perf_counter() - started)
        out["transformers_seconds"] = np.array(best)
    reference = _reference(model)
    dim = model.config.hidden_size
    for i, ids in enumerate(request["prompts"]):
        _, embedding, blocks = run_reference(reference, ids)
        out[f"embedding_{i}"], out[f"blocks_{i}"] = embedding, np.stack(blocks)
        out[f"no_final_norm_{i}"] = run_reference(reference, ids, final_norm=False)[0]
        out[f"embedding_scaled_{i}"] = run_reference(reference, ids, embed_scale=dim ** 0.5)[0]
        out[f"rope_theta_10000_{i}"] = run_reference(reference, ids, theta=10000.0)[0]
    cached = request["prompts"][request["cached_prompt"]]
    out["rope_start_ignored_cached"] = run_reference(reference, cached[-1:], past=cached[:-1], past_positions=False)[0]
    out["cache_not_passed_cached"] = run_reference(reference, cached[-1:], past=cached[:-1], use_cache=False)[0]
    return out


def main(argv: list[str]) -> int:
    import numpy as np

    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    target = Path(argv[1])
    tmp = target.with_name(target.name + ".partial.npz")
    np.savez(tmp, **compute(request))
    tmp.replace(target)      # a reader sees the whole file or none
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""kv-cache's probe: runs in the child next to the learner's kv_cache.py, their model files (llama_decoder.py
and the steps it imports) and their top_k_top_p.py, and returns plain data.

It builds the learner's ``Llama`` on small random weights in SmolLM2's layout (no download, seconds on a
CPU), runs the learner's ``sample_next`` / ``generate``, and, for comparison, a plain generation loop of
its own without any cache (and the typical wrong loops, so the parent can name a mistake). The parent
(``check.py``) compares the token lists and checks every sampled token against its own top-k / top-p.
"""

import time
from types import SimpleNamespace

import numpy as np
import torch

torch.set_num_threads(1)
_models = {}


def _weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    D, V, H, KV, I = cfg["dim"], cfg["vocab"], cfg["heads"], cfg["kv_heads"], cfg["intermediate"]
    dh = D // H

    def w(*shape, scale):
        return torch.randn(*shape, generator=g) * scale

    # A small embedding and strong attention / MLP outputs: with a tied head, big embeddings would make every
    # token predict itself (the same token forever, whatever the positions).
    out = {"model.embed_tokens.weight": w(V, D, scale=0.05), "model.norm.weight": 1 + w(D, scale=0.1)}
    for i in range(cfg["layers"]):
        p = f"model.layers.{i}."
        out[p + "self_attn.q_proj.weight"] = w(H * dh, D, scale=2.0 * D ** -0.5)   # peaked attention: positions matter
        out[p + "self_attn.k_proj.weight"] = w(KV * dh, D, scale=2.0 * D ** -0.5)
        out[p + "self_attn.v_proj.weight"] = w(KV * dh, D, scale=D ** -0.5)
        out[p + "self_attn.o_proj.weight"] = w(D, H * dh, scale=2.0 * (H * dh) ** -0.5)
        out[p + "mlp.gate_proj.weight"] = w(I, D, scale=D ** -0.5)
        out[p + "mlp.up_proj.weight"] = w(I, D, scale=D ** -0.5)
        out[p + "mlp.down_proj.weight"] = w(D, I, scale=2.0 * I ** -0.5)
        out[p + "input_layernorm.weight"] = 1 + w(D, scale=0.1)
        out[p + "post_attention_layernorm.weight"] = 1 + w(D, scale=0.1)
    return out


def build(module, cfg, seed, slot):
    import llama_decoder   # the learner's decoder (or the reference standing in), copied beside this file

    shape = SimpleNamespace(layers=cfg["layers"], heads=cfg["heads"], kv_heads=cfg["kv_heads"],
                            rope_theta=cfg["rope_theta"], eps=cfg["eps"])
    _models[slot] = llama_decoder.Llama(shape, _weights(cfg, seed))
    return {"built": True}


# ---------------------------------------------------------------------- the probe's own sampling and loops

def _filtered(logits, temperature, top_k, top_p, *, temperature_last=False):
    x = logits.detach().double().numpy().copy()
    if not temperature_last:
        x = x / temperature
    if top_k is not None and top_k < x.shape[-1]:
        kth = np.sort(x)[-top_k]
        x = np.where(x < kth, -np.inf, x)
    if top_p is not None:
        probs = np.exp(x - x.max())
        probs /= probs.sum()
        order = np.argsort(-x, kind="stable")
        sorted_probs = probs[order]
        keep_sorted = (np.cumsum(sorted_probs) - sorted_probs) < top_p
        keep = np.empty_like(keep_sorted)
        keep[order] = keep_sorted
        x = np.where(keep, x, -np.inf)
    if temperature_last:
        x = x / temperature
    return x


def _sample(logits, temperature, top_k, top_p, generator, *, temperature_last=False, greedy=False):
    if temperature == 0 or greedy:
        return int(torch.argmax(logits))
    x = _filtered(logits, temperature, top_k, top_p, temperature_last=temperature_last)
    probs = np.exp(x - x.max())
    return int(torch.multinomial(torch.from_numpy(probs / probs.sum()), 1, generator=generator))


def _loop(model, prompt, n, how, temperature, top_k, top_p, seed):
    """A generation loop: "plain" recomputes everything (no cache); the others are typical wrong cached loops."""
    generator = torch.Generator().manual_seed(seed)
    sampling = {"temperature_last": how == "temperature_last", "greedy": how == "greedy_when_sampling"}
    with torch.no_grad():
        logits, caches = model.forward(torch.tensor([prompt]))
        first_caches, out = caches, []
        while True:
            out.append(_sample(logits[0, -1], temperature, top_k, top_p, generator, **sampling))
            if len(out) == n:
                return out
            newest = torch.tensor([[out[-1]]])
            if how in ("plain", "temperature_last", "greedy_when_sampling"):
                logits, _ = model.forward(torch.tensor([prompt + out]))
            elif how == "start_not_offset":
                logits, caches = model.forward(newest, caches, start=0)
            elif how == "start_off_by_one":
                logits, caches = model.forward(newest, caches, start=len(prompt) + len(out))
            elif how == "stale_cache":
                logits, _ = model.forward(newest, first_caches, start=len(prompt) + len(out) - 1)


WRONG_LOOPS = ("start_not_offset", "start_off_by_one", "stale_cache", "temperature_last", "greedy_when_sampling")


def _tokens(value):
    if isinstance(value, torch.Tensor):
        value = value.reshape(-1).tolist()
    if isinstance(value, (list, tuple)) and all(isinstance(t, (int, np.integer)) or (isinstance(t, torch.Tensor) and t.numel() == 1)
                                               for t in value):
        return [int(t) for t in value]
    return None


def sample(module, logits, temperature, top_k, top_p, seed, draws):
    """``draws`` calls of the learner's sample_next with one seeded generator, and the same with the probe's sampler."""
    row = torch.from_numpy(logits)
    generator = torch.Generator().manual_seed(seed)
    got = [module.sample_next(row.clone(), temperature, top_k, top_p, generator) for _ in range(draws)]
    variants = {}
    for how in ("plain", "temperature_last", "greedy_when_sampling"):
        g = torch.Generator().manual_seed(seed)
        variants[how] = [_sample(row, temperature, top_k, top_p, g, temperature_last=how == "temperature_last",
                                 greedy=how == "greedy_when_sampling") for _ in range(draws)]
    return {"got": _tokens(got), "types": sorted({type(t).__name__ for t in got}), "variants": variants}


def generate(module, prompt, new_tokens, use_cache, temperature, top_k, top_p, seed, slot):
    model = _models[slot]
    generator = torch.Generator().manual_seed(seed)
    got = module.generate(model, list(prompt), new_tokens, use_cache, temperature, top_k, top_p, generator)
    variants = {how: _loop(model, list(prompt), new_tokens, how, temperature, top_k, top_p, seed)
                for how in ("plain",) + WRONG_LOOPS}
    return {"got": _tokens(got), "variants": variants}


def speed(module, prompt, new_tokens, slot, runs):
    """The learner's greedy generation with and without the cache: tokens, the best of ``runs`` times, and
    how many token positions went through the model (counted, so the verdict never rests on a clock)."""
    model = _models[slot]
    forward = model.forward
    fed = []

    def counting(ids, *args, **kwargs):   # ids: (1, T) — T positions run through the model in this call
        fed.append(int(ids.shape[-1]))
        return forward(ids, *args, **kwargs)

    model.forward = counting
    times, tokens, positions = {}, {}, {}
    try:
        for use_cache in (True, False):
            best = None
            for _ in range(runs):
                fed.clear()
                began = time.perf_counter()
                out = module.generate(model, list(prompt), new_tokens, use_cache, 0.0, None, None, None)
                took = time.perf_counter() - began
                best = took if best is None else min(best, took)
            times[str(use_cache)], tokens[str(use_cache)], positions[str(use_cache)] = best, _tokens(out), sum(fed)
    finally:
        del model.forward
    return {"cached": tokens["True"], "plain": tokens["False"], "cached_s": times["True"], "plain_s": times["False"],
            "cached_positions": positions["True"], "plain_positions": positions["False"]}

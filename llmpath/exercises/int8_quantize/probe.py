"""The child's side of the int8-quantize check: call the learner's functions, then quantize SmolLM2-135M's
linear weights with them and measure perplexity on a held-out text beside float32's.

``smollm2`` first runs the learner's quantize_int8 on the earlier cases' inputs and compares with the
answers the parent computed: if any differs, the model is not loaded (an earlier case already fails, and
loading costs seconds). The model is a plain-torch Llama forward (RMSNorm, rotate-half RoPE, grouped
KV heads, SwiGLU, tied head) over the prepared safetensors folder; the parent turns the per-token
losses it returns into perplexities and judges them.
"""

import json
import math
import os
import time

import numpy as np


def run(module, function, **arguments):
    return getattr(module, function)(*arguments.values())


def _same_as_parent(module, gate):
    for w, q_want, scale_want in gate:
        result = module.quantize_int8(w.copy())
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return False
        q, scale = (np.asarray(part) for part in result)
        if q.shape != q_want.shape or not np.array_equal(q, q_want) or not np.allclose(scale, scale_want, rtol=1e-6, atol=0):
            return False
    return True


def _load(folder):
    import torch
    from safetensors.torch import load_file

    with open(os.path.join(folder, "config.json"), encoding="utf-8") as handle:
        cfg = json.load(handle)
    weights = {name: t.float() for name, t in load_file(os.path.join(folder, "model.safetensors")).items()}
    return torch, cfg, weights


def _token_losses(torch, cfg, W, ids):
    """-log p(token t+1 | tokens ..t) for each position of one sequence."""
    F = torch.nn.functional
    D, H, KV = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    Dh, eps, T = D // H, cfg["rms_norm_eps"], len(ids)
    theta = (cfg.get("rope_parameters") or {}).get("rope_theta", cfg.get("rope_theta", 10000.0))

    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w

    angles = torch.arange(T).float()[:, None] / theta ** (torch.arange(0, Dh, 2).float() / Dh)[None]
    cos, sin = torch.cat([angles.cos()] * 2, -1), torch.cat([angles.sin()] * 2, -1)

    def rope(t):
        return t * cos + torch.cat([-t[..., Dh // 2:], t[..., :Dh // 2]], -1) * sin

    tokens = torch.tensor(ids)
    x = W["model.embed_tokens.weight"][tokens][None]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        h = rms(x, W[p + "input_layernorm.weight"])
        q = (h @ W[p + "self_attn.q_proj.weight"].T).view(1, T, H, Dh).transpose(1, 2)
        k = (h @ W[p + "self_attn.k_proj.weight"].T).view(1, T, KV, Dh).transpose(1, 2)
        v = (h @ W[p + "self_attn.v_proj.weight"].T).view(1, T, KV, Dh).transpose(1, 2)
        k, v = k.repeat_interleave(H // KV, 1), v.repeat_interleave(H // KV, 1)
        a = F.scaled_dot_product_attention(rope(q), rope(k), v, is_causal=True)
        x = x + a.transpose(1, 2).reshape(1, T, D) @ W[p + "self_attn.o_proj.weight"].T
        h = rms(x, W[p + "post_attention_layernorm.weight"])
        x = x + (F.silu(h @ W[p + "mlp.gate_proj.weight"].T) * (h @ W[p + "mlp.up_proj.weight"].T)) @ W[p + "mlp.down_proj.weight"].T
    logits = rms(x, W["model.norm.weight"]) @ W.get("lm_head.weight", W["model.embed_tokens.weight"]).T
    return F.cross_entropy(logits[0, :-1], tokens[1:], reduction="none").double().numpy()


def smollm2(module, folder, text, gate, sample):
    if not _same_as_parent(module, gate):
        return {"skipped": True}
    started = time.monotonic()
    torch, cfg, W = _load(folder)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    from tokenizers import Tokenizer

    ids = Tokenizer.from_file(os.path.join(folder, "tokenizer.json")).encode(text).ids
    with torch.no_grad():
        nll_float = _token_losses(torch, cfg, W, ids)
        total_params = sum(t.numel() for t in W.values())
        linear = [name for name, t in W.items() if t.ndim == 2 and name.startswith("model.layers.")]
        float_bytes = int_bytes = n_linear = 0
        sampled = None
        for name in linear:                         # replace each weight by its int8 round trip, one at a time
            w = W[name].numpy()
            q, scale = module.quantize_int8(w.copy())
            q, scale = np.asarray(q), np.asarray(scale)
            float_bytes += w.nbytes
            int_bytes += q.nbytes + scale.nbytes     # what storing the learner's arrays takes
            n_linear += w.size
            if name == sample:
                sampled = [w.copy(), q.copy(), scale.copy()]
            W[name] = torch.from_numpy(np.ascontiguousarray(module.dequantize_int8(q, scale), dtype=np.float32))
        nll_int8 = _token_losses(torch, cfg, W, ids)
    other_bytes = 4 * (total_params - n_linear)
    ppl_float, ppl_int8 = math.exp(nll_float.mean()), math.exp(nll_int8.mean())
    mb = 1e6
    print(f"SmolLM2-135M, {len(ids)} held-out tokens · {len(ids)} 个留出词元 ({time.monotonic() - started:.0f} s)")
    print(f"  perplexity · 困惑度: float32 {ppl_float:.3f}, int8 (your quantize_int8) {ppl_int8:.3f} "
          f"({100 * (ppl_int8 / ppl_float - 1):+.2f} %)")
    print(f"  {len(linear)} linear weights · 线性层权重: {float_bytes / mb:.1f} MB -> {int_bytes / mb:.1f} MB "
          f"({100 * (int_bytes / float_bytes - 1):+.1f} %)")
    print(f"  whole model · 整个模型: {(float_bytes + other_bytes) / mb:.1f} MB -> {(int_bytes + other_bytes) / mb:.1f} MB "
          f"(embedding and norms kept float32 · 词嵌入和归一化保持 float32)")
    return {"skipped": False, "nll_float": nll_float, "nll_int8": nll_int8, "tokens": len(ids), "matrices": len(linear),
            "float_bytes": int(float_bytes), "int_bytes": int(int_bytes), "other_bytes": int(other_bytes),
            "linear_params": int(n_linear), "sample": sampled}

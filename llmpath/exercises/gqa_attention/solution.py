"""Grouped-query causal self-attention with rotary positions and a KV cache — reference solution.

H query heads share Hkv key/value heads (H / Hkv queries per KV head): SmolLM2-135M has 9
query heads and 3 KV heads, so its KV cache is 3× smaller than full multi-head attention's.
"""

import torch

from rope import apply_rope


def attention(x, wq, wk, wv, wo, n_heads, n_kv_heads, cos, sin, cache=None):
    """x (B, T, D) → (out (B, T, D), (k, v) each (B, Hkv, T_past + T, Dh)).

    wq (H·Dh, D), wk and wv (Hkv·Dh, D), wo (D, H·Dh), nn.Linear layout. cos, sin (T, Dh) are the
    rotary tables of these T tokens' positions. ``cache`` holds the keys and values of earlier tokens.
    """
    B, T, _ = x.shape
    H, Hkv = n_heads, n_kv_heads
    Dh = wq.shape[0] // H
    q = (x @ wq.T).view(B, T, H, Dh).transpose(1, 2)       # (B, H, T, Dh)
    k = (x @ wk.T).view(B, T, Hkv, Dh).transpose(1, 2)     # (B, Hkv, T, Dh)
    v = (x @ wv.T).view(B, T, Hkv, Dh).transpose(1, 2)
    q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    if cache is not None:                                   # earlier tokens' keys and values come first
        k, v = torch.cat([cache[0], k], dim=2), torch.cat([cache[1], v], dim=2)
    new_cache = (k, v)
    # Query head h uses KV head h // (H / Hkv): repeat_interleave, not repeat.
    k, v = k.repeat_interleave(H // Hkv, dim=1), v.repeat_interleave(H // Hkv, dim=1)
    scores = q @ k.transpose(-2, -1) / Dh ** 0.5            # (B, H, T, T_total)
    past = k.shape[2] - T
    mask = torch.ones(T, k.shape[2], dtype=torch.bool).tril(diagonal=past)  # token t sees positions ≤ past + t
    scores = scores.masked_fill(~mask, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v                 # (B, H, T, Dh)
    return out.transpose(1, 2).reshape(B, T, H * Dh) @ wo.T, new_cache

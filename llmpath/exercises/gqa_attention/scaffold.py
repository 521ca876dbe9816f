import torch

from rope import apply_rope   # your rope.py (step 5)


def attention(x, wq, wk, wv, wo, n_heads, n_kv_heads, cos, sin, cache=None):
    """Grouped-query causal self-attention: x (B, T, D) -> (out (B, T, D), (k, v) each (B, Hkv, T_past + T, Dh))."""
    B, T, _ = x.shape
    Dh = wq.shape[0] // n_heads
    # TODO: your code here (about 12 lines)
    # 1. project: q = x @ wq.T -> (B, T, H, Dh) -> transpose to (B, H, T, Dh); k and v with n_kv_heads
    # 2. rotate q and k with apply_rope(…, cos, sin)
    # 3. put the cached keys/values (if any) in front along the time axis; that (k, v) is the new cache
    # 4. share each KV head with H / Hkv query heads, scores = q @ k^T / sqrt(Dh), causal mask, softmax, @ v
    # 5. back to (B, T, H * Dh) and project with wo
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gqa_attention.py
    from rope import rope_tables

    torch.manual_seed(0)
    B, T, D, H, Hkv = 2, 5, 24, 6, 2
    Dh = D // H
    x = torch.randn(B, T, D)
    wq, wk, wv, wo = (0.3 * torch.randn(rows, cols) for rows, cols in ((H * Dh, D), (Hkv * Dh, D), (Hkv * Dh, D), (D, H * Dh)))
    cos, sin = rope_tables(torch.arange(T), Dh)
    out, (k, v) = attention(x, wq, wk, wv, wo, H, Hkv, cos, sin)
    print(out.shape, k.shape, v.shape)    # torch.Size([2, 5, 24]) torch.Size([2, 2, 5, 4]) torch.Size([2, 2, 5, 4])
    # The same last token with the first four in the cache: the same output row.
    cos4, sin4 = rope_tables(torch.arange(4), Dh)
    _, cache = attention(x[:, :4], wq, wk, wv, wo, H, Hkv, cos4, sin4)
    last, _ = attention(x[:, 4:], wq, wk, wv, wo, H, Hkv, cos[4:], sin[4:], cache)
    print((last[:, 0] - out[:, 4]).abs().max())   # tiny: float32 rounding (below 1e-5)

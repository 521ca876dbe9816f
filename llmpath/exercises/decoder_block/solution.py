"""One Llama decoder block — reference solution: pre-norm, attention, residual, pre-norm, MLP, residual.

    h = x + attention(rms_norm(x))
    y = h + swiglu(rms_norm(h))

``layer`` holds the block's weights by these names: wq, wk, wv, wo, w_gate, w_up, w_down,
norm1, norm2 (the two RMSNorm gains). ``cfg`` has ``heads``, ``kv_heads`` and ``eps``.
"""

from gqa_attention import attention
from rmsnorm import rms_norm
from swiglu import swiglu


def decoder_block(x, layer, cfg, cos, sin, cache=None):
    """x (B, T, D) → (y (B, T, D), the new (k, v) cache of this block)."""
    attended, new_cache = attention(rms_norm(x, layer["norm1"], cfg.eps), layer["wq"], layer["wk"], layer["wv"],
                                    layer["wo"], cfg.heads, cfg.kv_heads, cos, sin, cache)
    h = x + attended                                                   # residual around attention
    y = h + swiglu(rms_norm(h, layer["norm2"], cfg.eps), layer["w_gate"], layer["w_up"], layer["w_down"])
    return y, new_cache

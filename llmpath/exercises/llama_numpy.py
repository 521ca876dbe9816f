"""The Llama pieces in float64 numpy, each with switches that turn it into a typical wrong version.

Used by the checks of rmsnorm, rope, gqa-attention, swiglu and decoder-block, which run in the
parent process: that process never imports torch, so the expected values are recomputed here,
independently of the torch reference solutions (``llmpath validate`` runs those references
through the same checks, so a slip on either side shows). A switch left at its default gives the
right answer; a check names a typical mistake by the switches that reproduce it.
"""

from __future__ import annotations

import math

import numpy as np

EPS = 1e-5              # SmolLM2's RMSNorm eps (stored as 9.9999997e-06)
THETA = 100000.0        # SmolLM2's rope_theta (Llama 2 uses 10000)


# ---------------------------------------------------------------------- RMSNorm

def rms_norm(x, weight, eps=None, *, subtract_mean=False, eps_outside=False, whole_tensor=False,
             default_eps=EPS, use_weight=True, sqrt=True):
    """x / sqrt(mean(x², last axis) + eps) * weight; ``eps=None`` is the default eps."""
    x = np.asarray(x, dtype=np.float64)
    eps = default_eps if eps is None else float(eps)
    axis = None if whole_tensor else -1
    if subtract_mean:                                       # LayerNorm's centring
        x = x - x.mean(axis=axis, keepdims=True)
    mean_square = np.mean(x * x, axis=axis, keepdims=True)
    if not sqrt:
        denominator = mean_square + eps
    elif eps_outside:
        denominator = np.sqrt(mean_square) + eps
    else:
        denominator = np.sqrt(mean_square + eps)
    out = x / denominator
    return out * np.asarray(weight, dtype=np.float64) if use_weight else out


# ---------------------------------------------------------------------- RoPE

def rope_tables(positions, head_dim, theta=None, *, default_theta=THETA, interleaved=False, ignore_positions=False,
                swapped=False, exponent_over_half=False):
    """(cos, sin), each (T, Dh), in the rotate-half layout: angle (t, i) = t · θ^(−2i/Dh), both halves alike."""
    positions = np.asarray(positions)
    theta = default_theta if theta is None else float(theta)
    pos = np.arange(len(positions), dtype=np.float64) if ignore_positions else positions.astype(np.float64)
    steps = np.arange(0, head_dim, 2, dtype=np.float64)
    if exponent_over_half:                                  # θ^(−2i/(Dh/2)): frequencies fall twice as fast
        steps = steps * 2
    inv_freq = 1.0 / theta ** (steps / head_dim)
    angles = pos[:, None] * inv_freq[None, :]
    angles = np.repeat(angles, 2, axis=-1) if interleaved else np.concatenate([angles, angles], axis=-1)
    cos, sin = np.cos(angles), np.sin(angles)
    return (sin, cos) if swapped else (cos, sin)


def rotate_half(x, *, sign=1.0):
    half = x.shape[-1] // 2
    return np.concatenate([-sign * x[..., half:], sign * x[..., :half]], axis=-1)


def rotate_pairs(x):
    """GPT-J / llama.cpp's interleaved layout: pairs (x0, x1), (x2, x3) … instead of (x_i, x_{i+Dh/2})."""
    out = np.empty_like(x)
    out[..., 0::2] = -x[..., 1::2]
    out[..., 1::2] = x[..., 0::2]
    return out


def apply_rope(x, cos, sin, *, interleaved=False, sign=1.0, swapped=False):
    """x (..., T, Dh) · cos + rotate_half(x) · sin."""
    x = np.asarray(x, dtype=np.float64)
    cos, sin = np.asarray(cos, dtype=np.float64), np.asarray(sin, dtype=np.float64)
    if swapped:
        cos, sin = sin, cos
    rotated = rotate_pairs(x) if interleaved else rotate_half(x, sign=sign)
    return x * cos + rotated * sin


# ---------------------------------------------------------------------- attention

def _softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def attention(x, wq, wk, wv, wo, n_heads, n_kv_heads, cos, sin, cache=None, *, tile=False, scale="head",
              causal=True, mask_offset=True, rope_v=False, rope=True):
    """Grouped-query causal attention: (out (B, T, D), (k, v) each (B, Hkv, T_past + T, Dh))."""
    x = np.asarray(x, dtype=np.float64)
    B, T, D = x.shape
    H, Hkv = int(n_heads), int(n_kv_heads)
    Dh = wq.shape[0] // H

    def heads(w, n):
        return (x @ np.asarray(w, dtype=np.float64).T).reshape(B, T, n, Dh).transpose(0, 2, 1, 3)

    q, k, v = heads(wq, H), heads(wk, Hkv), heads(wv, Hkv)
    if rope:
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    if rope_v:
        v = apply_rope(v, cos, sin)
    if cache is not None:
        k = np.concatenate([np.asarray(cache[0], dtype=np.float64), k], axis=2)
        v = np.concatenate([np.asarray(cache[1], dtype=np.float64), v], axis=2)
    new_cache = (k, v)
    group = H // Hkv
    if tile:                                   # torch's .repeat: heads 0,1,2,0,1,2 … instead of 0,0,1,1,2,2
        k, v = np.tile(k, (1, group, 1, 1)), np.tile(v, (1, group, 1, 1))
    else:
        k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
    scores = q @ k.transpose(0, 1, 3, 2)
    if scale == "head":
        scores = scores / math.sqrt(Dh)
    elif scale == "model":
        scores = scores / math.sqrt(D)
    total = k.shape[2]
    past = total - T
    if causal:
        mask = np.tril(np.ones((T, total), dtype=bool), k=past if mask_offset else 0)
        scores = np.where(mask, scores, -np.inf)
    out = _softmax(scores) @ v                                   # (B, H, T, Dh)
    out = out.transpose(0, 2, 1, 3).reshape(B, T, H * Dh) @ np.asarray(wo, dtype=np.float64).T
    return out, new_cache


# ---------------------------------------------------------------------- SwiGLU

def _silu(z):
    return z / (1.0 + np.exp(-z))


def _gelu(z):
    return 0.5 * z * (1.0 + np.vectorize(math.erf)(z / math.sqrt(2.0)))


ACTIVATIONS = {
    "silu": _silu,
    "relu": lambda z: np.maximum(z, 0.0),
    "gelu": _gelu,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
}


def swiglu(x, w_gate, w_up, w_down, *, activation="silu", swapped=False, transpose=True, use_up=True,
           act_after_product=False):
    """down(silu(gate(x)) ⊙ up(x)), weights in nn.Linear layout (out, in)."""
    x = np.asarray(x, dtype=np.float64)
    wg, wu, wd = (np.asarray(w, dtype=np.float64) for w in (w_gate, w_up, w_down))
    if transpose:
        wg, wu, wd = wg.T, wu.T, wd.T
    if swapped:
        wg, wu = wu, wg
    act = ACTIVATIONS[activation]
    gate, up = x @ wg, x @ wu
    if act_after_product:
        hidden = act(gate * up)
    else:
        hidden = act(gate) * up if use_up else act(gate)
    return hidden @ wd


# ---------------------------------------------------------------------- the decoder block

def decoder_block(x, layer, cfg, cos, sin, cache=None, *, order="pre", attention_residual=True, mlp_residual=True,
                  norms="12", ignore_eps=False):
    """Pre-norm block: h = x + attn(norm1(x)); y = h + mlp(norm2(h)). ``cfg`` is a dict (heads, kv_heads, eps)."""
    x = np.asarray(x, dtype=np.float64)
    eps = EPS if ignore_eps else cfg["eps"]
    first, second = (layer["norm" + norms[0]], layer["norm" + norms[1]])

    def attend(z):
        return attention(z, layer["wq"], layer["wk"], layer["wv"], layer["wo"], cfg["heads"], cfg["kv_heads"],
                         cos, sin, cache)

    def mlp(z):
        return swiglu(z, layer["w_gate"], layer["w_up"], layer["w_down"])

    if order == "post":                        # the original Transformer: norm after each residual sum
        attended, new_cache = attend(x)
        h = rms_norm(x + attended, first, eps)
        return rms_norm(h + mlp(h), second, eps), new_cache
    if order == "parallel":                    # GPT-J: both branches read x
        attended, new_cache = attend(rms_norm(x, first, eps))
        return x + attended + mlp(rms_norm(x, second, eps)), new_cache
    normed = rms_norm(x, first, eps)
    attended, new_cache = attend(normed)
    if order == "normed_residual":             # the residual carries the normalised x instead of x
        h = normed + attended
    else:
        h = x + attended if attention_residual else attended
    out = mlp(rms_norm(h, second, eps))
    return (h + out if mlp_residual else out), new_cache

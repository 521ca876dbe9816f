"""int8 absmax per-channel weight quantization — reference solution.

Each output row of a weight (out, in) gets its own scale, absmax(row) / 127, so one row with large
values (an outlier channel) does not flatten the resolution of all the others. Dividing by the scale
maps the row onto [-127, 127]; rounding to the nearest integer (not truncating) halves the worst error,
and the clamp keeps every value inside int8 whatever rounding did at the edge.
"""

import numpy as np


def quantize_int8(w):
    """w (out, in) float -> (q (out, in) int8, scale (out,) float32) with w ≈ q * scale[:, None]."""
    w = np.asarray(w, dtype=np.float32)
    absmax = np.abs(w).max(axis=1)                                    # one number per output row
    scale = np.where(absmax > 0, absmax / 127.0, 1.0).astype(np.float32)   # an all-zero row: scale 1, q 0
    q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def dequantize_int8(q, scale):
    """q (out, in) int8, scale (out,) -> float32 (out, in)."""
    return q.astype(np.float32) * np.asarray(scale, dtype=np.float32)[:, None]


if __name__ == "__main__":
    w = np.array([[0.4, -1.0, 0.25], [2.0, 0.1, -0.3]])
    q, scale = quantize_int8(w)
    print(q)                          # [[  51 -127   32] [ 127    6  -19]]
    print(scale)                      # [0.00787402 0.01574803]
    print(dequantize_int8(q, scale))  # close to w: at most scale / 2 off

import numpy as np


def quantize_int8(w):
    """w (out, in) float -> (q (out, in) int8, scale (out,) float32) with w ≈ q * scale[:, None]."""
    # TODO: one scale per output row, then round and clamp into int8 (about 4 lines)
    raise NotImplementedError


def dequantize_int8(q, scale):
    """q (out, in) int8, scale (out,) -> float32 (out, in)."""
    # TODO: your code here (1 line)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python int8_quantize.py
    w = np.array([[0.4, -1.0, 0.25], [2.0, 0.1, -0.3]])
    q, scale = quantize_int8(w)
    print(q)                          # [[  51 -127   32] [ 127    6  -19]]
    print(scale)                      # [0.00787402 0.01574803] = 1/127 and 2/127
    print(dequantize_int8(q, scale))  # close to w: at most scale / 2 off

"""A 2-D convolution layer's forward pass with stride and padding — reference solution.

As in deep-learning libraries this is a cross-correlation: the kernel slides over the zero-padded
input without being flipped, and each output value is the dot product of one filter (all input
channels) with the patch under it, plus that filter's bias.
"""

import numpy as np


def output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """Positions a kernel of size k fits on an input of size n: ⌊(n + 2p − k) / s⌋ + 1."""
    return (n + 2 * padding - k) // stride + 1      # floor division: a partial window does not count


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """x (C_in, H, W), w (C_out, C_in, kH, kW), b (C_out,) → (C_out, H_out, W_out)."""
    _, height, width = x.shape
    c_out, _, kh, kw = w.shape
    h_out = output_size(height, kh, stride, padding)
    w_out = output_size(width, kw, stride, padding)
    padded = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))   # zeros on all four sides, not on channels
    out = np.empty((c_out, h_out, w_out))
    for i in range(h_out):
        top = i * stride                                  # output row i reads input rows top … top + kH − 1
        for j in range(w_out):
            left = j * stride
            patch = padded[:, top:top + kh, left:left + kw]            # (C_in, kH, kW)
            out[:, i, j] = np.tensordot(w, patch, axes=3) + b          # sum over C_in, kH, kW for every filter
    return out


if __name__ == "__main__":
    x = np.array([[[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]]])
    w = np.array([[[[1.0, 0.0], [-1.0, 1.0]]]])
    print(conv2d(x, w, np.array([0.5])))      # [[[ 2.5  4.5] [-0.5  1.5]]]
    print(output_size(28, 3, 2, 0))            # 13

import numpy as np


def output_size(n: int, k: int, stride: int = 1, padding: int = 0) -> int:
    """Positions a kernel of size k fits on an input of size n, with padding p on both sides and stride s."""
    # TODO: one line, an int
    raise NotImplementedError


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """x (C_in, H, W), w (C_out, C_in, kH, kW), b (C_out,) → (C_out, H_out, W_out); a cross-correlation."""
    # TODO: pad, then one dot product per output position (about 12 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python conv2d.py
    print(output_size(28, 3, 1, 1), output_size(28, 3, 2, 0))    # 28 13
    x = np.array([[[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 1.0, 1.0]]])   # (1, 3, 3)
    w = np.array([[[[1.0, 0.0], [-1.0, 1.0]]]])                           # (1, 1, 2, 2)
    print(conv2d(x, w, np.array([0.5])))                        # [[[ 2.5  4.5] [-0.5  1.5]]]
    print(conv2d(np.ones((3, 8, 8)), np.ones((5, 3, 4, 4)), np.zeros(5), stride=4).shape)   # (5, 2, 2)

"""One LSTM step and an LSTM over a sequence — reference solution.

PyTorch's layout (nn.LSTMCell): the four gates' weights are stacked in one matrix in the order
input i, forget f, candidate g, output o. The cell update is additive, c' = f ⊙ c + i ⊙ g,
which is the path along which the gradient survives many steps.
"""

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x: np.ndarray, h: np.ndarray, c: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray):
    """x (B, D), h and c (B, H), W (4H, D), U (4H, H), b (4H,) → (h_new, c_new), each (B, H)."""
    z = x @ W.T + h @ U.T + b                   # (B, 4H): all four gates' pre-activations at once
    zi, zf, zg, zo = np.split(z, 4, axis=1)     # PyTorch's order: i, f, g, o
    i, f, o = _sigmoid(zi), _sigmoid(zf), _sigmoid(zo)   # gates: how much, in 0..1
    g = np.tanh(zg)                             # the candidate: what, in −1..1
    c_new = f * c + i * g                       # keep part of the old memory, add part of the new
    h_new = o * np.tanh(c_new)                  # expose a squashed view of the *new* cell
    return h_new, c_new


def lstm_sequence(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray):
    """xs (T, B, D), h0 and c0 (B, H) → (hs (T, B, H), c_T (B, H)): lstm_step over the T steps."""
    h, c = h0, c0
    hs = []
    for x in xs:                                # the same weights at every step; the state carries over
        h, c = lstm_step(x, h, c, W, U, b)
        hs.append(h)
    return np.stack(hs), c


if __name__ == "__main__":
    W = np.array([[0.0], [0.0], [1.0], [0.0]])
    h, c = lstm_step(np.array([[1.0]]), np.zeros((1, 1)), np.ones((1, 1)), W, np.zeros((4, 1)), np.array([0.0, 1.0, 0.0, 0.0]))
    print(h, c)       # [[0.402...]] [[1.111856]]

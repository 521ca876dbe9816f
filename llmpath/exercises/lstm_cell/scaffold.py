import numpy as np


def lstm_step(x: np.ndarray, h: np.ndarray, c: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray):
    """x (B, D), h and c (B, H), W (4H, D), U (4H, H), b (4H,) → (h_new, c_new), each (B, H).

    Gate order in W, U and b: input i, forget f, candidate g, output o (as in PyTorch)."""
    # TODO: about 7 lines
    raise NotImplementedError


def lstm_sequence(xs: np.ndarray, h0: np.ndarray, c0: np.ndarray, W: np.ndarray, U: np.ndarray, b: np.ndarray):
    """xs (T, B, D), h0 and c0 (B, H) → (hs, c_T): hs (T, B, H) holds h after every step, c_T (B, H) the last cell."""
    # TODO: a loop over the T steps that calls lstm_step (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python lstm_cell.py
    W = np.array([[0.0], [0.0], [1.0], [0.0]])          # D = H = 1: only the candidate g sees x
    U = np.zeros((4, 1))
    b = np.array([0.0, 1.0, 0.0, 0.0])                   # forget bias b_f = 1
    print(lstm_step(np.array([[1.0]]), np.zeros((1, 1)), np.ones((1, 1)), W, U, b))   # ([[0.4023587]], [[1.1118557]])
    hs, c = lstm_sequence(np.zeros((3, 2, 1)), np.zeros((2, 1)), np.ones((2, 1)), W, U, b)
    print(hs.shape, c.shape)                             # (3, 2, 1) (2, 1)

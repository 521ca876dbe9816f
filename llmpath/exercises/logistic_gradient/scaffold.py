import numpy as np


def logistic_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray):
    """Returns (loss, grad_w, grad_b) of the mean binary cross-entropy."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python logistic_gradient.py
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    y = np.array([1.0, 0.0, 0.0])
    loss, gw, gb = logistic_loss_and_grad(np.zeros(2), 0.0, X, y)
    print(loss)    # log 2, about 0.693 (every p is 0.5)
    print(gw, gb)  # about [0.0 0.333] 0.1667

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0), element-wise."""
    # TODO: your code here (1 line)
    raise NotImplementedError


def relu_grad(x: np.ndarray) -> np.ndarray:
    """d relu / dx, element-wise: 1.0 where x > 0, else 0.0."""
    # TODO: your code here (1 line)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python relu.py
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    print(relu(x))        # [0.  0.  0.  0.5 2. ]
    print(relu_grad(x))   # [0. 0. 0. 1. 1.]

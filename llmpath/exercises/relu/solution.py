"""ReLU and its derivative — reference solution.

ReLU is not differentiable at 0; frameworks pick 0 there (a subgradient), which is
what PyTorch's autograd returns for torch.relu.
"""

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """max(x, 0), element-wise."""
    return np.maximum(x, 0.0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """d relu / dx, element-wise: 1.0 where x > 0, else 0.0."""
    return (x > 0).astype(float)


if __name__ == "__main__":
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    print(relu(x))
    print(relu_grad(x))

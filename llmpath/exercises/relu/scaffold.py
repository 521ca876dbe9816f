"""ReLU and its derivative · ReLU 及其导数

Task
----
Write the ReLU activation and its derivative, element-wise, for arrays of any
shape:

    relu(x)      = max(x, 0)
    relu_grad(x) = 1 where x > 0, else 0      (0 at exactly x = 0, as PyTorch does)

Both return a new float array with the shape of `x`; neither may change `x`
in place. Use numpy only.

任务
----
逐元素实现 ReLU 激活函数及其导数,`x` 可以是任意形状的数组:

    relu(x)      = max(x, 0)
    relu_grad(x) = x > 0 处为 1,否则为 0      (恰好 x = 0 时取 0,与 PyTorch 一致)

两个函数都返回与 `x` 形状相同的新浮点数组,都不能原地修改 `x`。只用 numpy。

Check it · 检查:  llmpath exercise check relu
"""

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

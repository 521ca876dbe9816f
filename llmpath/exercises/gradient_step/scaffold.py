"""One gradient-descent step · 一步梯度下降

Task
----
Linear regression with mean squared error: predictions are `X @ w`, and

    L(w) = mean over i of (X[i] @ w - y[i])**2      X: (N, D), y: (N,), w: (D,)

1. `mse_gradient(w, X, y)` returns dL/dw, an array of shape (D,).
   (Work it out: the derivative of the mean of squares brings down a 2 and a 1/N.)
2. `gradient_step(w, X, y, lr)` returns the new weights after one step of
   gradient descent with learning rate `lr`.

Return new arrays; do not change `w` in place. Use numpy only.

任务
----
用均方误差做线性回归:预测值是 `X @ w`,并且

    L(w) = 对 i 求平均 (X[i] @ w - y[i])**2      X: (N, D),y: (N,),w: (D,)

1. `mse_gradient(w, X, y)` 返回 dL/dw,形状为 (D,) 的数组。
   (自己推导一下:对平方的平均求导会带出一个 2 和一个 1/N。)
2. `gradient_step(w, X, y, lr)` 返回以学习率 `lr` 做一步梯度下降后的新权重。

返回新数组,不要原地修改 `w`。只用 numpy。

Check it · 检查:  llmpath exercise check gradient-step
"""

import numpy as np


def mse_gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dw for L(w) = mean((X @ w - y) ** 2); shape (D,)."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


def gradient_step(w: np.ndarray, X: np.ndarray, y: np.ndarray, lr: float) -> np.ndarray:
    """The weights after one gradient-descent step; shape (D,)."""
    # TODO: your code here (1 line)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gradient_step.py
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])          # the best w is [2.0]
    w = np.array([0.0])
    for _ in range(5):
        w = gradient_step(w, X, y, lr=0.1)
        print(w)                            # creeps towards [2.0]

"""One Adam update · 一次 Adam 更新

Task
----
Write `adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)`: one update of
the Adam optimizer (Kingma & Ba, 2015). `t` is the step number, starting at 1.

    m     = beta1 * m + (1 - beta1) * grad          running mean of the gradient
    v     = beta2 * v + (1 - beta2) * grad**2       running mean of its square
    m_hat = m / (1 - beta1**t)                      bias correction
    v_hat = v / (1 - beta2**t)
    param = param - lr * m_hat / (sqrt(v_hat) + eps)

Return the tuple `(param, m, v)`: the new parameters and the new *uncorrected*
moments (the next step needs them). All arrays have the shape of `param`. Do not
change the arguments in place. Use numpy only.

任务
----
实现 `adam_step(param, grad, m, v, t, lr, beta1, beta2, eps)`:Adam 优化器
(Kingma & Ba, 2015)的一次更新。`t` 是步数,从 1 开始。

    m     = beta1 * m + (1 - beta1) * grad          梯度的滑动平均
    v     = beta2 * v + (1 - beta2) * grad**2       梯度平方的滑动平均
    m_hat = m / (1 - beta1**t)                      偏差修正
    v_hat = v / (1 - beta2**t)
    param = param - lr * m_hat / (sqrt(v_hat) + eps)

返回元组 `(param, m, v)`:新的参数和新的、*未经修正的* 矩估计(下一步要用)。
所有数组的形状都与 `param` 相同。不要原地修改参数。只用 numpy。

Check it · 检查:  llmpath exercise check adam-step
"""

import numpy as np


def adam_step(param: np.ndarray, grad: np.ndarray, m: np.ndarray, v: np.ndarray, t: int,
              lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
    """One Adam update; returns (param, m, v)."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python adam_step.py
    p, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    p, m, v = adam_step(p, np.array([0.5, -4.0]), m, v, t=1, lr=0.1)
    print(p)   # the first step moves every entry by about lr: [0.9 -1.9]

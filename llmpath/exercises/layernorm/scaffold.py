"""LayerNorm · 层归一化 LayerNorm

Task
----
Write `layer_norm(x, gamma, beta, eps=1e-5)` as in Ba et al. (2016) and
PyTorch's `nn.LayerNorm`: normalize each vector over its features (the last
axis), then scale and shift.

    mean = average of x over the last axis
    var  = average of (x - mean)**2 over the last axis    (biased: divide by D)
    y    = gamma * (x - mean) / sqrt(var + eps) + beta

`x` is (..., D); `gamma` and `beta` are (D,). Return an array shaped like `x`.
A constant vector has variance 0: eps keeps the division finite. Use numpy
only.

任务
----
按照 Ba 等人(2016)和 PyTorch 的 `nn.LayerNorm` 实现 `layer_norm(x, gamma, beta, eps=1e-5)`:
对每个向量沿特征(最后一个轴)做归一化,然后缩放和平移。

    mean = x 沿最后一个轴的平均值
    var  = (x - mean)**2 沿最后一个轴的平均值    (有偏估计:除以 D)
    y    = gamma * (x - mean) / sqrt(var + eps) + beta

`x` 的形状为 (..., D);`gamma` 和 `beta` 为 (D,)。返回与 `x` 形状相同的数组。
常数向量的方差为 0:eps 保证除法结果有限。只用 numpy。

Check it · 检查:  llmpath exercise check layernorm
"""

import numpy as np


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Normalize over the last axis, then scale by gamma and shift by beta."""
    # TODO: your code here (about 3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python layernorm.py
    x = np.array([[1.0, 2.0, 3.0, 4.0], [10.0, 10.0, 10.0, 10.0]])
    print(layer_norm(x, np.ones(4), np.zeros(4)))   # row 0: about [-1.34 -0.45 0.45 1.34]; row 1: zeros

"""Numerically stable softmax · 数值稳定的 softmax

Task
----
Write `softmax(x, axis=-1)`: turn scores (logits) into probabilities along `axis`.

    softmax(x)_i = exp(x_i) / sum_j exp(x_j)

Every slice along `axis` must be positive and sum to 1, for any shape of `x`.
It must also work for huge logits such as `[1000, 1001, 1002]`: a plain
`np.exp(1000)` overflows to `inf` and `inf / inf` is `nan`. Do not change
`x` in place; return a new array. Use numpy only.

任务
----
实现 `softmax(x, axis=-1)`:沿 `axis` 把分数(logits)变成概率。

    softmax(x)_i = exp(x_i) / sum_j exp(x_j)

沿 `axis` 的每一组结果都为正且和为 1,`x` 可以是任意形状。
对于 `[1000, 1001, 1002]` 这样很大的 logits 也必须正确:直接 `np.exp(1000)`
会溢出成 `inf`,而 `inf / inf` 是 `nan`。不要原地修改 `x`,返回新数组。只用 numpy。

Check it · 检查:  llmpath exercise check softmax
"""

import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Probabilities along `axis`; same shape as `x`."""
    # TODO: your code here (about 3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python softmax.py
    print(softmax(np.array([1.0, 2.0, 3.0])))         # about [0.090 0.245 0.665]
    print(softmax(np.array([1000.0, 1001.0, 1002.0])))  # the same numbers, not nan

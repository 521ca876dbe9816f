"""Scaled dot-product attention · 缩放点积注意力

Task
----
Write `attention(q, k, v, mask=None)` from "Attention Is All You Need":

    scores  = q @ k^T / sqrt(d_k)          (..., T_q, T_k)
    weights = softmax(scores) over the keys (the last axis)
    output  = weights @ v                  (..., T_q, d_v)

Shapes: q is (..., T_q, d_k), k is (..., T_k, d_k), v is (..., T_k, d_v); the
leading `...` axes (batch, heads) may be absent or several. `mask`, if given,
is a boolean array that broadcasts to (..., T_q, T_k): True means "may attend";
where it is False the score is -inf before the softmax, so the weight is 0.
Every query may attend to at least one key. Scores can be large, so use a
stable softmax (subtract the max). Return `(output, weights)`. Use numpy only.

任务
----
按照《Attention Is All You Need》实现 `attention(q, k, v, mask=None)`:

    scores  = q @ k^T / sqrt(d_k)          (..., T_q, T_k)
    weights = 沿键(最后一个轴)做 softmax(scores)
    output  = weights @ v                  (..., T_q, d_v)

形状:q 为 (..., T_q, d_k),k 为 (..., T_k, d_k),v 为 (..., T_k, d_v);前面的
`...` 轴(批次、注意力头)可以没有,也可以有多个。若给出 `mask`,它是能广播到
(..., T_q, T_k) 的布尔数组:True 表示「可以关注」;为 False 的位置在 softmax 之前
把分数设为 -inf,权重就是 0。每个查询至少能关注一个键。分数可能很大,请用数值稳定的
softmax(减去最大值)。返回 `(output, weights)`。只用 numpy。

Check it · 检查:  llmpath exercise check attention
"""

import numpy as np


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask=None):
    """Returns (output (..., T_q, d_v), weights (..., T_q, T_k))."""
    # TODO: your code here (about 7 lines; np.swapaxes(k, -1, -2) transposes the last two axes)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python attention.py
    q = np.array([[1.0, 0.0]])                 # one query
    k = np.array([[1.0, 0.0], [0.0, 1.0]])     # two keys
    v = np.array([[10.0], [20.0]])
    out, w = attention(q, k, v)
    print(w)     # about [[0.67 0.33]]: the first key matches the query better
    print(out)   # about [[13.3]]

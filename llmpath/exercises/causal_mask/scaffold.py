"""Causal attention mask · 因果注意力掩码

Task
----
A GPT-style decoder must not look ahead: the query at position i may attend to
the keys at positions j <= i only (itself and the past).

1. `causal_mask(t)`: a boolean array of shape (t, t) whose entry [i, j] is
   True when position i may attend to position j.
2. `mask_scores(scores)`: `scores` is (..., T, T), rows are queries and columns
   are keys. Return a new array with every future position (j > i) set to
   -inf, so that its softmax weight becomes 0; the rest unchanged.

Use numpy only; do not change `scores` in place.

任务
----
GPT 式的解码器不能「偷看」后面的内容:位置 i 的查询只能关注位置 j <= i 的键
(自己和之前的位置)。

1. `causal_mask(t)`:形状为 (t, t) 的布尔数组,当位置 i 可以关注位置 j 时,
   元素 [i, j] 为 True。
2. `mask_scores(scores)`:`scores` 的形状为 (..., T, T),行是查询,列是键。
   返回一个新数组,把所有未来位置(j > i)设为 -inf,使其 softmax 权重为 0;
   其余保持不变。

只用 numpy;不要原地修改 `scores`。

Check it · 检查:  llmpath exercise check causal-mask
"""

import numpy as np


def causal_mask(t: int) -> np.ndarray:
    """(t, t) booleans: True where position i may attend to position j (j <= i)."""
    # TODO: your code here (1 line)
    raise NotImplementedError


def mask_scores(scores: np.ndarray) -> np.ndarray:
    """`scores` (..., T, T) with -inf above the diagonal."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python causal_mask.py
    print(causal_mask(3))
    # [[ True False False]
    #  [ True  True False]
    #  [ True  True  True]]
    print(mask_scores(np.ones((3, 3))))

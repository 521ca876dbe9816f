"""Top-k and top-p filtering · Top-k 与 Top-p 采样过滤

Task
----
Before sampling the next token, a language model often keeps only the most
likely tokens. Both functions take `logits` of shape (..., V), one row per
sequence, and return an array of the same shape: kept logits unchanged, removed
ones set to -inf (so softmax gives them probability 0).

1. `top_k_filter(logits, k)`: keep the k largest logits of each row. If k >= V
   keep everything. (The checks use no ties at the k-th value.)
2. `top_p_filter(logits, p)` (nucleus sampling, Holtzman et al. 2020): sort each
   row's probabilities softmax(logits) from largest to smallest and keep the
   smallest set of top tokens whose probabilities add up to at least p. The
   token that crosses p is kept: with probabilities 0.6, 0.3, 0.1 and p = 0.7,
   the first two stay. The most likely token is always kept.

Keep each row's tokens in their original positions. Use numpy only.

任务
----
在采样下一个词元之前,语言模型常常只保留最可能的那些词元。两个函数都接受形状为
(..., V) 的 `logits`(每行对应一个序列),返回同样形状的数组:保留的 logits 不变,
去掉的设为 -inf(这样 softmax 给它们的概率为 0)。

1. `top_k_filter(logits, k)`:保留每行最大的 k 个 logits。k >= V 时全部保留。
   (检查用例中第 k 大的值不会有并列。)
2. `top_p_filter(logits, p)`(核采样,Holtzman 等人 2020):把每行的概率
   softmax(logits) 从大到小排序,保留概率之和至少达到 p 的最少的前几个词元。
   越过 p 的那个词元要保留:概率为 0.6、0.3、0.1 且 p = 0.7 时,保留前两个。
   最可能的词元总会被保留。

保持每行词元的原始位置。只用 numpy。

Check it · 检查:  llmpath exercise check top-k-top-p
"""

import numpy as np


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits of each row; the rest become -inf."""
    # TODO: your code here (about 4 lines)
    raise NotImplementedError


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most likely tokens with total probability >= p; the rest become -inf."""
    # TODO: your code here (about 10 lines; np.argsort, np.cumsum and np.take_along_axis help)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python top_k_top_p.py
    logits = np.array([1.0, 3.0, 0.0, 2.0])      # probabilities about 0.09 0.64 0.03 0.24
    print(top_k_filter(logits, 2))                # [-inf 3. -inf 2.]
    print(top_p_filter(logits, 0.7))              # [-inf 3. -inf 2.]: 0.64 < 0.7, so the 0.24 token stays too

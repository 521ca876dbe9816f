"""Cross-entropy from logits · 从 logits 计算交叉熵

Task
----
Write `cross_entropy(logits, targets)`: the average cross-entropy loss of a
batch, computed straight from the logits.

    logits:  (N, C) scores, one row per example, one column per class
    targets: (N,) integers, the correct class of each example
    loss = mean over i of  -log softmax(logits[i])[targets[i]]

Return one Python float. Use the natural log. It must stay finite for huge
logits: with logits [1000, 0] and target 1 the loss is 1000, not inf or nan.
(Hint of the trick: log softmax(z)_t = z_t - log sum_j exp(z_j), and the
log-sum-exp can be computed stably.)

任务
----
实现 `cross_entropy(logits, targets)`:直接从 logits 计算一个批次的平均交叉熵损失。

    logits:  (N, C) 分数,每个样本一行,每个类别一列
    targets: (N,) 整数,每个样本的正确类别
    loss = 对 i 求平均  -log softmax(logits[i])[targets[i]]

返回一个 Python float,使用自然对数。对于很大的 logits 也必须是有限值:
logits 为 [1000, 0]、目标为 1 时,损失是 1000,而不是 inf 或 nan。
(技巧提示:log softmax(z)_t = z_t - log sum_j exp(z_j),而 log-sum-exp 可以稳定地计算。)

Check it · 检查:  llmpath exercise check cross-entropy
"""

import numpy as np


def cross_entropy(logits: np.ndarray, targets: np.ndarray) -> float:
    """Mean cross-entropy of `logits` (N, C) against integer `targets` (N,)."""
    # TODO: your code here (about 4 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python cross_entropy.py
    print(cross_entropy(np.array([[2.0, 1.0, 0.1]]), np.array([0])))  # about 0.417
    print(cross_entropy(np.array([[1000.0, 0.0]]), np.array([1])))    # 1000.0

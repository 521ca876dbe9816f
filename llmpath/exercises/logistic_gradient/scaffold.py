"""Logistic-regression gradient · 逻辑回归的梯度

Task
----
Write `logistic_loss_and_grad(w, b, X, y)` for binary logistic regression:

    z    = X @ w + b                 (N,)    X: (N, D), w: (D,), b: a float
    p    = sigmoid(z) = 1 / (1 + exp(-z))
    loss = mean over i of  -[y_i log p_i + (1 - y_i) log(1 - p_i)]

Return `(loss, grad_w, grad_b)`: the mean loss (a float), dloss/dw (shape
(D,)) and dloss/db (a float). Derive the gradient yourself; it is simpler than
it looks. The loss must stay finite when the model is confidently wrong (z = ±50):
log(1 - sigmoid(50)) is log(0) in floating point. (Hint of the trick: the loss
per example equals log(1 + exp(z)) - y*z, and np.logaddexp(0, z) computes
log(1 + exp(z)) safely.) Use numpy only.

任务
----
为二分类逻辑回归实现 `logistic_loss_and_grad(w, b, X, y)`:

    z    = X @ w + b                 (N,)    X: (N, D),w: (D,),b: 浮点数
    p    = sigmoid(z) = 1 / (1 + exp(-z))
    loss = 对 i 求平均  -[y_i log p_i + (1 - y_i) log(1 - p_i)]

返回 `(loss, grad_w, grad_b)`:平均损失(浮点数)、dloss/dw(形状 (D,))和
dloss/db(浮点数)。梯度请自己推导,它比看上去简单。模型「自信地错了」
(z = ±50)时损失也必须是有限值:在浮点数中 log(1 - sigmoid(50)) 就是 log(0)。
(技巧提示:每个样本的损失等于 log(1 + exp(z)) - y*z,而 np.logaddexp(0, z)
可以安全地计算 log(1 + exp(z))。)只用 numpy。

Check it · 检查:  llmpath exercise check logistic-gradient
"""

import numpy as np


def logistic_loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray):
    """Returns (loss, grad_w, grad_b) of the mean binary cross-entropy."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python logistic_gradient.py
    X = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
    y = np.array([1.0, 0.0, 0.0])
    loss, gw, gb = logistic_loss_and_grad(np.zeros(2), 0.0, X, y)
    print(loss)    # log 2, about 0.693 (every p is 0.5)
    print(gw, gb)  # about [0.0 0.333] 0.1667

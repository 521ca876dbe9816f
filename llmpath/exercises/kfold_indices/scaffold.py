"""K-fold split indices · k 折划分索引

Task
----
Write `kfold_indices(n, k)`: split the sample indices 0 … n-1 into k folds for
cross-validation, without shuffling, the way scikit-learn's `KFold` does.

- The folds are consecutive blocks: fold 0 is the first block, and so on.
- When k does not divide n, the first `n % k` folds get one extra sample
  (n = 10, k = 3 gives test folds of sizes 4, 3, 3).
- Every index is in exactly one test fold; a fold's training indices are all
  the other indices.

Return a list of k pairs `(train_idx, test_idx)`, each an integer numpy array
in increasing order. Assume 2 <= k <= n. Use numpy only.

任务
----
实现 `kfold_indices(n, k)`:把样本索引 0 … n-1 划分成 k 折用于交叉验证,不打乱顺序,
和 scikit-learn 的 `KFold` 做法一致。

- 每一折是连续的一段:第 0 折是第一段,依此类推。
- 当 n 不能被 k 整除时,前 `n % k` 折各多分一个样本
  (n = 10、k = 3 时各测试折的大小是 4、3、3)。
- 每个索引恰好出现在一个测试折中;一折的训练索引就是其余所有索引。

返回由 k 个 `(train_idx, test_idx)` 组成的列表,每个都是按升序排列的整数 numpy 数组。
假设 2 <= k <= n。只用 numpy。

Check it · 检查:  llmpath exercise check kfold-indices
"""

import numpy as np


def kfold_indices(n: int, k: int) -> list:
    """A list of k (train_idx, test_idx) pairs of integer arrays."""
    # TODO: your code here (about 6 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python kfold_indices.py
    for train, test in kfold_indices(10, 3):
        print("train", train, "test", test)   # test folds [0 1 2 3], [4 5 6], [7 8 9]

"""PCA via SVD · 用 SVD 实现 PCA

Task
----
Write `pca(X, k)`: principal component analysis of the data `X` (N samples,
D features) with the singular value decomposition.

    1. center the data: subtract the mean of each column (feature)
    2. SVD of the centered data: np.linalg.svd(Xc, full_matrices=False)
    3. the first k principal directions are the first k rows of Vt
    4. project the centered data onto them

Return `(Z, components)`: `Z` of shape (N, k), the data in the new
coordinates, and `components` of shape (k, D), one unit-length direction per
row, largest variance first. (The sign of each direction is arbitrary: the
check accepts either.) Do not scale the columns. Use numpy only.

任务
----
实现 `pca(X, k)`:用奇异值分解对数据 `X`(N 个样本,D 个特征)做主成分分析。

    1. 中心化:每一列(特征)减去它的均值
    2. 对中心化后的数据做 SVD:np.linalg.svd(Xc, full_matrices=False)
    3. 前 k 个主方向就是 Vt 的前 k 行
    4. 把中心化后的数据投影到这些方向上

返回 `(Z, components)`:`Z` 形状为 (N, k),是数据在新坐标下的表示;
`components` 形状为 (k, D),每行一个单位长度的方向,方差大的在前。
(每个方向的正负号是任意的,检查时两种都接受。)不要对各列做缩放。只用 numpy。

Check it · 检查:  llmpath exercise check pca-svd
"""

import numpy as np


def pca(X: np.ndarray, k: int):
    """Returns (Z, components): Z (N, k) projections, components (k, D) principal directions."""
    # TODO: your code here (about 4 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python pca_svd.py
    rng = np.random.default_rng(0)
    t = rng.normal(size=100)
    X = np.stack([t, 2 * t + 0.1 * rng.normal(size=100)], axis=1) + 10.0   # points near a line
    Z, components = pca(X, 1)
    print(components)   # about ±[0.447 0.894]: the direction of the line
    print(Z.shape)      # (100, 1)

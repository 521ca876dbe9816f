"""PCA via SVD — reference solution.

For centered data Xc = U S Vt, the covariance is Xcᵀ Xc / (N-1) = V S² Vt / (N-1):
the rows of Vt are its eigenvectors (the principal directions), ordered by the
singular values, and the projections are Xc Vtᵀ = U S.
"""

import numpy as np


def pca(X: np.ndarray, k: int):
    """Returns (Z, components): Z (N, k) projections, components (k, D) principal directions."""
    Xc = X - X.mean(axis=0)                               # (N, D) center every feature
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)     # Vt: (min(N, D), D)
    components = Vt[:k]                                   # (k, D)
    return Xc @ components.T, components                  # (N, k), (k, D)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    t = rng.normal(size=100)
    X = np.stack([t, 2 * t + 0.1 * rng.normal(size=100)], axis=1) + 10.0
    Z, components = pca(X, 1)
    print(components)
    print(Z.shape)

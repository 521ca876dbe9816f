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

import numpy as np


def assign(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """points (n, d), centroids (k, d) → labels (n,) of int: the index of each point's nearest centroid (ties: lowest index)."""
    # TODO: squared distances (n, k) by broadcasting, then the nearest centroid (about 2 lines)
    raise NotImplementedError


def update(points: np.ndarray, labels: np.ndarray, old_centroids: np.ndarray) -> np.ndarray:
    """→ new centroids (k, d) of float: the mean of each cluster's points; an empty cluster keeps its old centroid."""
    # TODO: a float copy of old_centroids, then one mean per non-empty cluster (about 5 lines)
    raise NotImplementedError


def inertia(points: np.ndarray, centroids: np.ndarray, labels: np.ndarray) -> float:
    """Σᵢ ‖xᵢ − μ_labels[i]‖²: the sum of squared distances of the points to the centroids of their labels."""
    # TODO: about 2 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python kmeans_step.py   (the unit's worked example · 单元中的例子)
    points = np.array([[1], [2], [3], [8], [9], [10]])
    centroids = np.array([[1], [2]])
    for step in range(3):
        labels = assign(points, centroids)
        centroids = update(points, labels, centroids)
        print(step, labels, centroids.ravel(), inertia(points, centroids, labels))
    # 0 [0 1 1 1 1 1] [1.  6.4] 53.2
    # 1 [0 0 0 1 1 1] [2. 9.] 4.0
    # 2 [0 0 0 1 1 1] [2. 9.] 4.0

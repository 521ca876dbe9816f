"""One K-Means (Lloyd) iteration by hand — reference solution.

Assign: every point goes to the centroid at the smallest squared Euclidean distance (the square
root changes no label, so it is skipped); np.argmin returns the first minimum, which is the
contract's tie rule (the lowest centroid index). Update: every centroid moves to the mean of its
points; a centroid that got no point has no mean and stays where it was. Inertia: the sum of the
squared distances of the points to the centroids of their labels.
"""

import numpy as np


def squared_distances(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """(n, d) and (k, d) → (n, k): ‖xᵢ − μⱼ‖² for every point i and centroid j."""
    diff = points[:, None, :] - centroids[None, :, :]        # (n, 1, d) − (1, k, d) → (n, k, d)
    return (diff ** 2).sum(axis=2)                            # sum over the coordinates, not over the centroids


def assign(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """points (n, d), centroids (k, d) → labels (n,) of int: the index of each point's nearest centroid."""
    return squared_distances(points, centroids).argmin(axis=1)   # the first minimum: ties go to the lowest index


def update(points: np.ndarray, labels: np.ndarray, old_centroids: np.ndarray) -> np.ndarray:
    """→ new centroids (k, d) of float: the mean of each cluster's points; an empty cluster keeps its old centroid."""
    centroids = old_centroids.astype(float)                  # a float copy: the caller's array stays as it was
    for j in range(len(centroids)):
        members = points[labels == j]                         # (m, d), m = 0 for an empty cluster
        if len(members):
            centroids[j] = members.mean(axis=0)               # the mean over the points, one value per coordinate
    return centroids


def inertia(points: np.ndarray, centroids: np.ndarray, labels: np.ndarray) -> float:
    """Σᵢ ‖xᵢ − μ_labels[i]‖²: the sum of squared distances of the points to the centroids of their labels."""
    diff = points - centroids[labels]                         # (n, d): each point minus its own centroid
    return float((diff ** 2).sum())


if __name__ == "__main__":
    points = np.array([[1], [2], [3], [8], [9], [10]])
    centroids = np.array([[1], [2]])
    for step in range(3):
        labels = assign(points, centroids)
        centroids = update(points, labels, centroids)
        print(step, labels, centroids.ravel(), inertia(points, centroids, labels))

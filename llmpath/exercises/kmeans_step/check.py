"""Checks for kmeans-step: the unit's worked 1-D example step by step (integer points, so a centroid
array copied as integers is rounded), exact ties and a duplicated centroid, an empty cluster, k == d
(where summing the distances over the wrong axis or using the transposed centroids still runs), a
centroid far from every point, seeded 2-D and 5-D data, and the inertia after an update step (the
labels are no longer the nearest centroids)."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import assign as assign_ref, inertia as inertia_ref, squared_distances, update as update_ref


def _farthest(points, centroids):
    return squared_distances(points, centroids).argmax(axis=1)


def _summed_over_centroids(points, centroids):
    d = ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=1)   # (n, d): summed over the centroids
    return d.argmin(axis=1)


def _transposed_centroids(points, centroids):
    d = ((points[:, None, :] - centroids.T[None, :, :]) ** 2).sum(axis=2)  # runs only when k == d
    return d.argmin(axis=1)


def _argmin_over_points(points, centroids):
    return squared_distances(points, centroids).argmin(axis=0)           # (k,): the nearest point of each centroid


def _ties_to_last(points, centroids):
    d = squared_distances(points, centroids)
    labels = np.zeros(len(points), dtype=int)
    for j in range(1, len(centroids)):
        labels = np.where(d[:, j] <= d[np.arange(len(points)), labels], j, labels)   # <= hands a tie to the later centroid
    return labels


ASSIGN_MISTAKES = (
    Mistake("farthest_centroid", _farthest),
    Mistake("ties_to_last", _ties_to_last),
    Mistake("summed_over_centroids", _summed_over_centroids),
    Mistake("transposed_centroids", _transposed_centroids),
    Mistake("argmin_over_points", _argmin_over_points),
)


def _empty_nan(points, labels, old_centroids):
    return np.array([points[labels == j].mean(axis=0) for j in range(len(old_centroids))])


def _empty_origin(points, labels, old_centroids):
    k = len(old_centroids)
    sums = np.zeros((k, points.shape[1]))
    np.add.at(sums, labels, points)
    counts = np.bincount(labels, minlength=k)
    return sums / np.maximum(counts, 1)[:, None]


def _mean_without_axis(points, labels, old_centroids):
    centroids = old_centroids.astype(float)
    for j in range(len(centroids)):
        if np.any(labels == j):
            centroids[j] = points[labels == j].mean()                       # one number for the whole cluster
    return centroids


def _integer_copy(points, labels, old_centroids):
    centroids = old_centroids.copy()                                        # keeps an integer dtype
    for j in range(len(centroids)):
        if np.any(labels == j):
            centroids[j] = points[labels == j].mean(axis=0)
    return centroids


UPDATE_MISTAKES = (
    Mistake("empty_cluster_nan", _empty_nan),
    Mistake("empty_cluster_origin", _empty_origin),
    Mistake("mean_without_axis", _mean_without_axis),
    Mistake("integer_centroids", _integer_copy),
)


def _not_squared(points, centroids, labels):
    return float(np.sqrt(((points - centroids[labels]) ** 2).sum(axis=1)).sum())


def _mean_not_sum(points, centroids, labels):
    return float(((points - centroids[labels]) ** 2).sum(axis=1).mean())


def _nearest_not_labelled(points, centroids, labels):
    return float(squared_distances(points, centroids).min(axis=1).sum())


INERTIA_MISTAKES = (
    Mistake("not_squared", _not_squared),
    Mistake("mean_not_sum", _mean_not_sum),
    Mistake("nearest_not_labelled", _nearest_not_labelled),
)

EXACT = {"rtol": 0.0, "atol": 0.0}
CLOSE = {"rtol": 1e-9, "atol": 1e-12}


def _assign(name, points, centroids):
    return make_case(name, "assign", assign_ref, {"points": points, "centroids": centroids}, mistakes=ASSIGN_MISTAKES, **EXACT)


def _update(name, points, labels, old):
    return make_case(name, "update", update_ref, {"points": points, "labels": labels, "old_centroids": old},
                     mistakes=UPDATE_MISTAKES, **CLOSE)


def _inertia(name, points, centroids, labels):
    return make_case(name, "inertia", inertia_ref, {"points": points, "centroids": centroids, "labels": labels},
                     mistakes=INERTIA_MISTAKES, **CLOSE)


def _blobs(rng, centres, per, scale):
    """Points drawn around the given centres (seeded), in a shuffled order."""
    points = np.concatenate([c + rng.normal(per, len(c), scale=scale) for c in centres])
    return points[rng.gen.permutation(len(points))]


def cases():
    # A 2-D example by hand, k = d = 2, no ties: each wrong axis gives other labels without an error.
    yield Case(("a 2-D example by hand: μ₀ = (0, 1), μ₁ = (2, 2)", "手算的二维例子：μ₀ = (0, 1)，μ₁ = (2, 2)"), "assign",
               {"points": np.array([[2.0, 0.0], [0.0, 0.0], [0.0, 4.0], [3.0, 3.0]]), "centroids": np.array([[0.0, 1.0], [2.0, 2.0]])},
               np.array([1, 0, 1, 1]), mistakes=ASSIGN_MISTAKES, **EXACT)   # squared distances (5, 4), (1, 8), (9, 8), (13, 2)

    # The unit's worked example, by hand: [1, 2, 3, 8, 9, 10] from μ = (1, 2); integer inputs on purpose.
    line = np.array([[1], [2], [3], [8], [9], [10]])
    first, second = np.array([0, 1, 1, 1, 1, 1]), np.array([0, 0, 0, 1, 1, 1])
    worked = ("the unit's worked example, step 1: μ = (1, 2)", "单元中算过的例子，第 1 步：μ = (1, 2)")
    yield Case(worked, "assign", {"points": line, "centroids": np.array([[1], [2]])}, first, mistakes=ASSIGN_MISTAKES, **EXACT)
    yield Case(worked, "update", {"points": line, "labels": first, "old_centroids": np.array([[1], [2]])},
               np.array([[1.0], [6.4]]), mistakes=UPDATE_MISTAKES, **CLOSE)
    worked2 = ("the unit's worked example, step 2: μ = (1, 6.4)", "单元中算过的例子，第 2 步：μ = (1, 6.4)")
    yield Case(worked2, "assign", {"points": line, "centroids": np.array([[1.0], [6.4]])}, second, mistakes=ASSIGN_MISTAKES, **EXACT)
    yield Case(worked2, "update", {"points": line, "labels": second, "old_centroids": np.array([[1.0], [6.4]])},
               np.array([[2.0], [9.0]]), mistakes=UPDATE_MISTAKES, **CLOSE)
    yield Case(("the unit's worked example at the end: inertia 4", "单元中算过的例子收敛后：惯性为 4"), "inertia",
               {"points": line, "centroids": np.array([[2.0], [9.0]]), "labels": second}, 4.0, mistakes=INERTIA_MISTAKES, **CLOSE)

    # Exact ties (small integers, so every way of computing the distance ties exactly): the lowest index wins.
    yield _assign(("exact ties: (1, 0) and (1, 3) are as far from both centroids", "恰好等距：(1, 0) 和 (1, 3) 到两个质心一样远"),
                  np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 3.0], [2.0, 2.0]]), np.array([[0.0, 0.0], [2.0, 0.0]]))
    twins, twin_start = np.array([[0.0, 0.0], [4.0, 1.0], [-2.0, 3.0]]), np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 5.0]])
    yield _assign(("two identical centroids: every point takes the first", "两个相同的质心：每个点都分给第一个"), twins, twin_start)
    yield _update(("two identical centroids: clusters 1 and 2 are empty and keep their centroids", "两个相同的质心：簇 1 和簇 2 为空，保留原来的质心"),
                  twins, assign_ref(twins, twin_start), twin_start)

    rng = Rng(7)
    # k == d == 3: a distance summed over the centroids, or the transposed centroids, still gives labels 0..2.
    cube = _blobs(rng, [np.array([0.0, 0.0, 6.0]), np.array([6.0, 0.0, 0.0]), np.array([0.0, 6.0, 0.0])], 4, 1.0)
    cube_start = np.array([[1.0, 0.0, 4.0], [4.0, 1.0, 0.0], [0.0, 5.0, 2.0]])
    yield _assign(("k = d = 3 (seed 7): wrong axes still give labels 0, 1, 2", "k = d = 3（种子 7）：轴弄错了也照样得到标签 0、1、2"),
                  cube, cube_start)
    yield _update(("k = d = 3 (seed 7)", "k = d = 3（种子 7）"), cube, assign_ref(cube, cube_start), cube_start)

    # A centroid far from every point gets no point: its cluster is empty.
    plane = _blobs(rng, [np.array([0.0, 0.0]), np.array([5.0, 5.0]), np.array([0.0, 5.0])], 10, 0.8)
    plane_start = np.array([[1.0, 1.0], [4.0, 4.0], [40.0, -40.0], [-1.0, 4.0]])
    plane_labels = assign_ref(plane, plane_start)
    yield _assign(("a centroid far from every point (seed 7), k = 4", "一个离所有点都很远的质心（种子 7），k = 4"), plane, plane_start)
    yield _update(("the far centroid's cluster is empty (seed 7)", "远处质心的簇为空（种子 7）"), plane, plane_labels, plane_start)
    moved = update_ref(plane, plane_labels, plane_start)
    yield _inertia(("inertia before the update (seed 7)", "更新之前的惯性（种子 7）"), plane, plane_start, plane_labels)
    yield _inertia(("inertia after the update, old labels: not every point's nearest centroid (seed 7)",
                    "更新之后、仍用旧标签的惯性：不一定是每个点最近的质心（种子 7）"), plane, moved, plane_labels)

    # Seeded 5-D data, n = 40, k = 6: nothing special, everything at once.
    wide = rng.normal(40, 5, scale=3.0)
    wide_start = wide[:6] + rng.normal(6, 5, scale=0.5)
    wide_labels = assign_ref(wide, wide_start)
    yield _assign(("seeded 5-D points (seed 7), n = 40, k = 6", "随机五维点（种子 7），n = 40、k = 6"), wide, wide_start)
    yield _update(("seeded 5-D points (seed 7), n = 40, k = 6", "随机五维点（种子 7），n = 40、k = 6"), wide, wide_labels, wide_start)
    yield _inertia(("seeded 5-D points (seed 7), n = 40, k = 6", "随机五维点（种子 7），n = 40、k = 6"),
                   wide, update_ref(wide, wide_labels, wide_start), wide_labels)

"""Checks for pca-svd: shifted data (centering matters), full rank, N < D, seeded random data. Signs are free."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import pca as reference



def canonical(got, expected):
    """Flip each learner component (and its column of Z) to point the way the reference's does."""
    Z, comps = np.array(got[0], dtype=float), np.array(got[1], dtype=float)
    exp_comps = expected[1]
    if comps.shape != exp_comps.shape or Z.ndim != 2 or Z.shape[1] != comps.shape[0]:
        return got
    for i in range(comps.shape[0]):
        if float(comps[i] @ exp_comps[i]) < 0:
            comps[i] = -comps[i]
            Z[:, i] = -Z[:, i]
    return Z, comps


def _uncentered(X, k):
    _, _, Vt = np.linalg.svd(X, full_matrices=False)
    return X @ Vt[:k].T, Vt[:k]


def _project_raw(X, k):
    _, comps = reference(X, k)
    return X @ comps.T, comps


def _columns_of_vt(X, k):
    Xc = X - X.mean(axis=0)
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    comps = Vt[:, :k].T
    return Xc @ comps.T, comps


def _u_without_s(X, k):
    Xc = X - X.mean(axis=0)
    U, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    return U[:, :k], Vt[:k]


def _standardized(X, k):
    Xs = (X - X.mean(axis=0)) / X.std(axis=0)
    _, _, Vt = np.linalg.svd(Xs, full_matrices=False)
    return Xs @ Vt[:k].T, Vt[:k]


def _row_centered(X, k):
    Xc = X - X.mean(axis=1, keepdims=True)
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Xc @ Vt[:k].T, Vt[:k]


def _smallest(X, k):
    Xc = X - X.mean(axis=0)
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    comps = Vt[::-1][:k]
    return Xc @ comps.T, comps


MISTAKES = (
    Mistake("uncentered", _uncentered),
    Mistake("project_raw", _project_raw),
    Mistake("columns_of_vt", _columns_of_vt),
    Mistake("u_without_s", _u_without_s),
    Mistake("standardized", _standardized),
    Mistake("row_centered", _row_centered),
    Mistake("smallest", _smallest),
)


def _data(rng, n, scales, offset):
    return rng.normal(n, len(scales)) * np.array(scales) + offset


def cases():
    rng = Rng(4)
    opts = {"mistakes": MISTAKES, "outputs": ("Z", "components"), "canonical": canonical, "rtol": 1e-6, "atol": 1e-8}
    X = np.array([[1.0, 2.0], [2.0, 3.5], [3.0, 6.5], [4.0, 8.0], [5.0, 10.5], [6.0, 11.0]]) + np.array([100.0, 50.0])
    yield make_case(("shifted 2-D points, k = 1", "平移过的二维点，k = 1"), "pca", reference, {"X": X, "k": 1}, **opts)
    yield make_case(("random data, k = 2 (seed 4)", "随机数据，k = 2（种子 4）"), "pca", reference,
                    {"X": _data(rng, 30, [5.0, 3.0, 2.0, 1.0, 0.5], np.array([10.0, -5.0, 3.0, 0.0, 20.0])), "k": 2}, **opts)
    yield make_case(("all components, k = D", "全部主成分，k = D"), "pca", reference,
                    {"X": _data(rng, 12, [4.0, 2.0, 1.0], 7.0), "k": 3}, **opts)
    yield make_case(("fewer samples than features", "样本数少于特征数"), "pca", reference,
                    {"X": _data(rng, 4, [6.0, 4.0, 3.0, 2.0, 1.5, 1.0], -3.0), "k": 2}, **opts)

"""Checks for hinge-loss: the unit's worked street (w = [3, 4], b = −5) and a point on each side, a
hand-worked objective and subgradient with points exactly on the edges (integer inputs, so m = 1 holds
exactly), a negative bias that a regulariser on b would move, every point outside the street (only ½‖w‖²
is left), seeded overlapping classes with C = 0.1 and C = 10, and the points on or inside the street,
including a misclassified point beyond the far edge."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import hinge_loss_and_grad as hinge_ref, on_or_inside_street as inside_ref, street as street_ref


def _street(*, width_top=2.0, squared=False, scaled=True, absolute=False):
    def street(w, b, X):
        norm = float(w @ w) if squared else float(np.linalg.norm(w))
        f = X @ w + b
        d = f / norm if scaled else f
        return width_top / norm, (np.abs(d) if absolute else d)
    return street


STREET_MISTAKES = (
    Mistake("width_without_2", _street(width_top=1.0)),
    Mistake("squared_norm", _street(squared=True)),
    Mistake("not_divided_by_norm", _street(scaled=False)),
    Mistake("absolute_distance", _street(absolute=True)),
)


def _hinge(*, with_y=True, on_edge=False, reg_b=False, mean=False, half=True, sign=1.0, reg_grad=True, clip=True, norm_only=False):
    def loss_and_grad(w, b, X, y, C):
        f = X @ w + b
        m = y * f if with_y else f
        n = len(y) if mean else 1
        h = np.maximum(0.0, 1.0 - m) if clip else 1.0 - m
        reg = (0.5 if half else 1.0) * (float(w @ w) + (b * b if reg_b else 0.0))
        if norm_only:
            reg = 0.5 * float(np.linalg.norm(w))                    # ½‖w‖, the norm left unsquared
        objective = reg + C * float(np.sum(h)) / n
        active = (m <= 1) if on_edge else (m < 1)
        if not clip:
            active = np.ones(len(y), dtype=bool)
        yy = y if with_y else np.ones(len(y))
        grad_w = (w * (1.0 if half else 2.0) if reg_grad else 0.0 * w) - sign * C * (yy[active] @ X[active]) / n
        grad_b = (b * (1.0 if half else 2.0) if reg_b else 0.0) - sign * C * float(np.sum(yy[active])) / n
        return objective, grad_w, grad_b
    return loss_and_grad


HINGE_MISTAKES = (
    Mistake("margin_without_y", _hinge(with_y=False)),
    Mistake("no_max", _hinge(clip=False)),
    Mistake("edge_counted", _hinge(on_edge=True)),
    Mistake("regularised_b", _hinge(reg_b=True)),
    Mistake("mean_not_sum", _hinge(mean=True)),
    Mistake("no_half", _hinge(half=False)),
    Mistake("norm_not_squared", _hinge(norm_only=True)),
    Mistake("gradient_sign", _hinge(sign=-1.0)),
    Mistake("regulariser_gradient_missing", _hinge(reg_grad=False)),
)


def _strictly_inside(w, b, X, y):
    return y * (X @ w + b) < 1


def _ignores_labels(w, b, X, y):
    return np.abs(X @ w + b) <= 1


def _outside(w, b, X, y):
    return y * (X @ w + b) >= 1


INSIDE_MISTAKES = (
    Mistake("edge_excluded", _strictly_inside),
    Mistake("labels_ignored", _ignores_labels),
    Mistake("outside_instead", _outside),
)

CLOSE = {"rtol": 1e-9, "atol": 1e-12}
HINGE = {"mistakes": HINGE_MISTAKES, "outputs": ("objective", "grad_w", "grad_b"), **CLOSE}
STREET = {"mistakes": STREET_MISTAKES, "outputs": ("width", "distances"), **CLOSE}


def _inside(name, w, b, X, y):
    return make_case(name, "on_or_inside_street", inside_ref, {"w": w, "b": b, "X": X, "y": y}, mistakes=INSIDE_MISTAKES)


def _overlapping(rng, n):
    """Two Gaussian blobs around (±1, ±0.5) that overlap, labels ±1 (ints), in a shuffled order."""
    y = np.where(rng.gen.random(n) < 0.5, -1, 1)
    X = y[:, None] * np.array([1.0, 0.5]) + rng.normal(n, 2, scale=0.9)
    return X, y


def cases():
    yield Case(("the unit's example: w = [3, 4], b = −5, x = (3, 1)", "单元中的例子：w = [3, 4]，b = −5，x = (3, 1)"), "street",
               {"w": np.array([3.0, 4.0]), "b": -5.0, "X": np.array([[3.0, 1.0]])}, (0.4, np.array([1.6])), **STREET)
    yield Case(("one point on each side, one on the boundary", "两侧各一个点，另一个在边界上"), "street",
               {"w": np.array([3.0, 4.0]), "b": -5.0, "X": np.array([[3.0, 1.0], [0.0, 0.0], [-1.0, 2.0]])},
               (0.4, np.array([1.6, -1.0, 0.0])), **STREET)
    rng = Rng(9)
    yield make_case(("seeded w and points (seed 9), d = 3", "随机的 w 与点（种子 9），d = 3"), "street", street_ref,
                    {"w": rng.normal(3), "b": 0.7, "X": rng.normal(6, 3)}, **STREET)

    # By hand, w = [1, −1], b = 0, C = 1: margins 2, 1 (edge), 0.5, 1 (edge), −1 (misclassified).
    # hinge 0 + 0 + 0.5 + 0 + 2 → objective ½·2 + 2.5 = 3.5; grad_w = w − (x₃ + x₅) = [1.5, −1]; grad_b = −(1 + 1) = −2.
    # Counting the edge points too would give [1.5, 1], dropping w [0.5, 0], the wrong sign [0.5, −1]: all different.
    edges = np.array([[2, 0], [1, 0], [0.5, 0], [1, 2], [-1, 0]])
    edges_y = np.array([1, 1, 1, -1, 1])
    yield Case(("by hand: two points exactly on the edges (m = 1), one inside, one misclassified",
                "手算：两个点恰好在边缘上（m = 1），一个在街道内，一个分错"), "hinge_loss_and_grad",
               {"w": np.array([1.0, -1.0]), "b": 0.0, "X": edges, "y": edges_y, "C": 1.0},
               (3.5, np.array([1.5, -1.0]), -2.0), **HINGE)
    yield make_case(("the same points, b = −0.5 and C = 2: b is not regularised", "同样的点，b = −0.5、C = 2：b 不参与正则化"),
                    "hinge_loss_and_grad", hinge_ref, {"w": np.array([1.0, -1.0]), "b": -0.5, "X": edges, "y": edges_y, "C": 2.0}, **HINGE)
    yield make_case(("every point outside the street: only ½‖w‖² is left", "所有点都在街道外：只剩 ½‖w‖²"), "hinge_loss_and_grad",
                    hinge_ref, {"w": np.array([2.0, 1.0]), "b": 0.5, "X": np.array([[2.0, 1.0], [1.0, 3.0], [-2.0, -1.0], [-1.0, -1.0]]),
                                "y": np.array([1, 1, -1, -1]), "C": 1.0}, **HINGE)
    X, y = _overlapping(rng, 40)
    w0 = np.array([0.8, 0.3])
    yield make_case(("40 seeded overlapping points (seed 9), C = 0.1", "40 个随机的重叠点（种子 9），C = 0.1"), "hinge_loss_and_grad",
                    hinge_ref, {"w": w0, "b": 0.2, "X": X, "y": y, "C": 0.1}, **HINGE)
    yield make_case(("the same points, C = 10: violations dominate", "同样的点，C = 10：违规项占主导"), "hinge_loss_and_grad",
                    hinge_ref, {"w": w0, "b": 0.2, "X": X, "y": y, "C": 10.0}, **HINGE)

    yield Case(("by hand: the points of the worked objective", "手算：上面那个目标函数里的点"), "on_or_inside_street",
               {"w": np.array([1.0, -1.0]), "b": 0.0, "X": edges, "y": edges_y}, np.array([False, True, True, True, True]),
               mistakes=INSIDE_MISTAKES)
    yield _inside(("a misclassified point beyond the far edge (f = −3 for a +1 point)", "分错且越过了另一侧边缘的点（+1 类的点 f = −3）"),
                  np.array([1.0, 0.0]), 0.0, np.array([[-3.0, 0.0], [0.5, 1.0], [3.0, 0.0], [-2.0, 2.0]]), np.array([1, -1, 1, -1]))
    yield _inside(("40 seeded overlapping points (seed 9)", "40 个随机的重叠点（种子 9）"), w0 * 3, 0.2, X, y)

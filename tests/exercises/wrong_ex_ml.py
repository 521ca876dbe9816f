"""Typical wrong solutions of the ml module's exercises (see wrong_solutions.py for the format)."""

_KMEANS_ASSIGN = '''
import numpy as np
def assign(points, centroids):
    return ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
'''
_KMEANS_UPDATE = '''
def update(points, labels, old_centroids):
    new = old_centroids.astype(float)
    for j in range(len(new)):
        if (labels == j).any():
            new[j] = points[labels == j].mean(axis=0)
    return new
'''
_KMEANS_INERTIA = '''
def inertia(points, centroids, labels):
    return float(((points - centroids[labels]) ** 2).sum())
'''

_GINI = '''
import numpy as np
def gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    return float(1 - np.sum((counts / len(labels)) ** 2))
'''
_DECREASE = '''
def impurity_decrease(y, goes_left):
    left, right = y[goes_left], y[~goes_left]
    return gini(y) - (len(left) * gini(left) + len(right) * gini(right)) / len(y)
'''
_SPLIT = '''
def best_split(x, y):
    v = np.unique(x)
    t = (v[:-1] + v[1:]) / 2
    d = np.array([impurity_decrease(y, x <= c) for c in t])
    i = int(np.flatnonzero(d >= d.max() - 1e-12)[0])
    return float(t[i]), float(d[i])
'''

_POLY = '''
import numpy as np
def poly_features(x, degree):
    return x[:, None] ** np.arange(degree + 1)
'''
_RIDGE = '''
def ridge_fit(X, y, lam):
    D = np.eye(X.shape[1])
    D[0, 0] = 0
    return np.linalg.solve(X.T @ X + lam * D, X.T @ y)
'''
_SCORES = '''
def train_val_mse(x_train, y_train, x_val, y_val, degree, lam):
    w = ridge_fit(poly_features(x_train, degree), y_train, lam)
    return (float(np.mean((poly_features(x_train, degree) @ w - y_train) ** 2)),
            float(np.mean((poly_features(x_val, degree) @ w - y_val) ** 2)))
'''
_STOP = '''
def early_stopping(val_losses, patience):
    best_epoch, best, waited = 1, val_losses[0], 0
    for epoch in range(2, len(val_losses) + 1):
        if val_losses[epoch - 1] < best:
            best_epoch, best, waited = epoch, val_losses[epoch - 1], 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''


def _stop_loop(compare="loss < best", reset="waited = 0", trigger="waited == patience", start=1):
    """An early_stopping written as a learner would, with one line changed."""
    return f'''
def early_stopping(val_losses, patience):
    best, best_epoch, waited, previous = float("inf"), None, 0, float("inf")
    for epoch, loss in enumerate(val_losses, start={start}):
        if {compare}:
            if loss < best:
                best, best_epoch = loss, epoch
            {reset}
        else:
            waited += 1
            if {trigger}:
                return best_epoch, epoch
        previous = loss
    return best_epoch, len(val_losses) - 1 + {start}
'''

_STREET = '''
import numpy as np
def street(w, b, X):
    n = np.linalg.norm(w)
    return 2 / n, (X @ w + b) / n
'''
_HINGE = '''
def hinge_loss_and_grad(w, b, X, y, C):
    m = y * (X @ w + b)
    a = m < 1
    return 0.5 * w @ w + C * np.maximum(0, 1 - m).sum(), w - C * (y[a] @ X[a]), -C * y[a].sum()
'''
_INSIDE = '''
def on_or_inside_street(w, b, X, y):
    return y * (X @ w + b) <= 1
'''


def _hinge_variant(margin="y * (X @ w + b)", active="m < 1", loss="0.5 * w @ w + C * np.maximum(0, 1 - m).sum()",
                   grad_w="w - C * (y[a] @ X[a])", grad_b="-C * y[a].sum()"):
    """A hinge_loss_and_grad as a learner would write it, with one expression changed."""
    return f'''
def hinge_loss_and_grad(w, b, X, y, C):
    m = {margin}
    a = {active}
    return {loss}, {grad_w}, {grad_b}
'''

WRONG = {
    "kmeans-step": [
        ("argmax", """
import numpy as np
def assign(points, centroids):
    return ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2).argmax(axis=1)
""" + _KMEANS_UPDATE + _KMEANS_INERTIA, "nearest centroid"),
        ("loop with <= on ties", """
import numpy as np
def assign(points, centroids):
    labels = []
    for x in points:
        best, best_d = 0, float("inf")
        for j, c in enumerate(centroids):
            d = float(((x - c) ** 2).sum())
            if d <= best_d:
                best, best_d = j, d
        labels.append(best)
    return np.array(labels)
""" + _KMEANS_UPDATE + _KMEANS_INERTIA, "lowest index"),
        ("summed over the centroids axis", """
import numpy as np
def assign(points, centroids):
    return ((points[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=1).argmin(axis=1)
""" + _KMEANS_UPDATE + _KMEANS_INERTIA, "over the coordinates"),
        ("transposed centroids", """
import numpy as np
def assign(points, centroids):
    return ((points[:, None, :] - centroids.T) ** 2).sum(axis=2).argmin(axis=1)
""" + _KMEANS_UPDATE + _KMEANS_INERTIA, "centroids.T"),
        ("empty cluster becomes nan", _KMEANS_ASSIGN + """
def update(points, labels, old_centroids):
    return np.array([points[labels == j].mean(axis=0) for j in range(len(old_centroids))])
""" + _KMEANS_INERTIA, "keeps its old centroid"),
        ("empty cluster moves to the origin", _KMEANS_ASSIGN + """
def update(points, labels, old_centroids):
    k, d = old_centroids.shape
    sums = np.zeros((k, d))
    counts = np.zeros(k)
    for x, j in zip(points, labels):
        sums[j] += x
        counts[j] += 1
    return sums / np.maximum(counts, 1)[:, None]
""" + _KMEANS_INERTIA, "origin"),
        ("mean without an axis", _KMEANS_ASSIGN + """
def update(points, labels, old_centroids):
    new = old_centroids.astype(float)
    for j in range(len(new)):
        if (labels == j).any():
            new[j] = points[labels == j].mean()
    return new
""" + _KMEANS_INERTIA, "axis=0"),
        ("integer copy of the centroids", _KMEANS_ASSIGN + """
def update(points, labels, old_centroids):
    new = old_centroids.copy()
    for j in range(len(new)):
        if (labels == j).any():
            new[j] = points[labels == j].mean(axis=0)
    return new
""" + _KMEANS_INERTIA, "astype(float)"),
        ("update in place", _KMEANS_ASSIGN + """
def update(points, labels, old_centroids):
    new = old_centroids
    for j in range(len(new)):
        if (labels == j).any():
            new[j] = points[labels == j].mean(axis=0)
    return new.astype(float)
""" + _KMEANS_INERTIA, "in place"),
        ("Euclidean, not squared", _KMEANS_ASSIGN + _KMEANS_UPDATE + """
def inertia(points, centroids, labels):
    return float(np.linalg.norm(points - centroids[labels], axis=1).sum())
""", "squared distances"),
        ("mean, not sum", _KMEANS_ASSIGN + _KMEANS_UPDATE + """
def inertia(points, centroids, labels):
    return float(((points - centroids[labels]) ** 2).sum(axis=1).mean())
""", "is a sum"),
        ("nearest centroid, labels ignored", _KMEANS_ASSIGN + _KMEANS_UPDATE + """
def inertia(points, centroids, labels):
    return float(((points[:, None, :] - centroids[None]) ** 2).sum(axis=2).min(axis=1).sum())
""", "centroids[labels]"),
    ],
    "gini-split": [
        ("entropy", """
import numpy as np
def gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    p = counts / len(labels)
    return float(-np.sum(p * np.log2(p)))
""" + _DECREASE + _SPLIT, "entropy"),
        ("1 - sum p", """
import numpy as np
def gini(labels):
    _, counts = np.unique(labels, return_counts=True)
    return float(1 - np.sum(counts / len(labels)))
""" + _DECREASE + _SPLIT, "always 0"),
        ("binary only", """
import numpy as np
def gini(labels):
    p = np.mean(labels == 1)
    return float(1 - p ** 2 - (1 - p) ** 2)
""" + _DECREASE + _SPLIT, "np.unique(labels, return_counts=True)"),
        ("unweighted children", _GINI + """
def impurity_decrease(y, goes_left):
    return gini(y) - (gini(y[goes_left]) + gini(y[~goes_left])) / 2
""" + _SPLIT, "share of the samples"),
        ("weights swapped", _GINI + """
def impurity_decrease(y, goes_left):
    left, right = y[goes_left], y[~goes_left]
    return gini(y) - (len(right) * gini(left) + len(left) * gini(right)) / len(y)
""" + _SPLIT, "swapped"),
        ("weighted by the counts, not the shares", _GINI + """
def impurity_decrease(y, goes_left):
    left, right = y[goes_left], y[~goes_left]
    return gini(y) - (len(left) * gini(left) + len(right) * gini(right))
""" + _SPLIT, "without dividing by n"),
        ("returns the children's impurity", _GINI + """
def impurity_decrease(y, goes_left):
    left, right = y[goes_left], y[~goes_left]
    return (len(left) * gini(left) + len(right) * gini(right)) / len(y)
""" + _SPLIT, "minus it"),
        ("midpoints in the given order", _GINI + _DECREASE + """
def best_split(x, y):
    t = (x[:-1] + x[1:]) / 2
    d = np.array([impurity_decrease(y, x <= c) for c in t])
    i = int(np.argmax(d))
    return float(t[i]), float(d[i])
""", "sort the distinct values first"),
        ("sorted, not de-duplicated", _GINI + _DECREASE + """
def best_split(x, y):
    v = np.sort(x)
    t = (v[:-1] + v[1:]) / 2
    d = np.array([impurity_decrease(y, x <= c) for c in t])
    i = int(np.argmax(d))
    return float(t[i]), float(d[i])
""", "two equal neighbours"),
        ("threshold at a value", _GINI + _DECREASE + """
def best_split(x, y):
    v = np.unique(x)
    d = np.array([impurity_decrease(y, x <= c) for c in v[:-1]])
    i = int(np.argmax(d))
    return float(v[i]), float(d[i])
""", "midpoint"),
        ("last of the tied thresholds", _GINI + _DECREASE + """
def best_split(x, y):
    v = np.unique(x)
    best_t, best_d = None, -1.0
    for c in (v[:-1] + v[1:]) / 2:
        d = impurity_decrease(y, x <= c)
        if d >= best_d:
            best_t, best_d = float(c), float(d)
    return best_t, best_d
""", "smallest"),
    ],
    "ridge-polynomial": [
        ("no bias column", """
import numpy as np
def poly_features(x, degree):
    return x[:, None] ** np.arange(1, degree + 1)
""" + _RIDGE + _SCORES + _STOP, "column of ones"),
        ("np.vander's order", """
import numpy as np
def poly_features(x, degree):
    return np.vander(x, degree + 1)
""" + _RIDGE + _SCORES + _STOP, "increasing=True"),
        ("one power too many", """
import numpy as np
def poly_features(x, degree):
    return np.stack([x ** j for j in range(degree + 2)], axis=1)
""" + _RIDGE + _SCORES + _STOP, "np.arange(degree + 1)"),
        ("bias penalised", _POLY + """
def ridge_fit(X, y, lam):
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
""" + _SCORES + _STOP, "penalised the bias"),
        ("lam added to every entry", _POLY + """
def ridge_fit(X, y, lam):
    return np.linalg.inv(X.T @ X + lam) @ X.T @ y
""" + _SCORES + _STOP, "every entry"),
        ("no penalty", _POLY + """
def ridge_fit(X, y, lam):
    return np.linalg.lstsq(X, y, rcond=None)[0]
""" + _SCORES + _STOP, "plain least squares"),
        ("X X^T", _POLY + """
def ridge_fit(X, y, lam):
    D = np.eye(X.shape[1])
    D[0, 0] = 0
    return np.linalg.solve(X @ X.T + lam * D, X.T @ y)
""" + _SCORES + _STOP, "X @ X.T"),
        ("RMSE", _POLY + _RIDGE + """
def train_val_mse(x_train, y_train, x_val, y_val, degree, lam):
    w = ridge_fit(poly_features(x_train, degree), y_train, lam)
    rmse = lambda x, y: float(np.sqrt(np.mean((poly_features(x, degree) @ w - y) ** 2)))
    return rmse(x_train, y_train), rmse(x_val, y_val)
""" + _STOP, "square root"),
        ("fitted on all points", _POLY + _RIDGE + """
def train_val_mse(x_train, y_train, x_val, y_val, degree, lam):
    x, y = np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val])
    w = ridge_fit(poly_features(x, degree), y, lam)
    mse = lambda x, y: float(np.mean((poly_features(x, degree) @ w - y) ** 2))
    return mse(x_train, y_train), mse(x_val, y_val)
""" + _STOP, "training points only"),
        ("a second fit on the validation points", _POLY + _RIDGE + """
def train_val_mse(x_train, y_train, x_val, y_val, degree, lam):
    def mse(x, y):
        X = poly_features(x, degree)
        return float(np.mean((X @ ridge_fit(X, y, lam) - y) ** 2))
    return mse(x_train, y_train), mse(x_val, y_val)
""" + _STOP, "second fit"),
        ("counter never reset", _POLY + _RIDGE + _SCORES + _stop_loop(reset="pass"), "in a row"),
        ("epochs from 0", _POLY + _RIDGE + _SCORES + _stop_loop(start=0), "from 1"),
        ("compared with the previous epoch", _POLY + _RIDGE + _SCORES + _stop_loop(compare="loss < previous"), "best loss so far"),
        ("equal counts as better", _POLY + _RIDGE + _SCORES + _stop_loop(compare="loss <= best"), "strictly lower"),
        ("one epoch late", _POLY + _RIDGE + _SCORES + _stop_loop(trigger="waited > patience"), "one epoch late"),
    ],
    "hinge-loss": [
        ("width 1/‖w‖", """
import numpy as np
def street(w, b, X):
    n = np.linalg.norm(w)
    return 1 / n, (X @ w + b) / n
""" + _HINGE + _INSIDE, "2/‖w‖ wide"),
        ("divided by w·w", """
import numpy as np
def street(w, b, X):
    return 2 / (w @ w), (X @ w + b) / (w @ w)
""" + _HINGE + _INSIDE, "‖w‖²"),
        ("unsigned distances", """
import numpy as np
def street(w, b, X):
    n = np.linalg.norm(w)
    return 2 / n, np.abs(X @ w + b) / n
""" + _HINGE + _INSIDE, "signed distance"),
        ("margin without the label", _STREET + _hinge_variant(margin="X @ w + b") + _INSIDE, "without the label"),
        ("points on the edge counted", _STREET + _hinge_variant(active="m <= 1") + _INSIDE, "exactly on an edge"),
        ("b regularised", _STREET + _hinge_variant(loss="0.5 * (w @ w + b * b) + C * np.maximum(0, 1 - m).sum()",
                                                   grad_b="b - C * y[a].sum()") + _INSIDE, "regularised b"),
        ("mean, not sum", _STREET + _hinge_variant(loss="0.5 * w @ w + C * np.maximum(0, 1 - m).mean()",
                                                   grad_w="w - C * (y[a] @ X[a]) / len(y)", grad_b="-C * y[a].sum() / len(y)")
         + _INSIDE, "a sum"),
        ("‖w‖² without the half", _STREET + _hinge_variant(loss="w @ w + C * np.maximum(0, 1 - m).sum()", grad_w="2 * w - C * (y[a] @ X[a])")
         + _INSIDE, "½‖w‖²"),
        ("½‖w‖ unsquared", _STREET + _hinge_variant(loss="0.5 * np.linalg.norm(w) + C * np.maximum(0, 1 - m).sum()") + _INSIDE,
         "squared norm"),
        ("gradient sign", _STREET + _hinge_variant(grad_w="w + C * (y[a] @ X[a])", grad_b="C * y[a].sum()") + _INSIDE, "wrong sign"),
        ("no max", _STREET + _hinge_variant(loss="0.5 * w @ w + C * (1 - m).sum()", active="m < np.inf") + _INSIDE, "max(0, ·)"),
        ("edge points left out of the mask", _STREET + _HINGE + """
def on_or_inside_street(w, b, X, y):
    return y * (X @ w + b) < 1
""", "m <= 1"),
        ("labels ignored in the mask", _STREET + _HINGE + """
def on_or_inside_street(w, b, X, y):
    return np.abs(X @ w + b) <= 1
""", "ignores the labels"),
    ],
}

ALSO_RIGHT = {
    # ‖x‖² − 2x·μ + ‖μ‖² (as scikit-learn computes it), np.add.at sums, np.einsum: the same answers.
    "kmeans-step": """
import numpy as np
def assign(points, centroids):
    x = points.astype(float)
    d = (x ** 2).sum(1)[:, None] - 2 * x @ centroids.T + (centroids ** 2).sum(1)[None, :]
    return np.argmin(d, axis=1)

def update(points, labels, old_centroids):
    k = len(old_centroids)
    sums = np.zeros(old_centroids.shape)
    np.add.at(sums, labels, points)
    counts = np.bincount(labels, minlength=k)[:, None]
    return np.where(counts > 0, sums / np.maximum(counts, 1), old_centroids)

def inertia(points, centroids, labels):
    diff = points - centroids[labels]
    return float(np.einsum("ij,ij->", diff, diff))
""",
    # class counts by np.bincount, a loop over sorted values with x < t and a strict improvement
    "gini-split": """
import numpy as np
def gini(labels):
    p = np.bincount(labels) / len(labels)
    return float(1.0 - p @ p)

def impurity_decrease(y, goes_left):
    n, n_left = len(y), int(goes_left.sum())
    return gini(y) - n_left / n * gini(y[goes_left]) - (n - n_left) / n * gini(y[~goes_left])

def best_split(x, y):
    values = sorted(set(x.tolist()))
    best = (None, -np.inf)
    for a, b in zip(values, values[1:]):
        t = (a + b) / 2
        d = impurity_decrease(y, x < t)
        if d > best[1] + 1e-12:
            best = (t, d)
    return best
""",
    # np.vander(increasing=True), an inverse, the augmented least-squares system [X; √lam·D] w ≈ [y; 0], and early
    # stopping from the running minimum: all right, and the ill-conditioned degree-15 fit must not tell them apart.
    "ridge-polynomial": """
import numpy as np
def poly_features(x, degree):
    return np.vander(x, degree + 1, increasing=True).astype(float)

def ridge_fit(X, y, lam):
    d = X.shape[1]
    root = np.sqrt(lam) * np.diag([0.0] + [1.0] * (d - 1))
    return np.linalg.lstsq(np.vstack([X, root]), np.concatenate([y, np.zeros(d)]), rcond=None)[0]

def train_val_mse(x_train, y_train, x_val, y_val, degree, lam):
    X = poly_features(x_train, degree)
    D = np.eye(degree + 1)
    D[0, 0] = 0
    w = np.linalg.inv(X.T @ X + lam * D) @ X.T @ y_train
    return float(np.mean((X @ w - y_train) ** 2)), float(np.mean((poly_features(x_val, degree) @ w - y_val) ** 2))

def early_stopping(val_losses, patience):
    best_so_far = np.minimum.accumulate(val_losses)
    improved = np.r_[True, best_so_far[1:] < best_so_far[:-1]]
    for epoch in range(len(val_losses)):
        last = np.flatnonzero(improved[:epoch + 1])[-1]
        if epoch - last == patience:
            return int(last) + 1, epoch + 1
    return int(np.flatnonzero(improved)[-1]) + 1, len(val_losses)
""",
    # np.where for the active points, the hinge's derivative as a 0/1 vector, distances by np.hypot-free einsum
    "hinge-loss": """
import numpy as np
def street(w, b, X):
    norm = np.sqrt(np.einsum("i,i->", w, w))
    return float(2 / norm), np.einsum("nd,d->n", X, w) / norm + b / norm

def hinge_loss_and_grad(w, b, X, y, C):
    f = X @ w + b
    slack = np.where(y * f < 1, 1 - y * f, 0.0)
    active = (slack > 0).astype(float)
    coef = -C * active * y
    return float(w @ w / 2 + C * slack.sum()), w + X.T @ coef, float(coef.sum())

def on_or_inside_street(w, b, X, y):
    return ~(y * (X @ w + b) > 1)
""",
}

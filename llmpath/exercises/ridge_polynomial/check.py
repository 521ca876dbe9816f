"""Checks for ridge-polynomial: features by hand (and degree 0), a hand-worked least-squares line and a
hand-worked ridge fit whose bias a penalty would move, a square X (n = d, where XXᵀ still runs), seeded
fits of degree 3 and 8, the unit's under/overfitting table on seeded data (degrees 1, 3, 15 and 15 with ridge), and the unit's early-stopping
curve with a curve where comparing with the previous epoch, a plateau, or a counter never reset goes wrong."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import (early_stopping as stop_ref, poly_features as poly_ref, ridge_fit as ridge_ref,
                       train_val_mse as scores_ref)


def _no_bias_column(x, degree):
    return poly_ref(x, degree)[:, 1:]


def _one_degree_too_many(x, degree):
    return poly_ref(x, degree + 1)


def _decreasing_powers(x, degree):
    return np.vander(np.asarray(x, dtype=float), degree + 1)      # numpy's default order: x**degree first


def _from_degree_one(x, degree):
    return poly_ref(x, degree + 1)[:, 1:]                         # x¹ … x^(degree+1): the bias swapped for a power


POLY_MISTAKES = (
    Mistake("no_bias_column", _no_bias_column),
    Mistake("one_degree_too_many", _one_degree_too_many),
    Mistake("decreasing_powers", _decreasing_powers),
    Mistake("no_bias_column", _from_degree_one),
)


def _ridge(penalty_of):
    def fit(X, y, lam):
        return np.linalg.solve(X.T @ X + penalty_of(X, lam), X.T @ y)
    return fit


def _bias_free_penalty(X, lam):
    d = lam * np.eye(X.shape[1])
    d[0, 0] = 0.0
    return d


def _gram_transposed(X, y, lam):
    return np.linalg.solve(X @ X.T + _bias_free_penalty(X, lam), X.T @ y)   # (n, n): runs only when n == d


RIDGE_MISTAKES = (
    Mistake("penalised_bias", _ridge(lambda X, lam: lam * np.eye(X.shape[1]))),
    Mistake("lam_everywhere", _ridge(lambda X, lam: lam)),                    # + lam adds λ to every entry
    Mistake("no_penalty", _ridge(lambda X, lam: 0.0)),
    Mistake("gram_transposed", _gram_transposed),
)


def _scores(score, *, swap=False, fit_on_all=False):
    def scores(x_train, y_train, x_val, y_val, degree, lam):
        xs, ys = (np.concatenate([x_train, x_val]), np.concatenate([y_train, y_val])) if fit_on_all else (x_train, y_train)
        w = ridge_ref(poly_ref(xs, degree), ys, lam)
        train = score(poly_ref(x_train, degree) @ w - y_train)
        val = score(poly_ref(x_val, degree) @ w - y_val)
        return (val, train) if swap else (train, val)
    return scores


def _mean_sq(r):
    return float(np.mean(r ** 2))


def _refit_on_validation(x_train, y_train, x_val, y_val, degree, lam):
    def own_fit_mse(x, y):                               # a fit of its own on each set: the validation error is a training error
        X = poly_ref(x, degree)
        return _mean_sq(X @ ridge_ref(X, y, lam) - y)
    return own_fit_mse(x_train, y_train), own_fit_mse(x_val, y_val)


SCORE_MISTAKES = (               # refit_on_validation before swapped_scores: on the hand case both give a validation error of 0
    Mistake("sum_not_mean", _scores(lambda r: float(np.sum(r ** 2)))),
    Mistake("root_mse", _scores(lambda r: float(np.sqrt(np.mean(r ** 2))))),
    Mistake("refit_on_validation", _refit_on_validation),
    Mistake("swapped_scores", _scores(_mean_sq, swap=True)),
    Mistake("fit_on_validation_too", _scores(_mean_sq, fit_on_all=True)),
)


def _stopper(*, improved=lambda loss, best, previous: loss < best, reset=True, late=False, zero_based=False, last_weights=False):
    def stop(val_losses, patience):
        best_epoch, best, waited = 1, float(val_losses[0]), 0
        result = None
        for epoch in range(2, len(val_losses) + 1):
            loss, previous = float(val_losses[epoch - 1]), float(val_losses[epoch - 2])
            if improved(loss, best, previous):
                if loss < best:
                    best_epoch, best = epoch, loss
                if reset:
                    waited = 0
            else:
                waited += 1
                if waited == patience + (1 if late else 0):
                    result = (best_epoch, epoch)
                    break
        if result is None:
            result = (best_epoch, len(val_losses))
        if last_weights:
            result = (result[1], result[1])
        return (result[0] - 1, result[1] - 1) if zero_based else result
    return stop


STOP_MISTAKES = (                # counter_not_reset first: on the unit's curve it stops at 8, as zero-based epochs do
    Mistake("counter_not_reset", _stopper(reset=False)),
    Mistake("zero_based_epochs", _stopper(zero_based=True)),
    Mistake("compared_with_previous", _stopper(improved=lambda loss, best, previous: loss < previous)),
    Mistake("equal_is_improvement", _stopper(improved=lambda loss, best, previous: loss <= best)),
    Mistake("one_epoch_late", _stopper(late=True)),
    Mistake("last_not_best", _stopper(last_weights=True)),
)

CLOSE = {"rtol": 1e-7, "atol": 1e-9}
# A degree-15 fit without a penalty is ill-conditioned (cond(XᵀX) ≈ 1e12): solve, inv and lstsq agree only to
# about 1e-5 on its errors, and all three are right. The mistakes change the errors by far more.
TABLE = {"rtol": 1e-4, "atol": 1e-9}


def _poly(name, x, degree):
    return make_case(name, "poly_features", poly_ref, {"x": x, "degree": degree}, mistakes=POLY_MISTAKES, **CLOSE)


def _ridge_case(name, X, y, lam):
    return make_case(name, "ridge_fit", ridge_ref, {"X": X, "y": y, "lam": lam}, mistakes=RIDGE_MISTAKES, **CLOSE)


def _scores_case(name, data, degree, lam):
    return make_case(name, "train_val_mse", scores_ref, {**data, "degree": degree, "lam": lam}, mistakes=SCORE_MISTAKES,
                     outputs=("train_mse", "val_mse"), **TABLE)


def _stop(name, losses, patience, expected=None):
    args = {"val_losses": np.array(losses, dtype=float), "patience": patience}
    opts = {"mistakes": STOP_MISTAKES, "outputs": ("best_epoch", "stop_epoch"), "rtol": 0.0, "atol": 0.0}
    if expected is not None:
        return Case(name, "early_stopping", args, expected, **opts)
    return make_case(name, "early_stopping", stop_ref, args, **opts)


def _sine(rng, n, noise):
    x = rng.gen.uniform(-1.0, 1.0, n)
    return x, np.sin(np.pi * x) + rng.normal(n, scale=noise)


def cases():
    yield Case(("by hand: x = [0, 1, 2, 3], degree 2", "手算：x = [0, 1, 2, 3]，次数 2"), "poly_features",
               {"x": np.array([0.0, 1.0, 2.0, 3.0]), "degree": 2},
               np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 2.0, 4.0], [1.0, 3.0, 9.0]]), mistakes=POLY_MISTAKES, **CLOSE)
    yield _poly(("degree 0: only the bias column", "次数 0：只有偏置列"), np.array([0.5, -2.0, 3.0]), 0)
    rng = Rng(4)
    yield _poly(("seeded x in [-1, 1] (seed 4), degree 5", "[-1, 1] 中的随机 x（种子 4），次数 5"), rng.gen.uniform(-1, 1, 7), 5)

    # Square first (n = d = 2), so that X @ X.T runs and is named: XᵀX + 2D = [[2, 2], [2, 6]], Xᵀy = [6, 10] → w = [2, 1].
    yield Case(("by hand, n = d = 2: X = [[1, 0], [1, 2]], y = [1, 5], lam = 2", "手算，n = d = 2：X = [[1, 0], [1, 2]]，y = [1, 5]，lam = 2"),
               "ridge_fit", {"X": np.array([[1.0, 0.0], [1.0, 2.0]]), "y": np.array([1.0, 5.0]), "lam": 2.0},
               np.array([2.0, 1.0]), mistakes=RIDGE_MISTAKES, **CLOSE)
    line = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    yield Case(("by hand: y = 1 + 2x exactly, lam = 0", "手算：y = 1 + 2x 恰好成立，lam = 0"), "ridge_fit",
               {"X": line, "y": np.array([1.0, 3.0, 5.0]), "lam": 0.0}, np.array([1.0, 2.0]), mistakes=RIDGE_MISTAKES, **CLOSE)
    # XᵀX = [[3, 0], [0, 2]], Xᵀy = [9, 4]; + λD = [[3, 0], [0, 4]] → w = [3, 1]: the bias stays the mean of y.
    yield Case(("by hand: lam = 2 shrinks the slope 2 → 1, the bias stays 3", "手算：lam = 2 把斜率从 2 缩到 1，偏置仍为 3"), "ridge_fit",
               {"X": np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 1.0]]), "y": np.array([1.0, 3.0, 5.0]), "lam": 2.0},
               np.array([3.0, 1.0]), mistakes=RIDGE_MISTAKES, **CLOSE)
    square_x = np.array([-1.0, 0.5, 2.0])
    yield _ridge_case(("a square X: n = d = 3 (XXᵀ has the same shape as XᵀX)", "方阵 X：n = d = 3（XXᵀ 与 XᵀX 形状相同）"),
                      poly_ref(square_x, 2), np.array([2.0, -1.0, 4.0]), 0.5)
    x3, y3 = _sine(rng, 20, 0.2)
    yield _ridge_case(("seeded sine, degree 3, lam = 0.1 (seed 4)", "随机正弦数据，次数 3，lam = 0.1（种子 4）"), poly_ref(x3, 3), y3, 0.1)
    yield _ridge_case(("seeded sine, degree 8, lam = 0.01 (seed 4)", "随机正弦数据，次数 8，lam = 0.01（种子 4）"), poly_ref(x3, 8), y3, 0.01)

    hand = {"x_train": np.array([0.0, 1.0, 2.0]), "y_train": np.array([1.0, 3.0, 5.0]),
            "x_val": np.array([3.0, 4.0]), "y_val": np.array([7.0, 10.0])}
    yield Case(("by hand: a line through the training points, validation off by 0 and 1", "手算：直线穿过训练点，验证点偏差 0 和 1"),
               "train_val_mse", {**hand, "degree": 1, "lam": 0.0}, (0.0, 0.5), mistakes=SCORE_MISTAKES,
               outputs=("train_mse", "val_mse"), **CLOSE)
    table = Rng(3)                 # the unit's table on its own seed: train 0.24 → 0.06 → 0.03, validation 0.27 → 0.08 → 0.64
    x_tr, y_tr = _sine(table, 30, 0.25)
    x_va, y_va = _sine(table, 30, 0.25)
    data = {"x_train": x_tr, "y_train": y_tr, "x_val": x_va, "y_val": y_va}
    for degree, lam, en, zh in ((1, 0.0, "underfits", "欠拟合"), (3, 0.0, "fits", "合适"), (15, 0.0, "overfits", "过拟合"),
                                (15, 0.01, "ridge pulls it back", "岭回归把它拉了回来")):
        yield _scores_case((f"30 + 30 seeded sine points (seed 3), degree {degree}, lam = {lam:g}: {en}",
                            f"30 + 30 个随机正弦点（种子 3），次数 {degree}，lam = {lam:g}：{zh}"), data, degree, lam)

    yield _stop(("the unit's curve, patience 3: best epoch 6, stop after 9", "单元中的曲线，patience 3：最好是第 6 轮，第 9 轮后停止"),
                [0.90, 0.72, 0.65, 0.61, 0.63, 0.60, 0.62, 0.64, 0.66], 3, expected=(6, 9))
    yield _stop(("ups and downs that never beat epoch 2, patience 3", "有升有降但都没超过第 2 轮，patience 3"),
                [0.80, 0.50, 0.70, 0.60, 0.65, 0.55, 0.58], 3, expected=(2, 5))
    yield _stop(("a plateau: an equal loss is no improvement, patience 2", "平台：相等的损失不算改进，patience 2"),
                [0.50, 0.40, 0.40, 0.40, 0.30], 2, expected=(2, 4))
    yield _stop(("still improving at the end: no stop before the last epoch", "到最后仍在改进：直到最后一轮才停"),
                [1.0, 0.9, 0.95, 0.8, 0.7], 2)
    yield _stop(("patience 1", "patience 1"), [0.3, 0.2, 0.25, 0.1], 1)
    epochs = np.arange(1, 41)
    noisy = 0.5 + 2.0 / epochs + 0.004 * epochs + rng.normal(40, scale=0.02)
    yield _stop(("a seeded noisy U-shaped curve, 40 epochs, patience 5 (seed 4)", "随机的带噪声 U 形曲线，40 轮，patience 5（种子 4）"),
                noisy, 5)

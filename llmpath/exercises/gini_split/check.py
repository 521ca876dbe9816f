"""Checks for gini-split: the unit's worked node and split by hand, a pure node, three classes and class
ids that are not 0/1, a split that peels off one sample (weighting matters), unsorted values with
duplicates, a pure node where every threshold ties, a split that unweighted children and entropy would both place
elsewhere, and seeded data."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import TIE, best_split as split_ref, gini as gini_ref, impurity_decrease as decrease_ref


def _shares(labels):
    _, counts = np.unique(labels, return_counts=True)
    return counts / len(labels)


def _entropy(labels):
    p = _shares(labels)
    return float(-np.sum(p * np.log2(p)))


def _one_minus_sum_p(labels):
    return float(1.0 - np.sum(_shares(labels)))


def _sum_p_squared(labels):
    return float(np.sum(_shares(labels) ** 2))


def _counts_not_shares(labels):
    _, counts = np.unique(labels, return_counts=True)
    return float(1.0 - np.sum(counts.astype(float) ** 2))


def _binary_positives(labels):
    p = float(np.mean(labels == 1))                # the share of class 1, as if the only classes were 0 and 1
    return 1.0 - p ** 2 - (1.0 - p) ** 2


def _binary_mean(labels):
    p = float(np.mean(labels))                     # the mean label as the share of class 1
    return 1.0 - p ** 2 - (1.0 - p) ** 2


GINI_MISTAKES = (                                  # binary_only first: on a 0/1 node it changes nothing, elsewhere it can give 0
    Mistake("binary_only", _binary_positives),
    Mistake("binary_only", _binary_mean),
    Mistake("entropy", _entropy),
    Mistake("one_minus_sum_p", _one_minus_sum_p),
    Mistake("sum_p_squared", _sum_p_squared),
    Mistake("counts_not_shares", _counts_not_shares),
)


def _decrease(impurity, combine):
    def decrease(y, goes_left):
        left, right = y[goes_left], y[~goes_left]
        return impurity(y) - combine(len(left) / len(y), impurity(left), len(right) / len(y), impurity(right))
    return decrease


_weighted = lambda wl, gl, wr, gr: wl * gl + wr * gr                       # noqa: E731
_unweighted = lambda wl, gl, wr, gr: (gl + gr) / 2                         # noqa: E731
_summed = lambda wl, gl, wr, gr: gl + gr                                   # noqa: E731
_swapped = lambda wl, gl, wr, gr: wr * gl + wl * gr                        # noqa: E731


def _count_weighted(y, goes_left):
    left, right = y[goes_left], y[~goes_left]
    return gini_ref(y) - (len(left) * gini_ref(left) + len(right) * gini_ref(right))   # the counts, never divided by n


def _weighted_only(y, goes_left):
    return gini_ref(y) - decrease_ref(y, goes_left)


DECREASE_MISTAKES = (
    Mistake("unweighted", _decrease(gini_ref, _unweighted)),
    Mistake("summed_children", _decrease(gini_ref, _summed)),
    Mistake("counts_as_weights", _count_weighted),
    Mistake("swapped_weights", _decrease(gini_ref, _swapped)),
    Mistake("children_not_decrease", _weighted_only),
    Mistake("entropy", _decrease(_entropy, _weighted)),
)


def _split(thresholds_of, decrease=decrease_ref, *, last_tie=False, at_value=False):
    def split(x, y):
        values, thresholds = thresholds_of(x)
        decreases = np.array([decrease(y, x <= t) for t in thresholds])
        best_ones = np.flatnonzero(decreases >= decreases.max() - TIE)
        best = int(best_ones[-1] if last_tie else best_ones[0])
        return float(values[best] if at_value else thresholds[best]), float(decreases[best])
    return split


def _distinct(x):
    values = np.unique(x)
    return values, (values[:-1] + values[1:]) / 2


def _unsorted(x):                                  # neighbours in the order given, not in sorted order
    return x, (x[:-1] + x[1:]) / 2


def _with_duplicates(x):                           # sorted, but equal neighbours give a midpoint at a value
    values = np.sort(x)
    return values, (values[:-1] + values[1:]) / 2


SPLIT_MISTAKES = (
    Mistake("duplicate_values", _split(_with_duplicates)),      # first: after a repeated value the next two give its value too
    Mistake("unsorted", _split(_unsorted)),
    Mistake("threshold_at_value", _split(_distinct, at_value=True)),
    Mistake("last_of_ties", _split(_distinct, last_tie=True)),
    Mistake("unweighted", _split(_distinct, _decrease(gini_ref, _unweighted))),
    Mistake("counts_as_weights", _split(_distinct, _count_weighted)),
    Mistake("entropy", _split(_distinct, _decrease(_entropy, _weighted))),
    Mistake("children_not_decrease", lambda x, y: (split_ref(x, y)[0], gini_ref(y) - split_ref(x, y)[1])),
)

CLOSE = {"rtol": 1e-9, "atol": 1e-12}
SPLIT = {"mistakes": SPLIT_MISTAKES, "outputs": ("threshold", "decrease"), **CLOSE}


def _gini(name, labels):
    return make_case(name, "gini", gini_ref, {"labels": labels}, mistakes=GINI_MISTAKES, **CLOSE)


def _drop(name, y, goes_left):
    return make_case(name, "impurity_decrease", decrease_ref, {"y": y, "goes_left": goes_left}, mistakes=DECREASE_MISTAKES, **CLOSE)


def _best(name, x, y):
    return make_case(name, "best_split", split_ref, {"x": x, "y": y}, **SPLIT)


def cases():
    # The unit's worked node and split: [6 yes, 4 no] → 0.48; left [5, 1], right [1, 3] → 0.48 − 0.3167 = 49/300.
    node = np.array([1, 1, 1, 1, 1, 1, 0, 0, 0, 0])
    yield Case(("the unit's node [6 yes, 4 no]: 1 − (0.6² + 0.4²)", "单元中的节点 [6 是，4 否]：1 − (0.6² + 0.4²)"), "gini",
               {"labels": node}, 0.48, mistakes=GINI_MISTAKES, **CLOSE)
    yield Case(("three classes, one sample each: 1 − 3 · (1/3)²", "三个类别各一个样本：1 − 3 · (1/3)²"), "gini",
               {"labels": np.array([0, 1, 2])}, 2.0 / 3.0, mistakes=GINI_MISTAKES, **CLOSE)
    yield _gini(("class ids 2 and 5, not 0 and 1", "类别编号为 2 和 5，而不是 0 和 1"), np.array([5, 2, 5, 5, 2, 5, 5]))
    yield _gini(("a pure node: impurity 0", "纯节点：不纯度为 0"), np.array([3, 3, 3, 3]))
    rng = Rng(11)
    yield _gini(("seeded labels of 4 classes (seed 11)", "随机的四类标签（种子 11）"), rng.integers(0, 4, 50))

    worked_left = np.array([True] * 5 + [False] + [True] + [False] * 3)
    yield Case(("the unit's split: left [5 yes, 1 no], right [1 yes, 3 no]", "单元中的划分：左 [5 是，1 否]，右 [1 是，3 否]"),
               "impurity_decrease", {"y": node, "goes_left": worked_left}, 49.0 / 300.0, mistakes=DECREASE_MISTAKES, **CLOSE)
    yield _drop(("one sample peeled off: the small child must weigh little", "只分出一个样本：小的子节点权重应该很小"),
                np.array([0, 0, 1, 0, 1, 1, 0, 1, 1]), np.array([True] + [False] * 8))
    yield _drop(("three classes, a perfect split of class 2 (seed 11)", "三个类别，把类别 2 完全分开（种子 11）"),
                np.array([2, 0, 1, 2, 1, 0, 2, 0]), np.array([True, False, False, True, False, False, True, False]))
    y = rng.integers(0, 3, 40)
    yield _drop(("seeded labels and mask (seed 11)", "随机标签与掩码（种子 11）"), y, rng.gen.random(40) < 0.3)

    # best_split by hand: sorted distinct values 1, 2, 3, 7, 8 → midpoints 1.5, 2.5, 5, 7.5; 5 separates the classes.
    yield Case(("by hand: x = [2, 7, 1, 8, 3], the classes split at 5", "手算：x = [2, 7, 1, 8, 3]，两类在 5 处分开"), "best_split",
               {"x": np.array([2.0, 7.0, 1.0, 8.0, 3.0]), "y": np.array([0, 1, 0, 1, 0])}, (5.0, 0.48), **SPLIT)
    yield _best(("unsorted values with duplicates: the best split follows the repeated 4", "未排序且有重复值：最佳划分紧跟在重复的 4 之后"),
                np.array([4.0, 1.0, 6.0, 2.0, 4.0, 1.0, 9.0, 6.0]), np.array([0, 0, 1, 0, 0, 0, 1, 1]))
    yield _best(("a pure node: every threshold ties at 0, the smallest wins", "纯节点：所有阈值的下降都为 0，取最小的阈值"),
                np.array([3.0, 0.5, 2.0, 1.0]), np.array([1, 1, 1, 1]))
    yield _best(("x = 0 … 9: unweighted, peeling off x = 0 looks best; entropy prefers 1.5", "x = 0 … 9：不加权时只分出 x = 0 看起来最好；信息熵则选 1.5"),
                np.arange(10.0), np.array([0, 0, 1, 0, 0, 0, 1, 0, 1, 0]))
    yield _best(("three classes (seed 11)", "三个类别（种子 11）"), np.round(rng.normal(30, scale=3.0), 1), rng.integers(0, 3, 30))
    xs = rng.normal(60, scale=2.0)
    yield _best(("seeded: y depends on x with noise (seed 11), n = 60", "随机数据：y 带噪声地依赖于 x（种子 11），n = 60"),
                xs, (xs + rng.normal(60) > 0.5).astype(int))

"""Checks for kfold-indices: even splits, remainders, leave-one-out, compared fold by fold."""

import numpy as np

from llmpath.exercises.checking import Mistake, make_case
from .solution import kfold_indices as reference



def _ints(value):
    """The indices as given: the contract says increasing order, so they are not sorted here."""
    arr = np.asarray(value)
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        raise TypeError
    return arr.astype(int)


def _order_problem(i, part, got, want):
    """The right indices in another order: the contract ("in increasing order") is broken, and said so."""
    if np.array_equal(np.sort(got), want):
        return (f"fold {i}: the {part} indices are right but not in increasing order ({got.tolist()}); "
                f"the task asks for increasing order: build them in order or np.sort them",
                f"第 {i} 折：{part} 索引是对的，但没有按升序排列（{got.tolist()}）；题目要求升序：按顺序生成或用 np.sort 排序")
    return None


def compare(got, expected):
    """Fold by fold, in words."""
    if not isinstance(got, (list, tuple)):
        return (f"expected a list of {len(expected)} (train, test) pairs, got {type(got).__name__}",
                f"应返回由 {len(expected)} 个 (train, test) 组成的列表，实际得到 {type(got).__name__}")
    if len(got) != len(expected):
        return (f"expected {len(expected)} folds, got {len(got)}", f"应有 {len(expected)} 折，实际得到 {len(got)} 折")
    for i, (pair, (train_e, test_e)) in enumerate(zip(got, expected)):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return (f"fold {i} is not a (train_idx, test_idx) pair", f"第 {i} 折不是 (train_idx, test_idx) 二元组")
        try:
            train, test = _ints(pair[0]), _ints(pair[1])
        except (TypeError, ValueError):
            return (f"fold {i}: indices must be 1-D integer arrays", f"第 {i} 折：索引必须是一维整数数组")
        if not np.array_equal(test, test_e):
            unordered = _order_problem(i, "test", test, test_e)
            if unordered:
                return unordered
            return (f"fold {i}: test indices should be {test_e.tolist()}, got {test.tolist()}",
                    f"第 {i} 折：测试索引应为 {test_e.tolist()}，实际为 {test.tolist()}")
        if not np.array_equal(train, train_e):
            unordered = _order_problem(i, "train", train, train_e)
            if unordered:
                return unordered
            return (f"fold {i}: train indices should be {train_e.tolist()}, got {train.tolist()}",
                    f"第 {i} 折：训练索引应为 {train_e.tolist()}，实际为 {train.tolist()}")
    return None


def show(folds):
    """'test folds: [0 1 2 3] [4 5 6] [7 8 9]' — the train folds follow from them."""
    return "test folds: " + " ".join("[" + " ".join(str(int(i)) for i in np.asarray(test)) + "]" for _, test in folds)


def _pairs(tests, n):
    everything = np.arange(n)
    return [(np.setdiff1d(everything, t), np.asarray(t, dtype=int)) for t in tests]


def _drop_remainder(n, k):
    size = n // k
    return _pairs([np.arange(i * size, (i + 1) * size) for i in range(k)], n)


def _remainder_last(n, k):
    size = n // k
    return _pairs([np.arange(i * size, (i + 1) * size if i < k - 1 else n) for i in range(k)], n)


def _ceil_size(n, k):
    size = -(-n // k)
    return _pairs([np.arange(min(i * size, n), min((i + 1) * size, n)) for i in range(k)], n)


def _train_includes_test(n, k):
    return [(np.arange(n), test) for _, test in reference(n, k)]


MISTAKES = (
    Mistake("drop_remainder", _drop_remainder),
    Mistake("remainder_last", _remainder_last),
    Mistake("ceil_size", _ceil_size),
    Mistake("train_includes_test", _train_includes_test),
)


def cases():
    opts = {"mistakes": MISTAKES, "compare": compare, "show": show}
    for n, k, en, zh in [
        (10, 5, "n = 10, k = 5 (even split)", "n = 10，k = 5（整除）"),
        (10, 3, "n = 10, k = 3 (a remainder of 1)", "n = 10，k = 3（余 1）"),
        (13, 4, "n = 13, k = 4", "n = 13,k = 4"),
        (7, 7, "leave-one-out: n = k = 7", "留一法：n = k = 7"),
        (2, 2, "the smallest split: n = k = 2", "最小的划分：n = k = 2"),
        (23, 5, "n = 23, k = 5 (a remainder of 3)", "n = 23，k = 5（余 3）"),
    ]:
        yield make_case((en, zh), "kfold_indices", reference, {"n": n, "k": k}, **opts)

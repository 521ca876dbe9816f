"""Checks for cosine-similarity: the hand-worked example with a zero row, parallel and opposite
vectors, a square case where a transposed result keeps its shape, rows of very different lengths
(where the raw dot product ranks differently), and seeded batches."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import pairwise_cosine as cosine_ref, top_k_neighbours as top_k_ref

EPS = 1e-8


def _rows(x, axis=1):
    return np.maximum(np.linalg.norm(x, axis=axis, keepdims=True), EPS)


def _raw_dot(a, b):
    return a @ b.T


def _columns_normalised(a, b):
    return (a / _rows(a, axis=0)) @ (b / _rows(b, axis=0)).T


def _transposed(a, b):
    return cosine_ref(b, a)                                   # (M, N): row j of b against row i of a


def _nan_for_zero_row(a, b):
    return (a / np.linalg.norm(a, axis=1, keepdims=True)) @ (b / np.linalg.norm(b, axis=1, keepdims=True)).T


def _only_a_normalised(a, b):
    return (a / _rows(a)) @ b.T


def _squared_norms(a, b):
    return (a / _rows(a) ** 2) @ (b / _rows(b) ** 2).T       # divided by a · a instead of √(a · a)


COSINE_MISTAKES = (
    Mistake("raw_dot", _raw_dot),
    Mistake("transposed", _transposed),
    Mistake("columns_normalised", _columns_normalised),
    Mistake("nan_for_zero_row", _nan_for_zero_row),
    Mistake("only_a_normalised", _only_a_normalised),
    Mistake("squared_norms", _squared_norms),
)


def _dot_ranking(queries, keys, k):
    return np.argsort(-(queries @ keys.T), axis=1, kind="stable")[:, :k]


def _ascending(queries, keys, k):
    return np.argsort(cosine_ref(queries, keys), axis=1, kind="stable")[:, :k]


def _least_similar_first(queries, keys, k):
    return np.argsort(cosine_ref(queries, keys), axis=1, kind="stable")[:, -k:]   # the right keys, wrong order


def _similarities_not_indices(queries, keys, k):
    return -np.sort(-cosine_ref(queries, keys), axis=1)[:, :k]


TOP_K_MISTAKES = (
    Mistake("dot_ranking", _dot_ranking),
    Mistake("ascending", _ascending),
    Mistake("least_similar_first", _least_similar_first),
    Mistake("similarities_not_indices", _similarities_not_indices),
)


def _with_lengths(rng, n, d, low=0.1, high=10.0):
    """n random directions with lengths spread from low to high, so length and direction disagree."""
    x = rng.normal(n, d)
    return x / np.linalg.norm(x, axis=1, keepdims=True) * rng.gen.uniform(low, high, size=(n, 1))


def cases():
    rng = Rng(8)
    copts = {"mistakes": COSINE_MISTAKES}
    root_half = 0.7071067811865476                           # 1 / √2
    yield Case(("the example in the task: a zero row in a", "题目中的例子：a 中有一个零向量行"), "pairwise_cosine",
               {"a": np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0]]), "b": np.array([[1.0, 1.0], [3.0, 0.0]])},
               np.array([[root_half, 1.0], [root_half, 0.0], [0.0, 0.0]]), **copts)
    yield Case(("parallel, opposite and oblique vectors of other lengths", "长度不同的同向、反向与斜向向量"), "pairwise_cosine",
               {"a": np.array([[1.0, 2.0, 2.0]]), "b": np.array([[2.0, 4.0, 4.0], [-1.0, -2.0, -2.0], [0.0, 0.0, 3.0]])},
               np.array([[1.0, -1.0, 2.0 / 3.0]]), **copts)
    yield make_case(("N = M = 3: a transposed result has the right shape", "N = M = 3：转置后的结果形状也对"), "pairwise_cosine",
                    cosine_ref, {"a": _with_lengths(rng, 3, 4), "b": _with_lengths(rng, 3, 4)}, **copts)
    b_with_zero = _with_lengths(rng, 5, 6)
    b_with_zero[2] = 0.0
    yield make_case(("a seeded batch (seed 8), N = 4, M = 5, d = 6, a zero row in b", "随机批次（种子 8），N = 4、M = 5、d = 6，b 中有零向量行"),
                    "pairwise_cosine", cosine_ref, {"a": _with_lengths(rng, 4, 6), "b": b_with_zero}, **copts)

    topts = {"mistakes": TOP_K_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield Case(("a long key that is not the closest in direction, k = 3", "一个很长但方向不最接近的键，k = 3"), "top_k_neighbours",
               {"queries": np.array([[1.0, 0.0], [0.0, 1.0]]),
                "keys": np.array([[10.0, 10.0], [1.0, 0.1], [0.0, 1.0], [-1.0, 0.0]]), "k": 3},
               np.array([[1, 0, 2], [2, 0, 1]]), **topts)
    yield make_case(("k = 1, N = 3, M = 6 (seed 8)", "k = 1，N = 3、M = 6（种子 8）"), "top_k_neighbours", top_k_ref,
                    {"queries": _with_lengths(rng, 3, 4), "keys": _with_lengths(rng, 6, 4), "k": 1}, **topts)
    yield make_case(("k = M: every key, ranked (seed 8)", "k = M：给全部键排序（种子 8）"), "top_k_neighbours", top_k_ref,
                    {"queries": _with_lengths(rng, 2, 3), "keys": _with_lengths(rng, 5, 3), "k": 5}, **topts)
    yield make_case(("a seeded search (seed 8), N = 4, M = 9, d = 8, k = 3", "随机检索（种子 8），N = 4、M = 9、d = 8、k = 3"),
                    "top_k_neighbours", top_k_ref,
                    {"queries": _with_lengths(rng, 4, 8), "keys": _with_lengths(rng, 9, 8), "k": 3}, **topts)

"""Checks for categorical-sampling: a fair die (where an unweighted mean is right by luck), a
Bernoulli and a loaded die, unnormalised weights, u on the CDF's boundaries and a zero-probability
outcome (where searchsorted's side decides), unseen outcomes (where bincount needs minlength), and
seeded draws from softmax probabilities."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import empirical_distribution as empirical_ref, expectation_variance as moments_ref, sample_categorical as sample_ref


def _unweighted(values, probs):
    mean, var = float(np.mean(values)), float(np.var(values))
    return mean, var, var ** 0.5


def _unnormalised_moments(values, probs):
    mean = float(np.sum(values * probs))
    var = float(np.sum((values - mean) ** 2 * probs))
    return mean, var, abs(var) ** 0.5


def _mean_not_squared(values, probs):
    mean = moments_ref(values, probs)[0]
    p = probs / probs.sum()
    var = float(np.sum(values ** 2 * p)) - mean            # E[X²] − E[X] instead of E[X²] − E[X]²
    return mean, var, abs(var) ** 0.5


def _std_and_variance_swapped(values, probs):
    mean, var, std = moments_ref(values, probs)
    return mean, std, var


MOMENT_MISTAKES = (
    Mistake("unweighted", _unweighted),
    Mistake("unnormalised", _unnormalised_moments),
    Mistake("mean_not_squared", _mean_not_squared),
    Mistake("std_and_variance_swapped", _std_and_variance_swapped),
)


def _side_left(probs, u):
    cdf = np.cumsum(probs) / probs.sum()
    return np.searchsorted(cdf, u, side="left")


def _unnormalised_cdf(probs, u):
    return np.minimum(np.searchsorted(np.cumsum(probs), u, side="right"), len(probs) - 1)


def _cdf_shifted(probs, u):
    cdf = np.cumsum(probs) / probs.sum()
    return np.searchsorted(cdf - probs / probs.sum(), u, side="right")   # starts of the intervals: one too many


def _greedy(probs, u):
    return np.full(len(u), int(np.argmax(probs)))


def _uniform_outcomes(probs, u):
    return (u * len(probs)).astype(int)


SAMPLE_MISTAKES = (
    Mistake("side_left", _side_left),
    Mistake("unnormalised_cdf", _unnormalised_cdf),
    Mistake("cdf_shifted", _cdf_shifted),
    Mistake("greedy", _greedy),
    Mistake("uniform_outcomes", _uniform_outcomes),
)


def _counts(samples, k):
    return np.bincount(samples, minlength=k)


def _no_minlength(samples, k):
    return np.bincount(samples) / len(samples)


def _unique_counts(samples, k):
    _, counts = np.unique(samples, return_counts=True)
    return counts / len(samples)


def _divided_by_k(samples, k):
    return np.bincount(samples, minlength=k) / k


def _histogram_bins(samples, k):
    return np.histogram(samples, bins=k)[0] / len(samples)     # k equal bins from min to max, not one per outcome


EMPIRICAL_MISTAKES = (
    Mistake("counts", _counts),
    Mistake("no_minlength", _no_minlength),
    Mistake("unique_counts", _unique_counts),
    Mistake("divided_by_k", _divided_by_k),
    Mistake("histogram_bins", _histogram_bins),
)


def _softmax(logits):
    e = np.exp(logits - logits.max())
    return e / e.sum()


def cases():
    rng = Rng(17)
    mopts = {"mistakes": MOMENT_MISTAKES, "outputs": ("mean", "variance", "std")}
    yield Case(("a fair die, weights all 1", "公平骰子，权重都是 1"), "expectation_variance",
               {"values": np.arange(1, 7), "probs": np.ones(6)}, (3.5, 35 / 12, (35 / 12) ** 0.5), **mopts)
    yield Case(("Bernoulli(0.3): values [0, 1]", "伯努利分布 Bernoulli(0.3)：取值 [0, 1]"), "expectation_variance",
               {"values": np.array([0.0, 1.0]), "probs": np.array([0.7, 0.3])}, (0.3, 0.21, 0.21 ** 0.5), **mopts)
    yield Case(("a loaded 3-sided die, weights [2, 1, 1]", "不均匀的三面骰子，权重 [2, 1, 1]"), "expectation_variance",
               {"values": np.array([1.0, 2.0, 3.0]), "probs": np.array([2.0, 1.0, 1.0])}, (1.75, 0.6875, 0.6875 ** 0.5), **mopts)
    yield make_case(("seeded values and weights (seed 17), K = 7", "随机取值与权重（种子 17），K = 7"), "expectation_variance", moments_ref,
                    {"values": rng.normal(7, scale=4.0), "probs": rng.gen.uniform(0.0, 3.0, size=7)}, **mopts)

    sopts = {"mistakes": SAMPLE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield Case(("the example in the task: weights [1, 1, 2], u on the boundaries", "题目中的例子：权重 [1, 1, 2]，u 落在分界点上"),
               "sample_categorical", {"probs": np.array([1.0, 1.0, 2.0]), "u": np.array([0.0, 0.25, 0.3, 0.5, 0.99])},
               np.array([0, 1, 1, 2, 2]), **sopts)
    yield Case(("outcomes 0 and 2 have probability 0: never drawn", "结果 0 和 2 的概率为 0：永远不会被抽到"), "sample_categorical",
               {"probs": np.array([0.0, 0.5, 0.0, 0.5]), "u": np.array([0.0, 0.2, 0.5, 0.75])}, np.array([1, 1, 3, 3]), **sopts)
    probs = _softmax(rng.normal(6, scale=1.5))
    yield make_case(("softmax probabilities of 6 tokens, 12 seeded draws (seed 17)", "6 个词元的 softmax 概率，12 次随机抽样（种子 17）"),
                    "sample_categorical", sample_ref, {"probs": probs, "u": rng.gen.random(12)}, **sopts)

    eopts = {"mistakes": EMPIRICAL_MISTAKES}
    yield Case(("outcome 1 of 3 never seen: np.unique skips it", "3 个结果中的结果 1 一次也没出现：np.unique 会跳过它"), "empirical_distribution",
               {"samples": np.array([2, 0, 2, 2, 0]), "k": 3}, np.array([0.4, 0.0, 0.6]), **eopts)
    yield Case(("6 draws, k = 4: the last outcome, 3, never seen", "6 次抽样，k = 4：最后一个结果 3 一次也没出现"), "empirical_distribution",
               {"samples": np.array([0, 2, 2, 1, 2, 0]), "k": 4}, np.array([2 / 6, 1 / 6, 3 / 6, 0.0]), **eopts)
    draws = sample_ref(np.array([0.1, 0.2, 0.0, 0.7]), rng.gen.random(500))
    yield make_case(("500 seeded draws from [0.1, 0.2, 0, 0.7] (seed 17)", "从 [0.1, 0.2, 0, 0.7] 随机抽样 500 次（种子 17）"),
                    "empirical_distribution", empirical_ref, {"samples": draws, "k": 4}, **eopts)

"""Checks for gaussian-mle-beta-posterior: the unit's worked numbers (x = [2, 4, 4, 4, 5, 5, 7, 9],
Beta(2, 2) after 0 heads in 3 flips, 700 heads in 1,000), a single point (where n − 1 = 0), the MAP
at the edges of [0, 1] and the uniform posterior (0 / 0), and seeded samples."""

import math

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import beta_posterior as posterior_ref, gaussian_mle as mle_ref, gaussian_nll as nll_ref


def _unbiased(x):
    return float(np.mean(x)), float(np.var(x, ddof=1))


def _std(x):
    return float(np.mean(x)), float(np.std(x))


def _not_centred(x):
    return float(np.mean(x)), float(np.mean(x ** 2))


MLE_MISTAKES = (
    Mistake("unbiased", _unbiased),
    Mistake("std", _std),
    Mistake("not_centred", _not_centred),
)


def _log_likelihood(x, mu, sigma2):
    return -nll_ref(x, mu, sigma2)


def _averaged(x, mu, sigma2):
    return nll_ref(x, mu, sigma2) / len(x)


def _no_two_pi(x, mu, sigma2):
    return float(len(x) / 2 * math.log(sigma2) + np.sum((x - mu) ** 2) / (2 * sigma2))


def _no_half(x, mu, sigma2):
    return float(len(x) / 2 * math.log(2 * math.pi * sigma2) + np.sum((x - mu) ** 2) / sigma2)


def _log_term_once(x, mu, sigma2):
    return float(0.5 * math.log(2 * math.pi * sigma2) + np.sum((x - mu) ** 2) / (2 * sigma2))   # one point's normaliser, not n


def _sigma_as_std(x, mu, sigma2):
    return nll_ref(x, mu, sigma2 ** 2)                 # sigma2 squared once more, as if it were σ


NLL_MISTAKES = (
    Mistake("log_likelihood_sign", _log_likelihood),
    Mistake("averaged", _averaged),
    Mistake("no_two_pi", _no_two_pi),
    Mistake("no_half", _no_half),
    Mistake("log_term_once", _log_term_once),
    Mistake("sigma_as_std", _sigma_as_std),
)


def _swapped(alpha, beta, heads, tails):
    return posterior_ref(alpha, beta, tails, heads)


def _map_is_mean(alpha, beta, heads, tails):
    a, b, mean, _ = posterior_ref(alpha, beta, heads, tails)
    return a, b, mean, mean


def _map_is_mle(alpha, beta, heads, tails):
    a, b, mean, _ = posterior_ref(alpha, beta, heads, tails)
    return a, b, mean, heads / (heads + tails)


def _mean_of_prior(alpha, beta, heads, tails):
    a, b, _, mode = posterior_ref(alpha, beta, heads, tails)
    return a, b, alpha / (alpha + beta), mode


def _uniform_nan(alpha, beta, heads, tails):
    a, b, mean, _ = posterior_ref(alpha, beta, heads, tails)
    with np.errstate(all="ignore"):
        return a, b, mean, float(np.float64(a - 1) / (a + b - 2))


POSTERIOR_MISTAKES = (
    Mistake("swapped_counts", _swapped),
    Mistake("map_is_mean", _map_is_mean),
    Mistake("map_is_mle", _map_is_mle),
    Mistake("mean_of_prior", _mean_of_prior),
    Mistake("uniform_nan", _uniform_nan),
)


def cases():
    rng = Rng(13)
    worked = np.array([2.0, 4, 4, 4, 5, 5, 7, 9])
    mopts = {"mistakes": MLE_MISTAKES, "outputs": ("mu", "sigma2")}
    yield Case(("the unit's example: x = [2, 4, 4, 4, 5, 5, 7, 9]", "本单元的例子：x = [2, 4, 4, 4, 5, 5, 7, 9]"), "gaussian_mle",
               {"x": worked}, (5.0, 4.0), **mopts)
    yield Case(("a single point: n − 1 = 0", "只有一个点：n − 1 = 0"), "gaussian_mle", {"x": np.array([3.0])}, (3.0, 0.0), **mopts)
    yield make_case(("a seeded sample (seed 13), n = 40, mean 10, sigma 3", "随机样本（种子 13），n = 40，均值 10，标准差 3"),
                    "gaussian_mle", mle_ref, {"x": rng.normal(40, scale=3.0) + 10.0}, **mopts)

    nopts = {"mistakes": NLL_MISTAKES}
    yield Case(("the unit's example at its MLE, mu = 5, sigma2 = 4", "本单元的例子，取其极大似然估计 mu = 5、sigma2 = 4"), "gaussian_nll",
               {"x": worked, "mu": 5.0, "sigma2": 4.0}, 16.896685710116945, **nopts)
    yield Case(("x = [0, 2], mu = 1, sigma2 = 1: ln 2π + 1", "x = [0, 2]，mu = 1，sigma2 = 1：ln 2π + 1"), "gaussian_nll",
               {"x": np.array([0.0, 2.0]), "mu": 1.0, "sigma2": 1.0}, math.log(2 * math.pi) + 1, **nopts)
    yield make_case(("a seeded sample (seed 13), n = 25, away from its MLE", "随机样本（种子 13），n = 25，参数不在极大似然估计处"),
                    "gaussian_nll", nll_ref, {"x": rng.normal(25, scale=0.5) - 1.0, "mu": -0.8, "sigma2": 0.36}, **nopts)

    popts = {"mistakes": POSTERIOR_MISTAKES, "outputs": ("alpha'", "beta'", "mean", "map")}
    yield Case(("the unit's example: Beta(2, 2), 0 heads, 3 tails", "本单元的例子：Beta(2, 2)，0 次正面、3 次反面"), "beta_posterior",
               {"alpha": 2.0, "beta": 2.0, "heads": 0, "tails": 3}, (2.0, 5.0, 2 / 7, 0.2), **popts)
    yield Case(("Beta(2, 2), 700 heads, 300 tails: the data outweighs the prior", "Beta(2, 2)，700 次正面、300 次反面：数据压过先验"),
               "beta_posterior", {"alpha": 2.0, "beta": 2.0, "heads": 700, "tails": 300}, (702.0, 302.0, 702 / 1004, 701 / 1002), **popts)
    yield Case(("Beta(3, 1), 2 heads, 0 tails: beta' = 1, the peak is at p = 1", "Beta(3, 1)，2 次正面、0 次反面：beta' = 1，峰值在 p = 1"),
               "beta_posterior", {"alpha": 3.0, "beta": 1.0, "heads": 2, "tails": 0}, (5.0, 1.0, 5 / 6, 1.0), **popts)
    yield Case(("a uniform prior, no flips: every p is a peak (0 / 0)", "均匀先验，没有抛硬币：每个 p 都是峰值（0 / 0）"), "beta_posterior",
               {"alpha": 1.0, "beta": 1.0, "heads": 0, "tails": 0}, (1.0, 1.0, 0.5, 0.5), **popts)
    heads = int(rng.integers(3, 12))                     # never 15: swapped counts must show
    yield make_case((f"a seeded prior and flips (seed 13): Beta(4.5, 1.5), {heads} heads, {30 - heads} tails",
                     f"随机先验与抛掷（种子 13）：Beta(4.5, 1.5)，{heads} 次正面、{30 - heads} 次反面"), "beta_posterior", posterior_ref,
                    {"alpha": 4.5, "beta": 1.5, "heads": heads, "tails": 30 - heads}, **popts)

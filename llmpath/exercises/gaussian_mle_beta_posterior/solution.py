"""Maximum likelihood for a Gaussian, its negative log-likelihood, and the Beta posterior of a coin — reference solution.

The MLE of a Gaussian is the sample mean and the mean squared deviation (divided by n, not n − 1);
the MLE minimises the NLL. A Beta(α, β) prior on a coin's P(heads) becomes Beta(α + heads, β + tails)
after the flips (a conjugate prior), whose peak is the MAP estimate.
"""

import math

import numpy as np


def gaussian_mle(x: np.ndarray) -> tuple[float, float]:
    """x (n,) → (mu, sigma2): the maximum-likelihood mean and variance of N(mu, sigma2)."""
    mu = float(np.mean(x))
    sigma2 = float(np.mean((x - mu) ** 2))            # divided by n: the MLE, not the unbiased n − 1
    return mu, sigma2


def gaussian_nll(x: np.ndarray, mu: float, sigma2: float) -> float:
    """−log L(mu, sigma2) of all n points x under N(mu, sigma2), summed (not averaged) over the points."""
    n = len(x)
    return float(n / 2 * math.log(2 * math.pi * sigma2) + np.sum((x - mu) ** 2) / (2 * sigma2))


def beta_posterior(alpha: float, beta: float, heads: int, tails: int) -> tuple[float, float, float, float]:
    """Beta(alpha, beta) prior (alpha, beta ≥ 1) and the flips → (alpha', beta', posterior mean, MAP)."""
    alpha_post, beta_post = alpha + heads, beta + tails   # heads add to alpha, tails to beta
    mean = alpha_post / (alpha_post + beta_post)
    if alpha_post == 1 and beta_post == 1:                # uniform posterior: every p is a peak; take the middle
        mode = 0.5
    else:
        mode = (alpha_post - 1) / (alpha_post + beta_post - 2)   # 0 when alpha' = 1, 1 when beta' = 1
    return float(alpha_post), float(beta_post), float(mean), float(mode)

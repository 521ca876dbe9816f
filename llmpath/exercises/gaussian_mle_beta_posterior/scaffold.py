import math

import numpy as np


def gaussian_mle(x: np.ndarray) -> tuple[float, float]:
    """x (n,) → (mu, sigma2): the maximum-likelihood mean and variance of N(mu, sigma2)."""
    # TODO: 2 lines
    raise NotImplementedError


def gaussian_nll(x: np.ndarray, mu: float, sigma2: float) -> float:
    """−log L(mu, sigma2) of all n points x under N(mu, sigma2), summed (not averaged) over the points."""
    # TODO: 1-2 lines
    raise NotImplementedError


def beta_posterior(alpha: float, beta: float, heads: int, tails: int) -> tuple[float, float, float, float]:
    """Beta(alpha, beta) prior (alpha, beta ≥ 1) and the flips → (alpha', beta', posterior mean, MAP)."""
    # TODO: about 6 lines, with the one case where the MAP formula divides 0 by 0
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python gaussian_mle_beta_posterior.py
    x = np.array([2.0, 4, 4, 4, 5, 5, 7, 9])
    print(gaussian_mle(x))                   # (5.0, 4.0)
    print(gaussian_nll(x, 5.0, 4.0))         # 16.8967 — and larger for any other mu, sigma2
    print(gaussian_nll(x, 5.0, 32 / 7))      # 16.9310: the unbiased variance is not the maximum of the likelihood
    print(beta_posterior(2, 2, 0, 3))        # (2.0, 5.0, 0.2857, 0.2)

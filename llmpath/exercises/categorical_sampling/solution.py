"""A discrete distribution's expectation and variance, drawing from it by the inverse CDF, and
counting the draws back into frequencies — reference solution.

`probs` are non-negative weights proportional to the probabilities (after top-k filtering, or raw
counts, they need not sum to 1), as `torch.multinomial` accepts them: every function normalises first.
"""

import numpy as np


def expectation_variance(values: np.ndarray, probs: np.ndarray) -> tuple[float, float, float]:
    """values (K,), probs (K,) weights → (E[X], Var(X), standard deviation) of the discrete X."""
    p = probs / probs.sum()
    mean = float(np.sum(values * p))                      # E[X] = Σ x · P(X = x)
    variance = float(np.sum((values - mean) ** 2 * p))    # E[(X − μ)²], weighted like the mean
    return mean, variance, variance ** 0.5


def sample_categorical(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """probs (K,) weights, u (S,) uniform draws in [0, 1) → (S,) int outcomes by the inverse CDF."""
    cdf = np.cumsum(probs)
    cdf = cdf / cdf[-1]                                   # normalised; the last entry is exactly 1 > every u
    # outcome k covers [cdf[k-1], cdf[k]): the number of cdf entries ≤ u. side="right" keeps an outcome of
    # probability 0 (an interval of length 0) from ever being drawn, and u == cdf[k] goes to k + 1.
    return np.searchsorted(cdf, u, side="right")


def empirical_distribution(samples: np.ndarray, k: int) -> np.ndarray:
    """samples (S,) ints in [0, k) → (k,) the fraction of draws that gave each outcome (0 for unseen ones)."""
    return np.bincount(samples, minlength=k) / len(samples)

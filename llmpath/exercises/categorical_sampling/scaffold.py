import numpy as np


def expectation_variance(values: np.ndarray, probs: np.ndarray) -> tuple[float, float, float]:
    """values (K,), probs (K,) weights → (E[X], Var(X), standard deviation) of the discrete X."""
    # TODO: about 4 lines — normalise probs first
    raise NotImplementedError


def sample_categorical(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """probs (K,) weights, u (S,) uniform draws in [0, 1) → (S,) int outcomes by the inverse CDF."""
    # TODO: about 3 lines — a normalised cumulative sum, then find where each u falls
    raise NotImplementedError


def empirical_distribution(samples: np.ndarray, k: int) -> np.ndarray:
    """samples (S,) ints in [0, k) → (k,) the fraction of draws that gave each outcome (0 for unseen ones)."""
    # TODO: one line
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python categorical_sampling.py
    print(expectation_variance(np.arange(1, 7), np.ones(6)))          # (3.5, 2.9167, 1.7078): a fair die
    print(sample_categorical(np.array([1.0, 1.0, 2.0]), np.array([0.0, 0.25, 0.3, 0.5, 0.99])))   # [0 1 1 2 2]
    rng = np.random.default_rng(0)
    probs = np.array([0.1, 0.2, 0.7])
    draws = sample_categorical(probs, rng.random(10_000))
    print(empirical_distribution(draws, 3))                            # ≈ [0.1 0.2 0.7]

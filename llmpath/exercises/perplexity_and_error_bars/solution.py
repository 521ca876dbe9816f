"""Perplexity, bits per byte and an accuracy's error bar — reference solution.

Only the real tokens count: the padding is dropped with the mask before anything is summed, and the
mean is over all real tokens of the batch (each token weighs the same, whatever row it is in). Bits
per byte divides the same total surprise, converted from nats to bits, by the UTF-8 bytes of the
text, so that models with different tokenizers can be compared.
"""

import math

import numpy as np


def _total_nll(token_logprobs: np.ndarray, mask: np.ndarray) -> tuple[float, int]:
    """The summed −ln p over the real tokens (nats) and how many real tokens there are."""
    real = np.asarray(mask, dtype=bool)
    return float(-np.sum(token_logprobs[real])), int(real.sum())


def perplexity(token_logprobs: np.ndarray, mask: np.ndarray) -> float:
    """exp of the mean negative log-probability per real token."""
    total, count = _total_nll(token_logprobs, mask)
    return math.exp(total / count)


def bits_per_byte(token_logprobs: np.ndarray, mask: np.ndarray, texts: list) -> float:
    """The real tokens' total surprise in bits divided by the UTF-8 bytes of the texts they cover."""
    total, _ = _total_nll(token_logprobs, mask)
    n_bytes = sum(len(text.encode("utf-8")) for text in texts)
    return total / math.log(2) / n_bytes


def accuracy_error_bar(correct: np.ndarray):
    """(accuracy, standard error, low, high): the 95 % interval is accuracy ± 1.96 standard errors."""
    n = len(correct)
    p = float(np.mean(correct))
    standard_error = math.sqrt(p * (1.0 - p) / n)
    return p, standard_error, p - 1.96 * standard_error, p + 1.96 * standard_error


if __name__ == "__main__":
    logprobs = np.log(np.array([[0.5, 0.25, 0.125, 0.5]]))
    mask = np.array([[True, True, True, True]])
    print(perplexity(logprobs, mask))                                  # 3.3636 (= 2 ** 1.75)
    print(bits_per_byte(logprobs, mask, ["a cat"]))                    # 7 bits / 5 bytes = 1.4
    print(accuracy_error_bar(np.array([1] * 350 + [0] * 150)))         # (0.7, 0.0205, 0.6598, 0.7402)

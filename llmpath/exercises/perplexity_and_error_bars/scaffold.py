import math

import numpy as np


def perplexity(token_logprobs: np.ndarray, mask: np.ndarray) -> float:
    """token_logprobs (B, T): ln p of each actual next token; mask (B, T) bool, True = real token.
    Returns exp of the mean negative log-probability over the real tokens of the whole batch."""
    # TODO: about 3 lines
    raise NotImplementedError


def bits_per_byte(token_logprobs: np.ndarray, mask: np.ndarray, texts: list) -> float:
    """The real tokens' total surprise in bits divided by the UTF-8 bytes of `texts` (a list of str)."""
    # TODO: about 3 lines
    raise NotImplementedError


def accuracy_error_bar(correct: np.ndarray):
    """correct (n,) of 0/1 → (accuracy, standard_error, low, high), the interval being ± 1.96 standard errors."""
    # TODO: about 4 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python perplexity_and_error_bars.py
    logprobs = np.log(np.array([[0.5, 0.25, 0.125, 0.5]]))
    mask = np.array([[True, True, True, True]])
    print(perplexity(logprobs, mask))                                  # 3.3636 (= 2 ** 1.75)
    print(bits_per_byte(logprobs, mask, ["a cat"]))                    # 7 bits / 5 bytes = 1.4
    print(accuracy_error_bar(np.array([1] * 350 + [0] * 150)))         # (0.7, 0.0205, 0.6598, 0.7402)

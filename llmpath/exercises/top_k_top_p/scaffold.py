import numpy as np


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep the k largest logits of each row; the rest become -inf."""
    # TODO: your code here (about 4 lines)
    raise NotImplementedError


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most likely tokens with total probability >= p; the rest become -inf."""
    # TODO: your code here (about 10 lines; np.argsort, np.cumsum and np.take_along_axis help)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python top_k_top_p.py
    logits = np.array([1.0, 3.0, 0.0, 2.0])      # probabilities about 0.09 0.64 0.03 0.24
    print(top_k_filter(logits, 2))                # [-inf 3. -inf 2.]
    print(top_p_filter(logits, 0.7))              # [-inf 3. -inf 2.]: 0.64 < 0.7, so the 0.24 token stays too

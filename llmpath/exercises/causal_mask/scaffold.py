import numpy as np


def causal_mask(t: int) -> np.ndarray:
    """(t, t) booleans: True where position i may attend to position j (j <= i)."""
    # TODO: your code here (1 line)
    raise NotImplementedError


def mask_scores(scores: np.ndarray) -> np.ndarray:
    """`scores` (..., T, T) with -inf above the diagonal."""
    # TODO: your code here (about 2 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python causal_mask.py
    print(causal_mask(3))
    # [[ True False False]
    #  [ True  True False]
    #  [ True  True  True]]
    print(mask_scores(np.ones((3, 3))))

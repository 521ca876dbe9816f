"""Checks for causal-mask: sizes 1, 4 and 0, then masking plain and batched scores."""

import numpy as np

from .solution import causal_mask as mask_ref
from .solution import mask_scores as scores_ref
from llmpath.exercises.checking import Mistake, Rng, make_case


MASK_MISTAKES = (
    Mistake("your_mask_is_transposed", lambda t: np.triu(np.ones((t, t), dtype=bool))),
    Mistake("the_diagonal_is_missing", lambda t: np.tril(np.ones((t, t), dtype=bool), k=-1)),
    Mistake("the_mask_should_say", lambda t: ~np.tril(np.ones((t, t), dtype=bool))),
)

SCORE_MISTAKES = (
    Mistake("the_future_positions_are", lambda s: np.where(np.tril(np.ones(s.shape[-2:], dtype=bool)), s, 0.0)),
    Mistake("you_masked_the_past", lambda s: np.where(np.triu(np.ones(s.shape[-2:], dtype=bool)), s, -np.inf)),
    Mistake("the_diagonal_is_masked", lambda s: np.where(np.tril(np.ones(s.shape[-2:], dtype=bool), k=-1), s, -np.inf)),
)


def cases():
    rng = Rng(11)
    for t, en, zh in ((1, "t = 1", "t = 1"), (4, "t = 4", "t = 4"), (0, "t = 0 (empty)", "t = 0（空）")):
        yield make_case((en, zh), "causal_mask", mask_ref, {"t": t}, mistakes=MASK_MISTAKES)
    opts = {"mistakes": SCORE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("scores (4, 4)", "分数 (4, 4)"), "mask_scores", scores_ref, {"scores": rng.normal(4, 4)}, **opts)
    yield make_case(("batched scores (2, 3, 5, 5) (seed 11)", "批量分数 (2, 3, 5, 5)（种子 11）"), "mask_scores", scores_ref,
                    {"scores": rng.normal(2, 3, 5, 5)}, **opts)

"""Checks for causal-mask: sizes 1, 4 and 0, then masking plain and batched scores."""

import numpy as np

from llmpath.exercises.causal_mask.solution import causal_mask as mask_ref
from llmpath.exercises.causal_mask.solution import mask_scores as scores_ref
from llmpath.exercises.checking import Mistake, Rng, make_case

FUNCTIONS = ("causal_mask", "mask_scores")

MASK_MISTAKES = (
    Mistake("your mask is transposed: it lets position i see the future (j > i) and hides the past. "
            "Row i is the query: keep the lower triangle, np.tril, not np.triu.",
            "你的掩码转置了:它让位置 i 看到未来(j > i)却挡住了过去。第 i 行是查询:应保留下三角 np.tril,而不是 np.triu。",
            lambda t: np.triu(np.ones((t, t), dtype=bool))),
    Mistake("the diagonal is missing: a position must be allowed to attend to itself (j <= i, not j < i).",
            "缺了对角线:每个位置必须能关注自己(j <= i,而不是 j < i)。",
            lambda t: np.tril(np.ones((t, t), dtype=bool), k=-1)),
    Mistake("the mask should say where attention is allowed (True on and below the diagonal); yours marks the hidden positions.",
            "掩码应标出允许关注的位置(对角线及以下为 True);你的标出的是被遮挡的位置。",
            lambda t: ~np.tril(np.ones((t, t), dtype=bool))),
)

SCORE_MISTAKES = (
    Mistake("the future positions are set to 0, which still gets softmax weight: set them to -inf.",
            "未来位置被设成了 0,它仍然会分到 softmax 权重:应设为 -inf。",
            lambda s: np.where(np.tril(np.ones(s.shape[-2:], dtype=bool)), s, 0.0)),
    Mistake("you masked the past instead of the future: put -inf above the diagonal (j > i), np.triu(…, k=1).",
            "你遮住的是过去而不是未来:应把 -inf 放在对角线以上(j > i),即 np.triu(…, k=1) 的位置。",
            lambda s: np.where(np.triu(np.ones(s.shape[-2:], dtype=bool)), s, -np.inf)),
    Mistake("the diagonal is masked too: a position may attend to itself, only j > i gets -inf.",
            "对角线也被遮住了:每个位置可以关注自己,只有 j > i 的位置设为 -inf。",
            lambda s: np.where(np.tril(np.ones(s.shape[-2:], dtype=bool), k=-1), s, -np.inf)),
)


def cases():
    rng = Rng(11)
    for t, en, zh in ((1, "t = 1", "t = 1"), (4, "t = 4", "t = 4"), (0, "t = 0 (empty)", "t = 0(空)")):
        yield make_case((en, zh), "causal_mask", mask_ref, {"t": t}, mistakes=MASK_MISTAKES)
    opts = {"mistakes": SCORE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield make_case(("scores (4, 4)", "分数 (4, 4)"), "mask_scores", scores_ref, {"scores": rng.normal(4, 4)}, **opts)
    yield make_case(("batched scores (2, 3, 5, 5) (seed 11)", "批量分数 (2, 3, 5, 5)(种子 11)"), "mask_scores", scores_ref,
                    {"scores": rng.normal(2, 3, 5, 5)}, **opts)

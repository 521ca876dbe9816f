"""The two self-supervised targets of the unit — reference solution.

BERT's masked language model picks 15 % of the ordinary tokens as targets and shows 80 % of them as
[MASK], 10 % as a random token and 10 % unchanged; GPT predicts every next token. In both, −100 marks
"no target here", the value PyTorch's cross-entropy ignores (ignore_index=-100). The random draws are
arguments, so the same draws always give the same masking.
"""

import numpy as np

IGNORE = -100          # cross_entropy(..., ignore_index=-100) skips these positions


def mlm_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    """All arrays of one shape. Returns (inputs, labels), both integer arrays of that shape."""
    selected = (u_select < 0.15) & ~special            # targets: 15 % of the ordinary tokens, never [CLS]/[SEP]/[PAD]
    shown_as_mask = selected & (u_kind < 0.8)          # 80 % of the targets
    shown_random = selected & (u_kind >= 0.8) & (u_kind < 0.9)   # 10 %; the last 10 % stay unchanged
    inputs = np.where(shown_as_mask, mask_id, ids)     # a new array: the caller's ids are untouched
    inputs = np.where(shown_random, random_ids, inputs)
    labels = np.where(selected, ids, IGNORE)           # the original token at every target, kept ones included
    return inputs, labels


def next_token_targets(ids, pad_id):
    """ids (..., T) → targets (..., T): targets[..., t] = ids[..., t + 1]; −100 at the end and where that token is padding."""
    targets = np.full_like(ids, IGNORE)
    targets[..., :-1] = ids[..., 1:]                   # position t is trained to predict token t + 1
    targets[targets == pad_id] = IGNORE                # padding is not a token to predict
    return targets


if __name__ == "__main__":
    ids = np.array([101, 1996, 4937, 2938, 2006, 1996, 13523, 102])
    special = np.array([True, False, False, False, False, False, False, True])
    u_select = np.array([0.01, 0.50, 0.05, 0.90, 0.10, 0.30, 0.14, 0.02])
    u_kind = np.array([0.30, 0.20, 0.50, 0.10, 0.85, 0.60, 0.95, 0.40])
    random_ids = np.array([5, 17, 2000, 999, 3000, 42, 77, 8])
    print(mlm_mask(ids, special, u_select, u_kind, random_ids, 103))
    print(next_token_targets(np.array([[5, 8, 2, 9, 0, 0]]), 0))     # [[   8    2    9 -100 -100 -100]]

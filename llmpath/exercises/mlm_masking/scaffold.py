import numpy as np


def mlm_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    """BERT's masked-LM inputs and labels. All arrays have the shape of ids; returns (inputs, labels)."""
    # TODO: three boolean masks, then np.where (about 7 lines)
    raise NotImplementedError


def next_token_targets(ids, pad_id):
    """GPT's targets: ids (..., T) → (..., T), targets[..., t] = ids[..., t + 1]; −100 at the end and on padding."""
    # TODO: about 4 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python mlm_masking.py
    ids = np.array([101, 1996, 4937, 2938, 2006, 1996, 13523, 102])       # [CLS] the cat sat on the mat [SEP]
    special = np.array([True, False, False, False, False, False, False, True])
    u_select = np.array([0.01, 0.50, 0.05, 0.90, 0.10, 0.30, 0.14, 0.02])
    u_kind = np.array([0.30, 0.20, 0.50, 0.10, 0.85, 0.60, 0.95, 0.40])
    random_ids = np.array([5, 17, 2000, 999, 3000, 42, 77, 8])
    inputs, labels = mlm_mask(ids, special, u_select, u_kind, random_ids, 103)
    print(inputs)    # [  101  1996   103  2938  3000  1996 13523   102]
    print(labels)    # [ -100  -100  4937  -100  2006  -100 13523  -100]
    print(next_token_targets(np.array([[5, 8, 2, 9, 0, 0]]), 0))   # [[   8    2    9 -100 -100 -100]]

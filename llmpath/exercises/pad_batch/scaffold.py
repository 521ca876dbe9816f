import numpy as np


def pad_batch(sequences, pad_id, side="right", max_length=None):
    """sequences: list of lists of token ids → (input_ids, attention_mask), two int arrays of shape (B, L)."""
    # TODO: truncate, find the longest row, fill with pad_id, copy each row to its place (about 10 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python pad_batch.py
    ids, mask = pad_batch([[5, 6, 7], [8]], pad_id=0)
    print(ids)    # [[5 6 7] [8 0 0]]
    print(mask)   # [[1 1 1] [1 0 0]]
    ids, mask = pad_batch([[15496, 995], [40, 588, 262]], pad_id=50256, side="left")
    print(ids)    # [[50256 15496   995] [   40   588   262]]
    print(mask)   # [[0 1 1] [1 1 1]]

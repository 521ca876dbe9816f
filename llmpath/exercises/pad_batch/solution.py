"""Padding a batch of token-id sequences, as a tokenizer's `pad` or a data collator does — reference solution.

Truncate first (keep the first max_length tokens), then pad every sequence to the longest one left,
on the right (encoders, training) or on the left (decoder-only generation, so that every row's last
real token sits in the last column). The attention mask is 1 on real tokens and 0 on padding.
"""

import numpy as np


def pad_batch(sequences, pad_id, side="right", max_length=None):
    """sequences: list of lists of token ids → (input_ids, attention_mask), two int arrays of shape (B, L)."""
    if max_length is not None:
        sequences = [seq[:max_length] for seq in sequences]      # drop tokens from the end, never the start
    longest = max(len(seq) for seq in sequences)                 # pad to the longest row, not to max_length
    input_ids = np.full((len(sequences), longest), pad_id, dtype=np.int64)
    attention_mask = np.zeros((len(sequences), longest), dtype=np.int64)
    for row, seq in enumerate(sequences):
        n = len(seq)
        start = longest - n if side == "left" else 0              # left padding: the tokens end in the last column
        input_ids[row, start:start + n] = seq
        attention_mask[row, start:start + n] = 1
    return input_ids, attention_mask


if __name__ == "__main__":
    ids, mask = pad_batch([[5, 6, 7], [8]], pad_id=0)
    print(ids, mask, sep="\n")
    ids, mask = pad_batch([[15496, 995], [40, 588, 262]], pad_id=50256, side="left")
    print(ids, mask, sep="\n")

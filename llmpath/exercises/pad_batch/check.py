"""Checks for pad-batch: the two batches of the task worked by hand, the unit's figure (lengths 5, 3, 7, 2
truncated to 6), a real token equal to the pad id (GPT-2's <|endoftext|>), a max_length longer than every row (pad to the longest, not to max_length), left padding
with truncation, GPT-2's pad id 50256 and BERT's 0, and seeded batches."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import pad_batch as reference


def _mask_on_padding(sequences, pad_id, side="right", max_length=None):
    ids, mask = reference(sequences, pad_id, side, max_length)
    return ids, 1 - mask


def _pad_to_max_length(sequences, pad_id, side="right", max_length=None):
    if max_length is None:
        return reference(sequences, pad_id, side, max_length)
    # One extra all-padding row reaching max_length makes the reference pad every row that far; then drop it.
    ids, mask = reference([seq[:max_length] for seq in sequences] + [[pad_id] * max_length], pad_id, side, max_length)
    return ids[:-1], mask[:-1]


def _mask_as_if_right(sequences, pad_id, side="right", max_length=None):
    ids, _ = reference(sequences, pad_id, side, max_length)
    _, mask = reference(sequences, pad_id, "right", max_length)
    return ids, mask


def _side_ignored(sequences, pad_id, side="right", max_length=None):
    return reference(sequences, pad_id, "right", max_length)


def _keeps_the_end(sequences, pad_id, side="right", max_length=None):
    if max_length is not None:
        sequences = [seq[-max_length:] for seq in sequences]
    return reference(sequences, pad_id, side, None)


def _max_length_ignored(sequences, pad_id, side="right", max_length=None):
    return reference(sequences, pad_id, side, None)


def _mask_from_ids(sequences, pad_id, side="right", max_length=None):
    ids, _ = reference(sequences, pad_id, side, max_length)
    return ids, (ids != pad_id).astype(np.int64)


def _pad_with_zero(sequences, pad_id, side="right", max_length=None):
    ids, mask = reference(sequences, pad_id, side, max_length)
    return np.where(mask == 1, ids, 0), mask


MISTAKES = (
    Mistake("mask_on_padding", _mask_on_padding),
    Mistake("mask_from_ids", _mask_from_ids),
    Mistake("pad_with_zero", _pad_with_zero),
    Mistake("mask_as_if_right", _mask_as_if_right),
    Mistake("side_ignored", _side_ignored),
    Mistake("pad_to_max_length", _pad_to_max_length),
    Mistake("keeps_the_end", _keeps_the_end),
    Mistake("max_length_ignored", _max_length_ignored),
)

OPTS = {"mistakes": MISTAKES, "outputs": ("input_ids", "attention_mask"), "rtol": 0.0, "atol": 0.0}


def _ids(rng, lengths, vocab=50257):
    return [rng.integers(1, vocab, n).tolist() for n in lengths]


def cases():
    rng = Rng(16)
    yield Case(("the first example in the task: right padding with pad id 0", "题目中的第一个例子：右侧填充，pad id 为 0"), "pad_batch",
               {"sequences": [[5, 6, 7], [8]], "pad_id": 0},
               (np.array([[5, 6, 7], [8, 0, 0]]), np.array([[1, 1, 1], [1, 0, 0]])), **OPTS)
    yield Case(("the second example in the task: left padding with GPT-2's pad id 50256", "题目中的第二个例子：左侧填充，GPT-2 的 pad id 50256"),
               "pad_batch", {"sequences": [[15496, 995], [40, 588, 262]], "pad_id": 50256, "side": "left"},
               (np.array([[50256, 15496, 995], [40, 588, 262]]), np.array([[0, 1, 1], [1, 1, 1]])), **OPTS)
    yield Case(("GPT-2 documents that end in <|endoftext|> = 50256, also the pad id: a real token, so mask 1",
                "以 <|endoftext|> = 50256 结尾的 GPT-2 文档，它也是 pad id：它是真实 token，掩码为 1"), "pad_batch",
               {"sequences": [[15496, 995, 50256], [40, 50256]], "pad_id": 50256},
               (np.array([[15496, 995, 50256], [40, 50256, 50256]]), np.array([[1, 1, 1], [1, 1, 0]])), **OPTS)
    yield make_case(("the unit's figure: lengths 5, 3, 7, 2 with max_length = 6", "单元插图中的批次：长度 5、3、7、2，max_length = 6"),
                    "pad_batch", reference, {"sequences": _ids(rng, [5, 3, 7, 2]), "pad_id": 50256, "side": "right", "max_length": 6}, **OPTS)
    yield make_case(("max_length = 8 is longer than every row: pad to the longest (4)", "max_length = 8 比每一行都长：填充到最长的一行（4）"),
                    "pad_batch", reference, {"sequences": _ids(rng, [4, 2, 3]), "pad_id": 50256, "side": "right", "max_length": 8}, **OPTS)
    yield make_case(("left padding and truncation to 4 (seed 16)", "左侧填充并截断到 4（种子 16）"), "pad_batch", reference,
                    {"sequences": _ids(rng, [6, 2, 4, 3]), "pad_id": 50256, "side": "left", "max_length": 4}, **OPTS)
    yield make_case(("BERT's [PAD] id 0, left, one row only", "BERT 的 [PAD] id 0，左侧，只有一行"), "pad_batch", reference,
                    {"sequences": [[101, 7592, 2088, 102]], "pad_id": 0, "side": "left"}, **OPTS)
    yield make_case(("rows of one length: nothing to pad", "各行等长：无需填充"), "pad_batch", reference,
                    {"sequences": _ids(rng, [3, 3, 3]), "pad_id": 50256, "side": "left"}, **OPTS)
    yield make_case(("a seeded batch of 6 (seed 16), pad id 3, left, max_length = 9", "随机批次，6 行（种子 16），pad id 3，左侧，max_length = 9"),
                    "pad_batch", reference,
                    {"sequences": _ids(rng, rng.integers(1, 13, 6).tolist(), vocab=1000), "pad_id": 3, "side": "left", "max_length": 9}, **OPTS)

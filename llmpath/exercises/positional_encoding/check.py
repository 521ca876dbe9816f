"""Checks for positional-encoding: position 0, small and larger tables, d_model = 2, seeded sizes."""

import numpy as np

from llmpath.exercises.checking import Mistake, make_case
from .solution import positional_encoding as reference



def _variant(*, exponent="2i", swap=False, layout="interleave", start=0, base=10000.0):
    def encode(seq_len, d_model):
        pos = np.arange(start, start + seq_len)[:, None].astype(float)
        i = np.arange(d_model // 2)[None, :]
        power = {"2i": 2 * i / d_model, "i": i / d_model}[exponent]
        angle = pos / base ** power
        first, second = (np.cos(angle), np.sin(angle)) if swap else (np.sin(angle), np.cos(angle))
        if layout == "halves":
            return np.concatenate([first, second], axis=1)
        pe = np.zeros((seq_len, d_model))
        pe[:, 0::2] = first
        pe[:, 1::2] = second
        return pe
    return encode


MISTAKES = (
    Mistake("sin_cos_swapped", _variant(swap=True)),
    Mistake("layout_halves", _variant(layout="halves")),
    Mistake("exponent_i", _variant(exponent="i")),
    Mistake("start_1", _variant(start=1)),
    Mistake("base_1000", _variant(base=1000.0)),
)


def cases():
    opts = {"mistakes": MISTAKES, "rtol": 1e-7, "atol": 1e-10}
    for seq_len, d_model, en, zh in (
        (1, 4, "position 0 only", "只有位置 0"),
        (4, 8, "4 positions, d_model = 8", "4 个位置，d_model = 8"),
        (6, 2, "d_model = 2", "d_model = 2"),
        (3, 6, "d_model = 6", "d_model = 6"),
        (50, 16, "50 positions, d_model = 16", "50 个位置，d_model = 16"),
    ):
        yield make_case((en, zh), "positional_encoding", reference, {"seq_len": seq_len, "d_model": d_model}, **opts)

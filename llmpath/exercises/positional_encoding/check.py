"""Checks for positional-encoding: position 0, small and larger tables, d_model = 2, seeded sizes."""

import numpy as np

from llmpath.exercises.checking import Mistake, make_case
from llmpath.exercises.positional_encoding.solution import positional_encoding as reference

FUNCTIONS = ("positional_encoding",)


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
    Mistake("sin and cos are swapped: even columns (0, 2, …) hold sin, odd columns hold cos.",
            "sin 和 cos 放反了:偶数列(0, 2, …)放 sin,奇数列放 cos。",
            _variant(swap=True)),
    Mistake("the sines and cosines must be interleaved (sin, cos, sin, cos, …), not placed in two halves.",
            "正弦和余弦要交错排列(sin, cos, sin, cos, …),而不是分成前后两半。",
            _variant(layout="halves")),
    Mistake("the exponent is 2i / d_model with 2i the even column index (0, 2, 4, …); you used i / d_model.",
            "指数是 2i / d_model,其中 2i 是偶数列下标(0, 2, 4, …);你用的是 i / d_model。",
            _variant(exponent="i")),
    Mistake("positions start at 0: row 0 is position 0 (sin 0 = 0, cos 0 = 1).",
            "位置从 0 开始:第 0 行是位置 0(sin 0 = 0,cos 0 = 1)。",
            _variant(start=1)),
    Mistake("the base is 10000: pos / 10000 ** (2i / d_model).",
            "底数是 10000:pos / 10000 ** (2i / d_model)。",
            _variant(base=1000.0)),
)


def cases():
    opts = {"mistakes": MISTAKES, "rtol": 1e-7, "atol": 1e-10}
    for seq_len, d_model, en, zh in (
        (1, 4, "position 0 only", "只有位置 0"),
        (4, 8, "4 positions, d_model = 8", "4 个位置,d_model = 8"),
        (6, 2, "d_model = 2", "d_model = 2"),
        (3, 6, "d_model = 6", "d_model = 6"),
        (50, 16, "50 positions, d_model = 16", "50 个位置,d_model = 16"),
    ):
        yield make_case((en, zh), "positional_encoding", reference, {"seq_len": seq_len, "d_model": d_model}, **opts)

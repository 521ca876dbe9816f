"""Typical wrong solutions of the ex-tools exercises: pad-batch, masked-mean-pool-classify, vocab-and-batches,
data-parallel-allreduce (see wrong_solutions.py for the format)."""

PAD_RIGHT = '''
import numpy as np
def pad_batch(sequences, pad_id, side="right", max_length=None):
    if max_length is not None:
        sequences = [s[:max_length] for s in sequences]
    L = max(len(s) for s in sequences)
    ids = np.full((len(sequences), L), pad_id)
    mask = np.zeros((len(sequences), L), dtype=int)
    for i, s in enumerate(sequences):
        start = L - len(s) if side == "left" else 0
        ids[i, start:start + len(s)] = s
        mask[i, start:start + len(s)] = 1
    return ids, mask
'''


def _pad(old: str, new: str) -> str:
    assert old in PAD_RIGHT, old
    return PAD_RIGHT.replace(old, new)


WRONG = {
    "pad-batch": [
        ("mask 1 on padding", _pad("mask = np.zeros(", "mask = np.ones(").replace("] = 1\n", "] = 0\n"), "1 = real token"),
        ("pad id 0 assumed", _pad("np.full((len(sequences), L), pad_id)", "np.zeros((len(sequences), L), dtype=int)"), "pad_id you are given"),
        ("padded to max_length", _pad("L = max(len(s) for s in sequences)",
                                      "L = max_length if max_length is not None else max(len(s) for s in sequences)"), "longest row"),
        ("left padding, mask on the right", _pad("mask[i, start:start + len(s)] = 1", "mask[i, :len(s)] = 1"), "same slice"),
        ("side ignored", _pad('start = L - len(s) if side == "left" else 0', "start = 0"), "padding comes first"),
        ("truncated from the start", _pad("s[:max_length]", "s[-max_length:]"), "keeps the first"),
        ("no truncation", _pad("if max_length is not None:", "if False:"), "did not truncate"),
        ("float ids", _pad("np.full((len(sequences), L), pad_id)", "np.full((len(sequences), L), float(pad_id))"), "expected integers"),
    ],
}

ALSO_RIGHT = {
    "pad-batch": """
import numpy as np
def pad_batch(sequences, pad_id, side="right", max_length=None):
    rows = [list(s)[:max_length] if max_length else list(s) for s in sequences]
    L = max(map(len, rows))
    def place(seq, fill):
        gap = [fill] * (L - len(seq))
        return gap + seq if side == "left" else seq + gap
    ids = [place(r, pad_id) for r in rows]
    mask = [place([1] * len(r), 0) for r in rows]
    return np.array(ids), np.array(mask)
""",
}

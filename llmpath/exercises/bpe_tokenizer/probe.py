"""bpe-tokenizer's probe: runs in the child, beside the learner's file, and returns plain data.

Bytes do not travel through the check's channel: the merges arrive as ``{"hex": …}`` pairs and are
turned back into bytes here before the learner's functions see them. The parent decides everything.
"""


def _merges(merges):
    return [(bytes.fromhex(a["hex"]), bytes.fromhex(b["hex"])) for a, b in merges]


def encode(module, text, merges):
    return module.encode(text, _merges(merges))


def decode(module, ids, merges):
    return module.decode(list(ids), _merges(merges))


def round_trip(module, texts, merges):
    """decode(encode(text)) for each text."""
    merges = _merges(merges)
    return [module.decode(module.encode(text, merges), merges) for text in texts]

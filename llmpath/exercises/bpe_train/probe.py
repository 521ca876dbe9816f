"""bpe-train's probe: runs in the child, beside the learner's file, and returns plain data.

Bytes do not travel through the check's channel, so every bytes object in a result goes back as
``{"hex": …}``; the parent (``check.py``) turns it back into bytes and decides everything.
"""


def plain(value, depth=0):
    if isinstance(value, (bytes, bytearray)):
        return {"hex": bytes(value).hex()}
    if type(value) in (list, tuple) and depth < 4:
        return type(value)(plain(v, depth + 1) for v in value)
    return value


def words(module, text):
    return plain(module.words(text))


def train_bpe(module, text, vocab_size):
    return plain(module.train_bpe(text, vocab_size))

"""Typical wrong solutions of numpy-indexing (see wrong_solutions.py for the format)."""

RIGHT_PARTS = '''
def masked_mean(x, mask):
    return np.where(mask[..., None], x, 0.0).sum(axis=1) / mask.sum(axis=1, keepdims=True)

def normalize_rows(x):
    return x / x.sum(axis=1, keepdims=True)
'''

WRONG = {
    "numpy-indexing": [
        ("last position of the padded row", """
import numpy as np
def last_token_logits(logits, lengths):
    return logits[:, -1]
""" + RIGHT_PARTS, "lengths[b] - 1"),
        ("outer indexing", """
import numpy as np
def last_token_logits(logits, lengths):
    return logits[:, lengths - 1]
""" + RIGHT_PARTS, "np.arange(B)"),
        ("mean over padding", """
import numpy as np
def last_token_logits(logits, lengths):
    return logits[np.arange(len(lengths)), lengths - 1]

def masked_mean(x, mask):
    return x.mean(axis=1)

def normalize_rows(x):
    return x / x.sum(axis=1, keepdims=True)
""", "padding"),
        ("no keepdims on a square matrix", """
import numpy as np
def last_token_logits(logits, lengths):
    return logits[np.arange(len(lengths)), lengths - 1]

def masked_mean(x, mask):
    return np.where(mask[..., None], x, 0.0).sum(axis=1) / mask.sum(axis=1, keepdims=True)

def normalize_rows(x):
    return x / x.sum(axis=1)
""", "keepdims"),
        ("normalised in place", """
import numpy as np
def last_token_logits(logits, lengths):
    return logits[np.arange(len(lengths)), lengths - 1]

def masked_mean(x, mask):
    return np.where(mask[..., None], x, 0.0).sum(axis=1) / mask.sum(axis=1, keepdims=True)

def normalize_rows(x):
    x /= x.sum(axis=1, keepdims=True)
    return x
""", "in place"),
    ],
}

ALSO_RIGHT = {
    "numpy-indexing": """
import numpy as np
def last_token_logits(logits, lengths):
    return np.take_along_axis(logits, (lengths - 1)[:, None, None], axis=1)[:, 0]

def masked_mean(x, mask):
    m = mask[..., None].astype(x.dtype)
    return (x * m).sum(1) / m.sum(1)

def normalize_rows(x):
    return x / np.sum(x, axis=-1, keepdims=True)
""",
}

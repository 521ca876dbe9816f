"""Typical wrong solutions of the dl module's exercises: conv2d, lstm-cell, mlm-masking, clip-loss (see wrong_solutions.py for the format)."""

CONV_SIZE = '''
import numpy as np
def output_size(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride + 1
'''


def _conv(pad="np.pad(x, ((0, 0), (padding, padding), (padding, padding)))", window="xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]",
          value="np.sum(w[o] * patch) + b[o]", size=CONV_SIZE, size_padding="padding"):
    """A loop conv2d as a learner writes it, with one part replaced."""
    return size + f'''
def conv2d(x, w, b, stride=1, padding=0):
    c_in, h, wd = x.shape
    c_out, _, kh, kw = w.shape
    xp = {pad}
    h_out, w_out = output_size(h, kh, stride, {size_padding}), output_size(wd, kw, stride, {size_padding})
    out = np.zeros((c_out, h_out, w_out))
    for o in range(c_out):
        for i in range(h_out):
            for j in range(w_out):
                patch = {window}
                out[o, i, j] = {value}
    return out
'''


WRONG = {
    "conv2d": [
        ("output size without + 1", _conv(size='''
import numpy as np
def output_size(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride
'''), "one more"),
        ("output size with true division", _conv(size='''
import numpy as np
def output_size(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) / stride + 1
'''), "floor division"),
        ("output size with the padding once", _conv(size='''
import numpy as np
def output_size(n, k, stride=1, padding=0):
    return (n + padding - k) // stride + 1
'''), "n + 2p"),
        ("flipped kernel", _conv(value="np.sum(w[o, :, ::-1, ::-1] * patch) + b[o]"), "cross-correlation"),
        ("no bias", _conv(value="np.sum(w[o] * patch)"), "bias is missing"),
        ("filters read from the wrong axis of w", _conv(value="np.sum(w[:, o] * patch) + b[o]"), "wrong axis of w"),
        ("padding only after the image", _conv(pad="np.pad(x, ((0, 0), (0, 2 * padding), (0, 2 * padding)))"), "each side"),
        ("padding ignored", _conv(pad="x", size_padding="0"), "padding was ignored"),
        # np.pad(x, p) pads every axis, the channels too: with one input channel the zero channels broadcast away
        # unnoticed, with three the window has 3 + 2p channels and no longer matches w[o]
        ("np.pad(x, padding) pads the channel axis too", _conv(pad="np.pad(x, padding)"), "could not be broadcast"),
        ("window not moved by the stride", _conv(window="xp[:, i:i + kh, j:j + kw]"), "as if the stride were 1"),
        ("bias added along the width", CONV_SIZE + '''
def conv2d(x, w, b, stride=1, padding=0):
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    c_out, _, kh, kw = w.shape
    h_out, w_out = output_size(x.shape[1], kh, stride, padding), output_size(x.shape[2], kw, stride, padding)
    out = np.zeros((c_out, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            out[:, i, j] = np.tensordot(w, xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw], axes=3)
    return out + b
''', "b[:, None, None]"),
    ],
}

ALSO_RIGHT = {
    # vectorised: every window at once with sliding_window_view, one einsum over (C_in, kH, kW)
    "conv2d": '''
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
def output_size(n, k, stride=1, padding=0):
    return int(np.floor((n + 2 * padding - k) / stride)) + 1
def conv2d(x, w, b, stride=1, padding=0):
    xp = np.pad(x, [(0, 0), (padding, padding), (padding, padding)])
    windows = sliding_window_view(xp, w.shape[2:], axis=(1, 2))[:, ::stride, ::stride]   # (C_in, H_out, W_out, kH, kW)
    return np.einsum("chwuv,ocuv->ohw", windows, w) + b[:, None, None]
''',
}


LSTM_SEQUENCE = '''
def lstm_sequence(xs, h0, c0, W, U, b):
    h, c, hs = h0, c0, []
    for x in xs:
        h, c = lstm_step(x, h, c, W, U, b)
        hs.append(h)
    return np.stack(hs), c
'''


def _lstm(gates="zi, zf, zg, zo = np.split(z, 4, axis=1)", f="sig(zf)", g="np.tanh(zg)", c_new="f * c + i * g",
          h_new="o * np.tanh(c_new)", sequence=LSTM_SEQUENCE):
    """An lstm_step as a learner writes it, with one part replaced."""
    return f'''
import numpy as np
def sig(z):
    return 1 / (1 + np.exp(-z))
def lstm_step(x, h, c, W, U, b):
    z = x @ W.T + h @ U.T + b
    {gates}
    i, f, g, o = sig(zi), {f}, {g}, sig(zo)
    c_new = {c_new}
    h_new = {h_new}
    return h_new, c_new
''' + sequence


WRONG["lstm-cell"] = [
    ("gates split as i, f, o, g", _lstm(gates="zi, zf, zo, zg = np.split(z, 4, axis=1)"), "i, f, g, o"),
    ("gates read from every fourth column", _lstm(gates="zi, zf, zg, zo = z.reshape(len(z), -1, 4).transpose(2, 0, 1)"),
     "every fourth column"),
    ("tanh on the forget gate", _lstm(f="np.tanh(zf)"), "forget gate is a gate"),
    ("sigmoid on the candidate", _lstm(g="sig(zg)"), "candidate g uses tanh"),
    ("new cell without the forget term", _lstm(c_new="i * g"), "lost the old memory"),
    ("h = o * c", _lstm(h_new="o * c_new"), "squashed by tanh"),
    ("h from the old cell", _lstm(h_new="o * np.tanh(c)"), "from the old cell"),
    ("every step from h0, c0", _lstm(sequence='''
def lstm_sequence(xs, h0, c0, W, U, b):
    hs = []
    for x in xs:
        h, c = lstm_step(x, h0, c0, W, U, b)
        hs.append(h)
    return np.stack(hs), c
'''), "started again from h0 and c0"),
    ("cell not carried", _lstm(sequence='''
def lstm_sequence(xs, h0, c0, W, U, b):
    h, hs = h0, []
    for x in xs:
        h, c = lstm_step(x, h, c0, W, U, b)
        hs.append(h)
    return np.stack(hs), c
'''), "reset to c0"),
]

# column-vector layout, gates by slicing, a sigmoid through tanh, and the sequence preallocated
ALSO_RIGHT["lstm-cell"] = '''
import numpy as np
def lstm_step(x, h, c, W, U, b):
    H = h.shape[1]
    z = (W @ x.T + U @ h.T + b[:, None]).T
    sigmoid = lambda v: 0.5 * (1 + np.tanh(v / 2))
    i, f, g, o = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), np.tanh(z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
    c = f * c + i * g
    return o * np.tanh(c), c
def lstm_sequence(xs, h0, c0, W, U, b):
    hs = np.zeros((len(xs),) + h0.shape)
    h, c = h0.copy(), c0.copy()
    for t in range(len(xs)):
        h, c = lstm_step(xs[t], h, c, W, U, b)
        hs[t] = h
    return hs, c
'''


TARGETS_RIGHT = '''
def next_token_targets(ids, pad_id):
    t = np.full_like(ids, -100)
    t[..., :-1] = ids[..., 1:]
    t[t == pad_id] = -100
    return t
'''


def _mlm(selected="(u_select < 0.15) & ~special", masked="selected & (u_kind < 0.8)",
         randomised="selected & (u_kind >= 0.8) & (u_kind < 0.9)", labels="np.where(selected, ids, -100)", targets=TARGETS_RIGHT):
    """An mlm_mask as a learner writes it, with one part replaced."""
    return f'''
import numpy as np
def mlm_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    selected = {selected}
    inputs = ids.copy()
    inputs[{masked}] = mask_id
    rnd = {randomised}
    inputs[rnd] = random_ids[rnd]
    labels = {labels}
    return inputs, labels
''' + targets


WRONG["mlm-masking"] = [
    ("special tokens can be masked", _mlm(selected="u_select < 0.15"), "never selected"),
    ("labels everywhere", _mlm(labels="ids.copy()"), "only the targets have a label"),
    ("labels read after masking", _mlm(labels="np.where(selected, inputs, -100)"), "the original token"),
    ("every target shown as [MASK]", _mlm(masked="selected", randomised="np.zeros_like(selected)"), "only 80 %"),
    ("80/10/10 applied to every position", _mlm(masked="u_kind < 0.8", randomised="(u_kind >= 0.8) & (u_kind < 0.9)"), "every position"),
    ("kept targets labelled -100", _mlm(labels="np.where(selected & (inputs != ids), ids, -100)"), "still count"),
    ("random ids written over the [MASK]s", _mlm(randomised="selected & (u_kind < 0.9)"), "overwrote the [MASK]s"),
    ("masked the caller's ids in place", _mlm().replace("inputs = ids.copy()", "inputs = ids"), "in place"),
    ("targets not shifted", _mlm(targets='''
def next_token_targets(ids, pad_id):
    return np.where(ids == pad_id, -100, ids)
'''), "not shifted"),
    ("shifted the wrong way", _mlm(targets='''
def next_token_targets(ids, pad_id):
    t = np.full_like(ids, -100)
    t[..., 1:] = ids[..., :-1]
    t[t == pad_id] = -100
    return t
'''), "wrong way"),
    ("np.roll wraps around", _mlm(targets='''
def next_token_targets(ids, pad_id):
    t = np.roll(ids, -1, axis=-1)
    t[t == pad_id] = -100
    return t
'''), "wraps around"),
    ("one-sequence code on a batch", _mlm(targets='''
def next_token_targets(ids, pad_id):
    t = np.roll(ids, -1)
    t[-1] = -100
    t[t == pad_id] = -100
    return t
'''), "flattened"),
    ("padding predicted", _mlm(targets='''
def next_token_targets(ids, pad_id):
    t = np.full_like(ids, -100)
    t[..., :-1] = ids[..., 1:]
    return t
'''), "padding became a target"),
]

# thresholds on one combined condition, and the targets by concatenation
ALSO_RIGHT["mlm-masking"] = '''
import numpy as np
def mlm_mask(ids, special, u_select, u_kind, random_ids, mask_id):
    target = np.logical_and(u_select < 0.15, np.logical_not(special))
    shown = np.select([target & (u_kind < 0.8), target & (u_kind < 0.9)], [np.full_like(ids, mask_id), random_ids], ids)
    return shown, np.where(target, ids, -100)
def next_token_targets(ids, pad_id):
    nxt = np.concatenate([ids[..., 1:], np.full(ids.shape[:-1] + (1,), pad_id, dtype=ids.dtype)], axis=-1)
    return np.where(nxt == pad_id, -100, nxt)
'''


PROBS_RIGHT = '''
def zero_shot_probs(image_emb, prompt_emb, temperature):
    z = unit(image_emb) @ unit(prompt_emb).T / temperature
    return np.exp(log_softmax(z))
'''


def _clip(unit="x / np.linalg.norm(x, axis=1, keepdims=True)", log_softmax="s - np.log(np.exp(s).sum(axis=-1, keepdims=True))",
          logits="unit(image_emb) @ unit(text_emb).T / temperature",
          loss="(-np.mean(np.diag(log_softmax(z))) - np.mean(np.diag(log_softmax(z.T)))) / 2", probs=PROBS_RIGHT):
    """A clip-loss file as a learner writes it, with one part replaced."""
    return f'''
import numpy as np
def unit(x):
    return {unit}
def log_softmax(z):
    s = z - z.max(axis=-1, keepdims=True)
    return {log_softmax}
def clip_loss(image_emb, text_emb, temperature):
    z = {logits}
    return {loss}
''' + probs


WRONG["clip-loss"] = [
    ("no normalisation", _clip(unit="x"), "not normalised"),
    ("columns normalised", _clip(unit="x / np.linalg.norm(x, axis=0, keepdims=True)"), "axis=0"),
    ("norm without keepdims", _clip(unit="x / np.linalg.norm(x, axis=1)"), "keepdims=True"),
    ("one norm for the whole matrix", _clip(unit="x / np.linalg.norm(x)"), "the whole matrix"),
    ("multiplied by the temperature", _clip(logits="unit(image_emb) @ unit(text_emb).T * temperature"), "multiplied by the temperature"),
    ("image to text only", _clip(loss="-np.mean(np.diag(log_softmax(z)))"), "add the text → image"),
    ("text to image only", _clip(loss="-np.mean(np.diag(log_softmax(z.T)))"), "add the image → text"),
    ("the two directions added", _clip(loss="-np.mean(np.diag(log_softmax(z))) - np.mean(np.diag(log_softmax(z.T)))"), "twice the right one"),
    ("summed over the pairs", _clip(loss="(-np.sum(np.diag(log_softmax(z))) - np.sum(np.diag(log_softmax(z.T)))) / 2"), "not a sum"),
    ("exp without the max", _clip(log_softmax="np.log(np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True))"), "overflowed"),
    ("log of a softmax", _clip(log_softmax="np.log(np.exp(s) / np.exp(s).sum(axis=-1, keepdims=True))"), "underflowed"),
    ("zero-shot softmax over the images", _clip(probs='''
def zero_shot_probs(image_emb, prompt_emb, temperature):
    z = unit(image_emb) @ unit(prompt_emb).T / temperature
    e = np.exp(z - z.max(axis=0))
    return e / e.sum(axis=0)
'''), "axis 1"),
    ("zero-shot without the temperature", _clip(probs='''
def zero_shot_probs(image_emb, prompt_emb, temperature):
    return np.exp(log_softmax(unit(image_emb) @ unit(prompt_emb).T))
'''), "temperature is missing"),
]

# float32 kept as it is (no cast), cross-entropy as logsumexp minus the diagonal, the two directions averaged first
ALSO_RIGHT["clip-loss"] = '''
import numpy as np
def _lse(z, axis):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.sum(np.exp(z - m), axis=axis))
def clip_loss(image_emb, text_emb, temperature):
    a = image_emb / np.sqrt((image_emb ** 2).sum(1))[:, None]
    b = text_emb / np.sqrt((text_emb ** 2).sum(1))[:, None]
    z = (a @ b.T) * (1.0 / temperature)
    d = np.diagonal(z)
    return float(np.mean((_lse(z, 1) - d + _lse(z, 0) - d) / 2))
def zero_shot_probs(image_emb, prompt_emb, temperature):
    a = image_emb / np.linalg.norm(image_emb, axis=-1, keepdims=True)
    b = prompt_emb / np.linalg.norm(prompt_emb, axis=-1, keepdims=True)
    z = a @ b.T / temperature
    e = np.exp(z - _lse(z, 1)[:, None])
    return e
'''

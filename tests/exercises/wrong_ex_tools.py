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
        ("mask from the ids", _pad("    return ids, mask", "    return ids, (ids != pad_id).astype(int)"), "a real token can have that id"),
        ("truncated the caller's lists", _pad("sequences = [s[:max_length] for s in sequences]", "for s in sequences:\n            del s[max_length:]"),
         "in place"),
        ("padded the caller's lists", """
import numpy as np
def pad_batch(sequences, pad_id, side="right", max_length=None):
    rows = sequences if max_length is None else [s[:max_length] for s in sequences]
    L = max(len(s) for s in rows)
    mask = []
    for s in rows:
        gap = L - len(s)
        mask.append([0] * gap + [1] * len(s) if side == "left" else [1] * len(s) + [0] * gap)
        for _ in range(gap):
            if side == "left":
                s.insert(0, pad_id)
            else:
                s.append(pad_id)
    return np.array(rows), np.array(mask)
""", "in place"),
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


POOL_RIGHT = """
import numpy as np
def sentence_embedding(hidden, attention_mask, pooling="mean"):
    if pooling == "cls":
        return hidden[:, 0]
    m = attention_mask[..., None]
    return (hidden * m).sum(axis=1) / m.sum(axis=1)

def classify(embeddings, W, b):
    logits = embeddings @ W.T + b
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    return probs, probs.argmax(axis=1)

def evaluate(y_true, y_pred, num_classes):
    confusion = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        confusion[t, p] += 1
    return float(np.mean(y_true == y_pred)), confusion
"""


def _pool(old: str, new: str) -> str:
    assert old in POOL_RIGHT, old
    return POOL_RIGHT.replace(old, new)


WRONG["masked-mean-pool-classify"] = [
    ("mean over padding", _pool("(hidden * m).sum(axis=1) / m.sum(axis=1)", "hidden.mean(axis=1)"), "includes the padding"),
    ("no keepdims", _pool("m.sum(axis=1)", "attention_mask.sum(axis=1)"), "(B, 1)"),
    ("sum pooling", _pool("(hidden * m).sum(axis=1) / m.sum(axis=1)", "(hidden * m).sum(axis=1)"), "did not divide"),
    ("[CLS] is the last position", _pool("hidden[:, 0]", "hidden[:, -1]"), "first token"),
    ("[CLS] is the last real token", _pool("hidden[:, 0]", "hidden[np.arange(len(hidden)), attention_mask.sum(axis=1) - 1]"), "GPT-style"),
    ("softmax overflows", _pool("np.exp(logits - logits.max(axis=1, keepdims=True))", "np.exp(logits)"), "subtract each row's maximum"),
    ("softmax minus the batch's maximum", _pool("np.exp(logits - logits.max(axis=1, keepdims=True))", "np.exp(logits - logits.max())"), "each row's own"),
    ("softmax over the batch", _pool("logits.max(axis=1, keepdims=True))\n    probs = e / e.sum(axis=1, keepdims=True)",
                                     "logits.max(axis=0, keepdims=True))\n    probs = e / e.sum(axis=0, keepdims=True)"), "axis=1"),
    ("W not transposed", _pool("embeddings @ W.T + b", "embeddings @ W + b"), "W.T"),
    ("no bias", _pool("embeddings @ W.T + b", "embeddings @ W.T"), "bias b is missing"),
    ("argmax over the batch", _pool("probs.argmax(axis=1)", "probs.argmax(axis=0)"), "own row"),
    ("accuracy as a count", _pool("float(np.mean(y_true == y_pred))", "int(np.sum(y_true == y_pred))"), "divided by the number"),
    ("confusion transposed", _pool("confusion[t, p] += 1", "confusion[p, t] += 1"), "transposed"),
    ("fancy-index +=", _pool("for t, p in zip(y_true, y_pred):\n        confusion[t, p] += 1", "confusion[y_true, y_pred] += 1"), "np.add.at"),
    ("size from the data", _pool("confusion = np.zeros((num_classes, num_classes), dtype=int)",
                                 "k = max(y_true.max(), y_pred.max()) + 1\n    confusion = np.zeros((k, k), dtype=int)"), "num_classes"),
    ("float confusion", _pool("dtype=int)", ")"), "expected integers"),
]

ALSO_RIGHT["masked-mean-pool-classify"] = """
import numpy as np
def sentence_embedding(hidden, attention_mask, pooling="mean"):
    if pooling == "cls":
        return hidden[:, 0, :].copy()
    keep = attention_mask.astype(bool)
    return np.stack([h[k].mean(axis=0) for h, k in zip(hidden, keep)])

def classify(embeddings, W, b):
    logits = np.einsum("bh,kh->bk", embeddings, W) + b
    logp = logits - logits.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    return np.exp(logp), np.argmax(logits, axis=-1)

def evaluate(y_true, y_pred, num_classes):
    confusion = np.bincount(y_true * num_classes + y_pred, minlength=num_classes ** 2).reshape(num_classes, num_classes)
    return np.trace(confusion) / len(y_true), confusion
"""


VOCAB_RIGHT = """
from collections import Counter
SPECIALS = ["<pad>", "<unk>"]
def build_vocab(texts, min_count=1):
    counts = Counter(w for t in texts for w in t.split())
    words = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))
    return {tok: i for i, tok in enumerate(SPECIALS + words)}

def encode(text, vocab):
    return [vocab.get(w, vocab["<unk>"]) for w in text.split()]

def batches(items, batch_size, drop_last=False):
    out = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    if drop_last and out and len(out[-1]) < batch_size:
        out.pop()
    return out
"""


def _vocab(old: str, new: str) -> str:
    assert old in VOCAB_RIGHT, old
    return VOCAB_RIGHT.replace(old, new)


SORTED_WORDS = "sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))"

WRONG["vocab-and-batches"] = [
    ("no specials", _vocab("enumerate(SPECIALS + words)", "enumerate(words)"), "special tokens are missing"),
    ("specials last", _vocab("enumerate(SPECIALS + words)", "enumerate(words + SPECIALS)"), "after the words"),
    ("min_count exclusive", _vocab("counts[w] >= min_count", "counts[w] > min_count"), "exactly min_count"),
    ("most_common", _vocab(SORTED_WORDS, "[w for w, n in counts.most_common() if n >= min_count]"), "first appearance"),
    ("first seen", _vocab(SORTED_WORDS, "[w for w in counts if counts[w] >= min_count]"), "first appear"),
    ("alphabetical", _vocab(SORTED_WORDS, "sorted(w for w in counts if counts[w] >= min_count)"), "alphabetically only"),
    ("rarest first", _vocab("(-counts[w], w)", "(counts[w], w)"), "rarest words first"),
    ("set order", _vocab(SORTED_WORDS, "list({w for w in counts if counts[w] >= min_count})"), "count, highest first"),
    ("unknown dropped", _vocab('[vocab.get(w, vocab["<unk>"]) for w in text.split()]', "[vocab[w] for w in text.split() if w in vocab]"), "dropped the unknown"),
    ("unknown as pad", _vocab('vocab.get(w, vocab["<unk>"])', "vocab.get(w, 0)"), "<pad>"),
    ("drop_last ignored", _vocab("if drop_last and out", "if False and out"), "left out"),
    ("last batch lost", _vocab("for i in range(0, len(items), batch_size)]", "for i in range(0, len(items) - batch_size + 1, batch_size)]"), "lost the last"),
    ("split on single spaces", _vocab("for w in text.split()]", 'for w in text.split(" ")]'), "empty word"),
    ("full last batch dropped", _vocab("if drop_last and out and len(out[-1]) < batch_size:", "if drop_last and out:"), "although it was full"),
    ("batches eat the caller's list", _vocab("out = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]",
                                             "out = []\n    while items:\n        out.append(items[:batch_size])\n        del items[:batch_size]"),
     "in place"),
    ("encode adds the unknown words to vocab", _vocab('vocab.get(w, vocab["<unk>"])', 'vocab.setdefault(w, vocab["<unk>"])'), "in place"),
    ("empty last batch", _vocab("[items[i:i + batch_size] for i in range(0, len(items), batch_size)]",
                                "[items[i * batch_size:(i + 1) * batch_size] for i in range(len(items) // batch_size + 1)]"), "empty"),
]

ALSO_RIGHT["vocab-and-batches"] = """
SPECIALS = ["<pad>", "<unk>"]
def build_vocab(texts, min_count=1):
    counts = {}
    for text in texts:
        for word in text.split():
            counts[word] = counts.get(word, 0) + 1
    vocab = {tok: i for i, tok in enumerate(SPECIALS)}
    for word in sorted(sorted(counts), key=counts.get, reverse=True):   # stable: alphabetical within a count
        if counts[word] >= min_count:
            vocab[word] = len(vocab)
    return vocab

def encode(text, vocab):
    ids = []
    for word in text.split():
        ids.append(vocab[word] if word in vocab else vocab["<unk>"])
    return ids

def batches(items, batch_size, drop_last=False):
    out, current = [], []
    for item in items:
        current.append(item)
        if len(current) == batch_size:
            out.append(current)
            current = []
    if current and not drop_last:
        out.append(current)
    return out
"""


DP_RIGHT = """
import numpy as np
def all_reduce_mean(grads):
    mean = np.mean(np.stack(grads), axis=0)
    return [mean.copy() for _ in grads]

def shard_for_rank(flat, rank, world_size):
    size = -(-flat.size // world_size)
    padded = np.zeros(size * world_size)
    padded[:flat.size] = flat
    return padded[rank * size:(rank + 1) * size]

def reduce_scatter_mean(grads):
    mean = np.mean(np.stack(grads), axis=0)
    return [shard_for_rank(mean, r, len(grads)) for r in range(len(grads))]

def all_gather(shards, numel):
    full = np.concatenate(shards)[:numel]
    return [full.copy() for _ in shards]
"""


def _dp(old: str, new: str) -> str:
    assert old in DP_RIGHT, old
    return DP_RIGHT.replace(old, new)


SHARD_BODY = """    size = -(-flat.size // world_size)
    padded = np.zeros(size * world_size)
    padded[:flat.size] = flat
    return padded[rank * size:(rank + 1) * size]
"""

WRONG["data-parallel-allreduce"] = [
    ("sum", _dp("mean = np.mean(np.stack(grads), axis=0)\n    return [mean.copy() for _ in grads]",
                "mean = np.sum(np.stack(grads), axis=0)\n    return [mean.copy() for _ in grads]"), "averages them"),
    ("one array", _dp("return [mean.copy() for _ in grads]\n\ndef shard", "return mean\n\ndef shard"), "one array per rank"),
    ("mean without axis", _dp("mean = np.mean(np.stack(grads), axis=0)\n    return [mean.copy() for _ in grads]",
                              "return [np.mean(grads) for _ in grads]"), "without an axis"),
    ("floor division", _dp(SHARD_BODY, "    size = flat.size // world_size\n    return flat[rank * size:(rank + 1) * size]\n"), "rounds down"),
    ("remainder to the last rank", _dp(SHARD_BODY, "    size = flat.size // world_size\n    end = flat.size if rank == world_size - 1 else (rank + 1) * size\n"
                                                   "    return flat[rank * size:end]\n"), "remainder"),
    ("array_split", _dp(SHARD_BODY, "    return np.array_split(flat, world_size)[rank]\n"), "np.array_split"),
    ("no padding", _dp(SHARD_BODY, "    size = -(-flat.size // world_size)\n    return flat[rank * size:(rank + 1) * size]\n"), "pad the vector"),
    ("strided", _dp("return padded[rank * size:(rank + 1) * size]", "return padded[rank::world_size]"), "contiguous"),
    ("padding first", _dp("padded[:flat.size] = flat", "padded[padded.size - flat.size:] = flat"), "goes at the end"),
    ("scatter of the sum", _dp("mean = np.mean(np.stack(grads), axis=0)\n    return [shard_for_rank",
                               "mean = np.sum(np.stack(grads), axis=0)\n    return [shard_for_rank"), "averages"),
    ("scatter is an all-reduce", _dp("return [shard_for_rank(mean, r, len(grads)) for r in range(len(grads))]",
                                     "return [mean.copy() for _ in grads]"), "that is an all-reduce"),
    ("own shard only", _dp("return [shard_for_rank(mean, r, len(grads)) for r in range(len(grads))]",
                           "return [shard_for_rank(g, r, len(grads)) for r, g in enumerate(grads)]"), "nothing was reduced"),
    ("scatter by array_split", _dp("return [shard_for_rank(mean, r, len(grads)) for r in range(len(grads))]",
                                   "return np.array_split(mean, len(grads))"), "different sizes"),
    ("all-reduce in place, as torch.distributed.all_reduce", _dp("return [mean.copy() for _ in grads]\n\ndef shard",
                                                                "for g in grads:\n        g[...] = mean\n    return grads\n\ndef shard"), "in place"),
    ("padding kept", _dp("np.concatenate(shards)[:numel]", "np.concatenate(shards)"), "first numel"),
    ("gather one copy", _dp("full = np.concatenate(shards)[:numel]\n    return [full.copy() for _ in shards]",
                            "return np.concatenate(shards)[:numel]"), "every rank"),
]

ALSO_RIGHT["data-parallel-allreduce"] = """
import math
import numpy as np
def all_reduce_mean(grads):
    total = sum(grads)
    return [total / len(grads) for _ in grads]

def shard_for_rank(flat, rank, world_size):
    size = math.ceil(len(flat) / world_size)
    padded = np.pad(flat, (0, size * world_size - len(flat)))
    return padded.reshape(world_size, size)[rank].copy()

def reduce_scatter_mean(grads):
    n = len(grads)
    return [sum(shard_for_rank(g, r, n) for g in grads) / n for r in range(n)]

def all_gather(shards, numel):
    return [np.hstack(shards)[:numel] for _ in shards]
"""

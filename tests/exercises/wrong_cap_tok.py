"""Typical wrong solutions of the capstone's tokenizer steps (bpe-train, bpe-tokenizer, gpt2-tokenizer),
each with a phrase its explanation must contain (picked up by wrong_solutions.py)."""

_WORDS = '''
import regex
from collections import Counter
GPT2_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"""
def words(text):
    return regex.findall(GPT2_SPLIT, text)
'''


def _trainer(*, count="pairs[pair] += n", best="min(pairs, key=lambda p: (-pairs[p], p))", stop="256 + len(merges) < vocab_size",
             start="tuple(bytes([b]) for b in w.encode('utf-8'))", pieces="words(text)"):
    return _WORDS + f'''
def train_bpe(text, vocab_size):
    counts = Counter({start} for w in {pieces})
    merges = []
    while {stop}:
        pairs = Counter()
        for word, n in counts.items():
            for pair in zip(word, word[1:]):
                {count}
        if not pairs:
            break
        best = {best}
        if pairs[best] < 2:
            break
        merges.append(best)
        new = Counter()
        for word, n in counts.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1]); i += 2
                else:
                    out.append(word[i]); i += 1
            new[tuple(out)] += n
        counts = new
    return merges
'''


WRONG = {
    "bpe-train": [
        ("split on whitespace", _trainer().replace("return regex.findall(GPT2_SPLIT, text)", "return text.split()"), "throws the spaces away"),
        ("stdlib re with \\w", _trainer().replace("import regex", "import re as regex").replace(
            r"\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+", r"\w+| ?\d+| ?[^\s\w]+"), "'x_1' stayed one word"),
        ("stdlib re with \\p", _trainer().replace("import regex", "import re as regex"), "no \\p{L}"),
        ("ties by first seen", _trainer(best="max(pairs, key=pairs.get)"), "must not depend on the order"),
        ("ties to the largest", _trainer(best="max(pairs, key=lambda p: (pairs[p], p))"), "not the largest"),
        ("each word once", _trainer(count="pairs[pair] += 1"), "contributes its pairs n times"),
        ("vocab_size merges", _trainer(stop="len(merges) < vocab_size"), "256 single bytes too"),
        ("whole text, no words", _trainer(pieces="[text]"), "across word boundaries"),
        ("characters, not bytes", _trainer(start="tuple(ch.encode('utf-8') for ch in w)"), "start from bytes"),
        ("merges as str", _trainer(start="tuple(w)"), "pairs of bytes"),
    ],
}


def _tokenizer(*, pick="min(present, key=ranks.get)", ids="256 + k", decode="b''.join(vocab[i] for i in ids).decode('utf-8', errors='replace')"):
    """A learner's bpe_tokenizer.py with one thing changed (words defined here: the in-process tests copy no `uses:` file)."""
    return _WORDS + f'''
def encode(text, merges):
    ranks = {{pair: k for k, pair in enumerate(merges)}}
    ids_of = {{a + b: {ids} for k, (a, b) in enumerate(merges)}}
    out = []
    for word in words(text):
        parts = [bytes([b]) for b in word.encode("utf-8")]
        while len(parts) > 1:
            present = [p for p in zip(parts, parts[1:]) if p in ranks]
            if not present:
                break
            pair = {pick}
            joined, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and (parts[i], parts[i + 1]) == pair:
                    joined.append(parts[i] + parts[i + 1]); i += 2
                else:
                    joined.append(parts[i]); i += 1
            parts = joined
        out += [p[0] if len(p) == 1 else ids_of[p] for p in parts]
    return out

def decode(ids, merges):
    vocab = [bytes([b]) for b in range(256)] + [a + b for a, b in merges]
    return {decode}
'''


_LONGEST = _WORDS + '''
def encode(text, merges):
    ids_of = {a + b: 256 + k for k, (a, b) in enumerate(merges)}
    out = []
    for word in words(text):
        data, i = word.encode("utf-8"), 0
        while i < len(data):
            j = max(j for j in range(i + 1, len(data) + 1) if j == i + 1 or data[i:j] in ids_of)
            out.append(data[i] if j == i + 1 else ids_of[data[i:j]])
            i = j
    return out

def decode(ids, merges):
    vocab = [bytes([b]) for b in range(256)] + [a + b for a, b in merges]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
'''

WRONG["bpe-tokenizer"] = [
    ("leftmost pair first", _tokenizer(pick="present[0]"), "leftmost pair"),
    ("greedy longest match", _LONGEST, "greedy longest match"),
    ("last merge first", _tokenizer(pick="max(present, key=ranks.get)"), "most recently learned"),
    ("ids without the 256 bytes", _tokenizer(ids="k"), "256 + k"),
    ("decode each token", _tokenizer(decode="''.join(vocab[i].decode('utf-8', errors='replace') for i in ids)"), "on its own"),
    ("strict decode", _tokenizer(decode="b''.join(vocab[i] for i in ids).decode('utf-8')"), "errors='replace'"),
    ("latin-1 decode", _tokenizer(decode="b''.join(vocab[i] for i in ids).decode('latin-1')"), "not Latin-1"),
]
ALSO_RIGHT = {"bpe-tokenizer": _tokenizer()}


_MAP = '''
def bytes_to_unicode():
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table
'''


def _gpt2(*, table=_MAP, split="words(text)", ids="encoder[t]"):
    return _WORDS.replace("import regex", "import json, re, regex\nfrom functools import lru_cache") + table + f'''
@lru_cache(maxsize=2)
def load(encoder_json, vocab_bpe):
    with open(encoder_json, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(vocab_bpe, encoding="utf-8") as f:
        merges = [tuple(line.split()) for line in f.read().split("\\n")[1:] if line.strip()]
    return encoder, {{pair: r for r, pair in enumerate(merges)}}

def gpt2_encode(text, encoder_json, vocab_bpe):
    encoder, ranks = load(encoder_json, vocab_bpe)
    table, out = bytes_to_unicode(), []
    for word in {split}:
        parts = [table[b] for b in word.encode("utf-8")]
        while len(parts) > 1:
            pair = min(zip(parts, parts[1:]), key=lambda p: ranks.get(p, float("inf")))
            if pair not in ranks:
                break
            joined, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and (parts[i], parts[i + 1]) == pair:
                    joined.append(parts[i] + parts[i + 1]); i += 2
                else:
                    joined.append(parts[i]); i += 1
            parts = joined
        out += [{ids} for t in parts]
    return out
'''


WRONG["gpt2-tokenizer"] = [
    ("identity byte map", _gpt2(table="\ndef bytes_to_unicode():\n    return {b: chr(b) for b in range(256)}\n"), "a space is 'Ġ'"),
    ("chr(256 + b)", _gpt2(table=_MAP.replace("chr(256 + n)", "chr(256 + b)")), "not chr(256 + b)"),
    ("ASCII only kept", _gpt2(table=_MAP.replace(" + list(range(161, 173)) + list(range(174, 256))", "")), "'¡'..'¬'"),
    ("stdlib re stand-in", _gpt2(split="re.findall(r\"\"\"'s|'t|'re|'ve|'m|'ll|'d| ?[^\\W\\d_]+| ?\\d+| ?[^\\s\\w]+|\\s+(?!\\S)|\\s+\"\"\", text)"),
     "silently drops it"),
    ("no lookahead for spaces", _gpt2(split="regex.findall(GPT2_SPLIT.replace(r'|\\s+(?!\\S)', ''), text)"), "the last one belongs to the next word"),
    ("ids as in bpe-tokenizer", _gpt2(ids="(ord(t) if len(t) == 1 and ord(t) < 256 else [k for k, c in bytes_to_unicode().items() if c == t][0] if len(t) == 1 "
                                        "else 256 + [r for (a, b), r in ranks.items() if a + b == t][0])"), "order of their characters"),
]

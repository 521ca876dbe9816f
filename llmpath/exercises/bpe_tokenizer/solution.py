"""Encoding and decoding with byte-level BPE merges — reference solution.

Ids 0–255 are the single bytes, 256 + k is merge k. Encoding replays the merges in the order they
were learned (lowest rank first), not in the order the pairs appear in the word, and not by longest
match: that is what makes the tokenisation of a word the same as during training. Decoding joins the
tokens' bytes and decodes them once, so a character split over several tokens comes back whole.
"""

from bpe_train import words  # your pre-tokenisation from the previous exercise


def encode(text: str, merges: list[tuple[bytes, bytes]]) -> list[int]:
    """The ids of ``text``: each word's bytes, merged by rank."""
    ranks = {pair: k for k, pair in enumerate(merges)}
    ids_of = {a + b: 256 + k for k, (a, b) in enumerate(merges)}
    ids = []
    for word in words(text):
        parts = [bytes([b]) for b in word.encode("utf-8")]
        while len(parts) > 1:
            pair = min(zip(parts, parts[1:]), key=lambda p: ranks.get(p, len(merges)))
            if pair not in ranks:
                break                      # no pair left that was ever merged
            joined, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and (parts[i], parts[i + 1]) == pair:
                    joined.append(parts[i] + parts[i + 1])
                    i += 2
                else:
                    joined.append(parts[i])
                    i += 1
            parts = joined
        ids += [part[0] if len(part) == 1 else ids_of[part] for part in parts]
    return ids


def decode(ids: list[int], merges: list[tuple[bytes, bytes]]) -> str:
    """The text of ``ids``; bytes that are not valid UTF-8 (a cut character) become U+FFFD."""
    vocab = [bytes([b]) for b in range(256)] + [a + b for a, b in merges]
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")


if __name__ == "__main__":
    merges = [(b"u", b"g"), (b"h", b"ug"), (b" ", b"hug"), (b" ", b"p"), (b"u", b"n")]
    print(encode("hugs pun", merges))
    print(decode(encode("hugs pun 猫", merges), merges))

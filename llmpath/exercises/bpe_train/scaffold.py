from collections import Counter

import regex  # not `re`: only `regex` knows \p{L} (any letter) and \p{N} (any number)

# GPT-2's pre-tokenisation pattern (given): contractions, letters, numbers, other symbols, spaces.
GPT2_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def words(text: str) -> list[str]:
    """The pieces of `text` that GPT2_SPLIT matches, in order ("hug hugs" -> ["hug", " hugs"])."""
    # TODO: your code here (1 line)
    raise NotImplementedError


def train_bpe(text: str, vocab_size: int) -> list[tuple[bytes, bytes]]:
    """The merges (pairs of bytes), in the order learned; 256 + len(merges) <= vocab_size."""
    # TODO: your code here (about 20 lines)
    # 1. count each word of words(text) as a tuple of single bytes: (b'h', b'u', b'g')
    # 2. repeat: count the adjacent pairs (times how often the word occurs), take the best,
    #    stop if it occurs fewer than 2 times, record it, and join it in every word
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python bpe_train.py
    print(words("hug hug pug pun bun hugs"))          # ['hug', ' hug', ' pug', ' pun', ' bun', ' hugs']
    print(train_bpe("hug hug pug pun bun hugs", 261))  # [(b'u', b'g'), (b'h', b'ug'), (b' ', b'hug'), (b' ', b'p'), (b'u', b'n')]

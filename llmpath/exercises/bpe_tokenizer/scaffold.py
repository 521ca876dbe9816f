from bpe_train import words  # your pre-tokenisation from bpe-train (its reference until you pass it)


def encode(text: str, merges: list[tuple[bytes, bytes]]) -> list[int]:
    """The ids of `text`: 0-255 for single bytes, 256 + k for the token of merges[k]."""
    # TODO: your code here (about 15 lines)
    # for each word of words(text): start from its single bytes, then repeatedly join the adjacent
    # pair with the LOWEST rank (index in merges) until no adjacent pair is in merges
    raise NotImplementedError


def decode(ids: list[int], merges: list[tuple[bytes, bytes]]) -> str:
    """The text of `ids` (invalid UTF-8, e.g. a cut character, becomes U+FFFD)."""
    # TODO: your code here (about 3 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python bpe_tokenizer.py
    merges = [(b"u", b"g"), (b"h", b"ug"), (b" ", b"hug"), (b" ", b"p"), (b"u", b"n")]
    print(encode("hugs pun", merges))                      # [257, 115, 259, 260]
    print(encode("abc", [(b"b", b"c"), (b"a", b"b")]))     # [97, 256]: (b, c) has the lower rank
    print(decode(encode("hugs pun 猫", merges), merges))    # hugs pun 猫

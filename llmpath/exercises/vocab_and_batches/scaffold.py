SPECIALS = ["<pad>", "<unk>"]          # ids 0 and 1


def build_vocab(texts, min_count=1):
    """texts: list of str → dict word → id: the specials, then the words seen at least min_count times."""
    # TODO: count the words, keep the frequent ones, sort them, number them after the specials (about 5 lines)
    raise NotImplementedError


def encode(text, vocab):
    """str → list of ids, one per word; a word not in vocab becomes vocab["<unk>"] (never dropped)."""
    # TODO: one list comprehension
    raise NotImplementedError


def batches(items, batch_size, drop_last=False):
    """Consecutive chunks of batch_size items; the last, shorter one is kept unless drop_last."""
    # TODO: a list comprehension over start positions, then drop_last (about 4 lines)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python vocab_and_batches.py
    vocab = build_vocab(["the dog sat", "a cat sat", "the cat"])
    print(vocab)   # {'<pad>': 0, '<unk>': 1, 'cat': 2, 'sat': 3, 'the': 4, 'a': 5, 'dog': 6}
    print(encode("the cat ate the fish", vocab))   # [4, 2, 1, 4, 1]
    print(batches(list(range(10)), 4))                   # [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    print(batches(list(range(10)), 4, drop_last=True))   # [[0, 1, 2, 3], [4, 5, 6, 7]]

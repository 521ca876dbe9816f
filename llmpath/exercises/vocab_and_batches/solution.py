"""A word vocabulary, encoding with <unk>, and mini-batches — reference solution, plain Python.

The vocabulary must come out the same on every run and every machine: the special tokens first,
then the words by count (highest first), ties in alphabetical order. A set or Counter.most_common()
alone gives no such order (sets follow string hashes, most_common breaks ties by first appearance).
"""

from collections import Counter

SPECIALS = ["<pad>", "<unk>"]          # always ids 0 and 1, before every word


def build_vocab(texts, min_count=1):
    """texts: list of str → dict word → id: the specials, then the words seen at least min_count times."""
    counts = Counter(word for text in texts for word in text.split())
    kept = [word for word, n in counts.items() if n >= min_count]              # ">=": min_count itself is enough
    ordered = sorted(kept, key=lambda word: (-counts[word], word))            # count down, then alphabetical
    return {token: i for i, token in enumerate(SPECIALS + ordered)}


def encode(text, vocab):
    """str → list of ids, one per word; a word not in vocab becomes vocab["<unk>"] (never dropped)."""
    unk = vocab["<unk>"]
    return [vocab.get(word, unk) for word in text.split()]


def batches(items, batch_size, drop_last=False):
    """Consecutive chunks of batch_size items; the last, shorter one is kept unless drop_last."""
    chunks = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
    if drop_last and chunks and len(chunks[-1]) < batch_size:
        chunks = chunks[:-1]
    return chunks


if __name__ == "__main__":
    vocab = build_vocab(["the dog sat", "a cat sat", "the cat"])
    print(vocab)
    print(encode("the cat ate the fish", vocab))
    print(batches(list(range(10)), 4), batches(list(range(10)), 4, drop_last=True))

"""Checks for vocab-and-batches: the corpus of the task worked by hand (ties in count, min_count = 2), a
Counter.most_common() order that differs only in its ties, seeded corpora; unknown words and an empty
text; the unit's 10 items in batches of 4, a size that divides the items (with and without drop_last), a batch larger than them."""

from collections import Counter

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import SPECIALS, batches as batches_ref, build_vocab as vocab_ref, encode as encode_ref


# ---------------------------------------------------------------------- comparing and showing

def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def compare_vocab(got, expected):
    """None if equal; else (en, zh): a missing or extra token, or the first token with the wrong id."""
    if not isinstance(got, dict):
        kind = "None — is a `return` missing?" if got is None else type(got).__name__
        return (f"expected a dict word → id, got {kind}", f"应返回“词 → id”的字典，实际得到 {kind}")
    odd = next((k for k, v in got.items() if not _is_int(v)), None)
    if odd is not None:
        return (f"the id of {odd!r} is {got[odd]!r}, not an int", f"{odd!r} 的 id 是 {got[odd]!r}，不是整数")
    missing = [k for k in expected if k not in got]
    if missing:
        return (f"{missing[0]!r} (id {expected[missing[0]]}) is missing from your vocabulary ({len(missing)} token(s) missing)",
                f"你的词表里缺少 {missing[0]!r}（id {expected[missing[0]]}）（共缺 {len(missing)} 个）")
    extra = [k for k in got if k not in expected]
    if extra:
        return (f"{extra[0]!r} should not be in the vocabulary ({len(extra)} token(s) too many)",
                f"{extra[0]!r} 不应出现在词表中（多了 {len(extra)} 个）")
    for token in sorted(expected, key=expected.get):
        if got[token] != expected[token]:
            return (f"the right {len(got)} tokens, but {token!r} has id {got[token]}, expected {expected[token]} "
                    f"(after the specials: count, highest first, then alphabetical)",
                    f"{len(got)} 个 token 都对，但 {token!r} 的 id 是 {got[token]}，应为 {expected[token]}"
                    f"（特殊 token 之后：按次数从高到低，次数相同按字母顺序）")
    return None


def show_vocab(vocab):
    """{'<pad>': 0, '<unk>': 1, 'cat': 2, …} in id order, whatever order the dict was built in."""
    items = sorted(vocab.items(), key=lambda kv: (kv[1], str(kv[0]))) if isinstance(vocab, dict) else vocab
    text = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in items) + "}" if isinstance(vocab, dict) else repr(vocab)
    return text if len(text) <= 400 else text[:399] + "…"


def compare_batches(got, expected):
    if not isinstance(got, list) or not all(isinstance(batch, list) for batch in got):
        kind = "None — is a `return` missing?" if got is None else type(got).__name__
        return (f"expected a list of batches (lists), got {kind}", f"应返回由批次（列表）组成的列表，实际得到 {kind}")
    if got == expected:
        return None
    first = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), min(len(got), len(expected)))
    head = ((f"expected {len(expected)} batches, got {len(got)}; ", f"应有 {len(expected)} 个批次，实际有 {len(got)} 个；")
            if len(got) != len(expected) else ("", ""))
    want = repr(expected[first]) if first < len(expected) else "(none)"
    have = repr(got[first]) if first < len(got) else "(none)"
    want_zh = repr(expected[first]) if first < len(expected) else "（无）"
    have_zh = repr(got[first]) if first < len(got) else "（无）"
    return (f"{head[0]}batch {first}: expected {want}, got {have}", f"{head[1]}第 {first} 个批次：期望 {want_zh}，得到 {have_zh}")


# ---------------------------------------------------------------------- typical mistakes

def _words(texts):
    return [word for text in texts for word in text.split()]


def _numbered(tokens):
    return {token: i for i, token in enumerate(tokens)}


def _most_common_ties(texts, min_count=1):
    return _numbered(SPECIALS + [w for w, n in Counter(_words(texts)).most_common() if n >= min_count])


def _first_seen_order(texts, min_count=1):
    counts = Counter(_words(texts))
    return _numbered(SPECIALS + [w for w in counts if counts[w] >= min_count])     # dict order = first appearance


def _alphabetical_only(texts, min_count=1):
    counts = Counter(_words(texts))
    return _numbered(SPECIALS + sorted(w for w in counts if counts[w] >= min_count))


def _ascending_counts(texts, min_count=1):
    counts = Counter(_words(texts))
    return _numbered(SPECIALS + sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (counts[w], w)))


def _min_count_exclusive(texts, min_count=1):
    counts = Counter(_words(texts))
    return _numbered(SPECIALS + sorted((w for w in counts if counts[w] > min_count), key=lambda w: (-counts[w], w)))


def _no_specials(texts, min_count=1):
    return _numbered([w for w in vocab_ref(texts, min_count) if w not in SPECIALS])


def _specials_last(texts, min_count=1):
    return _numbered([w for w in vocab_ref(texts, min_count) if w not in SPECIALS] + SPECIALS)


VOCAB_MISTAKES = (
    Mistake("no_specials", _no_specials),
    Mistake("specials_last", _specials_last),
    Mistake("min_count_exclusive", _min_count_exclusive),
    Mistake("most_common_ties", _most_common_ties),
    Mistake("first_seen_order", _first_seen_order),
    Mistake("alphabetical_only", _alphabetical_only),
    Mistake("ascending_counts", _ascending_counts),
)


def _unknown_dropped(text, vocab):
    return [vocab[word] for word in text.split() if word in vocab]


def _unknown_as_pad(text, vocab):
    return [vocab.get(word, 0) for word in text.split()]


def _split_on_single_spaces(text, vocab):
    return [vocab.get(word, vocab["<unk>"]) for word in text.split(" ")]        # every extra space makes a word ""


ENCODE_MISTAKES = (Mistake("unknown_dropped", _unknown_dropped), Mistake("unknown_as_pad", _unknown_as_pad),
                   Mistake("split_on_single_spaces", _split_on_single_spaces))


def _last_batch_lost(items, batch_size, drop_last=False):
    return [items[i * batch_size:(i + 1) * batch_size] for i in range(len(items) // batch_size)]


def _empty_last_batch(items, batch_size, drop_last=False):
    chunks = [items[i * batch_size:(i + 1) * batch_size] for i in range(len(items) // batch_size + 1)]
    return chunks[:-1] if drop_last and len(chunks[-1]) < batch_size else chunks


def _drop_last_ignored(items, batch_size, drop_last=False):
    return batches_ref(items, batch_size, False)


def _drops_a_full_batch(items, batch_size, drop_last=False):
    chunks = batches_ref(items, batch_size, False)
    return chunks[:-1] if drop_last else chunks               # the last batch dropped even when it is full


BATCH_MISTAKES = (
    Mistake("drop_last_ignored", _drop_last_ignored),
    Mistake("drops_a_full_batch", _drops_a_full_batch),
    Mistake("last_batch_lost", _last_batch_lost),
    Mistake("empty_last_batch", _empty_last_batch),
)


# ---------------------------------------------------------------------- cases

WORDS = "the a of cat dog sat on mat and ran big red fish bird".split()


def _corpus(rng, n_texts, max_words=8):
    """Seeded texts from a small vocabulary, frequent words first (Zipf-like), so counts tie and spread."""
    weights = [1.0 / (rank + 1) for rank in range(len(WORDS))]
    total = sum(weights)
    probs = [w / total for w in weights]
    lengths = rng.integers(1, max_words + 1, n_texts).tolist()
    return [" ".join(rng.gen.choice(WORDS, size=n, p=probs).tolist()) for n in lengths]


TASK_TEXTS = ["the dog sat", "a cat sat", "the cat"]   # first seen: the, dog, sat, a, cat
TASK_VOCAB = {"<pad>": 0, "<unk>": 1, "cat": 2, "sat": 3, "the": 4, "a": 5, "dog": 6}


def cases():
    rng = Rng(11)
    vopts = {"mistakes": VOCAB_MISTAKES, "compare": compare_vocab, "show": show_vocab}
    yield Case(("the corpus of the task: cat, sat and the twice, a and dog once", "题目中的语料：cat、sat、the 各两次，a、dog 各一次"),
               "build_vocab", {"texts": TASK_TEXTS, "min_count": 1}, dict(TASK_VOCAB), **vopts)
    yield Case(("the same corpus, min_count = 2", "同一语料，min_count = 2"), "build_vocab", {"texts": TASK_TEXTS, "min_count": 2},
               {"<pad>": 0, "<unk>": 1, "cat": 2, "sat": 3, "the": 4}, **vopts)
    yield make_case(("ties in count, met in another order than alphabetical", "次数相同、出现顺序与字母顺序不同"), "build_vocab", vocab_ref,
                    {"texts": ["sat on the mat", "on the mat sat a cat", "zebra zebra"], "min_count": 1}, **vopts)
    yield make_case(("a seeded corpus of 30 texts (seed 11), min_count = 3", "随机语料，30 段文本（种子 11），min_count = 3"),
                    "build_vocab", vocab_ref, {"texts": _corpus(rng, 30), "min_count": 3}, **vopts)

    eopts = {"mistakes": ENCODE_MISTAKES, "rtol": 0.0, "atol": 0.0}
    yield Case(("the example in the task: 'ate' and 'fish' are unknown", "题目中的例子：'ate' 和 'fish' 是未登录词"), "encode",
               {"text": "the cat ate the fish", "vocab": dict(TASK_VOCAB)}, [4, 2, 1, 4, 1], **eopts)
    yield make_case(("extra spaces and only unknown words", "多余的空格，而且全是未登录词"), "encode", encode_ref,
                    {"text": "  zebra   unicorn ", "vocab": dict(TASK_VOCAB)}, **eopts)
    yield make_case(("an empty text", "空文本"), "encode", encode_ref, {"text": "", "vocab": dict(TASK_VOCAB)}, **eopts)
    corpus = _corpus(rng, 20)
    yield make_case(("a seeded text on a vocabulary with min_count = 4 (seed 11)", "随机文本，词表 min_count = 4（种子 11）"), "encode",
                    encode_ref, {"text": " ".join(_corpus(rng, 3)), "vocab": vocab_ref(corpus, 4)}, **eopts)

    bopts = {"mistakes": BATCH_MISTAKES, "compare": compare_batches}
    yield Case(("the unit's example: 10 items in batches of 4", "单元中的例子：10 个元素，每批 4 个"), "batches",
               {"items": list(range(10)), "batch_size": 4, "drop_last": False}, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], **bopts)
    yield Case(("the same, drop_last = True", "同上，drop_last = True"), "batches",
               {"items": list(range(10)), "batch_size": 4, "drop_last": True}, [[0, 1, 2, 3], [4, 5, 6, 7]], **bopts)
    yield make_case(("12 texts in batches of 4: no partial batch", "12 段文本，每批 4 个：没有不满的批次"), "batches", batches_ref,
                    {"items": _corpus(rng, 12, 3), "batch_size": 4, "drop_last": False}, **bopts)
    yield make_case(("12 texts with drop_last = True: every batch is full, none is dropped (seed 12)", "12 段文本，drop_last = True：每批都满，一个也不丢（种子 12）"),
                    "batches", batches_ref, {"items": _corpus(Rng(12), 12, 3), "batch_size": 4, "drop_last": True}, **bopts)
    yield make_case(("a batch size larger than the data", "批大小比数据还多"), "batches", batches_ref,
                    {"items": [7, 8, 9], "batch_size": 5, "drop_last": False}, **bopts)
    yield make_case(("23 seeded ids in batches of 5 (seed 11)", "23 个随机 id，每批 5 个（种子 11）"), "batches", batches_ref,
                    {"items": rng.integers(0, 1000, 23).tolist(), "batch_size": 5, "drop_last": False}, **bopts)

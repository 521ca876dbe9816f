"""Checks for bpe-tokenizer: encode with merges by rank (hand-worked cases where rank order, leftmost-first
and longest match disagree), byte fallback for what training never saw, decode (a cut character
included), and the round trip decode(encode(text)) == text on seeded random Unicode: CJK, emoji,
combining marks, control characters.

The merges travel to the child as hex (``probe.py``); the expected ids come from
``llmpath.capstone.bpe.ByteBPE`` (the measured reference) or are worked out by hand here.
"""

from __future__ import annotations

from functools import lru_cache

from llmpath.capstone import bpe as reference
from llmpath.exercises.bpe_train.check import HUG_MERGES, compare_sequences, judge_cases, probe_calls, seeded_corpus
from llmpath.exercises.checking import Case, Mistake, Rng, make_case

PROBE = "probe.py"

RANK_MERGES = [(b"b", b"c"), (b"a", b"b")]   # "abc": (b, c) has the lower rank, so [97, 256]
LONGEST_MERGES = [(b"a", b"a"), (b"a", b"aa")]  # "aaab": aa + a is no merge, so [256, 97, 98], not the longest token aaa


# ---------------------------------------------------------------------- the reference and the mistakes

def _encode(text, merges, *, pick="rank", offset=256):
    """An encoder with one thing changed: each option is one typical mistake."""
    ranks = {pair: k for k, pair in enumerate(merges)}
    ids_of = {a + b: offset + k for k, (a, b) in enumerate(merges)}
    out = []
    for word in reference.words(text):
        parts = tuple(bytes([b]) for b in word.encode("utf-8"))
        if pick == "longest":
            out += _longest_match(word.encode("utf-8"), ids_of)
            continue
        while len(parts) > 1:
            present = [p for p in zip(parts, parts[1:]) if p in ranks]
            if not present:
                break
            pair = {"rank": min(present, key=ranks.get), "leftmost": present[0], "last": max(present, key=ranks.get)}[pick]
            parts = reference._merge_word(parts, pair)
        out += [p[0] if len(p) == 1 else ids_of[p] for p in parts]
    return out


def _longest_match(data, ids_of):
    ids, i = [], 0
    while i < len(data):
        for j in range(len(data), i, -1):
            piece = data[i:j]
            if j - i == 1 or piece in ids_of:
                ids.append(piece[0] if j - i == 1 else ids_of[piece])
                i = j
                break
    return ids


def _vocab(merges):
    return [bytes([b]) for b in range(256)] + [a + b for a, b in merges]


def _decode_per_token(ids, merges):
    vocab = _vocab(merges)
    return "".join(vocab[i].decode("utf-8", errors="replace") for i in ids)


def _decode_latin1(ids, merges):
    vocab = _vocab(merges)
    return b"".join(vocab[i] for i in ids).decode("latin-1")


def reference_encode(text, merges):
    return reference.ByteBPE(merges).encode(text)


def reference_decode(ids, merges):
    return reference.ByteBPE(merges).decode(ids)


ENCODE_MISTAKES = (
    Mistake("leftmost_first", lambda text, merges: _encode(text, merges, pick="leftmost")),
    Mistake("longest_match", lambda text, merges: _encode(text, merges, pick="longest")),
    Mistake("last_rank_first", lambda text, merges: _encode(text, merges, pick="last")),
    Mistake("no_offset", lambda text, merges: _encode(text, merges, offset=0)),
)
DECODE_MISTAKES = (
    Mistake("per_token_decode", _decode_per_token),
    Mistake("latin1", _decode_latin1),
)
ROUND_TRIP_MISTAKES = (
    Mistake("per_token_decode", lambda texts, merges: [_decode_per_token(reference_encode(t, merges), merges) for t in texts]),
    Mistake("latin1", lambda texts, merges: [_decode_latin1(reference_encode(t, merges), merges) for t in texts]),
)
MISTAKE_NAMES = tuple(dict.fromkeys(m.name for m in ENCODE_MISTAKES + DECODE_MISTAKES + ROUND_TRIP_MISTAKES))


# ---------------------------------------------------------------------- comparing, with the tokens shown

def _token(vocab, i):
    return f"{i} = {vocab[i]!r}" if isinstance(i, int) and 0 <= i < len(vocab) else repr(i)


def compare_ids(merges):
    vocab = _vocab(merges)

    def compare(got, expected):
        if isinstance(got, (list, tuple)):
            for i, item in enumerate(got):
                if not isinstance(item, int) or isinstance(item, bool):
                    return (f"id {i} is {item!r}: encode returns a list of int ids (0–255 bytes, 256 + k for merges[k])",
                            f"第 {i} 个 id 是 {item!r}：encode 应返回整数 id 的列表（0–255 为单字节，256 + k 对应 merges[k]）")
                if not 0 <= item < len(vocab):
                    return (f"id {i} is {item}, outside the vocabulary 0–{len(vocab) - 1} (256 bytes + {len(merges)} merges)",
                            f"第 {i} 个 id 是 {item}，超出了词表范围 0–{len(vocab) - 1}（256 个字节 + {len(merges)} 个合并）")
        return compare_sequences(got, expected, what="ids", what_zh="id", label=lambda i: _token(vocab, i))

    return compare


def compare_text(got, expected):
    if not isinstance(got, str):
        return (f"decode returns a str, got {type(got).__name__}", f"decode 应返回 str，实际得到 {type(got).__name__}")
    if got == expected:
        return None
    first = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), min(len(got), len(expected)))
    return (f"expected a text of {len(expected)} characters, got {len(got)}; the first {first} agree; at character {first} "
            f"expected {expected[first:first + 1]!r}, got {got[first:first + 1]!r}",
            f"应得到 {len(expected)} 个字符的文本，实际 {len(got)} 个；前 {first} 个一致；第 {first} 个字符期望 "
            f"{expected[first:first + 1]!r}，得到 {got[first:first + 1]!r}")


def compare_texts(got, expected):
    if not isinstance(got, (list, tuple)) or len(got) != len(expected):
        return compare_sequences(got, expected, what="texts", what_zh="文本")
    for i, (g, e) in enumerate(zip(got, expected)):
        problem = compare_text(g, e)
        if problem:
            return (f"text {i} ({e!r}) did not come back: {problem[0]}", f"第 {i} 个文本（{e!r}）没有还原：{problem[1]}")
    return None


# ---------------------------------------------------------------------- the cases

# Characters a random text is drawn from: ASCII, Latin with accents, combining marks, CJK, emoji (with a
# skin tone and a ZWJ family), control characters, a BOM, a zero-width space and a non-breaking space.
ALPHABET = (list("abcdefghijklmnopqrstuvwxyz ABC  0123456789.,;:!?'\"()_-+=") + list("éüñßøÅ") + ["e\u0301", "\u0308", "\u0323"]
            + list("猫坐在垫子上的大语言模型。，") + ["🙂", "🚀", "👍🏽", "👨\u200d👩\u200d👧"]
            + ["\n", "\t", "\r", "\x00", "\x07", "\x1b", "\x7f", "\ufeff", "\u200b", "\u00a0"])


def random_texts(seed: int, n: int, max_len: int = 24) -> list[str]:
    rng = Rng(seed).gen
    return ["".join(ALPHABET[int(k)] for k in rng.integers(0, len(ALPHABET), size=int(rng.integers(0, max_len))))
            for _ in range(n)]


@lru_cache(maxsize=1)
def trained_merges():
    """Merges learned (by the reference) on a seeded English / Chinese / emoji corpus."""
    return reference.train_bpe(seeded_corpus(3, 600) + " 猫坐在垫子上。大语言模型", 256 + 120)


def _encode_case(name, text, merges, expected=None):
    args = {"text": text, "merges": list(merges)}
    options = {"mistakes": ENCODE_MISTAKES, "compare": compare_ids(merges)}
    if expected is None:
        return make_case(name, "encode", reference_encode, args, **options)
    return Case(name, "encode", args, expected, **options)


def _decode_case(name, ids, merges):
    return make_case(name, "decode", reference_decode, {"ids": list(ids), "merges": list(merges)},
                     mistakes=DECODE_MISTAKES, compare=compare_text)


@lru_cache(maxsize=1)
def all_cases():
    merges = trained_merges()
    mixed = "the cat sat on the mat: 猫坐在垫子上。 tokens 🙂 thesis"   # " thesis": longest match differs
    texts = random_texts(5, 40)
    return (
        _encode_case(("the merges of bpe-train's corpus, worked by hand", "bpe-train 语料的合并，已手工算出"),
                     "hugs pun", HUG_MERGES, [257, 115, 259, 260]),
        _encode_case(("b'aaa' is a token, but BPE never reaches it from b'aa' b'a'", "b'aaa' 是词元，但 BPE 从 b'aa' b'a' 永远到不了它"),
                     "aaab", LONGEST_MERGES, [256, 97, 98]),
        _encode_case(("a seeded corpus of 200 words (seed 4)", "200 个词的随机语料（种子 4）"), seeded_corpus(4, 200), merges),
        _encode_case(("rank order, not left to right: (b, c) before (a, b)", "按排名而不是从左到右：(b, c) 先于 (a, b)"),
                     "abc", RANK_MERGES, [97, 256]),
        _encode_case(("trained merges on English and Chinese", "在中英文上训练的合并"), mixed, merges),
        _encode_case(("what training never saw falls back to bytes", "训练时没见过的内容退回到字节"),
                     "Ω≈ç √ 🚀\x00\t x_1 ünïcödé", merges),
        _decode_case(("decode what encode gave", "解码 encode 的结果"), reference_encode(mixed, merges), merges),
        _decode_case(("a character cut in two: its bytes decode as one U+FFFD", "被切开的字符：它的字节解码为一个 U+FFFD"),
                     [0xE7, 0x8C] + reference_encode(" ok 猫", merges), merges),
        Case(("round trip on 40 seeded random strings (seed 5)", "40 个随机字符串的往返（种子 5）"), "decode",
             {"texts": texts, "merges": list(merges)}, texts, mistakes=ROUND_TRIP_MISTAKES, compare=compare_texts),
    )


def calls():
    return probe_calls(all_cases(), probes={len(all_cases()) - 1: "round_trip"})


def _why_raised(case, error):
    if error.type == "UnicodeDecodeError":
        return ("ids can cut a character in two: decode the joined bytes with .decode('utf-8', errors='replace')",
                "id 序列可能把一个字符切成两半：对拼接后的字节用 .decode('utf-8', errors='replace') 解码")
    if error.type == "KeyError" and case.func == "encode":
        return ("a byte that no merge joins keeps its own id, the byte value (0–255); only joined tokens get 256 + k",
                "没有被任何合并连接的字节保留它自己的 id，即字节值（0–255）；只有合并出的词元才是 256 + k")
    return None


def judge(outcomes, messages):
    return judge_cases(all_cases(), outcomes, messages, why_for_raised=_why_raised)

"""Checks for bpe-train: GPT-2's pre-tokenisation, then BPE training on hand-worked corpora (the merges
worked in the task, a stop before vocab_size, vocab_size = 256) and on seeded corpora of English,
Chinese and emoji words.

Merges are pairs of bytes, and bytes do not travel through the check's channel: the learner's functions
run in the child through ``probe.py``, which returns bytes as hex; ``judge`` turns them back and judges
every case with the usual engine (``check_returned``: the typical mistakes are named as for any case).
The expected merges come from ``llmpath.capstone.bpe`` (the measured reference), the hand-worked ones
are written out here. The tokenizer exercises that follow reuse the plumbing below.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from llmpath.capstone import bpe as reference
from llmpath.exercises.checking import Call, Case, Failure, Mistake, Raised, Returned, Rng, call_failure, check_returned, fmt_args, make_case

PROBE = "probe.py"

HUG = "hug hug pug pun bun hugs"
HUG_MERGES = [(b"u", b"g"), (b"h", b"ug"), (b" ", b"hug"), (b" ", b"p"), (b"u", b"n")]   # worked in the task
AAAB = "aaab aaab aaab abab"
AAAB_MERGES = [(b"a", b"a"), (b"a", b"b"), (b"aa", b"ab"), (b" ", b"aaab")]            # then no pair occurs twice


# ---------------------------------------------------------------------- plumbing shared with bpe-tokenizer

def from_plain(value, depth=0):
    """A probe's result with every ``{"hex": …}`` turned back into bytes."""
    if isinstance(value, dict) and set(value) == {"hex"} and isinstance(value["hex"], str):
        try:
            return bytes.fromhex(value["hex"])
        except ValueError:
            return value
    if isinstance(value, (list, tuple)) and depth < 4:
        return type(value)(from_plain(v, depth + 1) for v in value)
    return value


def to_plain(value, depth=0):
    """An input with bytes as ``{"hex": …}`` (the probe turns them back)."""
    if isinstance(value, bytes):
        return {"hex": value.hex()}
    if isinstance(value, (list, tuple)) and depth < 4:
        return type(value)(to_plain(v, depth + 1) for v in value)
    return value


def probe_calls(cases, probes=None):
    """One probe call per case: the probe function is named after the learner's function, or ``probes[i]``."""
    probes = probes or {}
    return [Call(case.name, probes.get(i, case.func), {k: to_plain(v) for k, v in case.args.items()}, _inputs(case))
            for i, case in enumerate(cases)]


def _inputs(case) -> str:
    return fmt_args(case.args) or f"{case.func}()"


def judge_cases(cases, outcomes, messages, *, why_for_raised=None):
    """Judge each case as a plain check would; raise the first Failure. Returns the number of cases."""
    for index, (case, outcome) in enumerate(zip(cases, outcomes), start=1):
        if outcome is None:   # the child died before this case: the caller explains
            raise RuntimeError("no result")
        try:
            if isinstance(outcome, Raised):
                failure = call_failure(outcome, f"{case.func}()", case=case.name, inputs=_inputs(case))
                if why_for_raised is not None and failure.why is None:
                    failure.why = why_for_raised(case, outcome)
                raise failure
            value = from_plain(outcome.value) if isinstance(outcome, Returned) else None
            check_returned(case, Returned(value, warning=getattr(outcome, "warning", None)), messages)
        except Failure as failure:
            failure.case_index = failure.case_index or index
            raise
    return len(cases)


def _show(value) -> str:
    return repr(value) if len(repr(value)) <= 400 else repr(value)[:399] + "…"


def _at(seq, i, zh=False, label=_show) -> str:
    return label(seq[i]) if i < len(seq) else ("（无）" if zh else "(nothing)")


def compare_sequences(got, expected, *, what, what_zh, item_ok=None, item_problem=None, label=_show):
    """None if equal; else (en, zh): the lengths and the first position that differs.

    ``item_ok(item)`` says whether one returned item has the right type; ``item_problem(i, item)``
    explains one that has not.
    """
    if not isinstance(got, (list, tuple)):
        kind = "None — is a `return` missing?" if got is None else type(got).__name__
        kind_zh = "None ——是不是漏了 `return`？" if got is None else type(got).__name__
        return (f"expected a list of {what}, got {kind}", f"应返回由{what_zh}组成的列表，实际得到 {kind_zh}")
    if item_ok is not None:
        for i, item in enumerate(got):
            if not item_ok(item):
                return item_problem(i, item)
    got, expected = list(got), list(expected)
    if got == expected:
        return None
    first = next((i for i, (g, e) in enumerate(zip(got, expected)) if g != e), min(len(got), len(expected)))
    agree_en = f"the first {first} agree" if first else "they differ from the first one"
    agree_zh = f"前 {first} 个一致" if first else "从第一个起就不同"
    gap = " " if what_zh[:1].isascii() else ""   # "24 个 id", "24 个词"
    if len(got) != len(expected):
        head = (f"expected {len(expected)} {what}, got {len(got)}; ", f"应有 {len(expected)} 个{gap}{what_zh}，实际有 {len(got)} 个；")
    else:
        head = (f"{len(got)} {what} as expected, but ", f"{what_zh}{gap}个数正确（{len(got)} 个），但")
    return (f"{head[0]}{agree_en}; at index {first} expected {_at(expected, first, False, label)}, got {_at(got, first, False, label)}",
            f"{head[1]}{agree_zh}；位置 {first} 期望 {_at(expected, first, True, label)}，得到 {_at(got, first, True, label)}")


def is_bytes_pair(item) -> bool:
    return isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(part, bytes) for part in item)


def pair_problem(i, item):
    if isinstance(item, (tuple, list)) and len(item) == 2 and all(isinstance(part, str) for part in item):
        return (f"merge {i} is a pair of str {item!r}: merges are pairs of bytes, e.g. (b'u', b'g') — work on text.encode('utf-8')",
                f"第 {i} 个合并是一对 str {item!r}：合并应是一对 bytes，例如 (b'u', b'g') ——请在 text.encode('utf-8') 上操作")
    return (f"merge {i} is {_show(item)}, not a pair of bytes such as (b'u', b'g')",
            f"第 {i} 个合并是 {_show(item)}，而不是一对 bytes（例如 (b'u', b'g')）")


def compare_merges(got, expected):
    return compare_sequences([tuple(p) if isinstance(p, list) else p for p in got] if isinstance(got, (list, tuple)) else got,
                             expected, what="merges", what_zh="合并", item_ok=is_bytes_pair, item_problem=pair_problem)


def compare_words(got, expected):
    return compare_sequences(got, expected, what="words", what_zh="词",
                             item_ok=lambda w: isinstance(w, str),
                             item_problem=lambda i, w: (f"word {i} is {_show(w)}, not a str", f"第 {i} 个词是 {_show(w)}，不是 str"))


# ---------------------------------------------------------------------- typical mistakes

def _split_whitespace(text):
    return text.split()


def _space_apart(text):
    import regex

    return regex.findall(r"""'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}+|[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""", text)


def _re_word_class(text):
    import re

    return re.findall(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\w+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+""", text)


def _train(text, vocab_size, *, split=True, weighted=True, tie="smallest", min_count=2, unit="byte", extra=0):
    """A trainer with one thing changed: each option is one typical mistake."""
    pieces = reference.words(text) if split else [text]
    if unit == "byte":
        seqs = [tuple(bytes([b]) for b in piece.encode("utf-8")) for piece in pieces]
    else:   # Unicode characters as the starting symbols
        seqs = [tuple(ch.encode("utf-8") for ch in piece) for piece in pieces]
    counts = Counter(seqs) if weighted else Counter(dict.fromkeys(seqs, 1))   # each distinct word once
    merges = []
    while 256 + len(merges) < vocab_size + extra:
        pairs = Counter()
        for word, n in counts.items():
            for pair in zip(word, word[1:]):
                pairs[pair] += n
        if not pairs:
            break
        if tie == "smallest":
            best = min(pairs, key=lambda p: (-pairs[p], p))
        elif tie == "largest":
            best = max(pairs, key=lambda p: (pairs[p], p))
        else:   # the first pair met with the top count (max() over a dict in insertion order)
            best = max(pairs, key=pairs.get)
        if pairs[best] < min_count:
            break
        merges.append(best)
        joined = Counter()
        for word, n in counts.items():
            joined[reference._merge_word(word, best)] += n
        counts = joined
    return merges


WORDS_MISTAKES = (
    Mistake("split_whitespace", _split_whitespace),
    Mistake("space_apart", _space_apart),
    Mistake("re_word_class", _re_word_class),
)
TRAIN_MISTAKES = (
    Mistake("no_pretokenize", lambda text, v: _train(text, v, split=False)),
    Mistake("distinct_words", lambda text, v: _train(text, v, weighted=False)),
    Mistake("tie_largest", lambda text, v: _train(text, v, tie="largest")),
    Mistake("tie_first_seen", lambda text, v: _train(text, v, tie="first")),
    Mistake("vocab_is_merges", lambda text, v: _train(text, v, extra=256)),
    Mistake("no_min_count", lambda text, v: _train(text, v, min_count=1)),
    Mistake("characters", lambda text, v: _train(text, v, unit="char")),
)
MISTAKE_NAMES = tuple(m.name for m in WORDS_MISTAKES + TRAIN_MISTAKES)


# ---------------------------------------------------------------------- the cases

WORD_POOL = ("the", "cat", "sat", "on", "mat", "hat", "that", "this", "these", "token", "tokens", "tokenizer", "low",
             "lower", "lowest", "new", "newer", "newest", "model", "models", "猫", "猫咪", "模型", "语言", "语言模型",
             "词元", "🙂", "🚀🚀", "ünïcödé", "x_1", "42", "3.14", "it's", "we'll", "!", ",", "。")


def seeded_corpus(seed: int, n_words: int) -> str:
    """Words drawn from WORD_POOL with Zipf-like weights, joined by spaces (sometimes two) and newlines."""
    rng = Rng(seed).gen
    weights = [1.0 / (rank + 1) for rank in range(len(WORD_POOL))]
    total = sum(weights)
    order = rng.permutation(len(WORD_POOL))
    picks = rng.choice(len(WORD_POOL), size=n_words, p=[w / total for w in weights])
    seps = rng.choice([" ", " ", " ", " ", "  ", "\n"], size=n_words)
    return "".join(WORD_POOL[order[i]] + str(sep) for i, sep in zip(picks, seps)).strip()


def _words_case(name, text, expected=None):
    if expected is None:
        return make_case(name, "words", reference.words, {"text": text}, mistakes=WORDS_MISTAKES, compare=compare_words, show=_show)
    return Case(name, "words", {"text": text}, expected, mistakes=WORDS_MISTAKES, compare=compare_words, show=_show)


def _train_case(name, text, vocab_size, expected=None):
    args = {"text": text, "vocab_size": vocab_size}
    if expected is None:
        return make_case(name, "train_bpe", reference.train_bpe, args, mistakes=TRAIN_MISTAKES, compare=compare_merges, show=_show)
    return Case(name, "train_bpe", args, expected, mistakes=TRAIN_MISTAKES, compare=compare_merges, show=_show)


@lru_cache(maxsize=1)
def all_cases():
    return (
        _words_case(("words of the corpus in the task", "任务中语料的词"), HUG, ["hug", " hug", " pug", " pun", " bun", " hugs"]),
        _words_case(("contractions, code, numbers, two spaces, Chinese, emoji", "缩写、代码、数字、两个空格、中文、emoji"),
                    "It's x_1 = 42;  猫🙂 ok\n\n  end"),
        _train_case(("the corpus of the task: 5 merges, worked by hand", "任务中的语料：5 次合并，已手工算出"), HUG, 256 + 5, HUG_MERGES),
        _train_case(("vocab_size 256: no merge at all", "vocab_size 为 256：一次合并也没有"), HUG, 256, []),
        _train_case(("stop when no pair occurs twice (vocab_size 300, only 4 merges)", "没有出现两次的对时停止（vocab_size 300，只有 4 次合并）"),
                    AAAB, 300, AAAB_MERGES),
        _train_case(("Chinese and English: merges inside UTF-8 characters", "中英混合：在 UTF-8 字符内部合并"),
                    "猫坐在垫子上。猫 the cat sat on the mat 猫猫 猫咪", 256 + 20),
        _train_case(("a seeded corpus of 300 words, vocab_size 316 (seed 1)", "300 个词的随机语料，vocab_size 316（种子 1）"),
                    seeded_corpus(1, 300), 256 + 60),
        _train_case(("a seeded corpus of 800 words, vocab_size 400 (seed 2)", "800 个词的随机语料，vocab_size 400（种子 2）"),
                    seeded_corpus(2, 800), 256 + 144),
    )


def calls():
    return probe_calls(all_cases())


def _why_raised(case, error):
    if "bad escape \\p" in error.message:
        return ("the standard `re` module has no \\p{L} / \\p{N}: `import regex` and call regex.findall(GPT2_SPLIT, text)",
                "标准库 `re` 不支持 \\p{L} / \\p{N}：请 `import regex`，再调用 regex.findall(GPT2_SPLIT, text)")
    return None


def judge(outcomes, messages):
    return judge_cases(all_cases(), outcomes, messages, why_for_raised=_why_raised)

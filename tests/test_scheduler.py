"""FSRS through the fsrs library: ratings, card state after sequences, due reviews with a moved clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from llmpath.content.models import L10n, Question
from llmpath.learning import Answer, catch_up_days, due_cards, record_answer, update_unit_states
from llmpath.progress import Progress, empty_progress
from llmpath.scheduler import is_review_state, new_card, rating_for, retrievability, review

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("correct,seconds,hint,expected", [
    (False, 3, False, "again"), (True, 3, False, "easy"), (True, 20, False, "good"),
    (True, 90, False, "hard"), (True, 3, True, "hard"),
])
def test_rating_from_the_answer(correct, seconds, hint, expected):
    assert rating_for(correct=correct, seconds=seconds, used_hint=hint) == expected


@pytest.mark.parametrize("sequence", [["good", "good", "again", "good"], ["easy", "hard", "good"], ["again"] * 3 + ["easy"]])
def test_card_state_matches_the_library(sequence):
    ours = None
    reference = Card.from_dict(new_card("u.q", T0))
    library = Scheduler(desired_retention=0.9, enable_fuzzing=False)
    when = T0
    for rating in sequence:
        ours = review(ours, "u.q", rating, when)
        reference, _ = library.review_card(reference, Rating[rating.capitalize()], review_datetime=when)
        assert ours == reference.to_dict()
        when = datetime.fromisoformat(ours["due"]) + timedelta(minutes=1)


def test_desired_retention_changes_intervals():
    loose = review(None, "u.q", "easy", T0, desired_retention=0.75)
    strict = review(None, "u.q", "easy", T0, desired_retention=0.97)
    assert datetime.fromisoformat(loose["due"]) > datetime.fromisoformat(strict["due"])


def test_retrievability_decays_with_time():
    card = review(None, "u.q", "good", T0)
    card = review(card, "u.q", "good", datetime.fromisoformat(card["due"]))
    soon = retrievability(card, datetime.fromisoformat(card["due"]))
    later = retrievability(card, datetime.fromisoformat(card["due"]) + timedelta(days=60))
    assert 0 < later < soon <= 1


def _question(i: int, unit: str = "u") -> Question:
    return Question(id=f"{unit}.q{i}", unit=unit, type="true_false", prompt=L10n("p", "p"), explanation=L10n("e", "e"),
                    difficulty=1, concepts=(), answer=True)


class _Catalog:
    """The slice of Catalog that learning.py needs."""

    def __init__(self, questions):
        self.questions = {q.id: q for q in questions}

    def questions_for(self, unit):
        return [q for q in self.questions.values() if q.unit == unit]


def test_wrong_answers_come_back_due_next_day_most_overdue_first():
    questions = [_question(i) for i in range(6)]
    progress = Progress(empty_progress(T0))
    for i, q in enumerate(questions):
        record_answer(progress, Answer(q, "t", correct=i % 3 != 0, seconds=4), T0 + timedelta(seconds=i))
    catalog = _Catalog(questions)
    assert due_cards(progress, catalog, T0) == []
    tomorrow = T0 + timedelta(days=1)
    due = [qid for qid, _ in due_cards(progress, catalog, tomorrow)]
    assert due == ["u.q0", "u.q3"]  # the wrong ones (Again); easy ones are days away


def test_unit_completed_at_80_percent_and_mastered_when_every_question_is_recalled_in_review():
    questions = [_question(i) for i in range(5)]
    catalog = _Catalog(questions)
    progress = Progress(empty_progress(T0))
    answers = [Answer(q, "t", correct=i != 4, seconds=4) for i, q in enumerate(questions)]
    for a in answers:
        record_answer(progress, a, T0)
    assert update_unit_states(progress, catalog, answers, T0) == ["u"]
    assert progress.unit_state("u") == "completed"  # 4/5 = 80 %
    retry = [Answer(questions[4], "t", correct=True, seconds=4)]
    record_answer(progress, retry[0], T0 + timedelta(days=1))
    update_unit_states(progress, catalog, retry, T0 + timedelta(days=1))
    assert all(is_review_state(progress.cards[q.id]) for q in questions)
    assert progress.unit_state("u") == "completed"  # remembered in the quiz, not yet across an interval
    later = T0 + timedelta(days=5)
    reviews = [Answer(q, "t", correct=True, seconds=4, source="r") for q in questions]
    for a in reviews:
        record_answer(progress, a, later)
    update_unit_states(progress, catalog, reviews, later)
    assert progress.unit_state("u") == "mastered"


def test_below_80_percent_does_not_complete():
    questions = [_question(i) for i in range(5)]
    progress = Progress(empty_progress(T0))
    answers = [Answer(q, "t", correct=i < 3, seconds=4) for i, q in enumerate(questions)]
    update_unit_states(progress, _Catalog(questions), answers, T0)
    assert progress.unit_state("u") == "not_started"


def test_catch_up_days():
    assert catch_up_days(0, 50) == 0
    assert catch_up_days(120, 50) == 3

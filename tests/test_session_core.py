"""A scripted learner driven through the session core alone — no Typer, no Rich, no terminal.

next_step says what the learner sees; the script decides the reply as a person would; apply
records it. Three units, a failed quiz and its retake, a send-back to a shaky prerequisite and
the return, a quit and a resume from the saved JSON, and a completed unit promoted to mastered
by later reviews.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import pytest

from llmpath.content.catalog import load_catalog
from llmpath.learning import Answer, record_answer
from llmpath.progress import Progress, empty_progress
from llmpath.quiz import grade, parse_reply, present, question_rng
from llmpath.session import AnswerReply, Position, Reply, Step, apply, begin_session, next_step
from llmpath.status import unit_status
from tests.replies import reply_for

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def right_reply(catalog, step: Step) -> str:
    return reply_for(catalog.questions[step.question], step.seed)


def answered(catalog, step: Step, *, correct: bool) -> Reply:
    if not correct:
        return Reply(answer=AnswerReply("(skipped)", False, 5.0, skipped=True))
    item = present(catalog.questions[step.question], question_rng(step.seed, step.question))
    result = grade(item, parse_reply(item, right_reply(catalog, step)))
    assert result.correct
    return Reply(answer=AnswerReply(right_reply(catalog, step), True, 5.0))


class Learner:
    """Replies as a learner who reads everything, declines demos and exercises, and answers quizzes
    right except where told to fail."""

    def __init__(self, catalog, progress: Progress, now: datetime) -> None:
        self.catalog, self.progress, self.now = catalog, progress, now
        begin_session(progress, now)
        self.fail_quiz_of: set[str] = set()
        self.seen: list[Step] = []

    def reply(self, step: Step) -> Reply:
        kind = step.kind
        if kind == "language":
            return Reply(choice="en")
        if kind in ("placement-offer", "demo", "exercise", "reviews-offer"):
            return Reply(choice="n")
        if kind == "send-back":
            return Reply(choice="y")
        if kind == "section":
            return Reply(choice="next")
        if kind in ("quiz-question", "review-question"):
            return answered(self.catalog, step, correct=step.unit not in self.fail_quiz_of)
        if kind == "quiz-result":
            if step.passed:
                return Reply(choice="continue")
            self.fail_quiz_of.discard(step.unit)
            return Reply(choice="retake")
        raise AssertionError(f"unexpected step {step}")

    def act(self) -> Step:
        step = next_step(self.progress, self.catalog, self.now)
        self.seen.append(step)
        apply(self.progress, self.catalog, step, self.reply(step), self.now)
        self.now += timedelta(seconds=40)
        return step

    def until(self, predicate, limit: int = 400) -> Step:
        for _ in range(limit):
            step = self.act()
            if predicate(step):
                return step
        raise AssertionError(f"never reached; last steps: {self.seen[-5:]}")


def test_three_units_a_failed_quiz_a_quit_and_a_resume(catalog):
    progress = Progress(empty_progress(T0))
    learner = Learner(catalog, progress, T0)
    first, second, third = catalog.path_order()[:3]
    learner.fail_quiz_of.add(second.id)

    learner.until(lambda s: s.kind == "quiz-result" and s.unit == first.id and s.passed)
    assert unit_status(progress, first.id) == "completed"
    # Second unit: read two sections, then quit; the saved file resumes on the same screen.
    learner.until(lambda s: s.kind == "section" and s.unit == second.id and s.index == 1)
    before = next_step(progress, catalog, learner.now)
    resumed = Progress(json.loads(json.dumps(progress.data)))
    assert next_step(resumed, catalog, learner.now) == before
    learner.progress = progress = resumed
    # The first attempt at the second unit's quiz fails; the retake passes.
    failed = learner.until(lambda s: s.kind == "quiz-result" and s.unit == second.id)
    assert not failed.passed and unit_status(progress, second.id) == "in_progress"
    learner.until(lambda s: s.kind == "quiz-result" and s.unit == second.id and s.passed)
    learner.until(lambda s: s.kind == "quiz-result" and s.unit == third.id and s.passed)
    assert [unit_status(progress, u.id) for u in (first, second, third)] == ["completed"] * 3
    assert unit_status(progress, catalog.path_order()[3].id) == "not_started"
    # Active time: 40 s between actions, every one counted (none is an idle gap).
    actions = len(learner.seen)
    assert sum(progress.data["activity"].values()) == pytest.approx(40 * (actions - 1))


def test_send_back_to_a_shaky_prerequisite_and_the_return(catalog):
    progress = Progress(empty_progress(T0))
    attention = catalog.units["attention"]
    basics = catalog.units["vectors-and-tensors"]
    long_ago = T0 - timedelta(days=20)
    progress.data["onboarded"] = True
    progress.language = "en"
    for prereq in attention.prerequisites:
        progress.set_unit_state(prereq, "completed", long_ago)
    for i, question in enumerate(catalog.questions_for(basics.id)[:5]):
        record_answer(progress, Answer(question, "x", correct=False, seconds=5), long_ago + timedelta(minutes=i))
    progress.data["position"] = Position(unit="attention", stage="read").to_data()

    learner = Learner(catalog, progress, T0)
    step = learner.until(lambda s: s.kind != "reviews-offer", limit=2)  # the old wrong answers are due: declined
    assert step.kind == "send-back" and step.prerequisite == basics.id and step.mastery < 0.5
    assert next_step(progress, catalog, learner.now) == Step("section", unit=basics.id, index=0, total=len(basics.sections))
    learner.until(lambda s: s.kind == "quiz-result" and s.unit == basics.id and s.passed)
    back = next_step(progress, catalog, learner.now)
    assert back.kind == "section" and back.unit == "attention" and back.index == 0  # returned, and not sent back again


def test_a_completed_unit_becomes_mastered_through_later_reviews(catalog):
    progress = Progress(empty_progress(T0))
    learner = Learner(catalog, progress, T0)
    first = catalog.path_order()[0]
    learner.until(lambda s: s.kind == "quiz-result" and s.unit == first.id and s.passed)
    assert unit_status(progress, first.id) == "completed"
    learner.reply_reviews = True
    for day in range(1, 60):
        if unit_status(progress, first.id) == "mastered":
            break
        learner.now = T0 + timedelta(days=day)
        begin_session(progress, learner.now)
        step = next_step(progress, catalog, learner.now)
        if step.kind != "reviews-offer":
            continue
        apply(progress, catalog, step, Reply(choice="y"), learner.now)
        while (step := next_step(progress, catalog, learner.now)).kind == "review-question":
            apply(progress, catalog, step, answered(catalog, step, correct=True), learner.now)
            learner.now += timedelta(seconds=20)
    assert unit_status(progress, first.id) == "mastered"


def test_the_session_core_needs_no_terminal_libraries():
    import subprocess

    code = ("import sys, llmpath.session, llmpath.status; "
            "print(' '.join(m for m in ('rich', 'typer', 'torch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_a_skipped_prediction_is_recorded_and_not_asked_again_in_the_quiz(catalog):
    """s at a demo's prediction: recorded as a skip (reviewed soon, like a skipped quiz question); the quiz
    that follows in the same session does not ask it again ("predict before the demo runs" after it ran)."""
    from llmpath.demos.predictions import prediction_for

    progress = Progress(empty_progress(T0))
    learner = Learner(catalog, progress, T0)
    unit = catalog.path_order()[0]
    question = prediction_for(unit.demos[0]).question
    while (step := next_step(progress, catalog, learner.now)).kind != "demo":   # up to the demo, not past it
        apply(progress, catalog, step, learner.reply(step), learner.now)
    assert step.unit == unit.id
    apply(progress, catalog, step, Reply(choice="y", prediction=AnswerReply("(skipped)", False, skipped=True)), learner.now)
    rows = [row for row in progress.answers if row[0] == question]
    assert len(rows) == 1 and rows[0][2] == "(skipped)" and rows[0][3] is False and "d" in rows[0][5]
    learner.until(lambda s: s.kind == "quiz-result" and s.unit == unit.id)
    asked = {s.question for s in learner.seen if s.kind == "quiz-question" and s.unit == unit.id}
    assert question not in asked and len(asked) >= 5

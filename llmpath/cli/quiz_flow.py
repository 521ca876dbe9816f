"""The interactive question loop shared by `quiz`, `review`, `start` and placement.

Each graded answer is saved at once, so quitting, Ctrl-C or EOF loses nothing that was
answered. Replies are read line by line, which also makes quizzes scriptable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from llmpath.clock import Clock
from llmpath.content.catalog import Catalog
from llmpath.content.models import Question
from llmpath.learning import Answer, save_answer, update_unit_states
from llmpath.progress import ProgressStore
from llmpath.quiz import AnswerReply, InvalidReply, grade, parse_reply, present, question_rng, reply_text

HINT_KEYS = {"?", "h", "？"}
SKIP_KEYS = {"s", "skip"}
QUIT_KEYS = {"q", "quit", "exit"}


@dataclass
class QuizOutcome:
    answers: list[Answer] = field(default_factory=list)
    skipped: int = 0
    quit: bool = False
    seconds: float = 0.0
    changed_units: list[str] = field(default_factory=list)

    def summary(self, catalog: Catalog, lang: str) -> dict[str, Any]:
        revisit: dict[str, dict[str, Any]] = {}
        for answer in self.answers:
            if answer.correct:
                continue
            for concept in answer.question.concepts:
                unit = catalog.unit_of_concept(concept)
                name = catalog.concepts[concept][0].name.get(lang) if concept in catalog.concepts else concept
                revisit.setdefault(concept, {"concept": concept, "name": name, "unit": unit.id if unit else None})
        return {
            "answered": len(self.answers),
            "correct": sum(a.correct for a in self.answers),
            "skipped": self.skipped,
            "quit": self.quit,
            "seconds": round(self.seconds, 1),
            "revisit": list(revisit.values()),
            "completed_units": [u for u in self.changed_units],
            "results": [{"question": a.question.id, "given": a.given, "correct": a.correct, "seconds": round(a.seconds, 1),
                         "hint": a.used_hint} for a in self.answers],
        }


def run_quiz(questions: Sequence[Question], *, seed: int | str, lang: str, store: ProgressStore, catalog: Catalog,
             clock: Clock, source: str = "q", label: str = "",
             on_advance: Callable[[int], None] | None = None, start_index: int = 0) -> QuizOutcome:
    """Ask ``questions`` from ``start_index``; ``on_advance(i)`` is told each time question i is done."""
    outcome = QuizOutcome()
    began = time.monotonic()
    total = len(questions)
    for index in range(start_index, total):
        question = questions[index]
        reply = ask_question(present(question, question_rng(seed, question.id)), index + 1, total, lang, label=label)
        if reply is None:
            outcome.quit = True
            break
        outcome.skipped += reply.skipped
        answer = Answer(question, "(skipped)" if reply.skipped else reply.given, reply.correct and not reply.skipped,
                        reply.seconds, reply.used_hint, source)
        save_answer(store, answer, clock())
        outcome.answers.append(answer)
        if on_advance is not None:
            on_advance(index + 1)
    outcome.seconds = time.monotonic() - began
    if outcome.answers:
        now = clock()
        outcome.changed_units = store.update(lambda progress: update_unit_states(progress, catalog, outcome.answers, now))
    return outcome


def ask_question(item: Any, number: int, total: int, lang: str, *, label: str = "") -> AnswerReply | None:
    """Show one question and read replies until it is answered or skipped: `?` walks the hint ladder,
    `s` shows the answer (a skip counts as not known), an unreadable reply is explained and asked
    again. None when the learner quits."""
    from llmpath.ui import quiz as ui

    ui.show_question(item, number, total, lang, label=label)
    shown_at = time.monotonic()
    hints_shown = 0
    while True:
        reply = ui.ask().strip()
        key = reply.lower()
        if key in HINT_KEYS:
            ui.show_hint(item.hints, hints_shown, lang)
            hints_shown = min(hints_shown + 1, len(item.hints))
            continue
        if key in SKIP_KEYS:
            ui.show_skipped(item, lang)
            return AnswerReply("(skipped)", False, time.monotonic() - shown_at, hints_shown > 0, skipped=True)
        if key in QUIT_KEYS:
            return None
        try:
            parsed = parse_reply(item, reply)
        except InvalidReply as invalid:
            ui.show_invalid(invalid.message.get(lang))
            continue
        result = grade(item, parsed)
        ui.show_feedback(item, result, lang)
        return AnswerReply(reply_text(item, parsed), result.correct, time.monotonic() - shown_at, hints_shown > 0)


def run_reviews(question_ids: Sequence[str], *, lang: str, store: ProgressStore, catalog: Catalog, clock: Clock) -> QuizOutcome:
    """Ask due cards as review questions (flag r), seeded by the day so a resumed review repeats."""
    from llmpath.i18n import tr

    questions = [catalog.questions[qid] for qid in question_ids]
    return run_quiz(questions, seed=f"review:{clock().date()}", lang=lang, store=store, catalog=catalog, clock=clock,
                    source="r", label=tr(lang, "review", "复习"))

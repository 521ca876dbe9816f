"""What happens when a learner answers: recording, scheduling, unit states, due reviews.

Pure functions over the catalog and the progress data; the store's ``update`` wraps the
ones that write, so each answer is saved the moment it is graded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from llmpath.content.catalog import Catalog
from llmpath.content.models import Module, Question, Unit
from llmpath.i18n import L10n
from llmpath.progress import Progress, ProgressStore
from llmpath.status import PASS_FRACTION, attempt_passed, complete, enough_answered, open_unit, promote  # noqa: F401

REVIEW_CAP_DEFAULT = 50


@dataclass(frozen=True)
class Answer:
    question: Question
    given: str
    correct: bool
    seconds: float
    used_hint: bool = False
    source: str = "q"  # q quiz, r review, p placement, d demo prediction


def select_questions(catalog: Catalog, topic: Unit | Module, progress: Progress, *, count: int | None = None,
                     seed: int = 0, qtype: str | None = None, difficulty: int | None = None,
                     wrong_only: bool = False) -> list[Question]:
    """A topic's questions, filtered, in a seeded random order, at most ``count``."""
    pool = catalog.questions_in(topic)
    if qtype:
        pool = [q for q in pool if q.type == qtype]
    if difficulty:
        pool = [q for q in pool if q.difficulty == difficulty]
    if wrong_only:
        pool = [q for q in pool if progress.last_result(q.id) is False]
    pool.sort(key=lambda q: q.id)
    random.Random(f"order:{seed}").shuffle(pool)
    return pool[:count] if count else pool


def retention(progress: Progress) -> float:
    from llmpath.scheduler import DEFAULT_RETENTION

    return float(progress.settings.get("desired_retention", DEFAULT_RETENTION))


def record_answer(progress: Progress, answer: Answer, when: datetime) -> str:
    """Store the answer and review its card; returns the FSRS rating. A quiz answer opens its unit
    (a placement, review or prediction answer does not: those units were never opened)."""
    from llmpath.scheduler import rating_for, review

    flags = answer.source + ("h" if answer.used_hint else "")
    progress.record_answer(answer.question.id, given=answer.given, correct=answer.correct,
                           seconds=answer.seconds, flags=flags, when=when)
    rating = rating_for(correct=answer.correct, seconds=answer.seconds, used_hint=answer.used_hint)
    progress.cards[answer.question.id] = review(progress.cards.get(answer.question.id), answer.question.id, rating, when,
                                                desired_retention=retention(progress))
    if answer.source == "q":
        open_unit(progress, answer.question.unit, when)
    return rating


def save_answer(store: ProgressStore, answer: Answer, when: datetime) -> str:
    return store.update(lambda progress: record_answer(progress, answer, when))


def update_unit_states(progress: Progress, catalog: Catalog, answers: list[Answer], when: datetime) -> list[str]:
    """After a run of `quiz` or `review`: each unit whose answers in this run pass the *completed* rule
    (status.attempt_passed) is completed; the *mastered* rule is applied to every unit answered.
    Returns the ids of units that changed state."""
    changed = []
    for unit_id in sorted({a.question.unit for a in answers}):
        before = progress.unit_state(unit_id)
        mine = [a.correct for a in answers if a.question.unit == unit_id and a.source in ("q", "r")]
        if attempt_passed(mine, len(catalog.questions_for(unit_id))):
            complete(progress, catalog, unit_id, when)
        else:
            promote(progress, catalog, [unit_id], when)
        if progress.unit_state(unit_id) != before:
            changed.append(unit_id)
    return changed


def due_cards(progress: Progress, catalog: Catalog, now: datetime) -> list[tuple[str, datetime]]:
    """Cards due now, most at risk first: lowest FSRS recall probability now, then most
    overdue (for cards of equal stability the two orders agree)."""
    from llmpath.scheduler import due_at, retrievability

    due = [(qid, due_at(card)) for qid, card in progress.cards.items() if qid in catalog.questions]
    due = [(qid, at) for qid, at in due if at <= now]
    desired = retention(progress)
    risk = {qid: retrievability(progress.cards[qid], now, desired_retention=desired) for qid, _ in due}
    return sorted(due, key=lambda pair: (risk[pair[0]], pair[1], pair[0]))


def next_due(progress: Progress, catalog: Catalog, now: datetime) -> datetime | None:
    from llmpath.scheduler import due_at

    upcoming = [due_at(card) for qid, card in progress.cards.items() if qid in catalog.questions and due_at(card) > now]
    return min(upcoming) if upcoming else None


def due_by(progress: Progress, catalog: Catalog, end: datetime) -> int:
    """How many cards are due at or before ``end`` (overdue ones included)."""
    from llmpath.scheduler import due_at

    return sum(1 for qid, card in progress.cards.items() if qid in catalog.questions and due_at(card) <= end)


def review_cap(progress: Progress) -> int:
    return int(progress.settings.get("review_cap", REVIEW_CAP_DEFAULT))


def catch_up_days(due_count: int, cap: int) -> int:
    return 0 if due_count == 0 else -(-due_count // max(1, cap))


def day_streak(progress: Progress, today: datetime) -> int:
    days = set(progress.data["activity"])
    streak = 0
    day = today.astimezone().date()
    if day.isoformat() not in days:
        day -= timedelta(days=1)  # today not yet studied: the streak is still alive
    while day.isoformat() in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def concept_accuracy(progress: Progress, catalog: Catalog) -> dict[str, tuple[int, int]]:
    """concept id → (right, answered), counting every recorded answer."""
    tally: dict[str, list[int]] = {}
    for row in progress.answers:
        question = catalog.questions.get(row[0])
        if question is None:
            continue
        for concept in question.concepts:
            entry = tally.setdefault(concept, [0, 0])
            entry[0] += 1 if row[3] else 0
            entry[1] += 1
    return {c: (r, n) for c, (r, n) in tally.items()}


def dashboard(progress: Progress, catalog: Catalog, now: datetime) -> dict[str, Any]:
    """Everything `llmpath progress` shows, as plain data (titles and names as L10n)."""
    from llmpath.status import unit_status

    modules = []
    for module in catalog.ordered_modules():
        units = catalog.units_in(module.id)
        states = [unit_status(progress, u.id) for u in units]
        modules.append({
            "id": module.id, "title": module.title, "units": len(units),
            "completed": sum(s in ("completed", "mastered") for s in states),
            "mastered": sum(s == "mastered" for s in states),
            "skipped": sum(s == "skipped" for s in states),
        })
    answers = progress.answers
    right = sum(1 for row in answers if row[3])
    end_of_today = now.astimezone().replace(hour=23, minute=59, second=59)
    weak = []
    for concept, (r, n) in concept_accuracy(progress, catalog).items():
        unit = catalog.unit_of_concept(concept)
        name = catalog.concepts[concept][0].name if concept in catalog.concepts else L10n(concept, concept)
        weak.append({"concept": concept, "name": name, "accuracy": r / n, "answered": n, "unit": unit.id if unit else None})
    weak.sort(key=lambda w: (w["accuracy"], -w["answered"], w["concept"]))
    first = now.astimezone().date() - timedelta(days=7 * 12 - 1)
    activity = progress.data["activity"]
    days = [(first + timedelta(days=i)).isoformat() for i in range(7 * 12)]
    heat = [{"day": day, "active": day in activity, "seconds": activity.get(day, 0.0)} for day in days]
    return {
        "modules": modules,
        "answers": len(answers),
        "correct": right,
        "accuracy": right / len(answers) if answers else None,
        "due_now": len(due_cards(progress, catalog, now)),
        "due_today": due_by(progress, catalog, end_of_today),
        "due_week": due_by(progress, catalog, end_of_today + timedelta(days=6)),
        "streak_days": day_streak(progress, now),
        "show_streak": bool(progress.settings.get("streaks", False)),
        "seconds_spent": round(sum(activity.values()), 1),
        "weakest": [w for w in weak if w["accuracy"] < 1.0][:5],
        "activity": heat,
    }

"""Spaced repetition on top of the ``fsrs`` library. The clock is always passed in.

Each question is one FSRS card stored as ``Card.to_dict()`` in the progress file. A
graded answer becomes a rating: wrong → Again; right but slow or after a hint → Hard;
right and quick → Easy; otherwise Good.
"""

from __future__ import annotations

import zlib
from datetime import datetime
from typing import Any

DEFAULT_RETENTION = 0.9
FAST_SECONDS = 8.0
SLOW_SECONDS = 60.0


def rating_for(*, correct: bool, seconds: float, used_hint: bool) -> str:
    if not correct:
        return "again"
    if used_hint or seconds > SLOW_SECONDS:
        return "hard"
    if seconds <= FAST_SECONDS:
        return "easy"
    return "good"


def _scheduler(desired_retention: float):
    from fsrs import Scheduler

    # No fuzzing: the same history always gives the same schedule (tests, merging).
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def new_card(question_id: str, when: datetime) -> dict[str, Any]:
    from fsrs import Card

    # A stable id from the question id: fsrs would otherwise sleep to make ids unique.
    card = Card(card_id=zlib.crc32(question_id.encode()) + 1, due=when)
    return card.to_dict()


def review(card: dict[str, Any] | None, question_id: str, rating: str, when: datetime, *, desired_retention: float = DEFAULT_RETENTION) -> dict[str, Any]:
    from fsrs import Card, Rating

    current = Card.from_dict(card) if card else Card.from_dict(new_card(question_id, when))
    updated, _log = _scheduler(desired_retention).review_card(current, Rating[rating.capitalize()], review_datetime=when)
    return updated.to_dict()


def due_at(card: dict[str, Any]) -> datetime:
    from llmpath.clock import parse_time

    return parse_time(card["due"])


def is_review_state(card: dict[str, Any]) -> bool:
    """FSRS state 2 (Review): the card has left the learning steps."""
    return int(card.get("state", 1)) == 2


def retrievability(card: dict[str, Any], now: datetime, *, desired_retention: float = DEFAULT_RETENTION) -> float:
    from fsrs import Card

    return float(_scheduler(desired_retention).get_card_retrievability(Card.from_dict(card), now))


def replay_cards(answers: list[list[Any]], desired_retention: float) -> dict[str, dict[str, Any]]:
    """FSRS cards from the answer history alone (same ratings as when answering); rows in time order."""
    from llmpath.clock import parse_time

    cards: dict[str, dict[str, Any]] = {}
    for question, when, _given, correct, seconds, flags in answers:
        rating = rating_for(correct=bool(correct), seconds=float(seconds), used_hint="h" in flags)
        cards[question] = review(cards.get(question), question, rating, parse_time(when), desired_retention=desired_retention)
    return cards

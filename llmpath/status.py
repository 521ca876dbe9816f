"""A unit's status, and the one rule each for *completed* and *mastered*.

Used by every command that shows or changes a unit's state (`start`, `quiz`, `review`,
`progress`, `path`), so the five words a learner sees mean the same thing everywhere:

- not started — never opened (answering its question in placement does not open it);
- in progress — opened in the guided path or quizzed on its own;
- completed — one quiz attempt answered at least min(5, bank) of its questions, ≥ 80 % right;
- mastered — completed, and every question of the unit was answered right in a spaced review
  (remembered across an interval, not just in the quiz) and its card is in FSRS *review* state;
- skipped — placement showed the learner knows it (`start <unit>` reopens it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from llmpath.content.catalog import Catalog
from llmpath.content.models import Unit
from llmpath.progress import Progress

PASS_FRACTION = 0.8
DONE_STATES = ("completed", "mastered")
STATUSES = ("not_started", "in_progress", "completed", "mastered", "skipped")


def unit_status(progress: Progress, unit_id: str) -> str:
    """One of :data:`STATUSES`."""
    state = progress.unit_state(unit_id)
    if progress.is_known(unit_id) and state not in DONE_STATES:
        return "skipped"
    return state


def is_done(progress: Progress, unit_id: str) -> bool:
    return unit_status(progress, unit_id) in DONE_STATES + ("skipped",)


def is_open(progress: Progress, unit: Unit) -> bool:
    """A unit opens when every prerequisite is completed, mastered or skipped."""
    return all(is_done(progress, p) for p in unit.prerequisites)


def enough_answered(answered: int, bank_size: int) -> bool:
    """A quiz attempt counts once at least min(5, bank size) of the unit's questions were answered."""
    return answered > 0 and answered >= min(5, bank_size)


def attempt_passed(results: Sequence[bool], bank_size: int) -> bool | None:
    """The *completed* rule for one quiz attempt: True / False, or None while too few were answered."""
    if not enough_answered(len(results), bank_size):
        return None
    return sum(results) / len(results) >= PASS_FRACTION


def open_unit(progress: Progress, unit_id: str, when: datetime) -> None:
    if progress.unit_state(unit_id) == "not_started":
        progress.set_unit_state(unit_id, "in_progress", when)


def complete(progress: Progress, catalog: Catalog, unit_id: str, when: datetime) -> None:
    if progress.unit_state(unit_id) not in DONE_STATES:
        progress.set_unit_state(unit_id, "completed", when)
    promote(progress, catalog, [unit_id], when)


def promote(progress: Progress, catalog: Catalog, unit_ids: Iterable[str], when: datetime) -> list[str]:
    """The *mastered* rule: a completed unit whose every question was answered right in a review and
    whose every card is in FSRS review state becomes mastered. Returns the units promoted."""
    from llmpath.scheduler import is_review_state

    promoted = []
    candidates = [u for u in unit_ids if progress.unit_state(u) == "completed"]
    if not candidates:
        return promoted
    recalled = {row[0] for row in progress.answers if row[3] is True and str(row[5]).startswith("r")}
    for unit_id in candidates:
        bank = catalog.questions_for(unit_id)
        if bank and all(q.id in recalled and q.id in progress.cards and is_review_state(progress.cards[q.id]) for q in bank):
            progress.set_unit_state(unit_id, "mastered", when)
            promoted.append(unit_id)
    return promoted

"""What comes next in the guided path — pure functions over catalog and progress.

The position in the path is stored in the progress file as
``{"unit": id, "stage": "read" | "demo" | "exercise" | "quiz", "section": i,
"quiz": {"seed": s, "ids": [...], "index": k, "started": iso} | None}``
so that quitting anywhere and starting again resumes at the same screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from llmpath.clock import format_time, parse_time
from llmpath.content.catalog import Catalog
from llmpath.content.models import Module, Unit
from llmpath.learning import PASS_FRACTION, enough_answered
from llmpath.progress import Progress
from llmpath.views import is_done, is_open

STAGES = ("read", "demo", "exercise", "quiz")
PLACEMENT_PER_MODULE = 3


def current_unit(progress: Progress, catalog: Catalog) -> Unit | None:
    """The unit in the saved position, else the first open unit not yet done, in path order."""
    saved = progress.position.get("unit")
    if saved in catalog.units and (progress.position.get("revisit") or not is_done(progress, saved)):
        return catalog.units[saved]
    for unit in catalog.path_order():
        if not is_done(progress, unit.id) and is_open(progress, unit):
            return unit
    for unit in catalog.path_order():  # prerequisites left undone elsewhere: still offer something
        if not is_done(progress, unit.id):
            return unit
    return None


def enter_unit(progress: Progress, unit: Unit, when: datetime) -> None:
    """Point the position at the start of ``unit`` unless it already is inside it."""
    if progress.position.get("unit") != unit.id:
        progress.data["position"] = {"unit": unit.id, "stage": "read", "section": 0, "quiz": None}
    if progress.unit_state(unit.id) == "not_started":
        progress.set_unit_state(unit.id, "in_progress", when)


def reopen(progress: Progress, topic: Unit | Module, catalog: Catalog, when: datetime) -> Unit:
    """`start <unit|module>`: jump there; a unit skipped by placement is opened again."""
    units = [topic] if isinstance(topic, Unit) else catalog.units_in(topic.id)
    target = next((u for u in units if not is_done(progress, u.id)), units[0])
    for unit in units:
        entry = progress.data["units"].get(unit.id)
        if entry and entry.get("known"):
            entry["known"] = False
    if progress.position.get("unit") != target.id:
        progress.data["position"] = {"unit": target.id, "stage": "read", "section": 0, "quiz": None}
    if progress.unit_state(target.id) == "not_started":
        progress.set_unit_state(target.id, "in_progress", when)
    return target


def set_stage(progress: Progress, stage: str, *, section: int = 0) -> None:
    progress.position["stage"] = stage
    progress.position["section"] = section


def begin_quiz(progress: Progress, question_ids: list[str], seed: int, when: datetime) -> dict[str, Any]:
    quiz = {"seed": seed, "ids": question_ids, "index": 0, "started": format_time(when)}
    progress.position["stage"] = "quiz"
    progress.position["quiz"] = quiz
    return quiz


def quiz_result(progress: Progress, quiz: dict[str, Any]) -> tuple[int, int]:
    """(right, answered) for this quiz attempt, from the answers saved since it started."""
    ids = set(quiz["ids"])
    started = parse_time(quiz["started"])
    rows = [row for row in progress.answers if row[0] in ids and row[5].startswith("q") and parse_time(row[1]) >= started]
    latest: dict[str, bool] = {}
    for row in rows:
        latest[row[0]] = bool(row[3])
    return sum(latest.values()), len(latest)


def finish_unit_quiz(progress: Progress, unit: Unit, catalog: Catalog, when: datetime) -> tuple[bool, int, int]:
    """Mark the unit completed at ≥ 80 %, move on if passed; returns (passed, right, answered)."""
    from llmpath.learning import update_unit_states

    quiz = progress.position.get("quiz") or {"ids": [], "started": format_time(when)}
    right, answered = quiz_result(progress, quiz)
    passed = enough_answered(answered, len(quiz["ids"])) and right / answered >= PASS_FRACTION
    if passed:
        progress.set_unit_state(unit.id, "completed", when)
        update_unit_states(progress, catalog, [], when)
        if progress.position.get("revisit"):
            finish_revisit(progress)
        else:
            progress.data["position"] = {"unit": None, "stage": None, "section": 0, "quiz": None}
    else:
        progress.position["quiz"] = None
    return passed, right, answered


def placement_questions(catalog: Catalog, module: Module, seed: int) -> list:
    import random

    pool = sorted((q for q in catalog.questions_in(module) if q.difficulty <= 2 and q.type != "text"), key=lambda q: q.id)
    random.Random(f"placement:{seed}:{module.id}").shuffle(pool)
    return pool[:PLACEMENT_PER_MODULE]


def apply_placement(progress: Progress, catalog: Catalog, module: Module, right: int, answered: int, when: datetime) -> bool:
    """A module answered ≥ 80 % right is marked known (skipped); `start <module>` reopens it."""
    known = answered > 0 and right / answered >= PASS_FRACTION
    progress.data["placement"][module.id] = {"right": right, "answered": answered, "known": known, "at": format_time(when)}
    if known:
        for unit in catalog.units_in(module.id):
            entry = progress.data["units"].setdefault(unit.id, {"state": "not_started"})
            entry["known"] = True
    return known


# ------------------------------------------------------------ prerequisite concepts

OPEN_MASTERY = 0.5  # below this, a prerequisite unit's concepts are too shaky to build on


def shaky_prerequisites(progress: Progress, catalog: Catalog, unit: Unit, mastery: dict[str, float],
                        threshold: float = OPEN_MASTERY) -> list[tuple[Unit, float]]:
    """Prerequisite units (not skipped by placement) whose concepts the learner has practised
    but not mastered, weakest first, as (unit, mean mastery of its practised concepts)."""
    shaky = []
    for prereq_id in unit.prerequisites:
        prereq = catalog.units.get(prereq_id)
        if prereq is None or progress.is_known(prereq_id):
            continue
        values = [mastery[c.id] for c in prereq.concepts if c.id in mastery and _practised(progress, catalog, c.id)]
        if values and sum(values) / len(values) < threshold:
            shaky.append((prereq, sum(values) / len(values)))
    return sorted(shaky, key=lambda pair: pair[1])


def _practised(progress: Progress, catalog: Catalog, concept: str) -> bool:
    answered = {row[0] for row in progress.answers}
    return any(concept in q.concepts for qid, q in catalog.questions.items() if qid in answered)


def send_back(progress: Progress, target: Unit, return_to: Unit) -> None:
    """Revisit ``target`` (even though it is done), then come back to ``return_to``."""
    progress.data["position"] = {"unit": target.id, "stage": "read", "section": 0, "quiz": None,
                                 "revisit": True, "return_to": return_to.id}


def revisit_unit(progress: Progress, catalog: Catalog) -> Unit | None:
    position = progress.position
    if position.get("revisit") and position.get("unit") in catalog.units:
        return catalog.units[position["unit"]]
    return None


def finish_revisit(progress: Progress) -> None:
    """After a revisited unit's quiz: go back to the unit that sent the learner here."""
    back = progress.position.get("return_to")
    progress.data["position"] = {"unit": back, "stage": "read", "section": 0, "quiz": None}

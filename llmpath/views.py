"""Read-only views of catalog + progress as plain data (for tables, trees and --json)."""

from __future__ import annotations

from typing import Any

from llmpath.content.catalog import Catalog
from llmpath.content.models import Module, Unit
from llmpath.progress import Progress, ProgressStore

DONE_STATES = ("completed", "mastered")


def unit_status(progress: Progress, unit: Unit) -> str:
    """What the learner sees for a unit: its state, or 'known' if placement skipped it."""
    if progress.is_known(unit.id) and progress.unit_state(unit.id) not in DONE_STATES:
        return "known"
    return progress.unit_state(unit.id)


def is_done(progress: Progress, unit_id: str) -> bool:
    return progress.is_known(unit_id) or progress.unit_state(unit_id) in DONE_STATES


def is_open(progress: Progress, unit: Unit) -> bool:
    """A unit opens when every prerequisite is completed, mastered or known."""
    return all(is_done(progress, p) for p in unit.prerequisites)


def topic_rows(catalog: Catalog, progress: Progress, lang: str) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for question in catalog.questions.values():
        counts[question.unit] = counts.get(question.unit, 0) + 1
    return [
        {
            "id": unit.id,
            "module": unit.module,
            "title": unit.title.get(lang),
            "minutes": unit.minutes,
            "questions": counts.get(unit.id, 0),
            "state": unit_status(progress, unit),
            "prerequisites": list(unit.prerequisites),
            "demos": list(unit.demos),
            "exercises": list(unit.exercises),
        }
        for unit in catalog.path_order()
    ]


def path_tree(catalog: Catalog, progress: Progress, lang: str) -> list[dict[str, Any]]:
    current = progress.position.get("unit")
    tree = []
    for module in catalog.ordered_modules():
        units = []
        for unit in catalog.units_in(module.id):
            status = unit_status(progress, unit)
            if status == "not_started" and not is_open(progress, unit):
                status = "locked"
            units.append({"id": unit.id, "title": unit.title.get(lang), "state": status, "minutes": unit.minutes,
                          "current": unit.id == current, "demos": list(unit.demos)})
        done = sum(1 for u in units if u["state"] in DONE_STATES + ("known",))
        tree.append({"id": module.id, "title": module.title.get(lang), "done": done, "total": len(units), "units": units})
    return tree


def topic_unit_ids(catalog: Catalog, topic: Unit | Module | None) -> set[str]:
    if topic is None:
        return set(catalog.units)
    if isinstance(topic, Unit):
        return {topic.id}
    return {u.id for u in catalog.units_in(topic.id)}


def reset_progress(store: ProgressStore, catalog: Catalog, topic: Unit | Module | None) -> dict[str, Any]:
    """Forget a topic's answers, cards and unit states; everything if ``topic`` is None."""
    units = topic_unit_ids(catalog, topic)
    questions = {q.id for q in catalog.questions.values() if q.unit in units}

    def change(progress: Progress) -> dict[str, Any]:
        backup = store.backup(progress, "before-reset") if topic is None else None
        before = len(progress.answers)
        progress.data["answers"] = [row for row in progress.answers if row[0] not in questions] if topic is not None else []
        for qid in list(progress.cards):
            if topic is None or qid in questions:
                del progress.cards[qid]
        for uid in list(progress.data["units"]):
            if uid in units:
                del progress.data["units"][uid]
        if topic is None or progress.position.get("unit") in units:
            progress.data["position"] = {"unit": None, "stage": None, "section": 0, "quiz": None}
        return {"answers": before - len(progress.answers), "backup": str(backup) if backup else None}

    return store.update(change)

"""Read-only views of catalog + progress as plain data (for tables, trees and --json)."""

from __future__ import annotations

from typing import Any

from llmpath.content.catalog import Catalog
from llmpath.content.models import Module, Unit
from llmpath.progress import Progress, ProgressStore

from llmpath.status import DONE_STATES, is_open, unit_status


def topic_rows(catalog: Catalog, progress: Progress) -> list[dict[str, Any]]:
    """Every unit in path order, its title an L10n (the screen picks the language)."""
    counts: dict[str, int] = {}
    for question in catalog.questions.values():
        counts[question.unit] = counts.get(question.unit, 0) + 1
    return [
        {
            "id": unit.id,
            "module": unit.module,
            "title": unit.title,
            "minutes": unit.minutes,
            "questions": counts.get(unit.id, 0),
            "state": unit_status(progress, unit.id),
            "prerequisites": list(unit.prerequisites),
            "demos": list(unit.demos),
            "exercises": list(unit.exercises),
        }
        for unit in catalog.path_order()
    ]


def path_tree(catalog: Catalog, progress: Progress) -> list[dict[str, Any]]:
    """Modules and their units with each unit's state; titles are L10n."""
    current = progress.position.get("unit") if isinstance(progress.position, dict) else None
    tree = []
    for module in catalog.ordered_modules():
        units = []
        for unit in catalog.units_in(module.id):
            status = unit_status(progress, unit.id)
            if status == "not_started" and not is_open(progress, unit):
                status = "locked"
            units.append({"id": unit.id, "title": unit.title, "state": status, "minutes": unit.minutes,
                          "current": unit.id == current, "demos": list(unit.demos)})
        done = sum(1 for u in units if u["state"] in DONE_STATES + ("skipped",))
        tree.append({"id": module.id, "title": module.title, "done": done, "total": len(units), "units": units})
    return tree


def path_overview(catalog: Catalog) -> list[dict[str, Any]]:
    """The path at a glance, one entry per module: its title, how many units, how many minutes."""
    return [{"id": m.id, "title": m.title, "total": len(catalog.units_in(m.id)),
             "minutes": sum(u.minutes for u in catalog.units_in(m.id))} for m in catalog.ordered_modules()]


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
            from llmpath.session import Position, save_position

            save_position(progress, Position())
        return {"answers": before - len(progress.answers), "backup": str(backup) if backup else None}

    return store.update(change)

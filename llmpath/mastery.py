"""Per-concept mastery: one number in [0, 1] from quizzes, exercises and memory.

For a concept c (declared by a unit; tagged on questions):

    q = (right + 1) / (answered + 2)      over the last 10 answers to c's questions
                                           (Laplace-smoothed accuracy: 2 of 2 ≠ certainty)
    r = mean FSRS retrievability of c's cards now (the library's recall probability;
        equals q when no card exists yet)
    e = 1 if an exercise of c's unit has been passed, else 0

    mastery = 0.5·q + 0.3·r + 0.2·e     when c's unit has exercises
    mastery = 0.6·q + 0.4·r             otherwise
    mastery = 0                          when c was never practised

Recent accuracy dominates, memory decays it between reviews, and writing the code
yourself adds the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from llmpath.content.catalog import Catalog
from llmpath.progress import Progress

RECENT_ANSWERS = 10
MASTERED = 0.8


def concept_mastery(progress: Progress, catalog: Catalog, now: datetime) -> list[dict[str, Any]]:
    """One row per concept, most practised first by mastery; ``name`` is an L10n."""
    from llmpath.learning import retention
    from llmpath.scheduler import retrievability

    questions_of: dict[str, list[str]] = {}
    for question in catalog.questions.values():
        for concept in question.concepts:
            questions_of.setdefault(concept, []).append(question.id)
    history: dict[str, list[tuple[str, bool]]] = {}  # question → (time, right), in time order below
    for row in progress.answers:
        history.setdefault(row[0], []).append((str(row[1]), bool(row[3])))
    passed = {eid for eid, entry in progress.data["exercises"].items() if isinstance(entry, dict) and entry.get("status") == "passed"}
    desired = retention(progress)
    rows = []
    for concept_id, (concept, unit_id) in sorted(catalog.concepts.items()):
        qids = questions_of.get(concept_id, [])
        # The most recent answers by time across all of the concept's questions (ISO UTC times sort as text).
        results = [right for _, right in sorted(a for qid in qids for a in history.get(qid, []))][-RECENT_ANSWERS:]
        unit = catalog.units.get(unit_id)
        exercises = list(unit.exercises) if unit else []
        if not results:
            value, q, r = 0.0, None, None
        else:
            q = (sum(results) + 1) / (len(results) + 2)
            cards = [progress.cards[qid] for qid in qids if qid in progress.cards]
            r = sum(retrievability(card, now, desired_retention=desired) for card in cards) / len(cards) if cards else q
            if exercises:
                e = 1.0 if any(x in passed for x in exercises) else 0.0
                value = 0.5 * q + 0.3 * r + 0.2 * e
            else:
                value = 0.6 * q + 0.4 * r
        rows.append({"concept": concept_id, "name": concept.name, "unit": unit_id, "mastery": round(value, 3),
                     "accuracy": None if q is None else round(q, 3), "recall": None if r is None else round(r, 3),
                     "answered": len(results)})
    rows.sort(key=lambda row: (-row["mastery"], row["concept"]))
    return rows


def mastery_of(rows: list[dict[str, Any]]) -> dict[str, float]:
    return {row["concept"]: row["mastery"] for row in rows}

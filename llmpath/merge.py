"""Merging two machines' progress: `llmpath import FILE --merge`.

The result depends only on the two inputs, not on which side is "here":
- answers: the union, deduplicated by (question id, time), in time order;
- FSRS cards: recomputed by replaying the merged answers through the scheduler
  (the library, without fuzzing, so a replay is deterministic);
- unit states: for each unit the entry updated later (ties: the more advanced state);
- exercises: the more advanced status, the larger hint count;
- activity: per day the larger of the two totals (the same session may be in both);
- position, settings, language: from the side that was active last.
"""

from __future__ import annotations

import copy
from typing import Any

from llmpath.clock import parse_time
from llmpath.progress import UNIT_STATES, Progress, ProgressStore, check_progress
from llmpath.scheduler import replay_cards

EXERCISE_RANK = {"not_started": 0, "started": 1, "failing": 2, "passed": 3}


def merge_progress(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    a, b = check_progress(copy.deepcopy(a)), check_progress(copy.deepcopy(b))
    latest = max((a, b), key=_last_active)
    other = b if latest is a else a
    merged = copy.deepcopy(latest)
    merged["created"] = min(a["created"], b["created"])
    merged["onboarded"] = bool(a.get("onboarded") or b.get("onboarded"))
    merged["answers"] = _merge_answers(a["answers"], b["answers"])
    merged["cards"] = replay_cards(merged["answers"], float(merged["settings"].get("desired_retention", 0.9)))
    merged["units"] = _merge_keyed(a["units"], b["units"], _unit_key)
    merged["exercises"] = _merge_keyed(a["exercises"], b["exercises"], _exercise_key)
    merged["placement"] = _merge_keyed(a["placement"], b["placement"], lambda e: str(e.get("at", "")) if isinstance(e, dict) else "")
    days = set(a["activity"]) | set(b["activity"])
    merged["activity"] = {day: max(a["activity"].get(day, 0.0), b["activity"].get(day, 0.0)) for day in sorted(days)}
    merged["language"] = latest.get("language") or other.get("language")
    return merged


def _last_active(data: dict[str, Any]) -> tuple[str, str]:
    last_answer = max((row[1] for row in data["answers"]), default="")
    # The full JSON breaks ties between equally recent sides deterministically.
    import json

    return last_answer, json.dumps(data, sort_keys=True)


def _merge_answers(left: list[list[Any]], right: list[list[Any]]) -> list[list[Any]]:
    seen: dict[tuple[str, str], list[Any]] = {}
    for row in left + right:
        key = (row[0], row[1])
        if key not in seen or row > seen[key]:  # identical keys: keep a deterministic one
            seen[key] = row
    return sorted(seen.values(), key=lambda row: (parse_time(row[1]), row[0]))


def _unit_key(entry: Any) -> tuple:
    if not isinstance(entry, dict):
        return ("", -1)
    state = entry.get("state", "not_started")
    return (str(entry.get("updated", "")), UNIT_STATES.index(state) if state in UNIT_STATES else -1, bool(entry.get("known")))


def _exercise_key(entry: Any) -> tuple:
    if not isinstance(entry, dict):
        return (-1, 0, "")
    return (EXERCISE_RANK.get(str(entry.get("status")), 0), int(entry.get("hints", 0) or 0), str(sorted(entry.items())))


def _merge_keyed(left: dict[str, Any], right: dict[str, Any], key) -> dict[str, Any]:
    out = {}
    for name in sorted(set(left) | set(right)):
        candidates = [side[name] for side in (left, right) if name in side]
        out[name] = copy.deepcopy(max(candidates, key=key))
    return out


def merge_into(store: ProgressStore, incoming: dict[str, Any]) -> int:
    """Merge an export into this machine's progress (backup first); returns the answer count."""

    def change(progress: Progress) -> int:
        store.backup(progress, "before-merge")
        merged = merge_progress(progress.data, incoming)
        progress.data.clear()
        progress.data.update(merged)
        return len(merged["answers"])

    return store.update(change)

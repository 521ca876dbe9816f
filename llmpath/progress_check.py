"""Field-by-field checks of a parsed progress file: repair what can be repaired.

A progress file is the learner's history; one bad value in it (edited by hand, written
by a newer llmpath, imported from elsewhere) must neither crash every command nor cost
the rest of the file. Each check below either accepts a field, repairs it (drops an
entry, defaults a value) and names it in ``repairs``, or — only when the answer history
itself is unusable — raises ValueError so the caller moves the file aside.

Hand-written rather than a schema library: the checks run on every start-up, over up
to 100,000 answer rows, and must not add an import.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

# Times outside these years are refused: nothing real is recorded there, and the
# scheduler adding an interval to year 9999 would overflow.
MIN_YEAR, MAX_YEAR = 1970, 2999
UNIT_STATES = ("not_started", "in_progress", "completed", "mastered")
EXERCISE_STATUSES = ("not_started", "started", "failing", "passed")
CARD_STATES = (1, 2, 3)  # fsrs State: Learning, Review, Relearning
LANGUAGES = ("en", "zh")
ANSWER_COLUMNS = 6  # question, time, given, correct, seconds, flags
MAX_GIVEN = 500


class Unusable(ValueError):
    """A progress document that cannot be used at all; ``zh`` is the reason in Chinese."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


# The few repair names that are words rather than field paths, in Chinese.
REPAIRS_ZH = {"a non-finite number (NaN or Infinity)": "非有限的数（NaN 或 Infinity）"}


class Repairs(list):
    """The names of the repaired fields, in the order found."""

    def add(self, field: str) -> None:
        self.append(field)

    def summary(self, limit: int = 4) -> str:
        shown = ", ".join(self[:limit])
        return shown + (f" and {len(self) - limit} more" if len(self) > limit else "")

    def summary_zh(self, limit: int = 4) -> str:
        """:meth:`summary` in Chinese: field paths stay as they are, the words around them are translated."""
        names = [REPAIRS_ZH.get(name, name.replace(" (columns)", "（列）")) for name in self[:limit]]
        return "、".join(names) + (f" 等另外 {len(self) - limit} 项" if len(self) > limit else "")


# ---------------------------------------------------------------------- values

def valid_time(value: Any, *, aware: bool = False) -> bool:
    """An ISO-8601 time llmpath could have written (``aware``: with a UTC offset)."""
    if type(value) is not str:
        return False
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    return MIN_YEAR <= when.year <= MAX_YEAR and (not aware or when.tzinfo is not None)


def _number(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _text(value: Any) -> bool:
    return type(value) is str


def _flag(value: Any) -> bool:
    return type(value) is bool


def _optional_time(value: Any) -> bool:
    return value is None or valid_time(value)


# ---------------------------------------------------------------------- fields

def check_answers(rows: Any, repairs: Repairs) -> list[list[Any]]:
    """Answer rows, normalised to six columns; a row without a question, time or result is dropped."""
    if type(rows) is not list:
        raise Unusable("field 'answers' is not a list", "字段 'answers' 不是列表")
    kept: list[list[Any]] = []
    fromiso = datetime.fromisoformat
    for index, row in enumerate(rows):
        # The fast path: a row exactly as llmpath writes it.
        if (type(row) is list and len(row) == ANSWER_COLUMNS and type(row[0]) is str and type(row[1]) is str
                and type(row[2]) is str and type(row[3]) is bool and type(row[4]) in (int, float) and type(row[5]) is str
                and 0 <= row[4] < math.inf):
            try:
                year = fromiso(row[1]).year
            except ValueError:
                year = 0
            if MIN_YEAR <= year <= MAX_YEAR:
                kept.append(row)
                continue
        fixed = _repair_row(row, index, repairs)
        if fixed is not None:
            kept.append(fixed)
    return kept


def _repair_row(row: Any, index: int, repairs: Repairs) -> list[Any] | None:
    where = f"answers[{index}]"
    if type(row) is not list or len(row) < 4:
        repairs.add(where)
        return None
    question, when, given, correct = row[:4]
    seconds = row[4] if len(row) > 4 else 0.0
    flags = row[5] if len(row) > 5 else ""
    if type(question) is not str or not question or not valid_time(when):
        repairs.add(f"{where}.{'question' if type(question) is not str or not question else 'time'}")
        return None
    if type(correct) is not bool:
        if type(correct) is int and correct in (0, 1):
            correct = bool(correct)
        else:
            repairs.add(f"{where}.correct")
            return None
    if type(given) is not str:
        repairs.add(f"{where}.given")
        given = "" if given is None else str(given)[:MAX_GIVEN]
    if not (_number(seconds) and seconds >= 0):
        repairs.add(f"{where}.seconds")
        seconds = 0.0
    if type(flags) is not str:
        repairs.add(f"{where}.flags")
        flags = ""
    if len(row) != ANSWER_COLUMNS:
        repairs.add(f"{where} (columns)")
    return [question, when, given, correct, seconds, flags]


def check_units(units: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    for unit in list(units):
        entry = units[unit]
        if type(entry) is not dict or entry.get("state", "not_started") not in UNIT_STATES:
            repairs.add(f"units['{unit}']")
            del units[unit]
            continue
        if "updated" in entry and not valid_time(entry["updated"]):
            repairs.add(f"units['{unit}'].updated")
            del entry["updated"]
        if "known" in entry and not _flag(entry["known"]):
            repairs.add(f"units['{unit}'].known")
            entry["known"] = bool(entry["known"]) if type(entry["known"]) is int else False
    return units


def valid_card(card: Any) -> bool:
    """A card ``fsrs.Card.from_dict`` accepts and the scheduler can review."""
    if type(card) is not dict:
        return False
    state, stability, difficulty, step = card.get("state"), card.get("stability"), card.get("difficulty"), card.get("step")
    if type(card.get("card_id")) is not int or state not in CARD_STATES or type(state) is not int:
        return False
    if not valid_time(card.get("due"), aware=True):
        return False
    last = card.get("last_review")
    if last is not None and not valid_time(last, aware=True):
        return False
    if not (step is None or _count(step)):
        return False
    for value in (stability, difficulty):
        if value is not None and not (_number(value) and value > 0):
            return False
    # Past the learning steps fsrs needs both memory figures.
    return state == 1 or (stability is not None and difficulty is not None)


def check_cards(cards: dict[str, Any], answers: list[list[Any]], retention: float, repairs: Repairs) -> dict[str, Any]:
    """Drop invalid cards; a dropped card is rebuilt from the question's answers when it has any."""
    broken = [qid for qid, card in cards.items() if not valid_card(card)]
    if not broken:
        return cards
    for qid in broken:
        repairs.add(f"cards['{qid}']")
        del cards[qid]
    wanted = set(broken)
    history = [row for row in answers if row[0] in wanted]
    if history:
        from llmpath.scheduler import replay_cards

        history.sort(key=lambda row: _utc(row[1]))
        cards.update(replay_cards(history, retention))
    return cards


def _utc(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def check_activity(activity: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    for day in list(activity):
        value = activity[day]
        if not (_number(value) and value >= 0) or not _valid_day(day):
            repairs.add(f"activity['{day}']")
            del activity[day]
    return activity


def _valid_day(day: str) -> bool:
    try:
        return MIN_YEAR <= datetime.strptime(day, "%Y-%m-%d").year <= MAX_YEAR if len(day) == 10 else False
    except ValueError:
        return False


_EXERCISE_FIELDS = {
    "status": lambda v: v in EXERCISE_STATUSES and type(v) is str,
    "path": lambda v: _text(v) and 0 < len(v) < 4096 and "\0" not in v,
    "attempts": _count, "hints": _count,
    "solution_seen": _flag, "gave_up": _flag,
    "started_at": _optional_time, "last_checked": _optional_time, "passed_at": _optional_time, "solution_seen_at": _optional_time,
    "last_result": lambda v: v in ("passed", "failing") and type(v) is str,
}


def check_exercises(exercises: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    for name in list(exercises):
        entry = exercises[name]
        if type(entry) is not dict:
            repairs.add(f"exercises['{name}']")
            del exercises[name]
            continue
        for key, ok in _EXERCISE_FIELDS.items():
            if key in entry and not ok(entry[key]):
                repairs.add(f"exercises['{name}'].{key}")
                del entry[key]
    return exercises


_PLACEMENT_FIELDS = {"right": _count, "answered": _count, "known": _flag, "at": valid_time}
_PLACEMENT_SUMMARY = {"at": valid_time, "asked": lambda v: type(v) is list and all(type(u) is str for u in v),
                      "skipped": lambda v: type(v) is list and all(type(u) is str for u in v)}


def check_placement(placement: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    """The last placement: {"at", "asked": [unit ids], "skipped": [unit ids]} (files before placement by unit
    kept one {right, answered, known, at} entry per module)."""
    for key in list(placement):
        entry = placement[key]
        if key in _PLACEMENT_SUMMARY:
            ok = _PLACEMENT_SUMMARY[key](entry)
        else:
            ok = type(entry) is dict and all(check(entry[k]) for k, check in _PLACEMENT_FIELDS.items() if k in entry)
        if not ok:
            repairs.add(f"placement['{key}']")
            del placement[key]
    return placement


_SETTINGS = {
    "desired_retention": lambda v: _number(v) and 0.7 <= v <= 0.99,
    "review_cap": lambda v: type(v) is int and 1 <= v <= 1000,
    "streaks": _flag,
}


def check_settings(settings: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    for key, ok in _SETTINGS.items():
        if key in settings and not ok(settings[key]):
            repairs.add(f"settings.{key}")
            del settings[key]
    return settings


def check_fields(data: dict[str, Any], defaults: dict[str, Any], repairs: Repairs) -> dict[str, Any]:
    """Every known field of a migrated document, in place; ``defaults`` is an empty progress."""
    for key, default in defaults.items():
        if key not in data:
            data[key] = default
        elif type(data[key]) is not type(default) and key not in ("language", "answers"):
            repairs.add(key)
            data[key] = default
    if data["language"] not in (None, *LANGUAGES):
        repairs.add("language")
        data["language"] = None
    if not valid_time(data["created"]):
        repairs.add("created")
        data["created"] = defaults["created"]
    data["answers"] = check_answers(data["answers"], repairs)
    check_units(data["units"], repairs)
    check_settings(data["settings"], repairs)
    check_cards(data["cards"], data["answers"], float(data["settings"].get("desired_retention", 0.9)), repairs)
    check_activity(data["activity"], repairs)
    check_exercises(data["exercises"], repairs)
    check_placement(data["placement"], repairs)
    # position: only its type is checked here (session.py owns its inner structure).
    return data

"""Break 5: only the top level of the progress file was checked. A bad card, setting,
activity, exercise entry or time crashed `progress`, `review`, `quiz` and `exercise list`
on every run, `progress --json` printed NaN, and `import --merge` crashed on year 9999,
"not-a-time" or integer flags. Now every field is checked: an invalid one is repaired
(dropped or defaulted, named in one notice) and no acknowledged answer is lost."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from llmpath.paths import progress_file

UNIT = "vectors-and-tensors"
QUESTION = "vectors-and-tensors.transpose-tf"
DAY = "2026-03-01"


def _base() -> dict:
    """A valid progress file with three answers, a card for each, and one of every other field."""
    from llmpath.merge import replay_cards

    answers = [
        [QUESTION, "2026-03-01T10:00:00.000Z", "t", True, 4.0, "q"],
        ["vectors-and-tensors.dot-product", "2026-03-01T10:01:00.000Z", "3", False, 12.5, "q"],
        ["vectors-and-tensors.axis-name", "2026-03-01T10:02:00.000Z", "x", True, 70.0, "qh"],
    ]
    return {
        "schema_version": 1, "created": "2026-03-01T09:00:00.000Z", "language": "en", "onboarded": True,
        "answers": answers,
        "units": {UNIT: {"state": "in_progress", "updated": "2026-03-01T10:02:00.000Z"}},
        "cards": replay_cards(answers, 0.9),
        "position": {"unit": UNIT, "stage": "read", "section": 0, "quiz": None},
        "activity": {DAY: 86.5},
        "exercises": {"softmax": {"status": "started", "attempts": 2, "hints": 1, "solution_seen": False,
                                  "passed_at": None, "started_at": "2026-03-01T10:05:00.000Z"}},
        "placement": {"math": {"right": 3, "answered": 5, "known": False, "at": "2026-03-01T09:30:00.000Z"}},
        "settings": {"desired_retention": 0.9, "review_cap": 50, "streaks": True},
    }


def _set(doc: dict, where: tuple, value) -> dict:
    doc = copy.deepcopy(doc)
    target = doc
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return doc


def _write(doc: dict, path: Path | None = None) -> Path:
    path = path or progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))  # allow_nan: Python writes NaN, as a hand edit might
    return path


def _answer_keys(doc) -> set:
    rows = doc.get("answers") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        return set()
    return {(r[0], r[1]) for r in rows if isinstance(r, list) and len(r) > 1 and isinstance(r[0], str) and isinstance(r[1], str)}


def _kept_answers(home: Path) -> set:
    """Answers in the progress file and every backup beside it."""
    kept = set()
    for path in home.glob("*.json"):
        try:
            kept |= _answer_keys(json.loads(path.read_text()))
        except (ValueError, OSError):
            continue
    return kept


def _strict_json(text: str):
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# Each field of the file and the commands that read it ---------------------------------

FIELDS = [
    ("answers",), ("answers", 0), ("answers", 0, 1), ("answers", 0, 3), ("answers", 0, 4), ("answers", 0, 5), ("answers", 0, 2),
    ("units",), ("units", UNIT), ("units", UNIT, "state"), ("units", UNIT, "updated"), ("units", UNIT, "known"),
    ("cards",), ("cards", QUESTION), ("cards", QUESTION, "due"), ("cards", QUESTION, "state"),
    ("cards", QUESTION, "stability"), ("cards", QUESTION, "difficulty"), ("cards", QUESTION, "step"),
    ("cards", QUESTION, "last_review"), ("cards", QUESTION, "card_id"),
    ("activity",), ("activity", DAY), ("activity", "not-a-day"),
    ("exercises",), ("exercises", "softmax"), ("exercises", "softmax", "attempts"), ("exercises", "softmax", "status"),
    ("exercises", "softmax", "hints"), ("exercises", "softmax", "path"), ("exercises", "softmax", "solution_seen"),
    ("exercises", "softmax", "started_at"),
    ("placement",), ("placement", "math"), ("placement", "math", "at"),
    ("settings",), ("settings", "desired_retention"), ("settings", "review_cap"), ("settings", "streaks"),
    ("position",), ("language",), ("created",), ("onboarded",), ("schema_version",),
]
COMMANDS = {
    # command -> (arguments, input, exit codes it documents)
    "progress": (["progress"], None, {0}),
    "progress --json": (["progress", "--json"], None, {0}),
    "review": (["--lang", "en", "review"], "q\n", {0}),
    "quiz": (["--lang", "en", "quiz", UNIT, "--seed", "1", "--count", "2"], "t\n1\nq\n", {0}),
    "exercise list": (["exercise", "list"], None, {0}),
    "path": (["path"], None, {0}),
    "topics": (["topics"], None, {0}),
    "export": (["export", "{tmp}/export.json"], None, {0}),
    "import --merge": (["import", "{tmp}/incoming.json", "--merge"], None, {0, 1}),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12) | st.sampled_from(["9999-12-31T23:59:59Z", "not-a-time", "2026-03-01T10:00:00Z", "zzz", "high", "lots", "many"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=8,
)


def _run(runner, tmp_path: Path, name: str):
    from llmpath.cli import app

    args, stdin, codes = COMMANDS[name]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, args, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in codes, (name, result.exit_code, result.output[-500:])
    if name == "progress --json":
        _strict_json(result.stdout)
    return result


@settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(where=st.sampled_from(FIELDS), value=json_values, command=st.sampled_from(sorted(COMMANDS)))
def test_any_value_in_any_field_is_survived_by_every_command(tmp_path_factory, runner, where, value, command):
    tmp_path = tmp_path_factory.mktemp("case")
    home = progress_file().parent
    for old in home.glob("*.json*") if home.exists() else []:
        old.unlink()
    base = _base()
    broken = _set(base, where, value)
    expected = _answer_keys(broken) & _answer_keys(base)  # the answers still intact in the file written
    if command == "import --merge":
        _write(base)
        _write(broken, tmp_path / "incoming.json")
    else:
        _write(broken)
    _run(runner, tmp_path, command)
    assert expected <= _kept_answers(home), "an answer was lost"
    # Repaired once, not on every run: the next read finds nothing to report.
    from llmpath.progress import ProgressStore

    store = ProgressStore(progress_file())
    if progress_file().exists():
        store.load()
        assert not [n for n in store.notices if "invalid fields" in n.en or "unreadable" in n.en], store.notices


# The cases of the issue, one by one ------------------------------------------------------

ISSUE_CASES = {
    "card-is-text": (("cards", QUESTION), "x"),
    "retention-high": (("settings", "desired_retention"), "high"),
    "activity-lots": (("activity",), "lots"),
    "attempts-many": (("exercises", "softmax", "attempts"), "many"),
    "due-zzz": (("cards", QUESTION, "due"), "zzz"),
    "activity-nan": (("activity", DAY), math.nan),
}


@pytest.mark.parametrize("case", sorted(ISSUE_CASES))
@pytest.mark.parametrize("command", ["progress", "progress --json", "review", "quiz", "exercise list"])
def test_the_reported_bad_fields(tmp_path, runner, case, command):
    where, value = ISSUE_CASES[case]
    _write(_set(_base(), where, value))
    result = _run(runner, tmp_path, command)
    notices = [line for line in result.output.splitlines() if "invalid fields" in line]
    assert len(notices) == 1 and where[0] in notices[0], result.output  # one line naming the field
    assert _answer_keys(_base()) <= _answer_keys(json.loads(progress_file().read_text()))
    second = _run(runner, tmp_path, command)  # the repair was saved: nothing to say the second time
    assert "invalid fields" not in second.output


def test_a_quiz_answer_is_saved_despite_a_bad_field(tmp_path, runner):
    _write(_set(_base(), ("settings", "desired_retention"), "high"))
    _run(runner, tmp_path, "quiz")
    saved = json.loads(progress_file().read_text())
    assert len(saved["answers"]) > len(_base()["answers"])
    assert _answer_keys(_base()) <= _answer_keys(saved)


def test_nan_is_never_written(tmp_path, runner):
    _write(_set(_base(), ("activity", DAY), math.inf))
    _run(runner, tmp_path, "quiz")
    _strict_json(progress_file().read_text())
    _run(runner, tmp_path, "export")
    _strict_json((tmp_path / "export.json").read_text())


@pytest.mark.parametrize("where,value", [
    (("answers", 0, 1), "9999-12-31T23:59:59.000Z"),
    (("answers", 0, 1), "not-a-time"),
    (("answers", 0, 5), 7),
    (("created",), "not-a-time"),
    (("units", UNIT, "updated"), 12),
    (("placement", "math", "at"), "9999-99-99"),
    (("exercises", "softmax", "hints"), "many"),
], ids=["year-9999", "not-a-time", "integer-flags", "created", "unit-updated", "placement-at", "hints"])
def test_merge_tolerates_bad_times_and_flags(tmp_path, runner, where, value):
    _write(_base())
    incoming = _set(_base(), where, value)
    for row in incoming["answers"]:
        row[1] = row[1].replace("2026-03-01T10", "2026-03-02T10") if isinstance(row[1], str) and row[1].startswith("2026") else row[1]
    _write(incoming, tmp_path / "incoming.json")
    result = _run(runner, tmp_path, "import --merge")
    assert result.exit_code == 0
    merged = json.loads(progress_file().read_text())
    assert _answer_keys(_base()) <= _answer_keys(merged)
    assert len(merged["answers"]) >= len(_base()["answers"]) + (2 if where[:1] == ("answers",) else 3)

"""What the exercise commands do, without any terminal I/O: files, tasks, hints, progress.

Progress lives in ``progress.data["exercises"][id]``::

    {"status": "started" | "failing" | "passed", "path": "/…/softmax.py",
     "started_at": iso, "attempts": 3, "last_checked": iso, "passed_at": iso | None,
     "hints": 2, "solution_seen": false, "gave_up": false}

An exercise with no entry is ``not_started``. A pass is kept even if a later check
fails (the learner may be experimenting); ``reset`` restores the scaffold file only.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from llmpath.clock import format_time
from llmpath.errors import LlmpathError
from llmpath.exercises.registry import EXERCISES, ExerciseSpec, exercises_in_unit
from llmpath.i18n import tr

STATUSES = ("not_started", "started", "failing", "passed")
EXERCISES_DIR = Path(__file__).resolve().parent


# ---------------------------------------------------------------------- shipped files

def exercise_dir(spec: ExerciseSpec) -> Path:
    return EXERCISES_DIR / spec.package


def scaffold_path(spec: ExerciseSpec) -> Path:
    return exercise_dir(spec) / "scaffold.py"


def solution_path(spec: ExerciseSpec) -> Path:
    return exercise_dir(spec) / "solution.py"


def solution_source(spec: ExerciseSpec) -> str:
    return solution_path(spec).read_text(encoding="utf-8")


_HEADING = re.compile(r"^(?P<title>[^\n]+)\n-{3,}\n", re.MULTILINE)


def docstring_sections(source: str) -> dict[str, str]:
    """The ``Title\\n----`` sections of a module docstring, e.g. {'Task': …, '任务': …}."""
    match = re.match(r'\s*(?:[rRuU]?)"""(.*?)"""', source, re.DOTALL)
    if not match:
        return {}
    doc = match.group(1)
    heads = list(_HEADING.finditer(doc))
    sections: dict[str, str] = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(doc)
        body = doc[head.end():end]
        # A section ends at a line that is not indented and starts a new paragraph of another kind ("Check it").
        body = re.split(r"\n(?=Check it)", body)[0]
        sections[head.group("title").strip()] = body.strip("\n").rstrip()
    return sections


def task_text(spec: ExerciseSpec, lang: str) -> str:
    """The task from the scaffold's docstring in ``lang`` (the scaffold is the one source of it)."""
    sections = docstring_sections(scaffold_path(spec).read_text(encoding="utf-8"))
    return reflow(sections.get("任务" if lang == "zh" else "Task") or sections.get("Task", ""))


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def reflow(text: str) -> str:
    """Join the lines of each paragraph (the terminal wraps them); keep indented lines (formulas) as they are.

    Chinese lines are joined without a space.
    """
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        joinable = out and out[-1] and not out[-1].startswith(" ") and line and not line.startswith(" ")
        if joinable and not re.match(r"(?:[-*] |\d+\. )", line):
            prev = out[-1]
            sep = "" if _is_cjk(prev[-1]) or _is_cjk(line[0]) else " "
            out[-1] = prev + sep + line
        else:
            out.append(line)
    return "\n".join(out)


def load_hints(spec: ExerciseSpec) -> list[dict[str, str]]:
    """The exercise's hints, easiest first: ``[{"en": …, "zh": …}, …]``."""
    import yaml

    path = exercise_dir(spec) / "hints.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format_version") != 1 or not isinstance(data.get("hints"), list):
        raise LlmpathError(f"{path}: expected format_version: 1 and a list of hints")
    return [{"en": str(h["en"]), "zh": str(h["zh"])} for h in data["hints"]]


# ---------------------------------------------------------------------- the learner's files

def default_file(spec: ExerciseSpec) -> Path:
    from llmpath.paths import exercise_workspace

    return exercise_workspace() / spec.file_name


def learner_file(spec: ExerciseSpec, entry: dict[str, Any] | None, override: str | Path | None = None) -> Path:
    """``--file`` if given, else where ``start`` put it, else the default workspace file."""
    if override is not None:
        path = Path(override).expanduser()
        return path / spec.file_name if path.is_dir() else path
    if entry and entry.get("path"):
        return Path(entry["path"])
    return default_file(spec)


def require_file(spec: ExerciseSpec, path: Path, lang: str) -> Path:
    if not path.is_file():
        raise LlmpathError(tr(lang, f"no exercise file at {path}; run `llmpath exercise start {spec.id}` first",
                              f"{path} 不存在;请先运行 `llmpath exercise start {spec.id}`"))
    return path


def create_from_scaffold(spec: ExerciseSpec, target: Path) -> bool:
    """Copy the scaffold to ``target`` unless a file is already there; True if it was created."""
    if target.exists():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(scaffold_path(spec), target)
    except OSError as exc:
        raise LlmpathError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return True


def reset_file(spec: ExerciseSpec, target: Path) -> Path | None:
    """Put the scaffold back; the learner's version is kept as ``<name>.py.bak`` (returned)."""
    backup = None
    try:
        if target.exists():
            backup = target.with_name(target.name + ".bak")
            shutil.copyfile(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(scaffold_path(spec), target)
    except OSError as exc:
        raise LlmpathError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return backup


# ---------------------------------------------------------------------- progress

def entries(progress: Any) -> dict[str, dict[str, Any]]:
    """``progress.data["exercises"]``, created if an older file lacks it."""
    data = progress.data.setdefault("exercises", {})
    return data


def entry_of(progress: Any, spec: ExerciseSpec) -> dict[str, Any]:
    value = entries(progress).get(spec.id)
    return value if isinstance(value, dict) else {}


def status_of(progress: Any, spec: ExerciseSpec) -> str:
    status = entry_of(progress, spec).get("status")
    return status if status in STATUSES else "not_started"


def _entry(progress: Any, spec: ExerciseSpec, status: str = "not_started") -> dict[str, Any]:
    table = entries(progress)
    entry = table.get(spec.id)
    if not isinstance(entry, dict):
        entry = table[spec.id] = {}
    if entry.get("status") not in STATUSES or (entry["status"] == "not_started" and status != "not_started"):
        entry["status"] = status
    entry.setdefault("attempts", 0)
    entry.setdefault("hints", 0)
    entry.setdefault("solution_seen", False)
    entry.setdefault("passed_at", None)
    return entry


def record_start(progress: Any, spec: ExerciseSpec, path: Path, when: datetime) -> None:
    entry = _entry(progress, spec, "started")
    entry["path"] = str(path)
    entry.setdefault("started_at", format_time(when))
    progress.touch_activity(when)


def record_check(progress: Any, spec: ExerciseSpec, path: Path, passed: bool, when: datetime, seconds: float = 0.0) -> bool:
    """Count an attempt; True if this is the first pass."""
    entry = _entry(progress, spec, "started")
    entry.setdefault("started_at", format_time(when))
    entry.setdefault("path", str(path))
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["last_checked"] = format_time(when)
    entry["last_result"] = "passed" if passed else "failing"
    first = False
    if passed and entry.get("status") != "passed":
        entry["status"] = "passed"
        entry["passed_at"] = format_time(when)
        first = True
    elif not passed and entry.get("status") != "passed":
        entry["status"] = "failing"
    progress.touch_activity(when, seconds)
    return first


def record_hint(progress: Any, spec: ExerciseSpec, total: int, when: datetime) -> int:
    """Reveal the next hint; returns its index (0-based), staying on the last one."""
    entry = _entry(progress, spec)
    shown = int(entry.get("hints", 0))
    index = min(shown, total - 1)
    entry["hints"] = min(shown + 1, total)
    progress.touch_activity(when)
    return index


def record_solution(progress: Any, spec: ExerciseSpec, when: datetime, *, give_up: bool) -> None:
    entry = _entry(progress, spec)
    if entry.get("status") != "passed":
        if not give_up:
            raise LlmpathError("not passed")  # callers check first; this is a guard
        entry["gave_up"] = True
    entry["solution_seen"] = True
    entry.setdefault("solution_seen_at", format_time(when))


def next_exercise(progress: Any, spec: ExerciseSpec) -> tuple[ExerciseSpec | None, bool]:
    """The next exercise not yet passed: (spec, same_unit). Prefers the same unit, then the whole list."""
    unit = exercises_in_unit(spec.unit)
    after = unit[unit.index(spec) + 1:] + unit[: unit.index(spec)]
    for other in after:
        if status_of(progress, other) != "passed":
            return other, True
    ordered = list(EXERCISES)
    start = ordered.index(spec)
    for other in ordered[start + 1:] + ordered[:start]:
        if status_of(progress, other) != "passed":
            return other, False
    return None, False


def listing(progress: Any, lang: str) -> list[dict[str, Any]]:
    rows = []
    for spec in EXERCISES:
        entry = entry_of(progress, spec)
        rows.append({
            "id": spec.id, "unit": spec.unit, "title": spec.title(lang), "difficulty": spec.difficulty,
            "status": status_of(progress, spec), "attempts": int(entry.get("attempts", 0)),
            "hints": int(entry.get("hints", 0)), "solution_seen": bool(entry.get("solution_seen", False)),
            "passed_at": entry.get("passed_at"), "path": entry.get("path"),
        })
    return rows

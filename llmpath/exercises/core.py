"""What the exercise commands do, without any terminal I/O: files, tasks, hints, progress, checks.

Progress lives in ``progress.data["exercises"][id]``::

    {"status": "started" | "failing" | "passed", "path": "/…/softmax.py",
     "started_at": iso, "attempts": 3, "last_checked": iso, "passed_at": iso | None,
     "hints": 2, "solution_seen": false, "gave_up": false}

An exercise with no entry is ``not_started``. A pass is kept even if a later check
fails (the learner may be experimenting); ``reset`` restores the scaffold file only and
keeps every earlier version of the learner's file as a timestamped backup.

A path stored in the progress file is used only if it is the exercise's own file name in
an exercise folder of this machine: ``$LLMPATH_HOME/exercises`` or a folder given to
``exercise start --dir`` here (recorded outside the progress file, so an imported file
cannot add one). Anything else is ignored with one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from llmpath.clock import format_time
from llmpath.errors import LlmpathError, os_reason
from llmpath.exercises.registry import ExerciseSpec, load_exercises
from llmpath.i18n import L10n, tr

STATUSES = ("not_started", "started", "failing", "passed")
FOLDERS_FILE = "exercise-folders.txt"   # in $LLMPATH_HOME: the folders `start --dir` used on this machine


# ---------------------------------------------------------------------- shipped files

def exercise_dir(spec: ExerciseSpec) -> Path:
    return spec.folder


def scaffold_path(spec: ExerciseSpec) -> Path:
    return spec.folder / "scaffold.py"


def solution_path(spec: ExerciseSpec) -> Path:
    return spec.folder / "solution.py"


def solution_source(spec: ExerciseSpec) -> str:
    return solution_path(spec).read_text(encoding="utf-8")


def task_text(spec: ExerciseSpec, lang: str) -> str:
    """The task (Markdown) in ``lang``, from ``exercise.yaml``."""
    return spec.task.get(lang)


def load_hints(spec: ExerciseSpec) -> list[dict[str, str]]:
    """The exercise's hints, easiest first: ``[{"en": …, "zh": …}, …]``."""
    return [{"en": hint.en, "zh": hint.zh} for hint in spec.hints]


def starting_text(spec: ExerciseSpec) -> str:
    """The learner's file as ``start`` writes it: the task in both languages as its docstring, then the scaffold."""
    quote = 'r"""' if "\\" in spec.task.en + spec.task.zh else '"""'
    header = (f"{quote}{spec.titles.en} · {spec.titles.zh}\n\n"
              f"Task\n----\n{spec.task.en.strip()}\n\n"
              f"任务\n----\n{spec.task.zh.strip()}\n\n"
              f"Check it · 检查：llmpath exercise check {spec.id}\n\"\"\"\n\n")
    return header + scaffold_path(spec).read_text(encoding="utf-8")


# ---------------------------------------------------------------------- the learner's files

def exercise_folders(home: Path | None = None) -> list[Path]:
    """The folders a stored exercise path may point into: the workspace and every `start --dir` folder."""
    from llmpath.paths import exercise_workspace
    from llmpath.paths import home as home_dir

    base = home or home_dir()
    folders = [(base / "exercises") if home else exercise_workspace()]
    try:
        lines = (base / FOLDERS_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    folders += [Path(line) for line in lines if line.strip() and Path(line).is_absolute()]
    return folders


def remember_folder(folder: Path) -> None:
    """Record a `start --dir` folder so its files may be found through the progress file later."""
    from llmpath.paths import home as home_dir

    folder = folder.resolve()
    if any(_same(folder, known) for known in exercise_folders()):
        return
    record = home_dir() / FOLDERS_FILE
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(str(folder) + "\n")
    except OSError as exc:
        raise LlmpathError(f"cannot write {record}: {exc.strerror or exc}", f"无法写入 {record}：{os_reason(exc, 'zh')}") from exc


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def confined(spec: ExerciseSpec, stored: Any, folders: list[Path]) -> Path | None:
    """``stored`` as a path if it is this exercise's file in one of ``folders`` (and not a symlink); else None."""
    if not isinstance(stored, str) or not stored or "\0" in stored or len(stored) > 4096:
        return None
    path = Path(stored)
    if not path.is_absolute() or path.name != spec.file_name or path.is_symlink():
        return None
    return path if any(_same(path.parent, folder) for folder in folders) else None


def default_file(spec: ExerciseSpec) -> Path:
    from llmpath.paths import exercise_workspace

    return exercise_workspace() / spec.file_name


@dataclass(frozen=True)
class Located:
    path: Path
    notice: L10n | None = None    # one line when a stored path was ignored


def learner_file(spec: ExerciseSpec, entry: dict[str, Any] | None, override: str | Path | None = None) -> Located:
    """``--file`` if given, else where ``start`` put it (if it is in an exercise folder), else the default file."""
    if override is not None:
        path = Path(override).expanduser()
        return Located(path / spec.file_name if path.is_dir() else path)
    stored = entry.get("path") if entry else None
    if stored:
        path = confined(spec, stored, exercise_folders())
        if path is not None:
            return Located(path)
        default = default_file(spec)
        shown = str(stored)[:200] if isinstance(stored, str) else type(stored).__name__
        return Located(default, L10n(f"ignored the path stored for {spec.id} ({shown}): it is not {spec.file_name} in an exercise folder; using {default}",
                                     f"忽略了为 {spec.id} 保存的路径（{shown}）：它不是练习文件夹中的 {spec.file_name}；改用 {default}"))
    return Located(default_file(spec))


def require_file(spec: ExerciseSpec, path: Path) -> Path:
    if not path.is_file():
        raise LlmpathError(f"no exercise file at {path}; run `llmpath exercise start {spec.id}` first",
                           f"{path} 不存在；请先运行 `llmpath exercise start {spec.id}`")
    return path


def create_from_scaffold(spec: ExerciseSpec, target: Path) -> bool:
    """Write the starting file to ``target`` unless a file is already there; True if it was created."""
    if target.exists() or target.is_symlink():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:   # "x": never replace a file that appeared meanwhile
            handle.write(starting_text(spec))
    except FileExistsError:
        return False
    except OSError as exc:
        raise LlmpathError(f"cannot write {target}: {exc.strerror or exc}", f"无法写入 {target}：{os_reason(exc, 'zh')}") from exc
    return True


def backups(target: Path) -> list[Path]:
    """Every earlier version kept by ``reset``, oldest first: ``softmax.py.20261201-093500.bak``."""
    if not target.parent.is_dir():
        return []
    pattern = re.compile(rf"{re.escape(target.name)}\.(\d{{8}}-\d{{6}})(?:-(\d+))?\.bak")
    found = []
    for path in target.parent.glob(f"{target.name}.*.bak"):
        match = pattern.fullmatch(path.name)
        if match and path.is_file() and not path.is_symlink():
            found.append(((match.group(1), int(match.group(2) or 1)), path))
    return [path for _, path in sorted(found)]


def reset_file(spec: ExerciseSpec, target: Path, when: datetime) -> Path | None:
    """Put the starting file back; the learner's version is kept as a new timestamped backup (returned).

    A backup is never overwritten; a file identical to the starting text or to the latest backup is not
    backed up again (nothing would be lost).
    """
    if target.is_symlink():
        raise LlmpathError(f"{target} is a symbolic link; reset only writes regular files", f"{target} 是符号链接；重置只写入普通文件")
    fresh = starting_text(spec)
    backup = None
    try:
        if target.exists():
            current = target.read_bytes()
            earlier = backups(target)
            if current != fresh.encode("utf-8") and not (earlier and earlier[-1].read_bytes() == current):
                backup = _new_backup(target, when)
                with open(backup, "xb") as handle:
                    handle.write(current)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.reset.tmp")
        tmp.write_text(fresh, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise LlmpathError(f"cannot write {target}: {exc.strerror or exc}", f"无法写入 {target}：{os_reason(exc, 'zh')}") from exc
    return backup


def _new_backup(target: Path, when: datetime) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    candidate = target.with_name(f"{target.name}.{stamp}.bak")
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = target.with_name(f"{target.name}.{stamp}-{n}.bak")
        n += 1
    return candidate


# ---------------------------------------------------------------------- progress

def count(value: Any) -> int:
    """A counter from the progress file, where an imported file may hold anything: a bad one is 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def entries(progress: Any) -> dict[str, dict[str, Any]]:
    """``progress.data["exercises"]``, created if an older file lacks it."""
    data = progress.data.setdefault("exercises", {})
    if not isinstance(data, dict):
        data = progress.data["exercises"] = {}
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
    entry["attempts"] = count(entry.get("attempts")) + 1
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
    shown = count(entry.get("hints"))
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


def ordered_exercises(extra: Any = (), catalog: Any = None) -> list[ExerciseSpec]:
    """Every exercise in learning order: by its unit's place in the path, then its place in the unit's
    ``exercises:`` list; exercises no unit lists come last. Without a catalog, in folder order."""
    specs = list(load_exercises(extra).specs)
    if catalog is None:
        return specs
    place: dict[str, tuple[int, int]] = {}
    for u_index, unit in enumerate(catalog.path_order()):
        for e_index, exercise_id in enumerate(unit.exercises):
            place.setdefault(exercise_id, (u_index, e_index))
    last = (len(place) + 1, 0)
    return sorted(specs, key=lambda spec: place.get(spec.id, last))


def next_exercise(progress: Any, spec: ExerciseSpec, extra: Any = (), catalog: Any = None) -> tuple[ExerciseSpec | None, bool]:
    """The next exercise not yet passed: (spec, same_unit). Prefers the same unit, then the whole list."""
    every = ordered_exercises(extra, catalog)
    unit = [other for other in every if other.unit == spec.unit]
    after = unit[unit.index(spec) + 1:] + unit[: unit.index(spec)]
    for other in after:
        if status_of(progress, other) != "passed":
            return other, True
    ordered = every
    start = ordered.index(spec)
    for other in ordered[start + 1:] + ordered[:start]:
        if status_of(progress, other) != "passed":
            return other, False
    return None, False


def listing(progress: Any, extra: Any = (), catalog: Any = None) -> list[dict[str, Any]]:
    """Every exercise in learning order; ``chain`` names the chain (chains.yaml) an exercise belongs to."""
    from llmpath.exercises.chains import load_chains

    chains = load_chains()
    rows = []
    for spec in ordered_exercises(extra, catalog):
        entry = entry_of(progress, spec)
        chain = chains.chain_of(spec.id)
        rows.append({
            "id": spec.id, "unit": spec.unit, "title": spec.titles, "difficulty": spec.difficulty,
            "status": status_of(progress, spec), "attempts": count(entry.get("attempts")),
            "hints": count(entry.get("hints")), "solution_seen": entry.get("solution_seen") is True,
            "passed_at": entry.get("passed_at"), "path": entry.get("path"), "chain": chain.id if chain else None,
        })
    return rows


def chain_listings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each chain with its exercises' rows in chain order and how far the learner's own model goes."""
    from llmpath.exercises.chains import chain_progress, load_chains, progress_words

    by_id = {row["id"]: row for row in rows}
    out = []
    for chain in load_chains().chains:
        members = [by_id[step] for step in chain.steps if step in by_id]
        if not members:
            continue
        statuses = {row["id"]: row["status"] for row in members}
        out.append({"id": chain.id, "title": chain.titles, "rows": members,
                    "parts": progress_words(chain_progress(chain, statuses))})
    return out


# ---------------------------------------------------------------------- starting and checking (what the CLI and the session call)

@dataclass(frozen=True)
class Started:
    path: Path
    created: bool      # False: a file was already there and was kept


def start_exercise(store: Any, spec: ExerciseSpec, *, directory: Path | None = None) -> Started:
    """Create the learner's file (unless it exists: their work is kept) and record the start.

    ``directory`` is ``start --dir``: the folder is remembered so a later ``check`` finds the file.
    """
    if directory is not None:
        folder = directory.expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        remember_folder(folder)
        target = folder.resolve() / spec.file_name
    else:
        target = default_file(spec)
    created = create_from_scaffold(spec, target)
    resolved = target.parent.resolve() / target.name
    store.update(lambda progress: record_start(progress, spec, resolved, store.clock()))
    return Started(target, created)


def companions_for(progress: Any, spec: ExerciseSpec, extra: Any = ()) -> list[Any]:
    """The files of the exercises ``spec`` uses: the learner's where passed, else the reference in its place."""
    from llmpath.exercises.sandbox import Companion

    every = load_exercises(extra)
    out = []
    for used_id in spec.uses:
        used = every.get(used_id)
        entry = entry_of(progress, used)
        path = confined(used, entry.get("path"), exercise_folders())
        if status_of(progress, used) == "passed" and path is not None and path.is_file():
            out.append(Companion(used.file_name, path, False, used.id))
        else:
            out.append(Companion(used.file_name, solution_path(used), True, used.id))
    return out


def check_exercise(store: Any, spec: ExerciseSpec, path: Path, *, timeout: float | None = None,
                   extra: Any = ()) -> tuple[Any, bool]:
    """Run the check and record the attempt: (outcome, first pass?).

    The progress file's lock is held while the learner's code runs, and the file is guarded: a
    legitimate llmpath writer waits, so any change made meanwhile is the child's and is undone.
    """
    from filelock import FileLock, Timeout

    from llmpath.errors import ProgressError
    from llmpath.exercises.sandbox import run_check
    from llmpath.progress import LOCK_TIMEOUT_S

    companions = companions_for(store.load(), spec, extra)
    try:
        store.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(store.lock_path), timeout=LOCK_TIMEOUT_S):
            outcome = run_check(spec, path, timeout=timeout, companions=companions, guard=[store.path])
    except Timeout as exc:
        raise ProgressError(f"progress file {store.path} is locked by another llmpath; close it and try again",
                            f"进度文件 {store.path} 正被另一个 llmpath 锁定；请关闭它后重试") from exc
    resolved = path.parent.resolve() / path.name
    first = store.update(lambda progress: record_check(progress, spec, resolved, outcome.passed, store.clock(), outcome.seconds))
    return outcome, first

"""The learner's progress: one versioned JSON file, written atomically under a lock.

Every change goes through :meth:`ProgressStore.update`, which takes the lock, re-reads
the file, applies the change to what is on disk *now* and writes it back with a
temp-file + fsync + ``os.replace``. Two terminals answering at once therefore never
overwrite each other, and a process killed mid-write leaves the previous complete
file in place. A file that cannot be read (corrupt, truncated, wrong types, a newer
schema) is moved aside to a timestamped backup and a fresh one is started; the
learner is told where the backup went.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from llmpath.clock import Clock, format_time, system_clock
from llmpath.errors import ProgressError

SCHEMA_VERSION = 1
UNIT_STATES = ("not_started", "in_progress", "completed", "mastered")
# Answers are stored as rows, not objects: a file with 100,000 answers stays small and
# quick to parse. Columns:
ANSWER_FIELDS = ("question", "time", "given", "correct", "seconds", "flags")
# flags: q = quiz, r = review, p = placement, d = demo prediction, h = hint was used
LOCK_TIMEOUT_S = 15.0

T = TypeVar("T")


def empty_progress(now: datetime) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "created": format_time(now),
        "language": None,
        "onboarded": False,
        "answers": [],
        "units": {},
        "cards": {},
        "position": {"unit": None, "stage": None, "section": 0, "quiz": None},
        "activity": {},
        "exercises": {},
        "placement": {},
        "settings": {},
    }


class Progress:
    """Plain-data view of the progress file with the small operations the core needs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    # answers --------------------------------------------------------------
    @property
    def answers(self) -> list[list[Any]]:
        return self.data["answers"]

    def record_answer(self, question: str, *, given: str, correct: bool, seconds: float, flags: str, when: datetime) -> None:
        self.answers.append([question, format_time(when), given[:500], bool(correct), round(float(seconds), 2), flags])
        self.touch_activity(when, seconds)

    def last_result(self, question: str) -> bool | None:
        for row in reversed(self.answers):
            if row[0] == question:
                return bool(row[3])
        return None

    # units ----------------------------------------------------------------
    def unit_state(self, unit: str) -> str:
        return self.data["units"].get(unit, {}).get("state", "not_started")

    def set_unit_state(self, unit: str, state: str, when: datetime, *, known: bool | None = None) -> None:
        if state not in UNIT_STATES:
            raise ValueError(f"unknown unit state {state!r}")
        entry = self.data["units"].setdefault(unit, {})
        # Never move a unit backwards by accident: completed stays completed unless reset.
        if UNIT_STATES.index(state) >= UNIT_STATES.index(entry.get("state", "not_started")):
            entry["state"] = state
        entry["updated"] = format_time(when)
        if known is not None:
            entry["known"] = known

    def is_known(self, unit: str) -> bool:
        return bool(self.data["units"].get(unit, {}).get("known"))

    # cards, position, activity, settings -----------------------------------
    @property
    def cards(self) -> dict[str, dict[str, Any]]:
        return self.data["cards"]

    @property
    def position(self) -> dict[str, Any]:
        return self.data["position"]

    @property
    def settings(self) -> dict[str, Any]:
        return self.data["settings"]

    def touch_activity(self, when: datetime, seconds: float = 0.0) -> None:
        day = when.astimezone().date().isoformat()
        activity = self.data["activity"]
        activity[day] = round(activity.get(day, 0.0) + max(0.0, float(seconds)), 2)

    @property
    def language(self) -> str | None:
        return self.data.get("language")

    @language.setter
    def language(self, value: str | None) -> None:
        self.data["language"] = value


# ---------------------------------------------------------------------- checking

def check_progress(data: Any) -> dict[str, Any]:
    """Migrate and type-check a parsed progress document; raise ValueError if unusable."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("schema_version missing")
    if version > SCHEMA_VERSION:
        raise ValueError(f"written by a newer llmpath (schema_version {version}, this one reads {SCHEMA_VERSION})")
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise ValueError(f"schema_version {version} cannot be migrated")
        data = migrate(data)
        version = data["schema_version"]
    fresh = empty_progress(datetime.now().astimezone())
    for key, default in fresh.items():
        data.setdefault(key, default)
        if type(data[key]) is not type(default) and not (default is None and isinstance(data[key], (str, type(None)))):
            raise ValueError(f"field '{key}' has the wrong type")
    for row in data["answers"]:
        if not (isinstance(row, list) and len(row) == len(ANSWER_FIELDS) and isinstance(row[0], str)
                and isinstance(row[1], str) and isinstance(row[3], bool) and isinstance(row[4], (int, float))):
            raise ValueError("an answer row is malformed")
    for unit, entry in data["units"].items():
        if not isinstance(entry, dict) or entry.get("state", "not_started") not in UNIT_STATES:
            raise ValueError(f"unit '{unit}' has an unknown state")
    return data


# Migrations from older schema versions: version -> function returning the next version.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: lambda d: {**d, "schema_version": 1},  # v0 (pre-release) had the same shape without settings
}


# ---------------------------------------------------------------------- storage

class ProgressStore:
    """Reads and writes one progress file. ``notices`` collects one-line messages for the learner."""

    def __init__(self, path: Path, *, clock: Clock = system_clock) -> None:
        self.path = Path(path)
        self.clock = clock
        self.notices: list[str] = []

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def load(self) -> Progress:
        """A snapshot for reading. A missing file is an empty progress; nothing is written."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress(empty_progress(self.clock()))
        except OSError as exc:
            raise ProgressError(f"cannot read progress file {self.path}: {exc.strerror or exc}") from exc
        try:
            return Progress(check_progress(json.loads(raw.decode("utf-8"))))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            # Repair under the lock (another process may be repairing it right now).
            return self.update(lambda progress: progress)

    def update(self, change: Callable[[Progress], T]) -> T:
        """Apply ``change`` to the freshest file contents and save, all under the lock."""
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S)
            with lock:
                progress = self._read_for_update()
                result = change(progress)
                self._write(progress.data)
                return result
        except Timeout as exc:
            raise ProgressError(f"progress file {self.path} is locked by another llmpath; close it and try again") from exc
        except OSError as exc:
            raise ProgressError(f"cannot save progress in {self.path.parent}: {exc.strerror or exc}") from exc

    def replace(self, data: dict[str, Any]) -> Path | None:
        """Replace the whole file (import); the current one is kept as a backup first."""
        checked = check_progress(json.loads(json.dumps(data)))

        def swap(progress: Progress) -> Path | None:
            backup = self.backup(progress, "before-import")
            progress.data.clear()
            progress.data.update(checked)
            return backup

        return self.update(swap)

    def backup(self, progress: Progress, why: str) -> Path | None:
        """Keep a copy of non-empty progress beside the file before a destructive change."""
        if not (progress.answers or progress.data["units"]):
            return None
        target = self._backup_name(why)
        self._write_to(target, progress.data)
        return target

    # -- internals -----------------------------------------------------------
    def _read_for_update(self) -> Progress:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress(empty_progress(self.clock()))
        try:
            return Progress(check_progress(json.loads(raw.decode("utf-8"))))
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            backup = self._backup_name("corrupt")
            os.replace(self.path, backup)
            reason = str(exc).splitlines()[0][:120] if str(exc) else "unreadable"
            self.notices.append(f"progress file was unreadable ({reason}); moved it to {backup} and started a fresh one")
            return Progress(empty_progress(self.clock()))

    def _backup_name(self, why: str) -> Path:
        stamp = self.clock().strftime("%Y%m%dT%H%M%S")
        candidate = self.path.with_name(f"{self.path.stem}.{why}-{stamp}{self.path.suffix}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{n}{self.path.suffix}")
        return candidate

    def _write(self, data: dict[str, Any]) -> None:
        self._write_to(self.path, data)

    @staticmethod
    def _write_to(target: Path, data: dict[str, Any]) -> None:
        # check_circular=False: the document is a tree; skipping the check saves ~20 % on big files
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def export_progress(store: ProgressStore, target: Path) -> int:
    """Write a pretty, importable copy; returns the number of answers exported."""
    progress = store.load()
    target.write_text(json.dumps(progress.data, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(progress.answers)


def read_import(source: Path) -> dict[str, Any]:
    """Parse and validate an export before anything is replaced."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        return check_progress(data)
    except FileNotFoundError as exc:
        raise ProgressError(f"no such file: {source}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressError(f"cannot read {source}: {exc}") from exc
    except (ValueError, RecursionError) as exc:
        raise ProgressError(f"{source} is not a valid llmpath progress export: {str(exc).splitlines()[0][:160]}") from exc

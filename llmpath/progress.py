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
import math
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from llmpath.clock import Clock, format_time, system_clock
from llmpath.errors import ProgressError
from llmpath.progress_check import UNIT_STATES, Repairs, check_fields

SCHEMA_VERSION = 1
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
        seconds = float(seconds) if math.isfinite(seconds) and seconds >= 0 else 0.0
        self.answers.append([question, format_time(when), given[:500], bool(correct), round(seconds, 2), flags])
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

def check_progress(data: Any, repairs: Repairs | None = None) -> dict[str, Any]:
    """Migrate and check a parsed progress document field by field.

    Invalid fields are repaired in place and named in ``repairs``; ValueError is raised
    only when the document as a whole is unusable (not an object, a newer schema, no
    answer list).
    """
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("schema_version missing")
    if version > SCHEMA_VERSION:
        raise ValueError(f"written by a newer llmpath (schema_version {version}, this one reads {SCHEMA_VERSION})")
    if version < 0:
        raise ValueError(f"schema_version {version} cannot be migrated")
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise ValueError(f"schema_version {version} cannot be migrated")
        data = migrate(data)
        version = data["schema_version"]
    return check_fields(data, empty_progress(datetime.now().astimezone()), Repairs() if repairs is None else repairs)


def parse_progress(raw: bytes, repairs: Repairs) -> Any:
    """JSON → Python; NaN and ±Infinity (not JSON, but Python writes them) become null and count as a repair."""

    def refuse(_name: str) -> None:
        repairs.add("a non-finite number (NaN or Infinity)")

    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


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
        """A snapshot for reading. A missing file is an empty progress; nothing is written.

        A file with invalid fields is repaired (under the lock, the original kept beside
        it); an unusable one is moved aside. Where neither can be saved (a read-only
        home) the repaired or empty view is still returned, with a notice.
        """
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Progress(empty_progress(self.clock()))
        except OSError as exc:
            raise ProgressError(f"cannot read progress file {self.path}: {exc.strerror or exc}") from exc
        repairs = Repairs()
        try:
            progress = Progress(check_progress(parse_progress(raw, repairs), repairs))
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            return self._saved_repair(Progress(empty_progress(self.clock())), f"is unreadable ({_reason(exc)})")
        if not repairs:
            return progress
        return self._saved_repair(progress, f"has invalid fields ({repairs.summary()})")

    def _saved_repair(self, fallback: Progress, problem: str) -> Progress:
        """Repair under the lock (another process may be repairing it right now); else show ``fallback``."""
        try:
            return self.update(lambda progress: progress)
        except ProgressError as exc:
            self.notices.append(f"progress file {self.path} {problem} and could not be repaired ({exc.message}); "
                                "showing what could be read, nothing is saved")
            return fallback

    def update(self, change: Callable[[Progress], T]) -> T:
        """Apply ``change`` to the freshest file contents and save, all under the lock."""
        from filelock import FileLock, Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_S)
            with lock:
                self._remove_stale_temp_files()
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
        repairs = Repairs()
        try:
            data = check_progress(parse_progress(raw, repairs), repairs)
        except (ValueError, RecursionError) as exc:
            backup = self._backup_name("corrupt")
            os.replace(self.path, backup)
            self.notices.append(f"progress file was unreadable ({_reason(exc)}); moved it to {backup} and started a fresh one")
            return Progress(empty_progress(self.clock()))
        if repairs:
            backup = self._backup_name("before-repair")
            self._write_bytes(backup, raw)
            self.notices.append(f"progress file had invalid fields ({repairs.summary()}); repaired them and kept the original as {backup}")
        return Progress(data)

    def _remove_stale_temp_files(self) -> None:
        """Delete temp files that killed saves left behind (called under the lock).

        Every write of this file and its backups happens under the lock we hold, so any
        temp file of ours that exists now belongs to a process that died mid-write.
        """
        for leftover in self.path.parent.glob(f".{self.path.stem}.*.tmp"):
            try:
                leftover.unlink()
            except OSError:
                pass

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

    @classmethod
    def _write_to(cls, target: Path, data: dict[str, Any]) -> None:
        # check_circular=False: the document is a tree; skipping the check saves ~20 % on big files.
        # allow_nan=False: NaN is not JSON; no reader (nor this one) would accept it back.
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False, allow_nan=False).encode("utf-8")
        cls._write_bytes(target, payload)

    @staticmethod
    def _write_bytes(target: Path, payload: bytes) -> None:
        import tempfile  # only when writing (it imports random, shutil: ~1 ms of every start)

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


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else "unreadable"


def export_progress(store: ProgressStore, target: Path) -> int:
    """Write a pretty, importable copy; returns the number of answers exported."""
    progress = store.load()
    target.write_text(json.dumps(progress.data, ensure_ascii=False, indent=1, allow_nan=False), encoding="utf-8")
    return len(progress.answers)


MAX_IMPORT_BYTES = 50_000_000  # a 100,000-answer export is about 10 MB


def read_import(source: Path, repairs: Repairs | None = None) -> dict[str, Any]:
    """Parse and validate an export before anything is replaced.

    Only a regular file up to MAX_IMPORT_BYTES is read, and that is checked before it is
    opened: a FIFO would block for ever, /dev/zero or a sparse giant would fill memory.
    """
    raw = _read_import_bytes(source)
    repairs = Repairs() if repairs is None else repairs
    try:
        return check_progress(parse_progress(raw, repairs), repairs)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ProgressError(f"{source} is not a valid llmpath progress export: {str(exc).splitlines()[0][:160]}") from exc


def _read_import_bytes(source: Path) -> bytes:
    try:
        _check_importable(source, os.stat(source))
        # O_NONBLOCK: should the path become a FIFO between stat and open, do not hang on it.
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError as exc:
        raise ProgressError(f"no such file: {source}") from exc
    except OSError as exc:
        raise ProgressError(f"cannot read {source}: {exc.strerror or exc}") from exc
    try:
        _check_importable(source, os.fstat(fd))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ProgressError(f"cannot read {source}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ProgressError(f"{source} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB; an llmpath export is far smaller")
    return raw


def _check_importable(source: Path, st: os.stat_result) -> None:
    import stat

    if stat.S_ISDIR(st.st_mode):
        raise ProgressError(f"{source} is a folder; import needs a file written by `llmpath export`")
    if not stat.S_ISREG(st.st_mode):
        raise ProgressError(f"{source} is not a regular file (a device, pipe or socket); import needs a file written by `llmpath export`")
    if st.st_size > MAX_IMPORT_BYTES:
        raise ProgressError(f"{source} is {st.st_size // 1_000_000} MB; llmpath imports files up to {MAX_IMPORT_BYTES // 1_000_000} MB")

"""Run one check: the learner's code computes outputs in a confined child, this process decides.

The verdict never comes from the child. This process loads the exercise's check (its cases,
the reference, the typical mistakes) and never imports the learner's code. The child gets a
fresh temporary folder holding only a copy of the learner's file (and of the files of the
exercises it ``uses``), the harness (``harness.py``, which imports nothing of llmpath), the
exercise's probe if it has one, and the inputs as plain data. It writes the outputs back as
plain data (JSON lines, arrays as ``.npy`` bytes), which :mod:`llmpath.exercises.channel`
reads as untrusted. Process confinement (limits, the kill of every descendant, and whatever
the OS offers beyond) is :func:`llmpath.exercises.isolation.run_confined`'s job.

Shipped files (references, checks) and the guarded files the caller names (the progress
file) are snapshotted before the child starts and put back if the child changed them; such
a check fails with kind ``tampered``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmpath.errors import LlmpathError
from llmpath.exercises.isolation import Limits, run_confined
from llmpath.exercises.outcome import CheckOutcome  # noqa: F401 - re-exported
from llmpath.exercises.registry import ExerciseSpec, load_check, load_exercises  # noqa: F401 - load_check re-exported
from llmpath.i18n import L10n

HARNESS = Path(__file__).resolve().parent / "harness.py"
SHIPPED = Path(__file__).resolve().parent
PROCESSES = 256        # threads included: torch starts a few; a fork bomb stops here
PROBE_FILE = "probe.py"  # an exercise whose check drives the learner's code through a probe (torch-mlp)


@dataclass(frozen=True)
class Companion:
    """A file of an earlier exercise this one imports (``uses:``): the learner's, or the reference standing in."""

    file_name: str
    source: Path
    reference: bool
    exercise: str


def reference_companions(spec: ExerciseSpec, extra: Sequence[str | Path] = ()) -> list[Companion]:
    """The reference files of the exercises ``spec`` uses (``uses:``), standing in as for a learner who passed
    none (``validate``, the tests); ``extra``: the packs whose exercises may be used."""
    if not spec.uses:
        return []
    every = load_exercises(extra)
    return [Companion(used.file_name, used.folder / "solution.py", True, used.id) for used in map(every.get, spec.uses)]


class ModelsUnavailable(LlmpathError):
    """The pretrained weights an exercise needs (``models:``) cannot be prepared: one line, both languages."""


def model_folders(spec: ExerciseSpec) -> dict[str, Path]:
    """The prepared folder of each model ``spec`` lists under ``models:`` (prepared now on first use).

    The child may read these folders (and only these of the cache); the check hands the folder to its
    probe as an argument (``models.exercise_model_folder(name)``, instant once prepared). Raises :class:`ModelsUnavailable` when one cannot be prepared.
    """
    from llmpath import models

    folders = {}
    for name in spec.models:
        try:
            folders[name] = models.exercise_model_folder(name).resolve()
        except models.ModelUnavailable as exc:
            raise ModelsUnavailable(f"exercise {spec.id} needs the {name} weights: {exc.text('en')}",
                                    f"练习 {spec.id} 需要 {name} 的权重：{exc.text('zh')}") from exc
    return folders


# ---------------------------------------------------------------------- the check module (parent only)

# ---------------------------------------------------------------------- the child

def child_env(folder: Path) -> dict[str, str]:
    """A clean environment: nothing of the parent's (no LLMPATH_*, no PYTHON*), one thread per math library."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(folder),
        "TMPDIR": str(folder),
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1",
        "NO_COLOR": "1",
    }
    for keep in ("SYSTEMROOT", "WINDIR"):  # Windows cannot start Python without them
        if keep in os.environ:
            env[keep] = os.environ[keep]
    return env


def library_paths() -> list[str]:
    """The folders the child imports libraries from: site-packages only, never llmpath's own folders."""
    own = SHIPPED.parent.parent.resolve()
    out = []
    for entry in sys.path:
        path = Path(entry)
        if path.name in ("site-packages", "dist-packages") and path.is_dir() and path.resolve() != own:
            out.append(str(path))
    return out


def readable_paths(extra: Sequence[Path] = ()) -> list[Path]:
    """What the child must be able to read: the interpreter, the standard library, the libraries, and
    ``extra`` (the prepared model folders an exercise lists under ``models:``)."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    paths.update(Path(p) for p in library_paths())
    paths.update(Path(p) for p in extra)
    return sorted(paths)


def _prepare(folder: Path, spec: ExerciseSpec, learner_file: Path, companions: Sequence[Companion], wait_s: float) -> None:
    """Everything the child needs to start; the inputs follow (:func:`_send_inputs`) while it starts."""
    shutil.copyfile(learner_file, folder / spec.file_name)
    for companion in companions:
        shutil.copyfile(companion.source, folder / companion.file_name)
    shutil.copyfile(HARNESS, folder / "_harness.py")
    probe = spec.folder / PROBE_FILE
    if probe.is_file():
        shutil.copyfile(probe, folder / "_probe.py")
    _write_json(folder / "job.json", {
        "module": spec.file_name, "functions": list(spec.functions), "probe": "_probe.py" if probe.is_file() else None,
        "paths": library_paths(), "wait_s": wait_s,
    })


def _send_inputs(folder: Path, payload: dict[str, Any]) -> None:
    """The go signal: until this file exists the child runs only the harness (no learner code)."""
    tmp = folder / ".inputs.json.tmp"
    _write_json(tmp, payload)
    os.replace(tmp, folder / "inputs.json")   # the child sees the whole file or none of it


def _write_json(path: Path, data: dict[str, Any]) -> None:
    import json

    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------- tamper guard

class Tripwire:
    """Note files (and whole folders) before the child runs; afterwards undo whatever it changed.

    A file counts as changed if its bytes, inode or status-change time (ctime, which no user can set
    back) differ: writing a file and restoring it, or touching it back to its old mtime, is caught too.
    Text sources are put back from the snapshot; files that appeared are removed; a changed or new
    bytecode cache file (a forged ``.pyc``) is removed too, and Python rebuilds it from the source.
    Everything this process needs is imported before the child starts, so no forged file ever runs here.
    """

    def __init__(self, files: Sequence[Path] = (), trees: Sequence[Path] = ()) -> None:
        self.trees = list(trees)
        self.saved: dict[Path, tuple[Any, bytes | None]] = {}
        for path in list(files) + [f for tree in self.trees for f in _tree_files(tree)]:
            self.saved[path] = (_stamp(path), _content(path))

    def restore(self) -> list[Path]:
        """Undo every change; returns the changed source files (bytecode caches are dropped without counting:
        this process may have written one itself, and a dropped cache is rebuilt from its source)."""
        changed = []
        for path, (stamp, content) in self.saved.items():
            if _stamp(path) == stamp and (content is None or _content(path) == content):
                continue
            if not _is_cache(path):
                changed.append(path)
            try:
                if stamp is None or content is None:   # appeared, or a derived file (bytecode): drop it
                    path.unlink()
                else:
                    tmp = path.with_name(f".{path.name}.restore.tmp")
                    tmp.write_bytes(content)
                    os.replace(tmp, path)
            except OSError:
                pass
        for tree in self.trees:
            for path in _tree_files(tree):
                if path not in self.saved:   # appeared while the child ran
                    if not _is_cache(path):
                        changed.append(path)
                    try:
                        path.unlink()
                    except OSError:
                        pass
        return changed


def _is_cache(path: Path) -> bool:
    return path.parent.name == "__pycache__" and path.suffix == ".pyc"


def _tree_files(tree: Path) -> list[Path]:
    try:
        return [p for p in tree.rglob("*") if p.is_file() or p.is_symlink()]
    except OSError:
        return []


def _stamp(path: Path) -> Any:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _content(path: Path) -> bytes | None:
    """The bytes of a source worth putting back (.py, .yaml, .json); None for derived or missing files."""
    if path.suffix not in (".py", ".yaml", ".yml", ".json", ".txt", ".md"):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def guarded_trees() -> list[Path]:
    """llmpath's own package: every module, reference, check and bytecode cache the parent may load."""
    return [SHIPPED.parent]


# ---------------------------------------------------------------------- one check

def run_check(spec: ExerciseSpec, learner_file: Path, *, timeout: float | None = None,
              memory_mb: int | None = None, companions: Sequence[Companion] | None = None,
              guard: Sequence[Path] = ()) -> CheckOutcome:
    """Check ``learner_file`` against exercise ``spec``; never raises for anything the learner's code does.

    ``companions`` are the files of the exercises ``spec`` uses; without them (``validate``, the tests)
    the references stand in. Raises :class:`ModelsUnavailable` (one line) before anything runs when the
    weights the exercise lists under ``models:`` cannot be prepared.
    """
    learner_file = Path(learner_file).resolve()
    if companions is None:
        companions = reference_companions(spec)
    weights = model_folders(spec)
    limit = float(timeout if timeout is not None else spec.timeout_s)
    memory = int(memory_mb if memory_mb is not None else spec.memory_mb)
    started = time.monotonic()
    notices = [L10n(f"{c.exercise} is not passed yet: the reference {c.file_name} stood in for yours in this check",
                    f"{c.exercise} 还没有通过：这次检查用参考答案 {c.file_name} 代替了你的文件") for c in companions if c.reference]
    folder = Path(tempfile.mkdtemp(prefix="llmpath-check-"))
    try:
        _prepare(folder, spec, learner_file, companions, wait_s=limit)
        limits = Limits(wall_s=limit, cpu_s=int(limit) + 2, memory_mb=memory, memory_kind=spec.memory_kind,
                        file_mb=spec.output_mb, processes=PROCESSES, output_kb=64)
        # The child starts now and runs only the harness (the interpreter, numpy) while this process
        # imports the check and computes the inputs and expected values. The learner's code runs only
        # after the go signal, once everything this process needs is imported and its files are noted:
        # a file the learner's code changes can then never run here, and the tripwire undoes it.
        child = _Background(lambda: run_confined([sys.executable, "-I", "-S", "-B", "-X", "utf8", "_harness.py"],
                                                 workdir=folder, env=child_env(folder), limits=limits,
                                                 readable=readable_paths(list(weights.values()))))
        try:
            from llmpath.exercises import verdict

            check = load_check(spec)
            cases, steps, sent = verdict.plan(check)
            messages = dict(spec.mistakes)   # name -> L10n
            tripwire = Tripwire(files=[Path(p) for p in guard], trees=guarded_trees())
        except BaseException:
            _send_inputs(folder, {"abort": True})
            child.join()
            raise
        _send_inputs(folder, {"calls": sent})
        finished = child.join()
        tampered = tripwire.restore()
        seconds = round(time.monotonic() - started, 2)
        if tampered:
            names = ", ".join(p.name for p in tampered)
            return CheckOutcome(spec.id, False, "tampered",
                                L10n(f"your code changed files outside its folder ({names}); they were put back and this check does not count",
                                     f"你的代码修改了其文件夹之外的文件（{names}）；这些文件已还原，本次检查不算数"),
                                seconds=seconds, notices=notices)
        outcome = verdict.read_verdict(spec, cases, steps, folder / "results.jsonl", finished, limit, memory, messages)
        outcome.seconds = seconds
        outcome.notices = notices
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _Background:
    """Run one function in a thread and hand back its result (or its exception) on join."""

    def __init__(self, work: Any) -> None:
        import threading

        self.result: Any = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.result = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the joining thread
                self.error = exc

        self.thread = threading.Thread(target=run, name="llmpath-check", daemon=True)
        self.thread.start()

    def join(self) -> Any:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.result



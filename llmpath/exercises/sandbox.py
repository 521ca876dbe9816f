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

import importlib
import importlib.util
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from llmpath.exercises import channel
from llmpath.exercises.checking import (
    Call,
    Case,
    Failure,
    Raised,
    Returned,
    call_failure,
    check_returned,
    fmt_args,
    load_failure,
    missing_failure,
)
from llmpath.exercises.isolation import Limits, run_confined
from llmpath.exercises.registry import ExerciseSpec
from llmpath.i18n import tr

HARNESS = Path(__file__).resolve().parent / "harness.py"
SHIPPED = Path(__file__).resolve().parent
OUTPUT_MB = 8          # the child may write at most this much (RLIMIT_FSIZE)
TAIL_CHARS = 1500      # of the child's raw output, shown when it died without a result
PROCESSES = 256        # threads included: torch starts a few; a fork bomb stops here
PROBE_FILE = "probe.py"  # an exercise whose check drives the learner's code through a probe (torch-mlp)


@dataclass
class CheckOutcome:
    """The result of one check, already in the learner's language."""

    exercise: str
    passed: bool
    kind: str                       # passed, todo, missing, import, exception, mismatch, mutated, memory, timeout, crash,
                                    # output, untrusted, tampered, internal
    message: str
    why: str | None = None
    case: str | None = None
    case_index: int | None = None
    cases: int | None = None
    inputs: str | None = None
    expected: str | None = None
    got: str | None = None
    where: str | None = None
    note: str | None = None
    mistake: str | None = None
    output: str = ""
    seconds: float = 0.0
    notices: list[str] = field(default_factory=list)   # e.g. "softmax is not passed yet: the reference stood in"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Companion:
    """A file of an earlier exercise this one imports (``uses:``): the learner's, or the reference standing in."""

    file_name: str
    source: Path
    reference: bool
    exercise: str


# ---------------------------------------------------------------------- the check module (parent only)

def load_check(spec: ExerciseSpec) -> ModuleType:
    """The exercise's ``check.py``, imported here (never in the child); a pack's is loaded from its folder."""
    if spec.builtin:
        return importlib.import_module(f"llmpath.exercises.{spec.package}.check")
    package = f"_llmpath_pack_exercise_{spec.package}"
    if package not in sys.modules:
        init = importlib.util.spec_from_loader(package, loader=None, is_package=True)
        module = importlib.util.module_from_spec(init)
        module.__path__ = [str(spec.folder)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.check")


def _plan(check: ModuleType) -> tuple[list[Case] | None, list[Call] | None, list[dict[str, Any]]]:
    """The cases (or probe steps) and the calls the child must make, inputs encoded."""
    if hasattr(check, "judge"):
        steps = list(check.calls())
        sent = [{"probe": step.probe, "func": None, "args": [[k, channel.encode(v)] for k, v in step.args.items()]}
                for step in steps if step.probe]
        return None, steps, sent
    cases = list(check.cases())
    sent = [{"probe": None, "func": case.func, "args": [[k, channel.encode(v)] for k, v in case.args.items()]} for case in cases]
    return cases, None, sent


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


def readable_paths() -> list[Path]:
    """What the child must be able to read: the interpreter, the standard library and the libraries."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent}
    paths.update(Path(p) for p in library_paths())
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
    channel.write_inputs(folder / "job.json", {
        "module": spec.file_name, "functions": list(spec.functions), "probe": "_probe.py" if probe.is_file() else None,
        "paths": library_paths(), "wait_s": wait_s,
    })


def _send_inputs(folder: Path, payload: dict[str, Any]) -> None:
    tmp = folder / ".inputs.json.tmp"
    channel.write_inputs(tmp, payload)
    os.replace(tmp, folder / "inputs.json")   # the child sees the whole file or none of it


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

def run_check(spec: ExerciseSpec, learner_file: Path, *, lang: str = "en", timeout: float | None = None,
              memory_mb: int | None = None, companions: Sequence[Companion] = (),
              guard: Sequence[Path] = ()) -> CheckOutcome:
    """Check ``learner_file`` against exercise ``spec``; never raises for anything the learner's code does."""
    learner_file = Path(learner_file).resolve()
    limit = float(timeout if timeout is not None else spec.timeout_s)
    memory = int(memory_mb if memory_mb is not None else spec.memory_mb)
    started = time.monotonic()
    notices = [tr(lang, f"{c.exercise} is not passed yet: the reference {c.file_name} stood in for yours in this check",
                  f"{c.exercise} 还没有通过：这次检查用参考答案 {c.file_name} 代替了你的文件") for c in companions if c.reference]
    # Everything this process will import for the verdict is imported before the child exists: a file the
    # child changes can then no longer run here, and the tripwire undoes it before anything else is loaded.
    check = load_check(spec)
    tripwire = Tripwire(files=[Path(p) for p in guard], trees=guarded_trees())
    folder = Path(tempfile.mkdtemp(prefix="llmpath-check-"))
    try:
        _prepare(folder, spec, learner_file, companions, wait_s=limit)
        limits = Limits(wall_s=limit, cpu_s=int(limit) + 2, memory_mb=memory, memory_kind=spec.memory_kind,
                        file_mb=OUTPUT_MB, processes=PROCESSES, output_kb=64)
        # The child starts now (interpreter, numpy, the learner's file) while this process computes the
        # inputs and the expected values: the two overlap.
        child = _Background(lambda: run_confined([sys.executable, "-I", "-S", "-B", "-X", "utf8", "_harness.py"],
                                                 workdir=folder, env=child_env(folder), limits=limits,
                                                 readable=readable_paths()))
        try:
            cases, steps, sent = _plan(check)
        except BaseException:
            _send_inputs(folder, {"abort": True})
            child.join()
            raise
        _send_inputs(folder, {"calls": sent})
        messages = {name: (text.en, text.zh) for name, text in spec.mistakes.items()}
        finished = child.join()
        tampered = tripwire.restore()
        seconds = round(time.monotonic() - started, 2)
        if tampered:
            names = ", ".join(p.name for p in tampered)
            return CheckOutcome(spec.id, False, "tampered",
                                tr(lang, f"your code changed files outside its folder ({names}); they were put back and this check does not count",
                                   f"你的代码修改了其文件夹之外的文件（{names}）；这些文件已还原，本次检查不算数"),
                                seconds=seconds, notices=notices)
        try:
            events = channel.read_events(folder / "results.jsonl")
            outcome = _verdict(spec, cases, steps, events, finished, limit, memory, messages, lang)
        except channel.Untrusted as exc:
            outcome = _untrusted(spec, str(exc), lang)
        outcome.seconds = seconds
        outcome.notices = notices
        outcome.output = _clean(outcome.output)
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


def _verdict(spec: ExerciseSpec, cases: list[Case] | None, steps: list[Call] | None, events: list[dict[str, Any]],
             finished: Any, limit: float, memory: int, messages: dict[str, tuple[str, str]], lang: str,
             failures: list[Failure] | None = None) -> CheckOutcome:
    """What the events the child wrote mean; ``failures`` (tests) also receives the bilingual Failure."""
    end = next((e for e in events if e["event"] == "end"), None)
    output = channel.text_field(end, "output", limit=8000) if end else None
    raw_output = finished.output[-TAIL_CHARS:] if finished.output else ""
    shown_output = output if output is not None else raw_output
    first = events[0] if events else None

    def fail(failure: Failure) -> CheckOutcome:
        if failures is not None:
            failures.append(failure)
        return _from_failure(spec, failure, lang, shown_output)

    if first is not None and first["event"] == "load_error":
        return fail(load_failure(_raised(first.get("error"))))
    if first is not None and first["event"] == "loaded":
        functions = first.get("functions")
        if not isinstance(functions, dict):
            raise channel.Untrusted("the list of functions is not a mapping")
        for name in spec.functions:
            if functions.get(name) != "ok":
                return fail(missing_failure(name, str(functions.get(name))))
    elif first is not None:
        raise channel.Untrusted("the results do not start the way the harness starts them")
    results = dict(channel.events_by_index(events))
    total = len(cases) if cases is not None else len(steps or [])
    if cases is not None:
        for index, case in enumerate(cases):
            if index not in results:
                return _missing_result(spec, case.name, index, finished, limit, memory, lang, shown_output)
            result = _outcome(results[index])
            try:
                if isinstance(result, Raised):
                    raise call_failure(result, f"{case.func}()", case=case.name, inputs=fmt_args(case.args))
                check_returned(case, result, messages)
            except Failure as failure:
                failure.case_index = index + 1
                return fail(failure)
    else:
        assert steps is not None
        sent_index = 0
        step_outcomes: list[Any] = []
        for index, step in enumerate(steps):
            if not step.probe:
                step_outcomes.append(Returned(None))
                continue
            if sent_index not in results:
                # judge what came back so far: an earlier step may already have failed
                try:
                    _judge_partial(spec, step_outcomes, steps, messages)
                except Failure as failure:
                    return fail(failure)
                return _missing_result(spec, step.name, index, finished, limit, memory, lang, shown_output)
            step_outcomes.append(_outcome(results[sent_index]))
            sent_index += 1
        try:
            total = load_check(spec).judge(step_outcomes, messages)
        except Failure as failure:
            return fail(failure)
    if end is None or finished.timed_out or finished.returncode != 0:
        return _from_death(spec, lang, finished, limit=limit, memory_mb=memory, case=None, case_index=None, output=shown_output)
    return CheckOutcome(spec.id, True, "passed", tr(lang, f"all {total} checks passed", f"全部 {total} 项检查通过"),
                        cases=total, output=shown_output)


def _judge_partial(spec: ExerciseSpec, outcomes: list[Any], steps: list[Call], messages: dict[str, tuple[str, str]]) -> None:
    """Judge the probe steps that finished before the child died (their failure is the one to report)."""
    check = load_check(spec)
    padded = outcomes + [None] * (len(steps) - len(outcomes))
    try:
        check.judge(padded, messages)
    except Failure as failure:
        if failure.case_index is not None and failure.case_index <= len(outcomes):
            raise
    except Exception:  # noqa: BLE001 - a step with no result: nothing earlier failed
        pass


def _raised(error: Any) -> Raised:
    if not isinstance(error, dict):
        raise channel.Untrusted("an error that is not a mapping")
    kind = channel.text_field(error, "kind", limit=20, optional=False)
    line = channel.int_field(error, "line")
    return Raised(kind=kind or "exception", type=_clean(channel.text_field(error, "type", limit=100) or "Exception"),
                  message=_clean(channel.text_field(error, "message", limit=400) or ""), line=line,
                  code=_clean(channel.text_field(error, "code", limit=300) or "") or None,
                  exit_code=_clean(channel.text_field(error, "exit_code", limit=60) or "None"),
                  module=_clean(channel.text_field(error, "module", limit=100) or "?"))


def _outcome(event: dict[str, Any] | None) -> Returned | Raised | None:
    if event is None:
        return None
    if event["event"] == "raised":
        return _raised(event.get("error"))
    after = event.get("args_after", [])
    if not isinstance(after, list):
        raise channel.Untrusted("the arguments after the call are not a list")
    args_after = {}
    for pair in after:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise channel.Untrusted("an argument after the call is not a (name, value) pair")
        args_after[pair[0]] = channel.decode(pair[1])
    warning = channel.text_field(event, "warning", limit=300)
    return Returned(channel.decode(event.get("result")), args_after, _clean(warning) if warning else None)


def _missing_result(spec: ExerciseSpec, case_name: tuple[str, str], index: int, finished: Any, limit: float,
                    memory: int, lang: str, output: str) -> CheckOutcome:
    """No result for this case: the child died (or was stopped) while running it, or never got there."""
    name = case_name[1] if lang == "zh" else case_name[0]
    if finished.timed_out or finished.returncode not in (0, None) or finished.signal is not None:
        return _from_death(spec, lang, finished, limit=limit, memory_mb=memory, case=name, case_index=index + 1, output=output)
    return _untrusted(spec, f"no result for case {index + 1}", lang)


def _untrusted(spec: ExerciseSpec, reason: str, lang: str) -> CheckOutcome:
    return CheckOutcome(spec.id, False, "untrusted",
                        tr(lang, f"the check could not read what your code's process returned ({reason}); nothing was recorded as passed",
                           f"无法读取你的代码所在进程返回的结果（{reason}）；没有记录为通过"),
                        why=tr(lang, "does your code write files named like the check's, print from a thread, or end the process itself?",
                               "你的代码是否写了与检查同名的文件、在线程中输出，或自行结束了进程？"))


def _from_failure(spec: ExerciseSpec, failure: Failure, lang: str, output: str) -> CheckOutcome:
    pick = 1 if lang == "zh" else 0
    return CheckOutcome(
        spec.id, False, failure.kind, failure.message[pick],
        why=failure.why[pick] if failure.why else None, case=failure.case[pick] if failure.case else None,
        case_index=failure.case_index, inputs=failure.inputs, expected=failure.expected, got=_clean(failure.got) if failure.got else None,
        where=failure.where, note=failure.note, mistake=failure.mistake, output=output,
    )


def _from_death(spec: ExerciseSpec, lang: str, finished: Any, *, limit: float, memory_mb: int, case: str | None,
                case_index: int | None, output: str) -> CheckOutcome:
    """The child ended without a complete result: say why in words."""
    during = tr(lang, f" (while running case '{case}')", f"（运行用例「{case}」时）") if case else ""
    sig = finished.signal
    returncode = finished.returncode
    if finished.timed_out or sig == getattr(signal, "SIGXCPU", -1):
        kind = "timeout"
        message = tr(lang, f"your code ran for more than {limit:g} s and was stopped{during}",
                     f"你的代码运行超过 {limit:g} 秒，已被终止{during}")
        why = tr(lang, "an infinite loop, or a loop that waits on something that never comes? (a slow machine can use --timeout)",
                 "是不是有死循环，或在等待永远不会到来的东西？（机器较慢时可以用 --timeout 放宽时间）")
    elif sig == getattr(signal, "SIGXFSZ", -1):
        kind = "output"
        message = tr(lang, f"your code wrote more than {OUTPUT_MB} MB of output and was stopped{during}",
                     f"你的代码输出超过 {OUTPUT_MB} MB，已被终止{during}")
        why = tr(lang, "remove the large print (print shapes, not whole arrays)", "去掉大量输出（打印形状，而不是整个数组）")
    elif sig is not None:
        kind = "crash"
        name = _signal_name(sig)
        message = tr(lang, f"the checker process crashed ({name}){during}", f"检查进程崩溃了（{name}）{during}")
        why = tr(lang, f"your code may have used too much memory (limit {memory_mb} MiB) or crashed the interpreter",
                 f"你的代码可能用了太多内存（上限 {memory_mb} MiB）或让解释器崩溃了")
    else:
        kind = "crash"
        message = tr(lang, f"the checker process exited with code {returncode} before finishing{during}",
                     f"检查进程在完成前以退出码 {returncode} 结束{during}")
        why = tr(lang, "does your code call os._exit() or kill its own process?", "你的代码是否调用了 os._exit() 或结束了自身进程？")
    return CheckOutcome(spec.id, False, kind, message, why=why, case=case, case_index=case_index, output=output)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _clean(text: str) -> str:
    """Text from the child, fit for a terminal: no escape sequences or control characters."""
    return clean_terminal_text(text)


try:  # the shared helper, once it is merged; a minimal local one until then
    from llmpath.textsafe import clean_terminal_text  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the merge order
    import re as _re

    _ESCAPES = _re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]")
    _CONTROLS = _re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

    def clean_terminal_text(text: str) -> str:
        """Drop terminal escape sequences and control characters; keep newlines and tabs."""
        return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))

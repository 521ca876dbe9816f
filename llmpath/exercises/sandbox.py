"""Run one check in a separate, limited process and turn whatever happens into a :class:`CheckOutcome`.

The child (``runner.py``) runs in the exercise folder with a clean environment, in its
own process group, under a wall-clock limit (the whole group is killed on timeout), a
memory limit, a CPU-time limit and a cap on how much it may write. Its own output goes
to a temporary file, never to the learner's terminal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from llmpath.exercises.registry import ExerciseSpec
from llmpath.i18n import tr

RUNNER = Path(__file__).resolve().parent / "runner.py"
OUTPUT_MB = 8          # the child may write at most this much (RLIMIT_FSIZE)
TAIL_CHARS = 1500      # of the child's raw output, shown when it died without a result


@dataclass
class CheckOutcome:
    """The result of one check, already in the learner's language."""

    exercise: str
    passed: bool
    kind: str                       # passed, todo, missing, import, exception, mismatch, mutated, memory, timeout, crash, internal
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
    output: str = ""
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def child_env(folder: Path, tmp: Path) -> dict[str, str]:
    """A clean environment: no PYTHON* variables, one thread per math library, temp files in ``tmp``."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(folder),
        "TMPDIR": str(tmp),
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


def run_check(spec: ExerciseSpec, learner_file: Path, *, lang: str = "en", timeout: float | None = None,
              memory_mb: int | None = None) -> CheckOutcome:
    """Check ``learner_file`` against exercise ``spec``; never raises for anything the learner's code does."""
    learner_file = Path(learner_file).resolve()
    limit = float(timeout if timeout is not None else spec.timeout_s)
    memory = int(memory_mb if memory_mb is not None else spec.memory_mb)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="llmpath-check-") as tmp_name:
        tmp = Path(tmp_name)
        result_path = tmp / "result.json"
        output_path = tmp / "output.txt"
        cmd = [sys.executable, "-I", "-B", "-X", "utf8", str(RUNNER), spec.package, str(learner_file), str(result_path),
               "--memory-mb", str(memory), "--memory-kind", spec.memory_kind,
               "--cpu-s", str(int(limit) + 2), "--output-mb", str(OUTPUT_MB)]
        timed_out = False
        with open(output_path, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=str(learner_file.parent), env=child_env(learner_file.parent, tmp),
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=(os.name == "posix"))
            try:
                returncode = proc.wait(timeout=limit)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(proc)
                returncode = proc.wait()
            except BaseException:  # Ctrl-C while waiting: never leave the child behind
                _kill_group(proc)
                proc.wait()
                raise
            finally:
                _kill_group(proc)  # anything the learner's code started in the background
        seconds = round(time.monotonic() - started, 2)
        result = _read_json(result_path)
        raw_output = _read_tail(output_path)
        if result is not None and not timed_out:
            return _from_result(spec, result, lang, seconds)
        current = _read_json(Path(str(result_path) + ".case"))
        case = current.get(lang if lang == "zh" else "en") if current else None
        index = current.get("index") if current else None
        return _from_death(spec, lang, seconds, returncode=returncode, timed_out=timed_out, limit=limit,
                           memory_mb=memory, case=case, case_index=index, output=raw_output)


def _kill_group(proc: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    elif proc.poll() is None:
        proc.kill()


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _read_tail(path: Path) -> str:
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            if size > TAIL_CHARS:
                handle.seek(size - TAIL_CHARS)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return ("…" + text) if size > TAIL_CHARS else text


def _from_result(spec: ExerciseSpec, result: dict[str, Any], lang: str, seconds: float) -> CheckOutcome:
    pick = "zh" if lang == "zh" else "en"
    if result.get("status") == "passed":
        n = int(result.get("cases") or 0)
        return CheckOutcome(spec.id, True, "passed", tr(lang, f"all {n} checks passed", f"全部 {n} 项检查通过"),
                            cases=n, output=result.get("output", ""), seconds=seconds)
    message = result.get(f"message_{pick}") or result.get("message_en") or "failed"
    if result.get("kind") == "internal":
        message += "\n" + str(result.get("traceback", ""))[-1500:]
    return CheckOutcome(
        spec.id, False, str(result.get("kind", "mismatch")), message,
        why=result.get(f"why_{pick}"), case=result.get(f"case_{pick}"), case_index=result.get("case_index"),
        inputs=result.get("input"), expected=result.get("expected"), got=result.get("got"),
        where=result.get("where"), note=result.get("note"), output=result.get("output", ""), seconds=seconds,
    )


def _from_death(spec: ExerciseSpec, lang: str, seconds: float, *, returncode: int, timed_out: bool, limit: float,
                memory_mb: int, case: str | None, case_index: int | None, output: str) -> CheckOutcome:
    """The child ended without a result: say why in words."""
    during = tr(lang, f" (while running case '{case}')", f"(运行用例「{case}」时)") if case else ""
    sig = -returncode if returncode < 0 else None
    if timed_out or sig in (getattr(signal, "SIGXCPU", -1),):
        kind = "timeout"
        message = tr(lang, f"your code ran for more than {limit:g} s and was stopped{during}",
                     f"你的代码运行超过 {limit:g} 秒,已被终止{during}")
        why = tr(lang, "an infinite loop, or a loop that waits on something that never comes? (a slow machine can use --timeout)",
                 "是不是有死循环,或在等待永远不会到来的东西?(机器较慢时可以用 --timeout 放宽时间)")
    elif sig == getattr(signal, "SIGXFSZ", -1):
        kind = "output"
        message = tr(lang, f"your code wrote more than {OUTPUT_MB} MB of output and was stopped{during}",
                     f"你的代码输出超过 {OUTPUT_MB} MB,已被终止{during}")
        why = tr(lang, "remove the large print (print shapes, not whole arrays)", "去掉大量输出(打印形状,而不是整个数组)")
    elif sig is not None:
        kind = "crash"
        name = _signal_name(sig)
        message = tr(lang, f"the checker process crashed ({name}){during}", f"检查进程崩溃了({name}){during}")
        why = tr(lang, f"your code may have used too much memory (limit {memory_mb} MiB) or crashed the interpreter",
                 f"你的代码可能用了太多内存(上限 {memory_mb} MiB)或让解释器崩溃了")
    else:
        kind = "crash"
        message = tr(lang, f"the checker process exited with code {returncode} before finishing{during}",
                     f"检查进程在完成前以退出码 {returncode} 结束{during}")
        why = tr(lang, "does your code call os._exit() or kill its own process?", "你的代码是否调用了 os._exit() 或结束了自身进程?")
    return CheckOutcome(spec.id, False, kind, message, why=why, case=case, case_index=case_index,
                        output=output, seconds=seconds)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"

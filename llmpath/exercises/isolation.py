"""Run one untrusted command (a learner's exercise code) as confined as this OS allows.

Baseline (every POSIX system): hard resource limits (soft = hard, so the child cannot
raise them back), its own session / process group, a wall-clock limit, and the whole
group killed when the run ends. Stronger confinement is added where the OS offers it and
reported, per run, in :attr:`Finished.protections`.

No terminal I/O here; only the standard library is imported at module level.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

KEYS = ("network", "filesystem-write", "filesystem-read", "limits", "processes", "descendants", "privileges")


@dataclass(frozen=True)
class Limits:
    wall_s: float            # wall-clock limit; the whole process tree is killed when it passes
    cpu_s: int               # RLIMIT_CPU, soft = hard
    memory_mb: int           # RLIMIT_AS (memory_kind "as") or RLIMIT_DATA ("data"), soft = hard; 0 = none
    memory_kind: str = "as"
    file_mb: int = 8         # RLIMIT_FSIZE, soft = hard
    processes: int = 64      # max processes/threads for the child
    output_kb: int = 256     # how much of the child's stdout+stderr the parent keeps


@dataclass(frozen=True)
class Protection:
    key: str          # one of KEYS
    active: bool
    how: str          # the mechanism, or "not available: <why>"


@dataclass(frozen=True)
class Finished:
    returncode: int | None   # None when killed by the wall-clock limit
    signal: int | None       # the signal that ended the child, if any
    timed_out: bool
    seconds: float
    output: str              # the child's stdout+stderr (capped at output_kb, decoded utf-8 with replacement)
    protections: tuple[Protection, ...]   # what was actually in force for this run


_PROBED: tuple[Protection, ...] | None = None


def protections() -> tuple[Protection, ...]:
    """What this machine offers now (probed once, cached per process)."""
    global _PROBED
    if _PROBED is None:
        _PROBED = _probe()
    return _PROBED


def _probe() -> tuple[Protection, ...]:
    posix = os.name == "posix"
    missing = "not available: " + ("no mechanism in this baseline" if posix else "not a POSIX system")
    return (
        Protection("network", False, missing),
        Protection("filesystem-write", False, missing),
        Protection("filesystem-read", False, missing),
        Protection("limits", posix, "hard rlimits (soft = hard)" if posix else "not available: no rlimits on Windows"),
        Protection("processes", False, missing),
        Protection("descendants", posix, "process group killed at the end" if posix
                   else "not available: only the direct child is killed"),
        Protection("privileges", False, missing),
    )


def _rlimits(limits: Limits) -> list[tuple[int, int]]:
    import resource

    mib = 1024 * 1024
    wanted = [(resource.RLIMIT_CPU, max(1, int(limits.cpu_s))), (resource.RLIMIT_FSIZE, max(0, limits.file_mb) * mib)]
    if hasattr(resource, "RLIMIT_CORE"):
        wanted.append((resource.RLIMIT_CORE, 0))
    if limits.memory_mb > 0:
        kind = resource.RLIMIT_DATA if limits.memory_kind == "data" else resource.RLIMIT_AS
        wanted.append((kind, limits.memory_mb * mib))
    if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:
        wanted.append((resource.RLIMIT_NPROC, max(1, limits.processes)))
    return wanted


def _preexec(limits: Limits):
    wanted = _rlimits(limits)

    def apply() -> None:  # runs in the child between fork and exec: only async-signal-safe-ish work
        import resource

        for which, value in wanted:
            try:
                _soft, hard = resource.getrlimit(which)
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(which, (value, value))
            except (ValueError, OSError):
                pass

    return apply


def run_confined(argv: list[str], *, workdir: Path, env: dict[str, str], limits: Limits,
                 readable: Sequence[Path] = (), stdin: bytes = b"") -> Finished:
    """Run ``argv`` in ``workdir`` under ``limits``; never raises for anything the child does."""
    posix = os.name == "posix"
    started = time.monotonic()
    timed_out = False
    with tempfile.TemporaryFile() as out:
        try:
            proc = subprocess.Popen(argv, cwd=str(workdir), env=dict(env), stdin=subprocess.PIPE, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=posix,
                                    preexec_fn=_preexec(limits) if posix else None)
        except OSError as exc:
            return Finished(127, None, False, 0.0, f"cannot start {argv[:1]}: {exc}", protections())
        try:
            try:
                proc.communicate(stdin, timeout=limits.wall_s)
            except subprocess.TimeoutExpired:
                timed_out = True
        finally:
            _kill_group(proc)
            proc.wait()
        seconds = round(time.monotonic() - started, 3)
        output = _read_head(out, limits.output_kb * 1024)
    code = proc.returncode
    sig = -code if code is not None and code < 0 else None
    return Finished(None if timed_out else code, sig, timed_out, seconds, output, protections())


def _kill_group(proc: subprocess.Popen) -> None:
    if os.name == "posix":
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:
            pass


def _read_head(handle, cap: int) -> str:
    handle.seek(0)
    data = handle.read(cap + 1)
    text = data[:cap].decode("utf-8", "replace")
    return text + ("\n… (output cut)" if len(data) > cap else "")

"""Run one untrusted command (a learner's exercise code) as confined as this OS allows, and say how.

Linux: through ``_launcher.py`` — pid and network namespaces, Landlock (reads only the Python
runtime, writes only the work folder, never llmpath itself), a seccomp filter without
``socket()``, a pids cgroup or RLIMIT_NPROC in a user namespace, uid nobody or no capabilities,
hard limits. Elsewhere (macOS, other POSIX): hard limits and the process group killed at the end;
Windows: a wall-clock limit. What each run really had is in :attr:`Finished.protections`;
docs/SANDBOX.md has the table per system.

No terminal I/O here; only the standard library is imported at module level.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
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
LAUNCHER = Path(__file__).resolve().parent / "_launcher.py"
PACKAGE_DIR = Path(__file__).resolve().parents[1]      # llmpath itself: never readable by the child
NOBODY = 65534
SHARED_NPROC = 512     # the plain launch's per-uid cap: it counts all the user's processes, so not the run's own
SETUP_GRACE_S = 10.0   # the launcher's own start-up, on top of the child's wall-clock limit
LIBRARY_DIRS = ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/local/lib")
READ_FILES = ("/etc/ld.so.cache", "/dev/urandom", "/dev/zero", "/proc/cpuinfo")


def protections() -> tuple[Protection, ...]:
    """What this machine offers now: the protections a trivial confined run actually got (probed once per process)."""
    global _PROBED
    if _PROBED is None:
        with tempfile.TemporaryDirectory(prefix="llmpath-probe-") as tmp:
            probe = run_confined([sys.executable, "-I", "-S", "-c", "pass"], workdir=Path(tmp), env={},
                                 limits=Limits(wall_s=10, cpu_s=5, memory_mb=1024))
        _PROBED = probe.protections
    return _PROBED


def _baseline() -> dict[str, Protection]:
    """What the plain launch (no Linux launcher) gives on this OS."""
    posix = os.name == "posix"
    missing = "not available: " + (f"no mechanism used on {sys.platform}" if posix else "not a POSIX system")
    found = {key: Protection(key, False, missing) for key in KEYS}
    if posix:
        found["limits"] = Protection("limits", True, "hard rlimits (soft = hard)")
        found["descendants"] = Protection("descendants", True, "process group killed at the end (setsid daemons may survive)")
        if os.geteuid() != 0:
            found["privileges"] = Protection("privileges", True, f"unprivileged uid {os.geteuid()}")
            found["processes"] = Protection("processes", True, f"RLIMIT_NPROC {SHARED_NPROC} for your uid "
                                            "(shared with your other processes)")
        else:
            found["processes"] = Protection("processes", False, "not available: uid 0 is exempt from RLIMIT_NPROC")
    else:
        found["limits"] = Protection("limits", False, "not available: only a wall-clock limit on Windows")
        found["descendants"] = Protection("descendants", False, "not available: only the direct child is killed")
    return found


def run_confined(argv: list[str], *, workdir: Path, env: dict[str, str], limits: Limits,
                 readable: Sequence[Path] = (), stdin: bytes = b"", without: Sequence[str] = ()) -> Finished:
    """Run ``argv`` with cwd ``workdir`` as confined as this OS allows; never raises for anything the child does.

    The child may write only inside ``workdir`` and read only the Python runtime and ``readable``
    (never the llmpath package); it has no network, hard limits, no privileges, and every process
    it starts is dead when this returns. :attr:`Finished.protections` says what was in force.
    As root, ``workdir`` is handed to uid nobody when the runtime is reachable by it.
    ``without`` leaves mechanisms out ("namespaces", "landlock", "seccomp", "cgroup", "nobody"),
    to test and show the fall-backs a weaker system gets.
    """
    workdir = Path(workdir).resolve()
    argv = [str(a) for a in argv]
    if argv and os.sep not in argv[0]:
        argv[0] = shutil.which(argv[0], path=env.get("PATH", os.defpath)) or argv[0]
    if sys.platform.startswith("linux") and LAUNCHER.is_file():
        return _run_linux(argv, workdir, env, limits, readable, stdin, frozenset(without))
    return _run_plain(argv, workdir, env, limits, stdin)


def _run_plain(argv: list[str], workdir: Path, env: dict[str, str], limits: Limits, stdin: bytes) -> Finished:
    """macOS, other POSIX, Windows: limits set before exec, own session, the group killed at the end."""
    posix = os.name == "posix"
    started = time.monotonic()
    timed_out = False
    with tempfile.TemporaryFile() as out, _stdin_file(stdin) as given:
        try:
            proc = subprocess.Popen(argv, cwd=str(workdir), env=dict(env), stdin=given, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=posix,
                                    preexec_fn=_preexec(limits) if posix else None)
        except OSError as exc:
            return Finished(127, None, False, 0.0, f"cannot start {argv[:1]}: {exc}", tuple(_baseline().values()))
        try:
            timed_out = not _wait(proc, limits.wall_s)
        finally:
            _kill_group(proc)
            proc.wait()
        seconds = round(time.monotonic() - started, 3)
        output = _read_head(out, limits.output_kb * 1024)
    code = proc.returncode
    sig = -code if code is not None and code < 0 else None
    return Finished(None if timed_out else code, sig, timed_out, seconds, output, tuple(_baseline().values()))


def _run_linux(argv: list[str], workdir: Path, env: dict[str, str], limits: Limits, readable: Sequence[Path],
               stdin: bytes, without: frozenset[str]) -> Finished:
    """Through ``_launcher.py`` (namespaces, Landlock, seccomp, cgroup, privilege drop); see its docstring."""
    read, exclude = _runtime_paths(readable)
    status_r, status_w = os.pipe()  # the launcher's JSON reports; it never reaches the learner's program
    config: dict = {
        "status_fd": status_w,
        "argv": argv, "env": dict(env), "workdir": str(workdir), "wall_s": float(limits.wall_s),
        "read": read, "exclude": exclude, "read_files": [p for p in READ_FILES if os.path.exists(p)],
        "rlimits": _rlimit_names(limits), "processes": int(limits.processes), "without": sorted(without),
    }
    if os.geteuid() == 0:
        blocked = _unreachable_by_others([Path(sys.executable).resolve(), workdir.parent, *map(Path, read)])
        if "nobody" in without:
            config["why_root"] = "becoming nobody was left out on request"
        elif blocked is not None:
            config["why_root"] = f"{blocked} is closed to other users, so the child cannot become nobody"
        else:
            config["drop_to"] = NOBODY
            _chown_tree(workdir, NOBODY)
    cgroup = None if "cgroup" in without else _make_pids_cgroup(limits.processes + 2)  # + the launcher's keeper and init
    if cgroup:
        config["cgroup"] = str(cgroup)
    started = time.monotonic()
    timed_out = False
    try:
        with tempfile.TemporaryFile() as out, _stdin_file(stdin) as given:
            try:
                proc = subprocess.Popen([sys.executable, "-I", "-S", "-B", str(LAUNCHER), json.dumps(config)],
                                        cwd=str(workdir), env=dict(env), stdin=given, stdout=out,
                                        stderr=subprocess.STDOUT, start_new_session=True, pass_fds=(status_w,))
            except OSError as exc:
                return Finished(127, None, False, 0.0, f"cannot start the sandbox: {exc}", tuple(_baseline().values()))
            finally:
                os.close(status_w)
            try:  # past this the keeper itself is stuck: its death takes the init along
                timed_out = not _wait(proc, limits.wall_s + SETUP_GRACE_S)
            finally:
                _kill_group(proc)
                proc.wait()
            seconds = round(time.monotonic() - started, 3)
            output = _read_head(out, limits.output_kb * 1024)
        messages = _read_status(status_r)
    finally:
        os.close(status_r)
        if cgroup:
            _remove_cgroup(cgroup)
    return _finish(messages, proc.returncode, timed_out, seconds, output)


def _finish(messages: list[dict], launcher_code: int | None, timed_out: bool, seconds: float, output: str) -> Finished:
    found = _baseline()
    returncode = sig = None
    for message in messages:
        for key, value in (message.get("protections") or {}).items():
            if key in found and isinstance(value, list) and len(value) == 2:
                found[key] = Protection(key, bool(value[0]), str(value[1]))
        if isinstance(message.get("returncode"), int):
            returncode = message["returncode"]
        if isinstance(message.get("signal"), int):
            sig = message["signal"]
        timed_out = timed_out or bool(message.get("timed_out"))
    if timed_out:
        returncode, sig = None, signal.SIGKILL
    elif sig is not None:
        returncode = -sig
    elif returncode is None:  # the launcher failed before the child ran: its own exit and output explain
        returncode = launcher_code or 126  # never 0: no child ran
        output = output or "the sandbox could not start"
    return Finished(returncode, sig, timed_out, seconds, output, tuple(found[k] for k in KEYS))


def _read_status(fd: int) -> list[dict]:
    """The launcher's JSON lines; every writer is dead by now, so this reads to the end without blocking."""
    os.set_blocking(fd, False)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    messages = []
    for line in b"".join(chunks).decode("utf-8", "replace").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict):
            messages.append(item)
    return messages


def _runtime_paths(readable: Sequence[Path]) -> tuple[list[str], list[str]]:
    """The trees the child may read, and the llmpath entries that must stay hidden inside them.

    Only prefixes, the standard library, site-packages and system library folders: sys.path can
    hold llmpath's source checkout (an editable install), whose .git has every file in it.
    """
    import site
    import sysconfig

    roots = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix, *LIBRARY_DIRS}
    roots.update(sysconfig.get_paths().values())
    roots.update(site.getsitepackages())
    roots.update(str(Path(p)) for p in readable)
    scan = set(site.getsitepackages()) | {p for p in sys.path if p and os.path.isdir(p)}
    scan.add(site.getusersitepackages())
    exclude = {str(PACKAGE_DIR)}
    for folder in scan:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        exclude.update(os.path.join(folder, n) for n in names if "llmpath" in n.lower())
    exclude.update(_checkout_entries(roots - {str(Path(p)) for p in readable}))
    existing = sorted({os.path.realpath(r) for r in roots if r and os.path.exists(r)})
    return existing, sorted({os.path.realpath(e) for e in exclude})


def _checkout_entries(runtime: set[str]) -> list[str]:
    """In a source checkout (an editable install) everything beside the package is llmpath too — .git holds
    every file, tests/ the wrong solutions —: hide each entry that holds no part of the runtime (a .venv)."""
    checkout = PACKAGE_DIR.parent
    if not ((checkout / "pyproject.toml").is_file() or (checkout / ".git").exists()):
        return []
    needed = [os.path.realpath(r) for r in runtime if r]
    hidden = []
    try:
        entries = os.listdir(checkout)
    except OSError:
        return []
    for name in entries:
        entry = os.path.realpath(checkout / name)
        if not any(n == entry or n.startswith(entry + os.sep) for n in needed):
            hidden.append(entry)
    return hidden


def _unreachable_by_others(paths: Sequence[Path]) -> str | None:
    """The first folder on the way to one of ``paths`` that another uid cannot enter (mode bits; ACLs ignored)."""
    for path in paths:
        for folder in ([path] if path.is_dir() else []) + list(path.parents):
            try:
                if not os.stat(folder).st_mode & stat.S_IXOTH:
                    return str(folder)
            except OSError:
                continue
    return None


def _chown_tree(top: Path, uid: int) -> None:
    for folder, dirs, files in os.walk(top):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            try:
                os.chown(name, uid, uid, follow_symlinks=False)
            except OSError:
                pass


_CGROUP_COUNTER = 0


def _make_pids_cgroup(limit: int) -> Path | None:
    """A child of our own pids cgroup (v1 or v2) with ``pids.max``; None where we may not make one (non-root, containers)."""
    global _CGROUP_COUNTER
    base = _pids_cgroup_dir()
    if base is None:
        return None
    _remove_stale_cgroups(base)
    _CGROUP_COUNTER += 1
    group = base / f"llmpath-sandbox-{os.getpid()}-{_CGROUP_COUNTER}"
    try:
        group.mkdir()
        (group / "pids.max").write_text(str(limit))
    except OSError:
        _remove_cgroup(group)
        return None
    return group


def _pids_cgroup_dir() -> Path | None:
    try:
        mounts = Path("/proc/self/mountinfo").read_text().splitlines()
        memberships = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in mounts:
        if " - " not in line:
            continue
        fields, after = line.split()[:5], line.split(" - ", 1)[1].split()
        fstype, options = after[0], (after[2] if len(after) > 2 else "")
        mount_root, mount_point = fields[3], fields[4]
        if fstype == "cgroup" and "pids" in options.split(","):
            wanted = [m.split(":", 2)[2] for m in memberships if "pids" in m.split(":", 2)[1].split(",")]
        elif fstype == "cgroup2":
            wanted = [m.split(":", 2)[2] for m in memberships if m.startswith("0::")]
        else:
            continue
        if not wanted or not wanted[0].startswith(mount_root):
            continue
        folder = Path(mount_point) / os.path.relpath(wanted[0], mount_root)
        if fstype == "cgroup2":
            try:
                if "pids" not in (folder / "cgroup.subtree_control").read_text().split():
                    continue
            except OSError:
                continue
        if os.access(folder, os.W_OK):
            return folder
    return None


def _remove_stale_cgroups(base: Path) -> None:
    """Groups left by an llmpath that was killed mid-check (its pid is gone); rmdir only removes empty ones."""
    try:
        names = [n for n in os.listdir(base) if n.startswith("llmpath-sandbox-")]
    except OSError:
        return
    for name in names:
        owner = name.split("-")[2]
        if owner.isdigit() and int(owner) != os.getpid() and not Path(f"/proc/{owner}").exists():
            try:
                (base / name).rmdir()
            except OSError:
                pass


def _remove_cgroup(group: Path) -> None:
    for _ in range(50):  # the last processes may take a moment to leave
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            time.sleep(0.01)


def _rlimit_names(limits: Limits) -> list[tuple[str, int]]:
    mib = 1024 * 1024
    wanted = [("RLIMIT_CPU", max(1, int(limits.cpu_s))), ("RLIMIT_FSIZE", max(0, limits.file_mb) * mib),
              ("RLIMIT_CORE", 0), ("RLIMIT_NPROC", max(1, limits.processes))]
    if limits.memory_mb > 0:
        wanted.append(("RLIMIT_DATA" if limits.memory_kind == "data" else "RLIMIT_AS", limits.memory_mb * mib))
    return wanted


def _rlimits(limits: Limits) -> list[tuple[int, int]]:
    import resource

    mib = 1024 * 1024
    wanted = [(resource.RLIMIT_CPU, max(1, int(limits.cpu_s))), (resource.RLIMIT_FSIZE, max(0, limits.file_mb) * mib)]
    if hasattr(resource, "RLIMIT_CORE"):
        wanted.append((resource.RLIMIT_CORE, 0))
    if limits.memory_mb > 0:
        kind = resource.RLIMIT_DATA if limits.memory_kind == "data" else resource.RLIMIT_AS
        wanted.append((kind, limits.memory_mb * mib))
    if hasattr(resource, "RLIMIT_NPROC") and os.geteuid() != 0:  # per uid, shared with the user's other processes
        wanted.append((resource.RLIMIT_NPROC, max(SHARED_NPROC, limits.processes)))
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


def _stdin_file(data: bytes):
    """The child's stdin as an unlinked file: no pipe to feed, so nothing blocks whatever the child reads."""
    handle = tempfile.TemporaryFile()
    handle.write(data)
    handle.seek(0)
    return handle


def _wait(proc: subprocess.Popen, limit: float) -> bool:
    """True when ``proc`` ended within ``limit`` seconds; woken by the exit itself where a pidfd exists."""
    try:
        fd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):  # not Linux ≥ 5.3: Popen.wait polls (its sleeps add up to ~50 ms)
        try:
            proc.wait(timeout=limit)
            return True
        except subprocess.TimeoutExpired:
            return False
    try:
        ready, _, _ = select.select([fd], [], [], max(0.0, limit))
    finally:
        os.close(fd)
    return bool(ready)


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

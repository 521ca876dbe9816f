"""Attacks a learner's file could make, each run through run_confined with a small ``python -c`` child.

A test whose protection this machine does not offer (as reported by ``protections()``) is
skipped with that reason; as root on a current Linux every protection is active.
"""

from __future__ import annotations

import re
import os
import socket
import sys
import textwrap
import time
from pathlib import Path

import pytest

import llmpath.exercises
from llmpath.exercises.isolation import KEYS, Finished, Limits, protections, run_confined

ACTIVE = {p.key: p for p in protections()}


def need(*keys: str) -> None:
    for key in keys:
        if not ACTIVE[key].active:
            pytest.skip(f"{key} not protected here: {ACTIVE[key].how}")


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    (folder / "tmp").mkdir(parents=True)
    return folder


def confined(work: Path, code: str, **limits) -> Finished:
    settings = {"wall_s": 10.0, "cpu_s": 10, "memory_mb": 1024, **limits}
    env = {"PATH": os.defpath, "HOME": str(work), "TMPDIR": str(work / "tmp"), "LC_ALL": "C.UTF-8"}
    return run_confined([sys.executable, "-I", "-c", textwrap.dedent(code)], workdir=work, env=env,
                        limits=Limits(**settings))


TRY_READ = """
    import sys
    try:
        data = open(sys.argv[-1] if False else {path!r}, "rb").read()
    except OSError as exc:
        print("DENIED", exc.errno)
    else:
        print("READ", len(data))
"""


def test_every_protection_is_named_and_explained():
    assert [p.key for p in protections()] == list(KEYS)
    assert all(p.how for p in protections())


def test_exit_code_signal_and_output_come_back(work):
    done = confined(work, "import sys; print('hello'); sys.exit(3)")
    assert (done.returncode, done.signal, done.timed_out) == (3, None, False)
    assert done.output == "hello\n"
    killed = confined(work, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    assert killed.signal == 9 and killed.returncode == -9


def test_wall_clock_limit_kills_a_loop(work):
    done = confined(work, "while True: pass", wall_s=1.0)
    assert done.timed_out and done.returncode is None
    assert done.seconds < 5


def test_output_is_capped(work):
    done = confined(work, "print('x' * 100_000)", output_kb=4)
    assert len(done.output) < 4200 and "output cut" in done.output


@pytest.mark.skipif(not Path("/etc/shadow").exists(), reason="no /etc/shadow on this system")
def test_reading_etc_shadow_fails(work):
    need("filesystem-read")
    assert confined(work, TRY_READ.format(path="/etc/shadow")).output.startswith("DENIED")


def test_reading_a_home_outside_the_work_folder_fails(work, tmp_path):
    need("filesystem-read")
    secret = tmp_path / "home" / ".llmpath" / "progress.json"
    secret.parent.mkdir(parents=True)
    secret.write_text('{"exercises": {}}')
    os.chmod(secret.parent.parent, 0o755)
    os.chmod(secret, 0o644)
    done = confined(work, TRY_READ.format(path=str(secret)))
    assert done.output.startswith("DENIED"), done.output


def test_reading_the_llmpath_package_fails(work):
    need("filesystem-read")
    solution = Path(llmpath.exercises.__file__).parent / "softmax" / "solution.py"
    assert solution.is_file()
    done = confined(work, TRY_READ.format(path=str(solution)))
    assert done.output.startswith("DENIED"), done.output


def test_granting_the_folder_above_llmpath_still_hides_llmpath(work):
    """What a check passes as ``readable`` (site-packages, or a source checkout) is granted around llmpath's entries."""
    need("filesystem-read")
    package = Path(llmpath.exercises.__file__).resolve().parents[1]
    above = package.parent
    for secret in [package / "exercises" / "softmax" / "solution.py", above / "tests" / "exercises" / "wrong_solutions.py"]:
        if not secret.is_file():
            continue
        done = run_confined([sys.executable, "-I", "-c", textwrap.dedent(TRY_READ.format(path=str(secret)))],
                            workdir=work, env={}, limits=Limits(wall_s=10, cpu_s=10, memory_mb=1024), readable=[above])
        assert done.output.startswith("DENIED"), (secret, done.output)


def test_reading_the_parents_environment_fails(work):
    need("filesystem-read")
    done = confined(work, TRY_READ.format(path=f"/proc/{os.getpid()}/environ"))
    assert done.output.startswith("DENIED"), done.output


def test_the_work_folder_is_readable_and_writable(work):
    (work / "given.txt").write_text("input")
    done = confined(work, "print(open('given.txt').read()); open('out.txt', 'w').write('result')")
    assert done.output == "input\n"
    assert (work / "out.txt").read_text() == "result"


def test_writing_outside_the_work_folder_fails(work, tmp_path):
    need("filesystem-write")
    outside = tmp_path / "outside.txt"
    os.chmod(tmp_path, 0o777)  # so only the sandbox, not file permissions, can stop it
    done = confined(work, f"open({str(outside)!r}, 'w').write('escaped')")
    assert not outside.exists(), done.output
    assert "PermissionError" in done.output


def test_a_local_tcp_listener_receives_nothing(work):
    need("network")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.2)
        port = listener.getsockname()[1]
        done = confined(work, f"""
            import socket
            try:
                s = socket.create_connection(("127.0.0.1", {port}), timeout=2)
                s.sendall(b"secret")
                print("SENT")
            except OSError as exc:
                print("BLOCKED", exc.errno)
        """)
        assert done.output.startswith("BLOCKED"), done.output
        with pytest.raises(socket.timeout):
            listener.accept()


def test_memory_limit_cannot_be_raised_and_holds(work):
    need("limits")
    done = confined(work, """
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        print("LIMIT", soft == hard, hard // 2**20)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (hard + 2**30, hard + 2**30))
            print("RAISED")
        except (ValueError, OSError):
            print("REFUSED")
        try:
            block = bytearray(10 * 2**30)
            print("ALLOCATED")
        except MemoryError:
            print("NO MEMORY")
    """, memory_mb=512)
    assert done.output.split() == ["LIMIT", "True", "512", "REFUSED", "NO", "MEMORY"], done.output


def test_a_setsid_daemon_is_dead_when_the_run_returns(work):
    need("descendants")
    log = work / "daemon.log"
    done = confined(work, f"""
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                while True:
                    with open({str(log)!r}, "a") as f:
                        f.write("x")
                    time.sleep(0.01)
            os._exit(0)
        while not os.path.exists({str(log)!r}):
            time.sleep(0.01)
        print("STARTED")
    """)
    assert done.output == "STARTED\n"
    size = log.stat().st_size
    time.sleep(0.3)
    assert log.stat().st_size == size


def test_a_fork_bomb_is_contained(work):
    need("processes", "descendants")
    marker = f"forkbomb-{os.getpid()}-{time.monotonic_ns()}"
    done = confined(work, f"""
        import os, time
        MARKER = {marker!r}
        made = 0
        for _ in range(500):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                time.sleep(30)
                os._exit(0)
            made += 1
        print("MADE", made)
    """, processes=16, wall_s=10.0)
    made = int(done.output.split()[1])
    assert 0 < made < 16, done.output
    survivors = []
    for entry in Path("/proc").iterdir():
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                survivors.append(entry.name)
        except OSError:
            continue
    assert survivors == []


def test_numpy_works_inside(work):
    pytest.importorskip("numpy")
    done = confined(work, """
        import numpy as np
        a = np.array([[2.0, 1.0], [1.0, 3.0]])
        print(np.linalg.solve(a, np.array([3.0, 5.0])).round(6).tolist())
    """, memory_mb=1024)
    assert done.output.strip() == "[0.8, 1.4]", done.output


def test_torch_imports_with_a_data_limit(work):
    pytest.importorskip("torch")
    done = confined(work, """
        import torch
        print(torch.ones(3, 4).sum().item())
    """, memory_mb=4096, memory_kind="data", wall_s=60.0, cpu_s=60)
    assert done.output.strip().splitlines()[-1] == "12.0", done.output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fall-backs are Linux mechanisms")
def test_without_namespaces_a_subreaper_still_kills_the_daemon_and_landlock_blocks_tcp(work):
    need("descendants", "network")
    log = work / "daemon.log"
    done = run_confined([sys.executable, "-I", "-c", textwrap.dedent(f"""
        import os, socket, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                while True:
                    with open({str(log)!r}, "a") as f:
                        f.write("x")
                    time.sleep(0.01)
            os._exit(0)
        while not os.path.exists({str(log)!r}):
            time.sleep(0.01)
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except OSError as exc:
            print("BLOCKED", exc.errno)
    """)], workdir=work, env={"PATH": os.defpath}, limits=Limits(wall_s=10, cpu_s=10, memory_mb=1024),
        without=("namespaces", "seccomp"))
    found = {p.key: p for p in done.protections}
    assert "subreaper" in found["descendants"].how
    if "Landlock" in found["network"].how:
        assert done.output.startswith("BLOCKED 13"), done.output
    size = log.stat().st_size
    time.sleep(0.3)
    assert log.stat().st_size == size


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Landlock is a Linux mechanism")
def test_a_mechanism_left_out_is_reported_inactive(work):
    done = run_confined([sys.executable, "-I", "-c", "pass"], workdir=work, env={},
                        limits=Limits(wall_s=10, cpu_s=10, memory_mb=0), without=("landlock",))
    found = {p.key: p for p in done.protections}
    assert not found["filesystem-read"].active and "left out on request" in found["filesystem-read"].how
    assert not found["filesystem-write"].active


PROBE = r'''
import json, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from llmpath.exercises.isolation import Limits, run_confined
attacks = {
    "shadow": "open('/etc/shadow').read()",
    "package": "open(%r).read()" % (sys.argv[1] + "/llmpath/exercises/softmax/solution.py"),
    "outside": "open(%r, 'w')" % (sys.argv[1] + "/escaped.txt"),
    "network": "import socket; socket.create_connection(('127.0.0.1', 9), timeout=1)",
    "nproc": "import resource; assert resource.getrlimit(resource.RLIMIT_NPROC)[0] <= 64",
    "uid": "import os; assert os.getuid() != 0 or open('/proc/self/status').read()",
}
work = Path(tempfile.mkdtemp())
out = {}
for name, code in attacks.items():
    done = run_confined([sys.executable, "-I", "-S", "-c", code], workdir=work, env={}, limits=Limits(10, 10, 512))
    out[name] = done.returncode
out["protections"] = {p.key: [p.active, p.how] for p in done.protections}
print(json.dumps(out))
'''


def _system_python() -> str | None:
    from llmpath.exercises.isolation import _unreachable_by_others

    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        real = Path(candidate).resolve()
        if real.is_file() and _unreachable_by_others([real]) is None:
            return str(real)
    return None


@pytest.mark.skipif(not sys.platform.startswith("linux") or os.geteuid() != 0, reason="needs root on Linux to switch users")
@pytest.mark.parametrize("who", ["root", "unprivileged"])
def test_the_root_and_the_unprivileged_paths_block_the_same_attacks(who):
    """As root with a runtime nobody can reach, the child becomes nobody; as a plain user it gets a user namespace."""
    import json
    import shutil
    import subprocess
    import tempfile

    python = _system_python()
    if python is None or (who == "unprivileged" and not shutil.which("setpriv")):
        pytest.skip("no system Python reachable by other users, or no setpriv")
    top = Path(tempfile.mkdtemp(prefix="llmpath-iso-"))
    try:
        package = top / "llmpath" / "exercises"
        (package / "softmax").mkdir(parents=True)
        source = Path(llmpath.exercises.__file__).parent
        for name in ("isolation.py", "_launcher.py"):
            shutil.copy(source / name, package / name)
        (top / "llmpath" / "__init__.py").write_text("")
        (package / "__init__.py").write_text("")
        (package / "softmax" / "solution.py").write_text("REFERENCE = 1\n")
        for path in [top, *top.rglob("*")]:
            os.chmod(path, 0o777 if path.is_dir() else 0o644)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if who == "unprivileged" else []
        result = subprocess.run([*prefix, python, "-I", "-c", PROBE, str(top)], capture_output=True, text=True,
                                timeout=60, env={"PATH": os.defpath})
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert not (top / "escaped.txt").exists()
    finally:
        shutil.rmtree(top, ignore_errors=True)
    active = {key: value[0] for key, value in report["protections"].items()}
    privileges = report["protections"]["privileges"][1]
    assert ("uid 65534" in privileges) if who == "root" else ("unprivileged uid 65534" in privileges), privileges
    checks = {"shadow": "filesystem-read", "package": "filesystem-read", "outside": "filesystem-write",
              "network": "network"}
    for attack, key in checks.items():
        if active[key]:
            assert report[attack] == 1, (attack, report)  # the attack raised: blocked
    assert report["uid"] == 0, report          # not uid 0
    if active["processes"]:
        assert report["nproc"] == 0, report    # RLIMIT_NPROC is set and binds (the uid is not 0)
    inactive = sorted(key for key, on in active.items() if not on)
    if inactive:
        pytest.skip(f"not protected here as {who}: {', '.join(inactive)}")


def test_doctor_lists_each_protection_in_both_languages():
    from llmpath.doctor import _sandbox

    checks = _sandbox()
    assert [c.id for c in checks] == [f"sandbox {key}" for key in KEYS]
    for check, item in zip(checks, protections()):
        assert check.status == ("ok" if item.active else "warning")
        assert item.how in check.detail.en  # the mechanism itself, in English (shown by `--lang en doctor`)
        assert bool(check.fix.en) != item.active and bool(check.fix.zh) != item.active
        assert re.search(r"[\u4e00-\u9fff]", check.name.zh) and re.search(r"[\u4e00-\u9fff]", check.detail.zh)
    assert "禁止联网" in checks[0].name.zh  # the Chinese line names the protection in Chinese


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fall-backs are Linux mechanisms")
@pytest.mark.parametrize("without", [(), ("namespaces",), ("namespaces", "landlock")], ids=lambda w: "+".join(w) or "all")
def test_no_signal_reaches_a_process_outside(work, without):
    """A pid namespace hides the caller; without one, Landlock's signal scoping or (older ABI) seccomp stops kill()."""
    done = run_confined([sys.executable, "-I", "-c", textwrap.dedent(f"""
        import os
        try:
            os.kill({os.getpid()}, 0)
            print("REACHED")
        except OSError as exc:
            print("BLOCKED", exc.errno)
    """)], workdir=work, env={}, limits=Limits(wall_s=10, cpu_s=10, memory_mb=1024), without=without)
    found = {p.key: p for p in done.protections}
    if "namespaces" in without and not found["privileges"].active:
        pytest.skip(found["privileges"].how)
    assert done.output.startswith("BLOCKED"), (done.output, found["privileges"].how)


@pytest.mark.skipif(os.name != "posix", reason="the plain launch's limits are POSIX rlimits")
def test_the_plain_launch_used_on_macos_sets_hard_limits_and_says_what_is_missing(work):
    from llmpath.exercises.isolation import _run_plain

    code = "import resource; print(resource.getrlimit(resource.RLIMIT_CPU), resource.getrlimit(resource.RLIMIT_FSIZE))"
    done = _run_plain([sys.executable, "-I", "-c", code], work, {}, Limits(wall_s=10, cpu_s=7, memory_mb=512, file_mb=3), b"")
    assert done.output.strip() == f"(7, 7) ({3 * 2**20}, {3 * 2**20})"
    found = {p.key: p for p in done.protections}
    assert found["limits"].active and not found["network"].active and not found["filesystem-read"].active
    slow = _run_plain([sys.executable, "-I", "-c", "while True: pass"], work, {}, Limits(wall_s=0.5, cpu_s=7, memory_mb=0), b"")
    assert slow.timed_out and slow.returncode is None

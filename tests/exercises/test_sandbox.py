"""The checker survives anything the learner's code does: loops, crashes, floods of output, bad imports."""

from __future__ import annotations

import time

SOLUTION_BODY = """
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
"""


def assert_nobody_still_touching(marker) -> None:
    """A process the learner's code started keeps touching ``marker``; after the check none may."""
    time.sleep(0.5)
    if marker.exists():
        before = marker.stat().st_mtime
        time.sleep(0.5)
        assert marker.stat().st_mtime == before, f"a process started by the learner's code survived ({marker.name})"


def test_infinite_loop_is_stopped_and_named(sandboxed):
    started = time.monotonic()
    outcome = sandboxed("softmax", "import numpy as np\n\ndef softmax(x, axis=-1):\n    while True:\n        pass\n", timeout=2.0)
    assert time.monotonic() - started < 8
    assert not outcome.passed and outcome.kind == "timeout"
    assert "more than 2 s" in outcome.message.en and "a small vector" in outcome.message.en
    assert "infinite loop" in outcome.why.en


def test_infinite_loop_at_import_and_a_background_child_are_killed(sandboxed, tmp_path):
    marker = tmp_path / "child-alive"
    source = f"""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time, pathlib\\nwhile True:\\n    pathlib.Path({str(marker)!r}).touch(); time.sleep(0.1)"])
        while True:
            pass
    """
    outcome = sandboxed("softmax", source, timeout=2.0)
    assert outcome.kind == "timeout"
    assert_nobody_still_touching(marker)


def test_hard_crash_is_reported(sandboxed):
    outcome = sandboxed("softmax", "import os\nimport numpy as np\n\ndef softmax(x, axis=-1):\n    os.abort()\n")
    assert not outcome.passed and outcome.kind == "crash"
    assert "crashed (SIGABRT)" in outcome.message.en and "a small vector" in outcome.message.en


def test_segfault_is_reported(sandboxed):
    outcome = sandboxed("relu", "import ctypes\n\ndef relu(x):\n    return ctypes.string_at(0)\n\ndef relu_grad(x):\n    return x\n")
    assert outcome.kind == "crash" and "SIGSEGV" in outcome.message.en


def test_exit_calls_are_reported(sandboxed):
    outcome = sandboxed("softmax", "import sys\nsys.exit(3)\n")
    assert outcome.kind == "import" and "exit(3)" in outcome.message.en
    outcome = sandboxed("softmax", "import numpy as np\n\ndef softmax(x, axis=-1):\n    raise SystemExit(1)\n")
    assert outcome.kind == "exception" and "exit(1)" in outcome.message.en
    outcome = sandboxed("softmax", "import os\n\ndef softmax(x, axis=-1):\n    os._exit(4)\n")
    assert outcome.kind == "crash" and "exited with code 4" in outcome.message.en


def test_huge_print_is_truncated_and_the_check_still_runs(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\nprint('x' * 50_000_000)\n" + SOLUTION_BODY.replace(
        "    e = np", "    print('debug', x.shape)\n    e = np"))
    assert outcome.passed
    assert len(outcome.output) < 5000 and "more characters" in outcome.output


def test_flood_written_below_python_is_capped(sandboxed):
    outcome = sandboxed("softmax", "import os\nimport numpy as np\n\ndef softmax(x, axis=-1):\n"
                                   "    chunk = b'y' * 1_000_000\n    for _ in range(100):\n        os.write(1, chunk)\n")
    assert not outcome.passed and outcome.kind == "output"
    assert "more than 8 MB" in outcome.message.en and "print" in outcome.why.en


def test_missing_import_is_explained(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\nimport scipy_that_does_not_exist\n" + SOLUTION_BODY)
    assert outcome.kind == "import"
    assert "imports 'scipy_that_does_not_exist', which is not installed" in outcome.message.en
    assert "numpy" in outcome.why.en and outcome.where.startswith("line 2")


def test_syntax_error_is_located(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\n\ndef softmax(x, axis=-1)\n    return x\n")
    assert outcome.kind == "import" and "第 3 行有语法错误" in outcome.message.zh


def test_running_out_of_memory_is_reported(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\n\ndef softmax(x, axis=-1):\n    return np.ones(10**10)\n", memory_mb=1024)
    assert not outcome.passed and outcome.kind == "memory"
    assert "out of memory" in outcome.message.en


def test_child_sees_a_clean_environment_and_only_a_copy_of_the_learners_file(sandboxed, tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "do-not-leak")
    monkeypatch.setenv("PYTHONPATH", "/nonexistent")
    source = (
        "import os, sys, json\nimport numpy as np\n"
        "try:\n    import llmpath\n    found = getattr(llmpath, '__file__', None)\nexcept ImportError:\n    found = None\n"
        "print(json.dumps({'env': sorted(os.environ), 'cwd': os.getcwd(), 'files': sorted(os.listdir('.')),"
        " 'path': sys.path, 'llmpath': found}))\n" + SOLUTION_BODY
    )
    outcome = sandboxed("softmax", source)
    assert outcome.passed
    import json
    from pathlib import Path

    import llmpath

    seen = json.loads(outcome.output.strip().splitlines()[0])
    assert "SECRET_TOKEN" not in seen["env"] and "PYTHONPATH" not in seen["env"] and "LLMPATH_HOME" not in seen["env"]
    assert seen["cwd"] != str(tmp_path.resolve()) and "llmpath-check-" in seen["cwd"]  # a private temporary folder
    # Only the learner's file, the harness and the data: no reference, no check, no progress file.
    assert set(seen["files"]) <= {"softmax.py", "_harness.py", "job.json", "inputs.json", "results.jsonl", "__pycache__"}
    package_root = str(Path(llmpath.__file__).resolve().parent.parent)
    assert package_root not in seen["path"] and seen["llmpath"] is None   # llmpath cannot even be imported
    assert not Path(seen["cwd"]).exists()                                   # removed after the check
    assert not (tmp_path / "__pycache__").exists()


def test_forked_children_die_with_the_check(sandboxed, tmp_path):
    marker = tmp_path / "fork-alive"
    source = f"""
        import os, pathlib, time
        for _ in range(20):
            if os.fork() == 0:
                while True:
                    pathlib.Path({str(marker)!r}).touch()
                    time.sleep(0.05)
        while True:
            pass
    """
    outcome = sandboxed("softmax", source, timeout=2.0)
    # Where the OS confines writes, a child's touch() outside its folder fails and that child reports the
    # error (as an import failure); elsewhere the loop runs into the time limit. Either way nobody survives.
    assert outcome.kind in ("timeout", "import"), outcome
    assert_nobody_still_touching(marker)


def test_writing_outside_the_folder_is_capped(sandboxed, tmp_path):
    outside = tmp_path / "outside" / "big.bin"
    outside.parent.mkdir()
    source = f"""
        import numpy as np
        with open({str(outside)!r}, "wb") as handle:
            for _ in range(100):
                handle.write(b"x" * 1_000_000)

        def softmax(x, axis=-1):
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return e / np.sum(e, axis=axis, keepdims=True)
    """
    outcome = sandboxed("softmax", source, timeout=10.0)
    assert not outcome.passed
    # Refused outright where the OS confines writes (Landlock); elsewhere RLIMIT_FSIZE stops it at the cap.
    assert not outside.exists() or outside.stat().st_size <= 8 * 1024 * 1024

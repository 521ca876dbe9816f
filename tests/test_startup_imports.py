"""Commands that show text or quizzes never import torch, transformers, scikit-learn or matplotlib."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers", "sklearn", "matplotlib", "pandas")

PROBE = r"""
import io, json, sys
from contextlib import redirect_stdout
from llmpath.cli import app
out = io.StringIO()
try:
    with redirect_stdout(out):
        app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
sys.stderr.write(out.getvalue()[:300])
print(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
""".replace("{heavy}", repr(HEAVY))


@pytest.mark.parametrize("args", [["--help"], ["topics"], ["path", "--json"], ["progress"], ["demo", "--list"],
                                  ["doctor", "--json"], ["validate"], ["exercise", "list"], ["models", "--json"]],
                         ids=lambda a: " ".join(a))
def test_no_heavy_imports(args, tmp_path):
    env = dict(os.environ, LLMPATH_HOME=str(tmp_path), NO_COLOR="1")
    # validate runs every built-in exercise's scaffold and reference in the sandbox: minutes on a busy machine
    timeout = 600 if args == ["validate"] else 60
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=timeout)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"`llmpath {' '.join(args)}` imported {loaded}"
    if args == ["validate"]:   # the whole validate, exercises' checks included, on the built-in content
        assert result.stderr.startswith("ok:"), result.stderr


def test_first_quiz_question_needs_no_heavy_import(tmp_path):
    env = dict(os.environ, LLMPATH_HOME=str(tmp_path), NO_COLOR="1")
    probe = PROBE.replace("app(sys.argv[1:], standalone_mode=False)", "sys.stdin = io.StringIO('q\\n'); app(sys.argv[1:], standalone_mode=False)")
    result = subprocess.run([sys.executable, "-c", probe, "quiz", "math", "--seed", "1"], capture_output=True, text=True, env=env, timeout=60)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_doctor_json_and_exit_code(invoke):
    result = invoke("doctor", "--json")
    checks = json.loads(result.stdout)
    names = {c["id"] for c in checks}
    assert {"python", "torch", "progress folder", "terminal width"} <= names
    assert all(c["status"] in ("ok", "warning", "problem") for c in checks)
    assert result.exit_code == (1 if any(c["status"] == "problem" for c in checks) else 0)


def test_doctor_devices_lists_cpu(invoke):
    checks = json.loads(invoke("doctor", "--json", "--devices").stdout)
    (device,) = [c for c in checks if c["id"] == "torch device"]
    assert "cpu" in device["detail"]

"""Shared by the fault tests: run llmpath as a separate process, with its own home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_llmpath(*args: str, home: Path, cache: Path | None = None, timeout: float = 60, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    environment = dict(os.environ, LLMPATH_HOME=str(home), NO_COLOR="1", COLUMNS="120", LANG="C.UTF-8", **env)
    if cache is not None:
        environment["LLMPATH_CACHE"] = str(cache)
    return subprocess.run([sys.executable, "-m", "llmpath", *args], env=environment, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def assert_one_line_error(result, *, code: int | None = None) -> str:
    """Non-zero exit, no traceback, and exactly one line on stderr; returns that line."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode != 0 if code is None else result.returncode == code, (result.returncode, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]

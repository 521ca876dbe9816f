"""Ctrl-C ends with exit code 130 however deep in the interpreter it lands.

A KeyboardInterrupt raised inside a nested `eval` (a lazy import building a namedtuple, as
Rich does while a page renders) used to make CPython kill the process with SIGINT after our
handler had already reported it and asked for 130: one run in six of `start` interrupted
mid-page ended "killed by signal 2"."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
{setup}
try:
    eval("__import__('signal').raise_signal(2)")  # the interrupt lands inside a nested eval
except KeyboardInterrupt:
    print("caught")
sys.exit(130)
"""


def run(setup: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(setup=setup)], capture_output=True, text=True, timeout=60)


def test_our_handler_keeps_exit_code_130():
    result = run("from llmpath.cli import install_interrupt_handler; install_interrupt_handler()")
    assert "caught" in result.stdout
    assert result.returncode == 130, result.stderr


def test_the_handler_leaves_an_ignored_sigint_ignored():
    code = ("import signal; signal.signal(signal.SIGINT, signal.SIG_IGN);"
            "from llmpath.cli import install_interrupt_handler; install_interrupt_handler();"
            "print(signal.getsignal(signal.SIGINT) is signal.SIG_IGN)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True"

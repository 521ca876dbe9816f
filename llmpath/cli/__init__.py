"""The command line: thin commands over the core. ``main`` is the console-script entry."""

from __future__ import annotations

import signal

from llmpath.cli.app import app
# Registration order is the order of `llmpath --help`.
from llmpath.cli import guided, learn_cmds, demo_cmds, exercise_cmds, core_cmds, model_cmds  # noqa: F401, I001

__all__ = ["Interrupted", "main"]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, raised by our own handler.

    CPython remembers a plain KeyboardInterrupt that escapes any nested `eval` (every
    `namedtuple` built during a lazy import runs one) and, at exit, kills the process with
    SIGINT even though we caught it and asked for exit code 130. It compares the exception's
    type exactly, so a subclass keeps the exit code ours. `except KeyboardInterrupt` still
    catches it everywhere."""


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted


def install_interrupt_handler() -> None:
    """Ctrl-C raises `Interrupted` (only where SIGINT is not ignored, e.g. under `nohup`)."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _raise_interrupted)


def main() -> None:
    install_interrupt_handler()
    app()

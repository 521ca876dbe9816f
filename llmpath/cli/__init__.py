"""The command line: thin commands over the core. ``main`` is the console-script entry."""

from __future__ import annotations

from llmpath.cli.app import app
from llmpath.cli import core_cmds, demo_cmds, exercise_cmds, learn_cmds, model_cmds  # noqa: F401 - registers commands

__all__ = ["app", "main"]


def main() -> None:
    app()

"""The command line: thin commands over the core. ``main`` is the console-script entry."""

from __future__ import annotations

from llmpath.cli.app import app
# Registration order is the order of `llmpath --help`.
from llmpath.cli import guided, learn_cmds, demo_cmds, exercise_cmds, core_cmds, model_cmds  # noqa: F401, I001

__all__ = ["app", "main"]


def main() -> None:
    app()

"""`llmpath exercise …`: hands-on coding exercises the tool checks."""

from __future__ import annotations

import typer

from llmpath.cli.app import app

exercise_app = typer.Typer(help="Hands-on coding exercises the tool checks. 动手编程练习。", no_args_is_help=True)
app.add_typer(exercise_app, name="exercise")


@exercise_app.command("list")
def list_exercises() -> None:
    """List every exercise with its unit and status. 列出所有练习。"""
    from llmpath.exercises.registry import EXERCISES

    for spec in EXERCISES:
        typer.echo(f"{spec.id}\t{spec.unit}")

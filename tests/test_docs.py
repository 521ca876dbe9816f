"""The README documents every command (like sqlite-utils' test_docs.py)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from llmpath.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    group = typer.main.get_command(app)
    missing = [name for name in group.commands if f"`llmpath {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    blocks = README.split("```bash\n")
    install, test = blocks[1].split("\n```")[0].strip(), blocks[2].split("\n```")[0].strip()
    assert install.endswith("llmpath start")
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci

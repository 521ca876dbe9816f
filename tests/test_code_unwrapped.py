"""Code is printed line for line: ``llmpath exercise solution ID --give-up > s.py`` is the source, valid Python."""

from __future__ import annotations

import io
import json

import pytest


def exercise_ids(invoke) -> list[str]:
    return [row["id"] for row in json.loads(invoke("exercise", "list", "--json").stdout)]


def test_every_printed_solution_is_valid_python(invoke):
    ids = exercise_ids(invoke)
    assert len(ids) >= 5
    for exercise_id in ids:
        result = invoke("exercise", "solution", exercise_id, "--give-up")
        assert result.exit_code == 0, result.output
        compile(result.stdout, f"{exercise_id}.py", "exec")  # a SyntaxError fails the test
        assert "Type it in yourself" not in result.stdout  # the advice goes to stderr, not into the file


@pytest.mark.parametrize("terminal", [False, True])
def test_print_code_keeps_long_lines_whole_or_crops_them(monkeypatch, terminal):
    from rich.console import Console

    from llmpath import ui

    source = "def f(x):\n    return x - x.max(axis=-1, keepdims=True)  # (B, T) - (B, 1) broadcasts to (B, T), a long comment\n"
    out = Console(file=io.StringIO(), width=60, force_terminal=terminal, color_system=None)
    monkeypatch.setitem(ui._CONSOLES, False, out)
    ui.print_code(source)
    rows = out.file.getvalue().splitlines()
    if terminal:
        assert len(rows) == 2 and all(len(row) <= 60 for row in rows), rows  # cropped, not folded onto a third row
        assert rows[1].startswith("    return x - x.max(")
    else:
        assert out.file.getvalue() == source

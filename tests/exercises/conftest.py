"""Helpers for the exercise tests: run a check in this process (fast) or in the sandbox (faithful)."""

from __future__ import annotations

import importlib
import textwrap
from pathlib import Path

import pytest


def check_in_process(exercise_id: str, source: str, folder: Path):
    """Write ``source`` as the learner's file and run the exercise's checks here; returns the Failure or None."""
    from llmpath.exercises.checking import Failure, run_cases
    from llmpath.exercises.registry import get_exercise
    from llmpath.exercises.runner import load_learner

    spec = get_exercise(exercise_id)
    path = folder / spec.file_name
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    checks = importlib.import_module(f"llmpath.exercises.{spec.package}.check")
    try:
        learner = load_learner(str(path.resolve()))
        for name in checks.FUNCTIONS:
            learner.function(name)
        if hasattr(checks, "check"):
            checks.check(learner)
        else:
            run_cases(learner, checks.cases())
    except Failure as failure:
        return failure
    return None


@pytest.fixture
def in_process(tmp_path):
    def run(exercise_id: str, source: str):
        return check_in_process(exercise_id, source, tmp_path)

    return run


@pytest.fixture
def sandboxed(tmp_path):
    """Run the real sandboxed check on ``source``: returns the CheckOutcome."""
    from llmpath.exercises.registry import get_exercise
    from llmpath.exercises.sandbox import run_check

    def run(exercise_id: str, source: str, **options):
        spec = get_exercise(exercise_id)
        path = tmp_path / spec.file_name
        path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        return run_check(spec, path, **options)

    return run

"""Helpers for the exercise tests: judge a learner's file in this process (fast) or through the real child (faithful).

``in_process`` runs the harness's own functions here (import the file, call it on the check's
inputs, encode every value as the child would) and hands the events to the parent's verdict,
so the channel and the judging are the real ones; only the process boundary is skipped.
"""

from __future__ import annotations

import contextlib
import json
import textwrap
from pathlib import Path

import pytest


def learner_events(spec, path: Path, sent: list) -> list[dict]:
    """The events the child would write for ``path``, produced in this process."""
    from llmpath.exercises import harness

    events = []
    try:
        module = harness.load_learner(str(path), f"_learner_test_{spec.package}_{id(path)}")
    except Exception as exc:  # noqa: BLE001 - reported as the child reports it
        return [{"event": "load_error", "error": harness.describe(exc, str(path))}]
    functions = {name: ("missing" if getattr(module, name, None) is None else "ok" if callable(getattr(module, name)) else "not_callable")
                 for name in spec.functions}
    events.append({"event": "loaded", "functions": functions})
    if any(state != "ok" for state in functions.values()):
        return events
    probe_file = spec.folder / "probe.py"
    probe = harness.load_learner(str(probe_file), f"_probe_test_{spec.package}") if probe_file.is_file() else None
    for index, call in enumerate(sent):
        events.append({"event": "start", "index": index})
        outcome = harness.call_one(call, module, probe, str(path))
        outcome["index"] = index
        events.append(outcome)
    events.append({"event": "end", "output": ""})
    return events


@contextlib.contextmanager
def companions_beside(spec, folder: Path):
    """The references of the exercises ``spec`` uses, copied next to the learner's file and importable
    (as the child has them), each imported afresh; sys.path and sys.modules are put back afterwards."""
    import shutil
    import sys

    from llmpath.exercises.validation import reference_companions

    companions = reference_companions(spec)
    names = [Path(c.file_name).stem for c in companions]
    for companion in companions:
        shutil.copyfile(companion.source, folder / companion.file_name)
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    if companions:
        sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        if companions:
            sys.path.remove(str(folder))
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


def judge_in_process(exercise_id: str, source: str, folder: Path):
    """Write ``source`` as the learner's file and judge it here: None if it passes, else the bilingual
    Failure (or the CheckOutcome when the failure is not one of the check's, e.g. untrusted data)."""
    from llmpath.exercises import sandbox, verdict
    from llmpath.exercises.isolation import Finished
    from llmpath.exercises.registry import get_exercise

    spec = get_exercise(exercise_id)
    path = (folder / spec.file_name).resolve()
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    check = sandbox.load_check(spec)
    cases, steps, sent = verdict.plan(check)
    with companions_beside(spec, folder):
        events = [json.loads(json.dumps(e)) for e in learner_events(spec, path, sent)]  # as the file would carry them
    messages = dict(spec.mistakes)
    finished = Finished(0, None, False, 0.0, "", ())
    failures: list = []
    outcome = verdict.verdict(spec, cases, steps, events, finished, spec.timeout_s, spec.memory_mb, messages, failures)
    if outcome.passed:
        return None
    return failures[0] if failures else outcome


@pytest.fixture
def in_process(tmp_path):
    counter = iter(range(10_000))

    def run(exercise_id: str, source: str):
        folder = tmp_path / f"run{next(counter)}"
        folder.mkdir()
        return judge_in_process(exercise_id, source, folder)

    return run


@pytest.fixture
def sandboxed(tmp_path):
    """Run the real check (child process, parent verdict) on ``source``: returns the CheckOutcome."""
    from llmpath.exercises.registry import get_exercise
    from llmpath.exercises.sandbox import run_check

    def run(exercise_id: str, source: str, **options):
        spec = get_exercise(exercise_id)
        path = tmp_path / spec.file_name
        path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
        return run_check(spec, path, **options)

    return run

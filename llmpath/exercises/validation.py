"""``llmpath validate`` for exercises — what rustlings' ``dev check`` does, with ``path:line`` problems.

For every exercise (built in, and those of content packs):

- its ``exercise.yaml`` parses (both languages everywhere, a ladder of hints) and its id is unique;
- ``scaffold.py``, ``solution.py`` and ``check.py`` sit next to it;
- every typical mistake the check names has a message in ``exercise.yaml``, and every message is used;
- its unit exists and lists it under ``exercises:`` (and no other unit does);
- the untouched scaffold fails its check and the reference solution passes it (real checks, in the child);
- every step of a chain (``chains.yaml``) is an exercise.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from llmpath.suggest import suggest
from llmpath.errors import Problem
from llmpath.exercises.registry import ExerciseSpec, Exercises, load_exercises
from llmpath.exercises.sandbox import reference_companions  # noqa: F401 - one definition; validate and the tests use it from here

NEXT_TO_IT = ("scaffold.py", "solution.py", "check.py")


def validate_exercises(extra: Sequence[str | Path], catalog: Any, *, run_builtin: bool = True) -> tuple[Exercises, list[Problem]]:
    """Every problem with the exercises of the built-in content and the packs in ``extra``.

    ``run_builtin=False`` runs the scaffold and solution checks of pack exercises only (the built-in
    ones are run by the test suite), which keeps a pack author's loop fast.
    """
    exercises = load_exercises(extra)
    problems = list(exercises.problems)
    runnable = []
    for spec in exercises.specs:
        raw, _ = exercises.where[spec.id]
        missing = [name for name in NEXT_TO_IT if not (spec.folder / name).is_file()]
        if missing:
            problems.append(Problem(raw.path, 1, f"exercise '{spec.id}': missing {', '.join(missing)} next to exercise.yaml"))
            continue
        problems += _link_problems(spec, raw, catalog)
        found, check = _mistake_problems(spec, raw)
        problems += found
        if check is not None and (run_builtin or not spec.builtin):
            runnable.append(spec)
    problems += _run_problems(runnable, extra)
    from llmpath.exercises.chains import chain_problems, load_chains

    problems += chain_problems(load_chains(), exercises.ids())
    return exercises, problems


def _link_problems(spec: ExerciseSpec, raw: Any, catalog: Any) -> list[Problem]:
    """The exercise's ``unit:`` and the units' ``exercises:`` lists must say the same thing (one problem if not)."""
    line = raw.line_of(("unit",))
    listing = [unit for unit in catalog.units.values() if spec.id in unit.exercises]
    if spec.unit not in catalog.units:
        hint = suggest(spec.unit, sorted(catalog.units))
        more = f"; did you mean {', '.join(hint)}?" if hint else ""
        return [Problem(raw.path, line, f"exercise '{spec.id}': unknown unit '{spec.unit}'{more}")]
    if [unit.id for unit in listing] == [spec.unit]:
        return []
    others = [unit for unit in listing if unit.id != spec.unit]
    if others:
        named = ", ".join(f"'{unit.id}' ({unit.path})" for unit in others)
        return [Problem(raw.path, line, f"exercise '{spec.id}' says unit '{spec.unit}', but unit {named} lists it under "
                                        f"exercises: make the two agree")]
    return [Problem(raw.path, line, f"exercise '{spec.id}' says unit '{spec.unit}', but that unit does not list it under "
                                    f"exercises: add '{spec.id}' to {catalog.units[spec.unit].path}")]


def _mistake_problems(spec: ExerciseSpec, raw: Any) -> tuple[list[Problem], Any]:
    """Names the check uses against messages the data file gives; the check module (or None if it fails to load)."""
    from llmpath.exercises.sandbox import load_check

    check_path = spec.folder / "check.py"
    try:
        check = load_check(spec)
        if hasattr(check, "judge"):
            used = set(getattr(check, "MISTAKE_NAMES", ()))
        else:
            used = {mistake.name for case in check.cases() for mistake in case.mistakes}
    except Exception as exc:  # noqa: BLE001 - a broken check is a content problem, reported where it is
        line = _error_line(exc, check_path)
        return [Problem(str(check_path), line, f"exercise '{spec.id}': check.py fails to load: {type(exc).__name__}: {exc}")], None
    problems = []
    for name in sorted(used - set(spec.mistakes)):
        near = suggest(name, sorted(spec.mistakes))
        more = f" (did you mean '{near[0]}'?)" if near else ""
        problems.append(Problem(raw.path, raw.line_of(("mistakes",)) if "mistakes" in raw.data else 1,
                                f"exercise '{spec.id}': check.py names mistake '{name}', which has no message under mistakes:{more}"))
    for name in sorted(set(spec.mistakes) - used):
        problems.append(Problem(raw.path, raw.key_line(("mistakes",), name),
                                f"exercise '{spec.id}': mistake '{name}' is never used by check.py"))
    return problems, check


def _error_line(exc: BaseException, path: Path) -> int:
    import traceback

    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    lines = [frame.lineno for frame in traceback.extract_tb(exc.__traceback__) if Path(frame.filename) == path]
    return (lines[-1] or 1) if lines else 1


def _weights_prepared(spec: ExerciseSpec) -> bool:
    """Validate runs a check that loads pretrained weights only once they are prepared (`llmpath models prepare`):
    preparing them takes a minute and a gigabyte, which a content check should not start on its own."""
    from llmpath import models

    return all(models.is_prepared(models.prepared_path(models.EXERCISE_MODELS[name])) for name in spec.models)


def _run_problems(specs: list[ExerciseSpec], extra: Sequence[str | Path] = ()) -> list[Problem]:
    """Check every untouched scaffold (must fail) and every reference (must pass), a few at a time."""
    from llmpath.exercises import core
    from llmpath.exercises.sandbox import ModelsUnavailable, run_check

    specs = [spec for spec in specs if _weights_prepared(spec)]
    if not specs:
        return []
    with tempfile.TemporaryDirectory(prefix="llmpath-validate-") as tmp:
        jobs = []
        for spec in specs:
            for kind, text in (("scaffold", core.starting_text(spec)), ("solution", core.solution_source(spec))):
                folder = Path(tmp) / kind / spec.package
                folder.mkdir(parents=True)
                (folder / spec.file_name).write_text(text, encoding="utf-8")
                jobs.append((spec, kind, folder / spec.file_name))

        def run(job: tuple[ExerciseSpec, str, Path]) -> tuple[ExerciseSpec, str, Any]:
            spec, kind, path = job
            try:
                return spec, kind, run_check(spec, path, companions=reference_companions(spec, extra))
            except ModelsUnavailable:   # the weights are not installed here: this check cannot run, it is not wrong
                return spec, kind, None

        with ThreadPoolExecutor(max_workers=max(2, min(8, os.cpu_count() or 2))) as pool:
            results = list(pool.map(run, jobs))
    problems = []
    for spec, kind, outcome in results:
        if outcome is None:
            continue
        if kind == "scaffold" and outcome.passed:
            problems.append(Problem(str(spec.folder / "scaffold.py"), 1,
                                    f"exercise '{spec.id}': the untouched scaffold passes its check; leave the work to the "
                                    f"learner (`raise NotImplementedError` under `# TODO`)"))
        elif kind == "solution" and not outcome.passed:
            where = f", case {outcome.case_index}" if outcome.case_index else ""
            problems.append(Problem(str(spec.folder / "solution.py"), 1,
                                    f"exercise '{spec.id}': the reference solution fails its check ({outcome.kind}{where}: {outcome.message.en})"))
    return problems

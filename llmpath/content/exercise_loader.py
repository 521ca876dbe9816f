"""``exercise.yaml`` → :class:`ExerciseSpec`, every problem located at ``path:line``.

One data file per exercise, next to its scaffold, reference solution and check::

    llmpath/exercises/<package>/exercise.yaml      (built in)
    <pack>/exercises/<package>/exercise.yaml       (a content pack, ``--content <pack>``)

The file holds everything a learner reads (title, task, hints, the typical mistakes'
messages) and what the check needs to run (limits, the functions the learner defines,
the earlier exercises whose files this one imports). It is parsed with the same located
machinery as the curriculum (:mod:`llmpath.content.loader`); docs/EXERCISES.md describes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmpath.content.loader import RawFile, _Checker, _nearest, _short, read_yaml
from llmpath.content.models import L10n
from llmpath.errors import Problem
from llmpath.models import EXERCISE_MODELS

EXERCISE_REQUIRED = ("format_version", "id", "unit", "title", "difficulty", "task", "hints", "functions")
EXERCISE_OPTIONAL = ("mistakes", "limits", "uses", "models")
LIMIT_FIELDS = ("timeout_s", "memory_mb", "memory_kind", "output_mb")
MEMORY_KINDS = ("as", "data")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MIN_HINTS = 2


@dataclass(frozen=True)
class ExerciseSpec:
    """One exercise, as its ``exercise.yaml`` describes it."""

    id: str
    unit: str
    titles: L10n
    difficulty: int
    task: L10n                                   # Markdown
    hints: tuple[L10n, ...]                      # a ladder, easiest first
    functions: tuple[str, ...]                   # names the learner's file must define
    mistakes: dict[str, L10n] = field(default_factory=dict)   # typical mistake name -> message
    uses: tuple[str, ...] = ()                   # earlier exercises whose learner files this one imports
    models: tuple[str, ...] = ()                 # prepared pretrained weights the child may read (models.EXERCISE_MODELS)
    timeout_s: float = 10.0                      # wall-clock limit of one check (start-up included)
    memory_mb: int = 2048                        # address-space limit of the child
    memory_kind: str = "as"                      # "as" (RLIMIT_AS) or "data" (RLIMIT_DATA)
    output_mb: int = 8                           # what the child may write (its results file: logits of a real model need more)
    folder: Path = Path()                        # holds exercise.yaml, scaffold.py, solution.py, check.py
    source: str = ""                             # the path of exercise.yaml, for messages
    builtin: bool = True

    def title(self, lang: str) -> str:
        return self.titles.get(lang)

    @property
    def package(self) -> str:
        """The folder name under ``exercises/``, e.g. ``top_k_top_p``."""
        return self.id.replace("-", "_")

    @property
    def file_name(self) -> str:
        """The learner's file in the workspace, e.g. ``top_k_top_p.py``."""
        return f"{self.package}.py"

    def mistake_text(self, name: str) -> tuple[str, str] | None:
        text = self.mistakes.get(name)
        return (text.en, text.zh) if text else None


def load_exercise(path: Path, *, builtin: bool = True) -> tuple[ExerciseSpec | None, list[Problem], RawFile | None]:
    """Read and parse one ``exercise.yaml``; the RawFile is returned to locate later cross-checks."""
    raw, problems = read_yaml(path)
    if raw is None:
        return None, problems, None
    spec, found = parse_exercise(raw, folder=path.parent, builtin=builtin)
    return spec, problems + found, raw


def parse_exercise(raw: RawFile, *, folder: Path, builtin: bool = True) -> tuple[ExerciseSpec | None, list[Problem]]:
    check = _Checker(raw)
    data = check.mapping(raw.data, (), required=EXERCISE_REQUIRED, optional=EXERCISE_OPTIONAL, what="exercise")
    if data is None:
        return None, check.problems
    check.format_version(data)
    exercise_id = check.ident(data.get("id"), ("id",), "exercise id")
    if exercise_id and exercise_id.replace("-", "_") != folder.name:
        check.problem(("id",), f"exercise id '{exercise_id}' does not match its folder '{folder.name}' "
                               f"(the folder is the id with '-' written as '_')")
    unit = check.ident(data.get("unit"), ("unit",), "unit")
    title = check.l10n(data.get("title"), ("title",), "title")
    difficulty = check.integer(data.get("difficulty"), ("difficulty",), "difficulty", low=1, high=3)
    task = check.l10n(data.get("task"), ("task",), "task")
    hints = tuple(
        hint for i, item in enumerate(check.items(data.get("hints"), ("hints",), "hints", min_items=MIN_HINTS))
        if (hint := check.l10n(item, ("hints", i), f"hint {i + 1}"))
    )
    functions = _names(check, data.get("functions"), ("functions",))
    mistakes = _mistakes(check, data.get("mistakes"))
    uses = check.ident_list(data.get("uses"), ("uses",), "used exercise")
    if exercise_id and exercise_id in uses:
        check.problem(("uses",), f"exercise '{exercise_id}' cannot use itself")
    models = _models(check, data.get("models"))
    limits = _limits(check, data.get("limits"))
    # An exercise whose essentials parsed is returned with its problems, so one typo does not cascade
    # into "unknown exercise" errors in the unit that lists it.
    if not (exercise_id and unit and title and task and functions) or difficulty is None:
        return None, check.problems
    spec = ExerciseSpec(
        id=exercise_id, unit=unit, titles=title, difficulty=difficulty, task=task, hints=hints,
        functions=functions, mistakes=mistakes, uses=uses, models=models, folder=folder, source=raw.path, builtin=builtin, **limits,
    )
    return spec, check.problems


def _names(check: _Checker, value: Any, loc: tuple) -> tuple[str, ...]:
    items = check.items(value, loc, "functions", min_items=1)
    names = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not NAME_PATTERN.match(item):
            check.problem(loc + (i,), f"functions: each entry is a Python name, got {_short(item)}")
        else:
            names.append(item)
    return tuple(names)


def _models(check: _Checker, value: Any) -> tuple[str, ...]:
    """``models: [smollm2]``: names of prepared weights, each known to :data:`llmpath.models.EXERCISE_MODELS`."""
    valid = set(check.ident_list(value, ("models",), "model"))   # reports a non-list and malformed ids
    names: list[str] = []
    for i, name in enumerate(value if isinstance(value, list) else []):
        if name not in valid:
            continue
        if name not in EXERCISE_MODELS:
            near = _nearest(name, sorted(EXERCISE_MODELS))
            hint = f" (did you mean '{near}'?)" if near else f"; known: {', '.join(sorted(EXERCISE_MODELS))}"
            check.problem(("models", i), f"unknown model '{name}'{hint}")
        elif name in names:
            check.problem(("models", i), f"model '{name}' is listed twice")
        else:
            names.append(name)
    return tuple(names)


def _mistakes(check: _Checker, value: Any) -> dict[str, L10n]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.problem(("mistakes",), "mistakes must be a mapping of name -> {en: ..., zh: ...}")
        return {}
    out = {}
    for name, text in value.items():
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            check.problems.append(Problem(check.raw.path, check.raw.key_line(("mistakes",), name),
                                          f"mistake name must be a Python-style name, got {_short(name)}"))
            continue
        message = check.l10n(text, ("mistakes", name), f"mistake '{name}'")
        if message:
            out[name] = message
    return out


def _limits(check: _Checker, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    data = check.mapping(value, ("limits",), required=(), optional=LIMIT_FIELDS, what="limits")
    if data is None:
        return {}
    out: dict[str, Any] = {}
    if "timeout_s" in data:
        seconds = check.number(data["timeout_s"], ("limits", "timeout_s"), "limits.timeout_s")
        if seconds is not None and not 1 <= seconds <= 600:
            check.problem(("limits", "timeout_s"), f"limits.timeout_s must be from 1 to 600 seconds, got {_short(data['timeout_s'])}")
        elif seconds is not None:
            out["timeout_s"] = seconds
    if "memory_mb" in data:
        memory = check.integer(data["memory_mb"], ("limits", "memory_mb"), "limits.memory_mb", low=256, high=65536)
        if memory is not None:
            out["memory_mb"] = memory
    if "output_mb" in data:
        output = check.integer(data["output_mb"], ("limits", "output_mb"), "limits.output_mb", low=1, high=24)
        if output is not None:
            out["output_mb"] = output
    if "memory_kind" in data:
        kind = data["memory_kind"]
        if kind not in MEMORY_KINDS:
            check.problem(("limits", "memory_kind"), f"limits.memory_kind must be one of {', '.join(MEMORY_KINDS)}, got {_short(kind)}")
        else:
            out["memory_kind"] = kind
    return out

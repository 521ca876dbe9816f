"""Every exercise, read from its ``exercise.yaml``: the built-in ones and those of content packs.

Reading metadata imports no check and no numpy. Built-in exercises live in
``llmpath/exercises/<package>/``; a content pack adds ``<pack>/exercises/<package>/``
(``--content <pack>`` or ``LLMPATH_CONTENT``). Ids are unique across packs: a pack cannot
silently replace a built-in exercise (``llmpath validate`` reports the duplicate).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llmpath.content.exercise_loader import ExerciseSpec, load_exercise
from llmpath.errors import ContentError, Problem

__all__ = ["ExerciseSpec", "Exercises", "load_exercises", "get_exercise", "exercise_ids", "exercises_in_unit", "EXERCISES"]

BUILTIN_DIR = Path(__file__).resolve().parent


@dataclass
class Exercises:
    """The exercises of the built-in content and the given packs, in order, with the problems found reading them."""

    specs: list[ExerciseSpec] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    where: dict[str, tuple[Any, tuple]] = field(default_factory=dict)   # id -> (RawFile, loc) of its definition

    def ids(self) -> list[str]:
        return [spec.id for spec in self.specs]

    def get(self, exercise_id: str) -> ExerciseSpec:
        """The exercise with this id (or a unique prefix); otherwise suggest the nearest ids (exit 2)."""
        key = exercise_id.strip().lower()
        for spec in self.specs:
            if spec.id == key or spec.package == key:
                return spec
        starting = [spec.id for spec in self.specs if key and spec.id.startswith(key)]
        if len(starting) == 1:
            return next(spec for spec in self.specs if spec.id == starting[0])
        from llmpath.suggest import suggest
        from llmpath.errors import UnknownTopicError

        raise UnknownTopicError(exercise_id, suggest(key, self.ids(), starting), kind="exercise")

    def in_unit(self, unit: str) -> list[ExerciseSpec]:
        return [spec for spec in self.specs if spec.unit == unit]


def exercise_folders(root: Path) -> list[Path]:
    """The folders holding an ``exercise.yaml`` directly under ``root``, sorted by name."""
    if not root.is_dir():
        return []
    return sorted(p.parent for p in root.glob("*/exercise.yaml") if p.is_file())


def _read(exercises: Exercises, folders: Iterable[Path], *, builtin: bool) -> None:
    for folder in folders:
        spec, problems, raw = load_exercise(folder / "exercise.yaml", builtin=builtin)
        exercises.problems += problems
        if spec is None:
            continue
        if spec.id in exercises.where:
            first_raw, first_loc = exercises.where[spec.id]
            exercises.problems.append(Problem(raw.path, raw.line_of(("id",)),
                                              f"duplicate exercise id '{spec.id}' (first defined at {first_raw.path}:{first_raw.line_of(first_loc)})"))
            continue
        exercises.where[spec.id] = (raw, ("id",))
        exercises.specs.append(spec)


_CACHE: dict[tuple[str, ...], Exercises] = {}


def _pack_roots(extra: Sequence[str | Path]) -> list[Path]:
    """``LLMPATH_CONTENT`` then ``extra``, as ``content.index.pack_roots`` reads them (which imports this
    module to know the exercise ids: importing it back would be a cycle)."""
    import os

    env = os.environ.get("LLMPATH_CONTENT", "")
    return [Path(p) for p in env.split(os.pathsep) if p] + [Path(p) for p in extra]


def load_exercises(extra: Sequence[str | Path] = (), *, strict: bool = False) -> Exercises:
    """Built-in exercises plus those of the content packs (``LLMPATH_CONTENT`` and ``extra``).

    With ``strict``, any problem raises :class:`ContentError` (what commands want); ``validate`` reads them instead.
    """
    packs = [root / "exercises" for root in _pack_roots(extra) if root.is_dir()]
    key = tuple(str(p.resolve()) for p in packs)
    found = _CACHE.get(key)
    if found is None:
        found = Exercises()
        _read(found, exercise_folders(BUILTIN_DIR), builtin=True)
        for pack in packs:
            _read(found, exercise_folders(pack), builtin=False)
        _CACHE[key] = found
    if strict and found.problems:
        raise ContentError(found.problems)
    return found


def get_exercise(exercise_id: str, extra: Sequence[str | Path] = ()) -> ExerciseSpec:
    return load_exercises(extra, strict=True).get(exercise_id)


def exercise_ids(extra: Sequence[str | Path] = ()) -> list[str]:
    return load_exercises(extra).ids()


def exercises_in_unit(unit: str, extra: Sequence[str | Path] = ()) -> list[ExerciseSpec]:
    return load_exercises(extra).in_unit(unit)


def load_check(spec: ExerciseSpec) -> Any:
    """The exercise's ``check.py``, imported here (never in the child); a pack's is loaded from its folder."""
    import importlib
    import importlib.util
    import sys

    if spec.builtin:
        return importlib.import_module(f"llmpath.exercises.{spec.package}.check")
    package = f"_llmpath_pack_exercise_{spec.package}"
    if package not in sys.modules:
        init = importlib.util.spec_from_loader(package, loader=None, is_package=True)
        module = importlib.util.module_from_spec(init)
        module.__path__ = [str(spec.folder)]
        sys.modules[package] = module
    return importlib.import_module(f"{package}.check")


def __getattr__(name: str) -> Any:
    if name == "EXERCISES":  # the built-in (and LLMPATH_CONTENT) exercises, for code that wants the whole list
        return tuple(load_exercises().specs)
    raise AttributeError(name)

"""The whole curriculum in memory (:class:`Catalog`), where content lives, and ``validate``: parse every
file and run the checks that need more than one file, returning every problem.

Commands load through ``catalog.load_catalog`` (which adds the cache); this module does not know
the cache exists, so the two import in one direction only. A later root overrides an earlier one
id by id, so a pack can replace or add units.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from llmpath.content.models import Concept, Module, Question, Unit
from llmpath.errors import Problem, UnknownTopicError
from llmpath.suggest import suggest  # noqa: F401 - also imported from here by older callers

if TYPE_CHECKING:  # the loader (and PyYAML) is imported only when files must be parsed
    from llmpath.content.loader import RawFile


@dataclass
class Catalog:
    modules: dict[str, Module] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    concepts: dict[str, tuple[Concept, str]] = field(default_factory=dict)  # id -> (concept, unit id)

    # ------------------------------------------------------------------ queries
    def ordered_modules(self) -> list[Module]:
        return sorted(self.modules.values(), key=lambda m: (m.order, m.id))

    def units_in(self, module_id: str) -> list[Unit]:
        return sorted((u for u in self.units.values() if u.module == module_id), key=lambda u: (u.order, u.id))

    def path_order(self) -> list[Unit]:
        """Every unit in learning order: module by module, unit order within a module."""
        return [unit for module in self.ordered_modules() for unit in self.units_in(module.id)]

    def questions_for(self, unit_id: str) -> list[Question]:
        return [q for q in self.questions.values() if q.unit == unit_id]

    def questions_in(self, topic: Unit | Module) -> list[Question]:
        if isinstance(topic, Unit):
            return self.questions_for(topic.id)
        unit_ids = {u.id for u in self.units_in(topic.id)}
        return [q for q in self.questions.values() if q.unit in unit_ids]

    def unit_of_concept(self, concept_id: str) -> Unit | None:
        entry = self.concepts.get(concept_id)
        return self.units.get(entry[1]) if entry else None

    def resolve(self, topic: str) -> Unit | Module:
        """A unit or module by id or unique id prefix; otherwise suggest the nearest ids."""
        key = topic.strip().lower()
        if key in self.units:
            return self.units[key]
        if key in self.modules:
            return self.modules[key]
        ids = list(self.modules) + list(self.units)
        starting = [i for i in ids if key and i.startswith(key)]
        if len(starting) == 1:
            return self.units.get(starting[0]) or self.modules[starting[0]]
        raise UnknownTopicError(topic, suggest(key, ids, starting))


# ---------------------------------------------------------------------- loading

def builtin_roots() -> list[Path]:
    from llmpath.paths import builtin_content_root

    return [builtin_content_root()]


def pack_roots(extra: Iterable[str | Path] = ()) -> list[Path]:
    """Content packs from ``LLMPATH_CONTENT`` (os.pathsep-separated) then ``--content``."""
    env = os.environ.get("LLMPATH_CONTENT", "")
    roots = [Path(p) for p in env.split(os.pathsep) if p]
    roots += [Path(p) for p in extra]
    return roots


def content_files(root: Path) -> list[Path]:
    """The YAML files of one content root, in a stable order."""
    if not root.exists():
        return []
    if root.is_file():
        return [root]
    subdirs = [root / "curriculum", root / "quizzes"]
    bases = [d for d in subdirs if d.is_dir()] or [root]
    files: list[Path] = []
    skip = root / "exercises"  # a pack's exercises are read by llmpath.exercises.registry, not as units
    for base in bases:
        files += sorted(p for p in base.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file() and skip not in p.parents)
    return files


def validate(roots: Sequence[Path], *, known_demos: set[str] | None = None, known_exercises: set[str] | None = None,
             known_generators: set[str] | None = None, lint: bool = False) -> tuple[Catalog, list[Problem]]:
    """Load every root and run all checks; return the catalog and every problem found.

    ``lint`` (what `llmpath validate` asks for) adds the typesetting checks of content/lint.py."""
    from llmpath.content.loader import file_kind, parse_modules, parse_quiz, parse_unit, read_yaml

    problems: list[Problem] = []
    catalog = Catalog()
    where: dict[tuple[str, str], tuple[RawFile, tuple]] = {}  # (kind, id) -> where it was defined
    for root in roots:
        if not root.exists():
            problems.append(Problem(str(root), 1, "content folder does not exist"))
            continue
        seen_here: set[tuple[str, str]] = set()
        for path in content_files(root):
            raw, read_problems = read_yaml(path)
            problems += read_problems
            if raw is None:
                continue
            kind = file_kind(raw.data)
            if kind == "modules":
                modules, found = parse_modules(raw, lint=lint)
                problems += found
                for i, module in enumerate(modules):
                    _define(catalog.modules, ("module", module.id), module, raw, ("modules", i, "id"), seen_here, where, problems)
            elif kind == "unit":
                unit, found = parse_unit(raw, lint=lint)
                problems += found
                if unit is not None:
                    _define(catalog.units, ("unit", unit.id), unit, raw, ("id",), seen_here, where, problems)
                    for i, concept in enumerate(unit.concepts):
                        key = ("concept", concept.id)
                        previous = where.get(key)
                        if previous and key in seen_here and catalog.concepts[concept.id][1] != unit.id:
                            problems.append(_dup(raw, ("concepts", i, "id"), f"concept '{concept.id}'", previous))
                        else:
                            catalog.concepts[concept.id] = (concept, unit.id)
                            where[key] = (raw, ("concepts", i, "id"))
                            seen_here.add(key)
            else:
                unit_id, questions, found = parse_quiz(raw, lint=lint)
                problems += found
                for i, question in enumerate(questions):
                    _define(catalog.questions, ("question", question.id), question, raw, ("questions", i, "id"), seen_here, where, problems)
    if known_exercises is None:  # the built-in exercises and those of the packs being read (<pack>/exercises/)
        from llmpath.exercises.registry import exercise_ids

        known_exercises = set(exercise_ids(list(roots)))
    problems += _cross_checks(catalog, where, known_demos, known_exercises, known_generators)
    if lint:
        problems += _coverage_problems(catalog, where)
        problems += _figure_problems(catalog, where)
    return catalog, problems


def _figure_problems(catalog: Catalog, where: dict) -> list[Problem]:
    """Every built-in unit shows at least one figure (`llmpath validate`); a pack's units may have none."""
    builtin = (builtin_roots()[0] / "curriculum").resolve()
    problems = []
    for unit in catalog.units.values():
        if any(section.figure for section in unit.sections) or ("unit", unit.id) not in where:
            continue
        if builtin not in Path(unit.path).resolve().parents:
            continue
        raw, _ = where[("unit", unit.id)]
        problems.append(Problem(raw.path, raw.line_of(("sections",)), f"unit '{unit.id}' has no figure: add a `figure:` block "
                                "to the section it illustrates (docs/CONTENT.md, “Figures”)"))
    return problems


MIN_QUESTIONS_PER_CONCEPT = 2


def _coverage_problems(catalog: Catalog, where: dict) -> list[Problem]:
    """Every concept a unit declares is tested by at least two questions (`llmpath validate`)."""
    uses: dict[str, int] = {}
    for question in catalog.questions.values():
        for concept in question.concepts:
            uses[concept] = uses.get(concept, 0) + 1
    problems = []
    for concept_id, (concept, unit_id) in sorted(catalog.concepts.items()):
        if uses.get(concept_id, 0) < MIN_QUESTIONS_PER_CONCEPT and ("concept", concept_id) in where:
            raw, loc = where[("concept", concept_id)]
            problems.append(Problem(raw.path, raw.line_of(loc), f"concept '{concept_id}' of unit '{unit_id}' is tested by "
                                    f"{uses.get(concept_id, 0)} question(s); every concept needs at least {MIN_QUESTIONS_PER_CONCEPT}"))
    return problems


def _define(table: dict, key: tuple[str, str], value: object, raw: "RawFile", loc: tuple, seen_here: set, where: dict, problems: list[Problem]) -> None:
    if key in seen_here:
        problems.append(_dup(raw, loc, f"{key[0]} id '{key[1]}'", where[key]))
        return
    seen_here.add(key)
    table[key[1]] = value
    where[key] = (raw, loc)


def _dup(raw: "RawFile", loc: tuple, what: str, previous: "tuple[RawFile, tuple]") -> Problem:
    first_raw, first_loc = previous
    return Problem(raw.path, raw.line_of(loc), f"duplicate {what} (first defined at {first_raw.path}:{first_raw.line_of(first_loc)})")


def _cross_checks(catalog: Catalog, where: dict, known_demos: set[str] | None, known_exercises: set[str] | None,
                  known_generators: set[str] | None) -> list[Problem]:
    problems: list[Problem] = []

    def at(kind: str, ident: str, sub: tuple = ()) -> tuple[str, int]:
        raw, loc = where[(kind, ident)]
        loc = loc[:-1] + sub if sub else loc
        return raw.path, raw.line_of(loc)

    if known_demos is None:
        from llmpath.demos.registry import demo_ids

        known_demos = set(demo_ids())
    if known_exercises is None:
        from llmpath.exercises.registry import exercise_ids

        known_exercises = set(exercise_ids())
    if known_generators is None:
        from llmpath.generators import generator_names

        known_generators = set(generator_names())

    for unit in catalog.units.values():
        if unit.module not in catalog.modules:
            problems.append(Problem(*at("unit", unit.id, ("module",)), f"unit '{unit.id}': unknown module '{unit.module}' (known: {', '.join(catalog.modules)})"))
        for i, prereq in enumerate(unit.prerequisites):
            if prereq not in catalog.units:
                hint = suggest(prereq, list(catalog.units))
                more = f"; did you mean {', '.join(hint)}?" if hint else ""
                problems.append(Problem(*at("unit", unit.id, ("prerequisites", i)), f"unit '{unit.id}': unknown prerequisite '{prereq}'{more}"))
        for i, demo in enumerate(unit.demos):
            if demo not in known_demos:
                hint = suggest(demo, sorted(known_demos))
                more = f"; did you mean {', '.join(hint)}?" if hint else ""
                problems.append(Problem(*at("unit", unit.id, ("demos", i)), f"unit '{unit.id}': unknown demo '{demo}'{more}"))
        for i, exercise in enumerate(unit.exercises):
            if exercise not in known_exercises:
                problems.append(Problem(*at("unit", unit.id, ("exercises", i)), f"unit '{unit.id}': unknown exercise '{exercise}'"))
    problems += _cycle_problems(catalog, at)
    for question in catalog.questions.values():
        if question.unit not in catalog.units:
            problems.append(Problem(*at("question", question.id), f"question '{question.id}': its quiz file names unknown unit '{question.unit}'"))
        raw, loc = where[("question", question.id)]
        for j, concept in enumerate(question.concepts):
            if concept not in catalog.concepts:
                problems.append(Problem(raw.path, raw.line_of(loc[:-1] + ("concepts", j)), f"question '{question.id}': unknown concept '{concept}' (declare it under a unit's concepts)"))
        if question.type == "generated" and question.generator not in known_generators:
            hint = suggest(question.generator or "", sorted(known_generators))
            more = f"; did you mean {', '.join(hint)}?" if hint else ""
            problems.append(Problem(raw.path, raw.line_of(loc[:-1] + ("generator",)), f"question '{question.id}': unknown generator '{question.generator}'{more}"))
    return problems


def _cycle_problems(catalog: Catalog, at) -> list[Problem]:
    """Report each prerequisite cycle once, at its alphabetically first unit."""
    problems = []
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(uid: str) -> None:
        state[uid] = 1
        stack.append(uid)
        for nxt in catalog.units[uid].prerequisites:
            if nxt not in catalog.units:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):]
                members = frozenset(cycle)
                if members not in reported:
                    reported.add(members)
                    start = min(cycle)
                    i = cycle.index(start)
                    ring = cycle[i:] + cycle[:i] + [start]
                    problems.append(Problem(*at("unit", start, ("prerequisites",)), f"prerequisite cycle: {' -> '.join(ring)}"))
            elif state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[uid] = 2

    for uid in sorted(catalog.units):
        if uid not in state:
            visit(uid)
    return problems

"""YAML content files → schema objects, with every problem located at ``path:line``.

One entry point per file kind. Parsing uses PyYAML's safe loader (the C one when
present), so tags such as ``!!python/object`` are refused and nothing can execute.
A problem's line is looked up in the file's node tree through a per-mapping index, so
locating 100,000 problems stays linear; a big file keeps the tree its parse built.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from llmpath.content.models import (
    FORMAT_VERSION,
    LANGUAGES,
    QUESTION_TYPES,
    Choice,
    Concept,
    Figure,
    FigureSeries,
    KeyTerm,
    L10n,
    Mistake,
    Module,
    Question,
    Section,
    Unit,
)
from llmpath.errors import Problem
from llmpath.textsafe import clean_terminal_text, first_control_character, has_control_characters

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 2_000_000  # the largest built-in file is ~60 kB; refuse hostile giants fast
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# A file with 100,000 mistakes is not read line by line by anyone; listing the first
# 100 keeps `validate` fast (no line lookup or did-you-mean for the rest).
MAX_PROBLEMS_PER_FILE = 100
KEEP_NODES_BYTES = 200_000

Loc = tuple[Any, ...]


@dataclass
class RawFile:
    """A parsed YAML document and what is needed to locate problems in it."""

    path: str
    text: str
    data: Any
    _nodes: Any = None
    # id(mapping node) -> {key: (key node, value node)}: built once per mapping, so locating
    # every problem of a file with 100,000 keys stays linear rather than quadratic.
    _index: dict[int, dict[Any, tuple[Any, Any]]] = field(default_factory=dict, repr=False)

    def release_nodes(self) -> None:
        self._nodes = None
        self._index.clear()

    def _root(self) -> Any:
        if self._nodes is None:
            try:
                self._nodes = yaml.compose(self.text, Loader=SafeLoader) or False
            except (yaml.YAMLError, RecursionError):
                self._nodes = False
        return self._nodes

    def _child(self, node: Any, step: Any) -> Any:
        if isinstance(node, yaml.MappingNode):
            entry = self._keys(node).get(step)
            return entry[1] if entry else None
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            return node.value[step]
        return None

    def _keys(self, node: Any) -> dict[Any, tuple[Any, Any]]:
        keys = self._index.get(id(node))
        if keys is None:
            keys = {}
            for key_node, value_node in node.value:
                keys.setdefault(getattr(key_node, "value", None), (key_node, value_node))  # the first wins, as before
            self._index[id(node)] = keys
        return keys

    def line_of(self, loc: Loc) -> int:
        """1-based line of the value at ``loc`` (a tuple of keys and indexes), best effort."""
        node = self._root()
        line = 1
        for step in loc:
            if not node:
                break
            line = node.start_mark.line + 1
            node = self._child(node, step)
        if node:
            line = node.start_mark.line + 1
        return line

    def key_line(self, loc: Loc, key: str) -> int:
        """Line of a mapping key itself (used for unknown keys)."""
        node = self._root()
        for step in loc:
            node = self._child(node, step) if node else None
        if isinstance(node, yaml.MappingNode):
            entry = self._keys(node).get(key)
            if entry is not None:
                return entry[0].start_mark.line + 1
        return self.line_of(loc)


def read_yaml(path: Path) -> tuple[RawFile | None, list[Problem]]:
    """Read and parse one YAML file; on failure return the located problem instead."""
    shown = str(path)
    try:
        size = path.stat().st_size  # refuse a giant before reading it into memory
        if size > MAX_FILE_BYTES:
            return None, [Problem(shown, 1, f"file is {size // 1024} KiB; content files are limited to {MAX_FILE_BYTES // 1000} kB")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read file: {exc.strerror or exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "file is not valid UTF-8")]
    try:
        nodes, data = _compose_and_construct(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        if "could not determine a constructor" in str(exc):
            return None, [Problem(shown, line, "refused: YAML tags that construct objects (like !!python/...) are not allowed in content files")]
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, line, f"YAML syntax error: {what}")]
    except RecursionError:
        return None, [Problem(shown, 1, "YAML nesting is too deep")]
    # A big file keeps its tree: composing 2 MB a second time to locate its problems would
    # double the cost. A small one lets it go (trees kept alive slow every garbage
    # collection) and is composed again only if a problem is found in it.
    return RawFile(shown, text, data, nodes if len(raw) > KEEP_NODES_BYTES else None), []


def _compose_and_construct(text: str) -> tuple[Any, Any]:
    """What ``yaml.load`` does, keeping the node tree: problems are located in it without parsing twice."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return (node or False), data


def file_kind(data: Any) -> str:
    """Classify a parsed document: 'modules', 'quiz' or 'unit'."""
    if isinstance(data, dict):
        if "questions" in data:
            return "quiz"
        if "modules" in data:
            return "modules"
    return "unit"


class _Checker:
    """Collects located problems while converting one raw document into models."""

    def __init__(self, raw: RawFile, *, lint: bool = False) -> None:
        self.raw = raw
        self.lint = lint  # `llmpath validate`: also check typesetting (content/lint.py)
        self.listed: list[Problem] = []
        self.count = 0  # every problem found, listed or not

    @property
    def problems(self) -> list[Problem]:
        """The problems to report: the first MAX_PROBLEMS_PER_FILE, then one line counting the rest."""
        unlisted = self.count - len(self.listed)
        if not unlisted:
            return self.listed
        more = Problem(self.raw.path, self.listed[-1].line, f"... and {unlisted} more problems in this file "
                       f"(only the first {MAX_PROBLEMS_PER_FILE} are listed; fix those and validate again)")
        return self.listed + [more]

    def done(self) -> list[Problem]:
        """The problems, once the file is checked; a clean file lets go of its node tree.

        Trees of clean files kept alive until the end of `validate` would make every
        garbage collection walk them; one is composed again if a later cross-file check
        needs a line in it.
        """
        if not self.count:
            self.raw.release_nodes()
        return self.problems

    def _full(self) -> bool:
        """Count a problem; True if the list is full (its line and message are then not worked out)."""
        self.count += 1
        return self.count > MAX_PROBLEMS_PER_FILE

    def problem(self, loc: Loc, message: str) -> None:
        if not self._full():
            self.listed.append(Problem(self.raw.path, self.raw.line_of(loc), message))

    def mapping(self, value: Any, loc: Loc, *, required: tuple[str, ...], optional: tuple[str, ...], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(loc, f"{what} must be a mapping, got {_type_name(value)}")
            return None
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed and not self._full():
                near = _nearest(str(key), sorted(allowed))
                hint = f" (did you mean '{near}'?)" if near else f"; allowed: {', '.join(sorted(allowed))}"
                self.listed.append(Problem(self.raw.path, self.raw.key_line(loc, key), f"unknown field '{_shown_key(key)}' in {what}{hint}"))
        for key in required:
            if key not in value:
                self.problem(loc, f"{what} is missing required field '{key}'")
        return value

    def l10n(self, value: Any, loc: Loc, what: str) -> L10n | None:
        if isinstance(value, str):
            self.problem(loc, f"{what} must give both languages as {{en: ..., zh: ...}}, got a plain string")
            return None
        data = self.mapping(value, loc, required=(), optional=LANGUAGES, what=what)
        if data is None:
            return None
        texts = {}
        for lang in LANGUAGES:
            text = data.get(lang)
            if text is None or (isinstance(text, str) and not text.strip()):
                self.problem(loc, f"missing translation '{lang}' in {what}")
            elif not isinstance(text, str):
                self.problem(loc + (lang,), f"{what}.{lang} must be text, got {_type_name(text)}")
            else:
                texts[lang] = self.plain_text(text, loc + (lang,), f"{what}.{lang}").strip()
                if self.lint and lang == "zh":
                    from llmpath.content.lint import zh_problem

                    problem = zh_problem(texts[lang])
                    if problem:
                        self.problem(loc + (lang,), f"{what}: {problem}")
        if len(texts) != len(LANGUAGES):
            return None
        return L10n(**texts)

    def plain_text(self, text: str, loc: Loc, what: str) -> str:
        """``text`` without control characters; finding one is a problem (it could drive the terminal)."""
        found = first_control_character(text)
        if found is None:
            return text
        _index, char = found
        if not self._full():
            self.listed.append(Problem(self.raw.path, self.raw.line_of(loc), f"{what} contains the control character U+{ord(char):04X}; "
                                       "terminal escape sequences and control characters are not allowed in content"))
        return clean_terminal_text(text)

    def ident(self, value: Any, loc: Loc, what: str) -> str | None:
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(loc, f"{what} must be a lowercase id (letters, digits, '-', '_', '.'), got {_short(value)}")
            return None
        return value

    def ident_list(self, value: Any, loc: Loc, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(loc, f"{what} must be a list of ids, got {_type_name(value)}")
            return ()
        out = [self.ident(item, loc + (i,), what) for i, item in enumerate(value)]
        return tuple(item for item in out if item)

    def integer(self, value: Any, loc: Loc, what: str, *, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(loc, f"{what} must be a whole number from {low} to {high}, got {_short(value)}")
            return None
        return value

    def number(self, value: Any, loc: Loc, what: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.problem(loc, f"{what} must be a number, got {_short(value)}")
            return None
        return float(value)

    def items(self, value: Any, loc: Loc, what: str, *, min_items: int = 0) -> list[Any]:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(loc, f"{what} must be a list, got {_type_name(value)}")
            return []
        if len(value) < min_items:
            self.problem(loc, f"{what} needs at least {min_items} item{'s' if min_items > 1 else ''}")
        return value

    def format_version(self, data: dict[str, Any]) -> None:
        version = data.get("format_version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            self.problem(("format_version",), f"format_version {_short(version)} is not supported (this llmpath reads {FORMAT_VERSION})")


def _short(value: Any) -> str:
    """A value for an error message: containers by kind only (an alias bomb must never be repr'd)."""
    if isinstance(value, (dict, list, tuple, set)):
        return _type_name(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _shown_key(key: Any) -> str:
    """A mapping key for a message: control characters escaped, long keys cut."""
    text = str(key)
    if has_control_characters(text):
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "nothing"}.get(type(value), type(value).__name__)


def _nearest(word: str, options: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else None


# ---------------------------------------------------------------------------- modules

def parse_modules(raw: RawFile, *, lint: bool = False) -> tuple[list[Module], list[Problem]]:
    check = _Checker(raw, lint=lint)
    data = check.mapping(raw.data, (), required=("modules",), optional=("format_version",), what="modules file")
    modules: list[Module] = []
    if data is not None:
        check.format_version(data)
        for i, item in enumerate(check.items(data.get("modules"), ("modules",), "modules", min_items=1)):
            loc = ("modules", i)
            entry = check.mapping(item, loc, required=("id", "order", "title", "summary"), optional=(), what="module")
            if entry is None:
                continue
            mid = check.ident(entry.get("id"), loc + ("id",), "module id")
            order = check.integer(entry.get("order"), loc + ("order",), "order", low=0, high=1000)
            title = check.l10n(entry.get("title"), loc + ("title",), "title")
            summary = check.l10n(entry.get("summary"), loc + ("summary",), "summary")
            if mid and order is not None and title and summary:
                modules.append(Module(mid, order, title, summary))
    return modules, check.done()


# ---------------------------------------------------------------------------- units

UNIT_REQUIRED = ("id", "module", "order", "title", "minutes", "objectives", "sections", "key_terms")
UNIT_OPTIONAL = ("format_version", "prerequisites", "demos", "exercises", "concepts")


def parse_unit(raw: RawFile, *, lint: bool = False) -> tuple[Unit | None, list[Problem]]:
    check = _Checker(raw, lint=lint)
    data = check.mapping(raw.data, (), required=UNIT_REQUIRED, optional=UNIT_OPTIONAL, what="unit")
    if data is None:
        return None, check.done()
    check.format_version(data)
    uid = check.ident(data.get("id"), ("id",), "unit id")
    module = check.ident(data.get("module"), ("module",), "module")
    order = check.integer(data.get("order"), ("order",), "order", low=0, high=1000)
    minutes = check.integer(data.get("minutes"), ("minutes",), "minutes", low=1, high=600)
    title = check.l10n(data.get("title"), ("title",), "title")
    objectives = tuple(
        obj for i, item in enumerate(check.items(data.get("objectives"), ("objectives",), "objectives", min_items=1))
        if (obj := check.l10n(item, ("objectives", i), f"objective {i + 1}"))
    )
    sections = []
    section_ids: set[str] = set()
    for i, item in enumerate(check.items(data.get("sections"), ("sections",), "sections", min_items=1)):
        loc = ("sections", i)
        entry = check.mapping(item, loc, required=("id", "title", "body"), optional=("figure",), what=f"section {i + 1}")
        if entry is None:
            continue
        sid = check.ident(entry.get("id"), loc + ("id",), "section id")
        if sid in section_ids:
            check.problem(loc + ("id",), f"duplicate section id '{sid}'")
        section_ids.add(sid or "")
        stitle = check.l10n(entry.get("title"), loc + ("title",), f"section '{sid}' title")
        body = check.l10n(entry.get("body"), loc + ("body",), f"section '{sid}' body")
        figure = parse_figure(check, entry["figure"], loc + ("figure",), f"section '{sid}' figure") if "figure" in entry else None
        if sid and stitle and body:
            sections.append(Section(sid, stitle, body, figure))
    key_terms = []
    for i, item in enumerate(check.items(data.get("key_terms"), ("key_terms",), "key_terms")):
        loc = ("key_terms", i)
        entry = check.mapping(item, loc, required=("term", "definition"), optional=(), what="key term")
        if entry is None:
            continue
        term = check.l10n(entry.get("term"), loc + ("term",), "key term")
        definition = check.l10n(entry.get("definition"), loc + ("definition",), "key term definition")
        if term and definition:
            key_terms.append(KeyTerm(term, definition))
    concepts = []
    for i, item in enumerate(check.items(data.get("concepts"), ("concepts",), "concepts")):
        loc = ("concepts", i)
        entry = check.mapping(item, loc, required=("id", "name"), optional=(), what="concept")
        if entry is None:
            continue
        cid = check.ident(entry.get("id"), loc + ("id",), "concept id")
        name = check.l10n(entry.get("name"), loc + ("name",), "concept name")
        if cid and name:
            concepts.append(Concept(cid, name))
    prerequisites = check.ident_list(data.get("prerequisites"), ("prerequisites",), "prerequisite")
    demos = check.ident_list(data.get("demos"), ("demos",), "demo id")
    exercises = check.ident_list(data.get("exercises"), ("exercises",), "exercise id")
    # A unit whose essentials parsed is still returned alongside its problems, so one
    # typo does not cascade into "unknown unit" errors in every file that refers to it.
    if not (uid and module and title) or order is None or minutes is None:
        return None, check.done()
    unit = Unit(
        id=uid, module=module, order=order, title=title, minutes=minutes, objectives=objectives,
        sections=tuple(sections), key_terms=tuple(key_terms), prerequisites=prerequisites,
        demos=demos, exercises=exercises, concepts=tuple(concepts), path=raw.path,
    )
    return unit, check.done()


# ---------------------------------------------------------------------------- figures

FIGURE_KINDS = ("line", "scatter", "bar")
MAX_SERIES = 8
MAX_POINTS = 2000


def parse_figure(check: _Checker, value: Any, loc: Loc, what: str) -> Figure | None:
    """A section's ``figure:`` block: a built-in function by name (``draw`` + ``params``) or points (``series``)."""
    entry = check.mapping(value, loc, required=("caption", "description"),
                          optional=("x_label", "y_label", "draw", "params", "kind", "series", "labels"), what=what)
    if entry is None:
        return None
    before = check.count
    caption = check.l10n(entry["caption"], loc + ("caption",), f"{what} caption") if "caption" in entry else None
    description = check.l10n(entry["description"], loc + ("description",), f"{what} description") if "description" in entry else None
    labels = {axis: check.l10n(entry[axis], loc + (axis,), f"{what} {axis}") if axis in entry else None for axis in ("x_label", "y_label")}
    if ("draw" in entry) == ("series" in entry):
        check.problem(loc, f"{what} needs either 'draw' (a built-in figure function) or 'series' (the points), not {'both' if 'draw' in entry else 'neither'}")
        return None
    if "draw" in entry:
        for key in ("kind", "labels"):
            if key in entry:
                check.problem(loc + (key,), f"{what}: '{key}' goes with 'series', not with 'draw'")
        draw, params = _figure_function(check, entry, loc, what)
        series: tuple[FigureSeries, ...] = ()
        kind, bar_labels = "line", ()
    else:
        if "params" in entry:
            check.problem(loc + ("params",), f"{what}: 'params' goes with 'draw', not with 'series'")
        draw, params = "", {}
        kind = entry.get("kind", "line")
        if kind not in FIGURE_KINDS:
            check.problem(loc + ("kind",), f"{what}: kind must be one of {', '.join(FIGURE_KINDS)}, got {_short(kind)}")
            return None
        series, bar_labels = _figure_series(check, entry, loc, what, kind)
    if check.count > before or not (caption and description):
        return None
    return Figure(caption=caption, description=description, x_label=labels["x_label"], y_label=labels["y_label"], draw=draw,
                  params=params, kind=kind, series=series, labels=bar_labels, path=check.raw.path, line=check.raw.line_of(loc))


def _figure_function(check: _Checker, entry: dict[str, Any], loc: Loc, what: str) -> tuple[str, dict[str, Any]]:
    from llmpath.figures.functions import FUNCTIONS

    name = check.ident(entry.get("draw"), loc + ("draw",), f"{what} draw")
    if name is None:
        return "", {}
    function = FUNCTIONS.get(name)
    if function is None:
        near = _nearest(name, sorted(FUNCTIONS))
        hint = f" (did you mean '{near}'?)" if near else f"; built-in figures: {', '.join(sorted(FUNCTIONS))}"
        check.problem(loc + ("draw",), f"{what}: unknown figure function '{name}'{hint}")
        return "", {}
    raw_params = entry.get("params") or {}
    if not isinstance(raw_params, dict):
        check.problem(loc + ("params",), f"{what}: params must be a mapping, got {_type_name(raw_params)}")
        return "", {}
    ok = True
    for key, given in raw_params.items():
        param = function.params.get(key) if isinstance(key, str) else None
        if param is None:
            near = _nearest(str(key), sorted(function.params))
            hint = f" (did you mean '{near}'?)" if near else f"; its parameters: {', '.join(sorted(function.params)) or 'none'}"
            if not check._full():
                check.listed.append(Problem(check.raw.path, check.raw.key_line(loc + ("params",), key),
                                            f"{what}: figure '{name}' has no parameter '{_shown_key(key)}'{hint}"))
            ok = False
            continue
        problem = param.check(given)
        if problem:
            check.problem(loc + ("params", key), f"{what}: parameter '{key}' of figure '{name}' {problem} ({param.describe()})")
            ok = False
    if ok and function.check is not None:
        problem = function.check(function.arguments(raw_params))
        if problem:
            check.problem(loc + ("params",), f"{what}: figure '{name}': {problem}")
    return name, dict(raw_params)


def _figure_series(check: _Checker, entry: dict[str, Any], loc: Loc, what: str, kind: str) -> tuple[tuple[FigureSeries, ...], tuple[L10n, ...]]:
    items = check.items(entry.get("series"), loc + ("series",), f"{what} series", min_items=1)
    if len(items) > MAX_SERIES:
        check.problem(loc + ("series",), f"{what}: at most {MAX_SERIES} series, got {len(items)}")
        return (), ()
    labels: list[L10n] = []
    if kind == "bar":
        for i, label in enumerate(check.items(entry.get("labels"), loc + ("labels",), f"{what} labels", min_items=1)[:MAX_POINTS]):
            if isinstance(label, str) and label.strip() and len(label) <= 40:
                text = check.plain_text(label, loc + ("labels", i), f"{what} label")
                labels.append(L10n(text, text))
            elif isinstance(label, dict):
                found = check.l10n(label, loc + ("labels", i), f"{what} label {i + 1}")
                if found:
                    labels.append(found)
            else:
                check.problem(loc + ("labels", i), f"{what}: a bar label is a short text or {{en: ..., zh: ...}}, got {_short(label)}")
    elif "labels" in entry:
        check.problem(loc + ("labels",), f"{what}: 'labels' names the bars of kind 'bar' only")
    out = []
    for i, item in enumerate(items):
        sloc = loc + ("series", i)
        fields = ("name", "y") if kind == "bar" else ("name", "x", "y")
        series = check.mapping(item, sloc, required=fields, optional=(), what=f"{what} series {i + 1}")
        if series is None:
            continue
        name = check.l10n(series.get("name"), sloc + ("name",), f"{what} series {i + 1} name")
        ys = _numbers(check, series.get("y"), sloc + ("y",), f"{what} series {i + 1} y")
        xs = _numbers(check, series.get("x"), sloc + ("x",), f"{what} series {i + 1} x") if kind != "bar" else tuple(float(j) for j in range(len(ys or ())))
        if xs is None or ys is None or name is None:
            continue
        if kind == "bar" and labels and len(ys) != len(labels):
            check.problem(sloc + ("y",), f"{what} series {i + 1}: {len(ys)} values for {len(labels)} labels")
        elif kind != "bar" and len(xs) != len(ys):
            check.problem(sloc + ("y",), f"{what} series {i + 1}: {len(xs)} x values but {len(ys)} y values")
        out.append(FigureSeries(name, xs, ys))
    return tuple(out), tuple(labels)


def _numbers(check: _Checker, value: Any, loc: Loc, what: str) -> tuple[float, ...] | None:
    if not isinstance(value, list) or not value:
        check.problem(loc, f"{what} must be a list of numbers, got {_short(value)}")
        return None
    if len(value) > MAX_POINTS:
        check.problem(loc, f"{what}: at most {MAX_POINTS} points, got {len(value)}")
        return None
    for j, number in enumerate(value):
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
            check.problem(loc + (j,), f"{what}: item {j + 1} must be a finite number, got {_short(number)}")
            return None
    return tuple(float(v) for v in value)


# ---------------------------------------------------------------------------- questions

QUESTION_COMMON = ("id", "type", "prompt", "explanation")
QUESTION_OPTIONAL = ("difficulty", "concepts", "hints", "hint", "choices", "answer", "tolerance", "generator", "params", "mistakes")


def parse_quiz(raw: RawFile, *, lint: bool = False) -> tuple[str | None, list[Question], list[Problem]]:
    """A quiz file: ``unit: <id>`` and a list of ``questions``."""
    check = _Checker(raw, lint=lint)
    data = check.mapping(raw.data, (), required=("unit", "questions"), optional=("format_version",), what="quiz file")
    if data is None:
        return None, [], check.done()
    check.format_version(data)
    unit = check.ident(data.get("unit"), ("unit",), "unit")
    questions = []
    for i, item in enumerate(check.items(data.get("questions"), ("questions",), "questions", min_items=1)):
        question = _parse_question(check, item, ("questions", i), unit or "")
        if question is not None:
            questions.append(question)
    return unit, questions, check.done()


def _parse_question(check: _Checker, item: Any, loc: Loc, unit: str) -> Question | None:
    entry = check.mapping(item, loc, required=("id", "type", "prompt"), optional=("explanation",) + QUESTION_OPTIONAL, what="question")
    if entry is None:
        return None
    before = check.count
    qid = check.ident(entry.get("id"), loc + ("id",), "question id")
    what = f"question '{qid}'"
    if "explanation" not in entry:
        check.problem(loc, f"{what} has no explanation; every question must explain its answer")
    qtype = entry.get("type")
    if qtype not in QUESTION_TYPES:
        check.problem(loc + ("type",), f"{what}: type must be one of {', '.join(QUESTION_TYPES)}, got {_short(qtype)}")
        return None
    prompt = check.l10n(entry.get("prompt"), loc + ("prompt",), f"{what} prompt")
    explanation = check.l10n(entry.get("explanation"), loc + ("explanation",), f"{what} explanation") if "explanation" in entry else None
    hints = _parse_hints(check, entry, loc, what)
    difficulty = check.integer(entry.get("difficulty", 1), loc + ("difficulty",), "difficulty", low=1, high=3)
    concepts = check.ident_list(entry.get("concepts"), loc + ("concepts",), "concept id")

    choices: tuple[Choice, ...] = ()
    answer: Any = None
    tolerance = 0.0
    mistakes: tuple[Mistake, ...] = ()
    generator = None
    params: dict[str, Any] = {}
    allowed_by_type = {
        "single": {"choices", "answer"}, "multi": {"choices", "answer"}, "true_false": {"answer"},
        "numeric": {"answer", "tolerance", "mistakes"}, "text": {"answer"}, "generated": {"generator", "params"},
    }
    for key in ("choices", "answer", "tolerance", "mistakes", "generator", "params"):
        if key in entry and key not in allowed_by_type[qtype]:
            check.problem(loc + (key,), f"{what}: field '{key}' does not apply to type '{qtype}'")

    if qtype in ("single", "multi"):
        choices = _parse_choices(check, entry.get("choices"), loc + ("choices",), what)
        keys = [c.key for c in choices]
        raw_answer = entry.get("answer")
        wanted = raw_answer if qtype == "multi" else [raw_answer]
        if qtype == "multi" and not isinstance(raw_answer, list):
            check.problem(loc + ("answer",), f"{what}: a multi answer is a list of choice keys, got {_short(raw_answer)}")
            wanted = []
        elif qtype == "multi" and not raw_answer:
            check.problem(loc + ("answer",), f"{what}: a multi answer needs at least one choice key")
        missing = [str(a) for a in wanted if str(a) not in keys]
        if raw_answer is None:
            check.problem(loc, f"{what} is missing required field 'answer'")
        elif missing and keys:
            check.problem(loc + ("answer",), f"{what}: answer {', '.join(repr(m) for m in missing)} is not among the choices ({', '.join(keys)})")
        answer = tuple(str(a) for a in wanted) if qtype == "multi" else str(raw_answer)
    elif qtype == "true_false":
        answer = entry.get("answer")
        if not isinstance(answer, bool):
            check.problem(loc + ("answer",), f"{what}: a true_false answer must be true or false, got {_short(answer)}")
    elif qtype == "numeric":
        answer = check.number(entry.get("answer"), loc + ("answer",), f"{what} answer")
        tolerance = check.number(entry.get("tolerance", 0.0), loc + ("tolerance",), f"{what} tolerance") or 0.0
        if tolerance < 0:
            check.problem(loc + ("tolerance",), f"{what}: tolerance must not be negative")
        parsed = []
        for j, mistake in enumerate(check.items(entry.get("mistakes"), loc + ("mistakes",), "mistakes")):
            mloc = loc + ("mistakes", j)
            m = check.mapping(mistake, mloc, required=("value", "feedback"), optional=(), what="mistake")
            if m is None:
                continue
            value = check.number(m.get("value"), mloc + ("value",), "mistake value")
            feedback = check.l10n(m.get("feedback"), mloc + ("feedback",), "mistake feedback")
            if value is not None and feedback:
                parsed.append(Mistake(value, feedback))
        mistakes = tuple(parsed)
    elif qtype == "text":
        raw_answer = entry.get("answer")
        accepted = [raw_answer] if isinstance(raw_answer, str) else raw_answer
        if not isinstance(accepted, list) or not accepted or not all(isinstance(a, str) and a.strip() for a in accepted):
            check.problem(loc + ("answer",), f"{what}: a text answer is a non-empty list of accepted answers, got {_short(raw_answer)}")
            accepted = []
        accepted = [check.plain_text(a, loc + ("answer",), f"{what} answer") for a in accepted]
        answer = tuple(accepted)
    elif qtype == "generated":
        generator = check.ident(entry.get("generator"), loc + ("generator",), f"{what} generator")
        params = entry.get("params") or {}
        if not isinstance(params, dict):
            check.problem(loc + ("params",), f"{what}: params must be a mapping")
            params = {}
    if check.count > before or not (qid and prompt and explanation) or difficulty is None:
        return None
    question = Question(
        id=qid, unit=unit, type=qtype, prompt=prompt, explanation=explanation, difficulty=difficulty,
        concepts=concepts, answer=answer, choices=choices, tolerance=tolerance, hints=hints,
        generator=generator, params=params, mistakes=mistakes, path=check.raw.path,
    )
    if check.lint:
        lint_question(check, question, loc)
    return question


def _parse_hints(check: _Checker, entry: dict[str, Any], loc: Loc, what: str) -> tuple[L10n, ...]:
    """``hints:`` — a list, easiest first; a single ``hint:`` is read as a ladder of one."""
    if "hint" in entry and "hints" in entry:
        check.problem(loc + ("hint",), f"{what}: give either 'hints' (a list) or 'hint', not both")
    if "hint" in entry:
        one = check.l10n(entry["hint"], loc + ("hint",), f"{what} hint")
        return (one,) if one else ()
    ladder = []
    for i, item in enumerate(check.items(entry.get("hints"), loc + ("hints",), f"{what} hints")):
        hint = check.l10n(item, loc + ("hints", i), f"{what} hint {i + 1}")
        if hint:
            ladder.append(hint)
    return tuple(ladder)


def lint_question(check: _Checker, question: Question, loc: Loc) -> None:
    """Typesetting and option-reference checks `llmpath validate` adds to the schema's (see lint.py)."""
    from llmpath.content.lint import OPTION_REF, letter_reference

    if not question.hints and not _generator_hints(question):
        check.problem(loc, f"question '{question.id}' has no hint: add `hints:` (hint 1 the method, hint 2 the first step)")
    if not question.shuffled:
        return
    keys = {c.key for c in question.choices}
    texts = [(question.explanation, loc + ("explanation",))] + [(h, loc + ("hints", i)) for i, h in enumerate(question.hints)]
    texts += [(c.feedback, loc + ("choices", i, "feedback")) for i, c in enumerate(question.choices) if c.feedback]
    for text, where in texts:
        for lang in LANGUAGES:
            value = text.get(lang)
            problem = letter_reference(value)
            if problem:
                check.problem(where, f"question '{question.id}' ({lang}): {problem}")
            for key in OPTION_REF.findall(value):
                if key not in keys:
                    check.problem(where, f"question '{question.id}' ({lang}): {{opt:{key}}} names no option (options: {', '.join(sorted(keys))})")


def _generator_hints(question: Question) -> bool:
    """A generated question's ladder comes from its generator: draw one instance and look."""
    if question.type != "generated" or not question.generator:
        return False
    import random

    from llmpath.generators import generate, generator_names

    if question.generator not in generator_names():
        return True  # the unknown generator is reported by the catalog's cross-checks
    try:
        return bool(generate(question.generator, random.Random(0), question.params).ladder())
    except Exception:  # noqa: BLE001 - a generator that fails on its params is the property tests' to report
        return True


def _parse_choices(check: _Checker, value: Any, loc: Loc, what: str) -> tuple[Choice, ...]:
    out = []
    seen: set[str] = set()
    for i, item in enumerate(check.items(value, loc, f"{what} choices", min_items=2)):
        cloc = loc + (i,)
        entry = check.mapping(item, cloc, required=("key", "text"), optional=("feedback",), what="choice")
        if entry is None:
            continue
        key = str(entry.get("key", ""))
        if not re.fullmatch(r"[a-z]", key):
            check.problem(cloc + ("key",), f"{what}: choice key must be one letter a-z, got {_short(key)}")
            continue
        if key in seen:
            check.problem(cloc + ("key",), f"{what}: duplicate choice key '{key}'")
        seen.add(key)
        text = check.l10n(entry.get("text"), cloc + ("text",), f"{what} choice '{key}'")
        feedback = check.l10n(entry["feedback"], cloc + ("feedback",), f"{what} choice '{key}' feedback") if "feedback" in entry else None
        if text:
            out.append(Choice(key, text, feedback))
    return tuple(out)

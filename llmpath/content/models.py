"""The content schema: one dataclass per kind of record, built only by the loader.

Every learner-facing text is a :class:`L10n` holding English and Simplified Chinese.
The loader (``loader.py``) checks raw YAML against the field tables below and reports
each problem with its file and line; nothing in a content file can run code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from llmpath.i18n import LANGS as LANGUAGES  # the language list is defined once, in i18n
from llmpath.i18n import L10n  # noqa: F401 - the bilingual text type, defined with the language list
from llmpath.content import QUESTION_TYPES  # noqa: F401 - part of the schema
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Module:
    """A top-level part of the path (math, ml, dl, tools, practice)."""

    id: str
    order: int
    title: L10n
    summary: L10n


@dataclass(frozen=True)
class FigureSeries:
    """One named curve, point set or bar group of a figure whose data the unit gives itself."""

    name: L10n
    x: tuple[float, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class Figure:
    """A chart shown under a section's text, drawn by llmpath from data — never code from a pack.

    Either ``draw`` names a built-in figure function (``llmpath/figures/functions.py``) and
    ``params`` holds its validated parameters, or ``series`` holds the points themselves
    (``kind``: line, scatter or bar; bars are named by ``labels``). ``description`` is what a
    pipe or a NO_COLOR terminal shows instead of the picture.
    """

    caption: L10n
    description: L10n
    x_label: L10n | None = None
    y_label: L10n | None = None
    draw: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    kind: str = "line"
    series: tuple[FigureSeries, ...] = ()
    labels: tuple[L10n, ...] = ()
    path: str = ""
    line: int = 1


@dataclass(frozen=True)
class Section:
    """One screen of explanation, Markdown in both languages, with an optional figure under it."""

    id: str
    title: L10n
    body: L10n
    figure: Figure | None = None


@dataclass(frozen=True)
class KeyTerm:
    term: L10n
    definition: L10n


@dataclass(frozen=True)
class Concept:
    """A concept this unit teaches; questions, demos and exercises refer to it by id."""

    id: str
    name: L10n


@dataclass(frozen=True)
class Unit:
    id: str
    module: str
    order: int
    title: L10n
    minutes: int
    objectives: tuple[L10n, ...]
    sections: tuple[Section, ...]
    key_terms: tuple[KeyTerm, ...]
    prerequisites: tuple[str, ...] = ()
    demos: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()
    concepts: tuple[Concept, ...] = ()
    path: str = ""
    line: int = 1


@dataclass(frozen=True)
class Choice:
    key: str
    text: L10n
    feedback: L10n | None = None  # why this option is wrong (or right): shown when picked


@dataclass(frozen=True)
class Mistake:
    """A common wrong numeric answer and the misconception behind it."""

    value: float
    feedback: L10n


@dataclass(frozen=True)
class Question:
    id: str
    unit: str
    type: str
    prompt: L10n
    explanation: L10n
    difficulty: int
    concepts: tuple[str, ...]
    # single: a choice key; multi: tuple of keys; true_false: bool; numeric: float;
    # text: tuple of accepted answers; generated: None (the generator computes it).
    answer: Any = None
    choices: tuple[Choice, ...] = ()
    tolerance: float = 0.0
    hints: tuple[L10n, ...] = ()  # a ladder: the first points to the method, later ones work a step
    generator: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    path: str = ""
    line: int = 1

    @property
    def shuffled(self) -> bool:
        """Options are shown in a random order, so texts name them with ``{opt:KEY}``, never a letter."""
        return self.type in ("single", "multi")

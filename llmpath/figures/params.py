"""Parameters of the built-in figure functions: declared types and bounds, checked before use.

A content pack can only pick a function by name and give it values inside these bounds, so
a hostile pack cannot run code or make a figure compute for minutes: a wrong value is one
located problem in ``llmpath validate``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_WORD = 16  # a token or label shown on one axis


@dataclass(frozen=True)
class Param:
    """One parameter: ``kind`` is int, float, bool, choice, numbers, ints or words."""

    kind: str
    default: Any
    low: float = -math.inf
    high: float = math.inf
    choices: tuple[str, ...] = ()
    min_items: int = 1
    max_items: int = 8
    max_length: int = MAX_WORD  # words: characters per word

    def check(self, value: Any) -> str | None:
        """None when ``value`` is acceptable, else what is wrong (for a `path:line: message`)."""
        if self.kind == "bool":
            return None if isinstance(value, bool) else f"must be true or false, got {_shown(value)}"
        if self.kind == "choice":
            return None if value in self.choices else f"must be one of {', '.join(self.choices)}, got {_shown(value)}"
        if self.kind in ("int", "float"):
            return self._scalar(value)
        if not isinstance(value, list):
            return f"must be a list, got {_shown(value)}"
        if not self.min_items <= len(value) <= self.max_items:
            return f"must have {self.min_items} to {self.max_items} items, got {len(value)}"
        for item in value:
            problem = self._word(item) if self.kind == "words" else self._scalar(item, "int" if self.kind == "ints" else "float")
            if problem:
                return f"item {_shown(item)}: {problem}"
        return None

    def _scalar(self, value: Any, kind: str | None = None) -> str | None:
        kind = kind or self.kind
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or (kind == "int" and not isinstance(value, int)) or not math.isfinite(value):
            return f"must be {'a whole number' if kind == 'int' else 'a number'}, got {_shown(value)}"
        if not self.low <= value <= self.high:
            return f"must be from {_bound(self.low)} to {_bound(self.high)}, got {_shown(value)}"
        return None

    def _word(self, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip() or len(value) > self.max_length:
            return f"must be a text of 1 to {self.max_length} characters"
        if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
            return "contains a control character"
        return None

    def describe(self) -> str:
        if self.kind == "bool":
            return "true|false"
        if self.kind == "choice":
            return "|".join(self.choices)
        if self.kind in ("int", "float"):
            return f"{self.kind} {_bound(self.low)}..{_bound(self.high)}"
        return f"list of {self.min_items}-{self.max_items} {self.kind}"


@dataclass(frozen=True)
class FigureFunction:
    """A named figure: its parameters, the function computing a Plot, and a cross-parameter check."""

    name: str
    params: dict[str, Param]
    compute: Callable[..., Any]
    check: Callable[[dict[str, Any]], str | None] | None = None
    summary: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def arguments(self, given: dict[str, Any]) -> dict[str, Any]:
        """The defaults overlaid with what the unit gave."""
        return {name: given.get(name, param.default) for name, param in self.params.items()}


def _shown(value: Any) -> str:
    if isinstance(value, (dict, list, tuple, set)):
        return {dict: "a mapping", list: "a list"}.get(type(value), type(value).__name__)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bound(value: float) -> str:
    return f"{value:g}"

"""Question generators: fresh numbers every time, the answer computed, never stored.

A quiz question of type ``generated`` names a generator registered here. A generator
is a pure function ``(rng, params) -> Generated``; it must use only the standard
library (quizzes must start fast), take every random number from ``rng`` (so
``--seed`` reproduces a quiz) and explain the worked solution with the numbers drawn.
Generator modules are pure Python; they are listed in ``_MODULES`` and imported on
first use.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llmpath.content.models import L10n

_MODULES = ("gen_math", "gen_ml", "gen_dl", "gen_tools")


@dataclass(frozen=True)
class Generated:
    """One concrete question produced by a generator.

    ``kind`` says how the learner's reply is graded:
    - ``numeric``: ``answer`` is a number, accepted within ``tolerance`` (absolute);
    - ``shape``: ``answer`` is a tuple of ints, typed as ``2, 5, 64`` or ``(2, 5, 64)``;
    - ``text``: ``accept`` lists the accepted replies (normalised before comparing).
    """

    prompt: L10n
    explanation: L10n
    kind: str = "numeric"
    answer: Any = None
    tolerance: float = 0.0
    accept: tuple[str, ...] = ()
    hint: L10n | None = None          # a one-step ladder (older generators)
    hints: tuple[L10n, ...] = ()      # the ladder, from the generator's own numbers
    mistakes: tuple[tuple[float, L10n], ...] = field(default=())

    def ladder(self) -> tuple[L10n, ...]:
        return self.hints or ((self.hint,) if self.hint else ())


GeneratorFn = Callable[[random.Random, dict[str, Any]], Generated]
_REGISTRY: dict[str, GeneratorFn] = {}
_loaded = False


def generator(name: str) -> Callable[[GeneratorFn], GeneratorFn]:
    """Register a generator under ``name`` (the id used in quiz YAML)."""

    def register(fn: GeneratorFn) -> GeneratorFn:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"generator '{name}' registered twice")
        _REGISTRY[name] = fn
        return fn

    return register


def _load_all() -> None:
    global _loaded
    if not _loaded:
        for module in _MODULES:
            importlib.import_module(f"{__name__}.{module}")
        _loaded = True


def generator_names() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def generate(name: str, rng: random.Random, params: dict[str, Any] | None = None) -> Generated:
    _load_all()
    return _REGISTRY[name](rng, dict(params or {}))


def fmt(x: float, digits: int = 4) -> str:
    """A number as a learner would write it: no trailing zeros, no float noise."""
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def cosine_parts(a: list[float], b: list[float]) -> tuple[float, float, float, float]:
    """(a·b, ‖a‖, ‖b‖, cosine) — the pieces a worked cosine-similarity explanation shows."""
    import math

    dot = sum(x * y for x, y in zip(a, b))
    norm_a, norm_b = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(y * y for y in b))
    return dot, norm_a, norm_b, dot / (norm_a * norm_b)

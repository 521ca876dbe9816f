"""What a figure function returns: curves, bars or matrix panels as plain data, nothing drawn.

The terminal renderer (``llmpath/ui/figure.py``) turns a :class:`Plot` into characters; the
core never imports rich or plotext, and tests compare these numbers with an independent
computation.
"""

from __future__ import annotations

from dataclasses import dataclass

from llmpath.content.models import L10n


def same(text: str) -> L10n:
    """A label that reads the same in every language (a token, a shape, a number)."""
    return L10n(text, text)


@dataclass(frozen=True)
class Curve:
    """A named series: a line through its points, or the points alone (``points=True``)."""

    name: L10n
    x: tuple[float, ...]
    y: tuple[float, ...]
    points: bool = False


@dataclass(frozen=True)
class Panel:
    """A matrix drawn as a grid of cells: values from 0 (empty) to 1 (full), or shown as numbers."""

    title: L10n
    values: tuple[tuple[float, ...], ...]
    rows: tuple[L10n, ...] = ()
    cols: tuple[L10n, ...] = ()
    numbers: bool = False  # print each value (attention weights) instead of a shade only


@dataclass(frozen=True)
class Plot:
    """One figure's data: ``curves`` (an x–y chart), ``bars`` (one group per curve, named by
    ``labels``) or ``panels`` (matrices side by side, ``joiners`` between them: "+", "=")."""

    curves: tuple[Curve, ...] = ()
    bars: tuple[Curve, ...] = ()
    labels: tuple[L10n, ...] = ()
    panels: tuple[Panel, ...] = ()
    joiners: tuple[str, ...] = ()
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    log_y: bool = False
    notes: tuple[L10n, ...] = ()  # the numbers to take away ("AUC = 0.86"): shown under the chart and in its text form

    @property
    def kind(self) -> str:
        return "matrix" if self.panels else "bars" if self.bars else "xy"

"""Figures in units: a section's ``figure:`` block turned into plot data (see ``plot.Plot``).

A figure either names a built-in function (``functions.FUNCTIONS``, with validated
parameters) or gives its points in the YAML. :func:`compute` runs only when a section is
shown, so text commands never pay for it; it never raises — a figure that cannot be
computed is shown as its text description.
"""

from __future__ import annotations

from llmpath.content.models import Figure
from llmpath.figures.plot import Curve, Plot


def compute(figure: Figure) -> Plot | None:
    """The data to draw for ``figure``; None if there is none (its description is shown instead)."""
    if not figure.draw:
        series = tuple(Curve(s.name, s.x, s.y, points=figure.kind == "scatter") for s in figure.series)
        if figure.kind == "bar":
            return Plot(bars=series, labels=figure.labels)
        return Plot(curves=series)
    from llmpath.figures.functions import FUNCTIONS

    function = FUNCTIONS.get(figure.draw)
    if function is None:
        return None
    try:
        return function.compute(**function.arguments(figure.params))
    except (ArithmeticError, ValueError):  # parameters at an odd corner of their bounds: the text still teaches
        return None

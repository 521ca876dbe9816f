"""A demo's figure in the terminal: the picture itself where the terminal can show images,
else a Unicode chart of the demo's curves, and the file's path always.

Where images go: kitty's graphics protocol or sixel (drawn by ``textual-image``), or
iTerm2's inline-image escape (iTerm2, WezTerm). Support is decided from the environment
first (``TERM``, ``TERM_PROGRAM``, ``KITTY_WINDOW_ID``; ``LLMPATH_IMAGES=off|kitty|sixel|iterm``
overrides) and only then by asking the terminal, which textual-image does with an escape
sequence and a 0.1 s wait: that is done only when a figure is asked for, never at start-up,
and never when stdin or stdout is not a terminal. A pipe, a file, or ``NO_COLOR`` gets the
path only: no escape ever reaches something that cannot show it.
"""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from llmpath.i18n import tr
from llmpath.ui import console as ui_console
from llmpath.ui import use_plain_output

PROTOCOLS = ("kitty", "sixel", "iterm")
MAX_IMAGE_CELLS = 80
_asked: dict[str, str | None] = {}


def image_protocol(out: Console | None = None) -> str | None:
    """'kitty', 'sixel', 'iterm', or None when the terminal cannot show images (or is not a terminal)."""
    out = out or ui_console()
    forced = os.environ.get("LLMPATH_IMAGES", "").strip().lower()
    if forced in ("off", "none", "no", "0"):
        return None
    if not out.is_terminal or use_plain_output():
        return None
    if forced in PROTOCOLS:
        return forced
    term, program = os.environ.get("TERM", ""), os.environ.get("TERM_PROGRAM", "")
    if term == "xterm-kitty" or os.environ.get("KITTY_WINDOW_ID"):
        return "kitty"
    if program in ("iTerm.app", "WezTerm") or os.environ.get("LC_TERMINAL") == "iTerm2":
        return "iterm"
    if term in ("dumb", "") or os.environ.get("TMUX") or not _real_tty():
        return None  # tmux passes neither protocol through by default; a query there is wasted
    return _ask_terminal()


def _real_tty() -> bool:
    return bool(sys.__stdin__ and sys.__stdout__ and sys.__stdin__.isatty() and sys.__stdout__.isatty())


def _ask_terminal() -> str | None:
    if "answer" not in _asked:
        try:  # importing textual_image.renderable queries the terminal (sixel, then kitty) once
            from textual_image import renderable

            _asked["answer"] = {"SixelImage": "sixel", "TGPImage": "kitty"}.get(renderable.Image.__name__)
        except Exception:  # a terminal that answers oddly: no pictures, never a traceback
            _asked["answer"] = None
    return _asked["answer"]


def show_figure(png_path: str | os.PathLike[str], data: Any = None, *, lang: str, out: Console | None = None) -> None:
    """Show a demo's saved figure as well as this terminal allows, then its path.

    ``data`` is what to chart when the picture cannot be shown: the demo's ``Chart`` blocks
    (see :func:`charts_in`) or ``{series name: values}``. Without it, and without image
    support, only the path is printed.
    """
    out = out or ui_console()
    path = Path(png_path)
    if not path.is_file():
        out.print(Text(tr(lang, f"no figure was written to {path}", f"没有生成图片：{path}"), style="yellow"), soft_wrap=True)
        return
    shown = path.suffix.lower() == ".png" and _show_image(path, out)
    if not shown and out.is_terminal and not use_plain_output():
        chart = unicode_chart(data, width=min(out.width, MAX_IMAGE_CELLS), lang=lang)
        if chart is not None:
            out.print(chart)
    out.print(Text(tr(lang, f"figure: {path}", f"图片：{path}"), style="dim"), soft_wrap=True)  # a path is never broken


def _show_image(path: Path, out: Console) -> bool:
    protocol = image_protocol(out)
    if protocol is None:
        return False
    width = min(out.width, MAX_IMAGE_CELLS)
    try:
        if protocol == "iterm":
            payload = base64.b64encode(path.read_bytes()).decode("ascii")
            out.file.write(f"\x1b]1337;File=inline=1;width={width};preserveAspectRatio=1:{payload}\x07\n")
            out.file.flush()
            return True
        if protocol == "kitty":
            from textual_image.renderable.tgp import Image
        else:
            from textual_image.renderable.sixel import Image
        out.print(Image(str(path), width=width))
        return True
    except Exception:  # an unreadable PNG or a terminal that went away: fall back to the chart
        return False


def charts_in(blocks: Sequence[Any]) -> list[Any]:
    """The ``Chart`` blocks among a demo's blocks: the curves a Unicode figure can draw."""
    from llmpath.demos.base import Chart

    return [block for block in blocks if isinstance(block, Chart)]


def unicode_chart(data: Any, *, width: int, lang: str, height: int = 16) -> Text | None:
    """A plotext line chart (Braille dots) of the first chart in ``data``; None when there is nothing to draw."""
    title, series, x_label, log_y = _first_chart(data)
    if not series:
        return None
    import math

    import plotext  # ~0.1–0.5 s: only when a figure is asked for

    figure = plotext.figure
    figure.clear()
    figure.plot_size(width, height)
    figure.theme("clear")
    for name, values in series:
        points = [(i, math.log10(v) if log_y else v) for i, v in enumerate(values)
                  if math.isfinite(v) and (v > 0 or not log_y)]
        if len(points) < 2:
            continue
        signal = figure.signal([i for i, _ in points], [v for _, v in points], marker="braille")
        signal.lines()
        if name:
            signal.label(name)
        figure.draw(signal)
    if title:
        figure.title(title if not log_y or "log" in title.lower() or "对数" in title else title + tr(lang, " (log10)", "(log10)"))
    if x_label:
        figure.label(x_label, axis="x")
    return Text.from_ansi(str(figure.build()))


def _first_chart(data: Any) -> tuple[str, list[tuple[str, Sequence[float]]], str, bool]:
    if not data:
        return "", [], "", False
    if isinstance(data, dict):
        return "", [(str(k), list(v)) for k, v in data.items()], "", False
    chart = data[0]
    return chart.title, [(name, list(values)) for name, values in chart.series], chart.x_label, chart.log_y

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


# ------------------------------------------------------------------ figures in unit sections

PALETTE = ("cyan", "magenta", "yellow", "green", "red", "blue", "bright_black", "white")
PLOTEXT_COLOURS = {"bright_black": "gray", "white": "white"}
POINT_MARKERS = ("•", "x", "+", "o", "*", "#", "%", "@")
FIGURE_ROWS = 18  # caption, y label, chart, x label, legend, note: fits a 24-row window with the page frame
_ANSI_BACKGROUND = __import__("re").compile(r"\x1b\[48;5;\d+m")
_ANSI_AXES = __import__("re").compile(r"\x1b\[38;5;(?:0|12)m")  # plotext's black axes and blue ticks vanish on dark terminals


def figure_wanted(out: Console | None = None) -> bool:
    """True where a chart can be drawn: a terminal without NO_COLOR. Elsewhere the text description is shown."""
    out = out or ui_console()
    return out.is_terminal and not use_plain_output()


def figure_renderable(figure: Any, *, width: int, lang: str, rows: int = FIGURE_ROWS, out: Console | None = None) -> Text:
    """A unit figure as it will be shown: the chart in a terminal, the text description in a pipe or with NO_COLOR.

    ``figure`` is a ``content.models.Figure``; it is computed here, when shown, and never
    taller than ``rows`` lines nor wider than ``width`` cells.
    """
    from llmpath.figures import compute

    plot = compute(figure)
    if plot is None or not figure_wanted(out):
        return figure_description(figure, plot, lang)
    try:
        return draw_figure(figure, plot, width=width, rows=rows, lang=lang)
    except Exception:  # noqa: BLE001 - a chart that cannot be drawn must not end the lesson: its words still teach
        return figure_description(figure, plot, lang)


def figure_description(figure: Any, plot: Any, lang: str) -> Text:
    """The short text form: caption, what the picture shows, and its key numbers."""
    text = Text(tr(lang, "Figure: ", "图：") + figure.caption.get(lang), style="bold")
    text.append("\n" + figure.description.get(lang))
    for note in (plot.notes if plot is not None else ()):
        text.append("\n" + note.get(lang), style="dim")
    return text


def draw_figure(figure: Any, plot: Any, *, width: int, rows: int, lang: str) -> Text:
    lines: list[Text] = [Text(tr(lang, "Figure: ", "图：") + figure.caption.get(lang), style="bold")]
    notes = [Text(note.get(lang), style="dim") for note in plot.notes]
    if plot.kind == "matrix":
        axes = [tr(lang, f"rows: {figure.y_label.get(lang)}", f"行：{figure.y_label.get(lang)}")] if figure.y_label else []
        axes += [tr(lang, f"columns: {figure.x_label.get(lang)}", f"列：{figure.x_label.get(lang)}")] if figure.x_label else []
        body = ([Text(tr(lang, " · ", "；").join(axes), style="dim")] if axes else []) + _matrix_lines(plot, width, lang)
    elif plot.kind == "bars":
        body = _bar_lines(plot, width, lang, figure)
    else:
        body = _xy_lines(plot, figure, width, max(6, rows - 4 - len(notes) - (1 if len(plot.curves) > 1 else 0)), lang)
    lines += body
    lines += notes
    lines = lines[:rows]
    return Text("\n").join(_crop(line, width) for line in lines)


def _crop(line: Text, width: int) -> Text:
    if line.cell_len <= width:
        return line
    line = line.copy()
    line.truncate(width, overflow="crop")
    return line


def _legend(names: list[str], markers: list[str], width: int) -> list[Text]:
    out, current = [], Text()
    for i, (name, marker) in enumerate(zip(names, markers)):
        item = Text(marker + " ", style=PALETTE[i % len(PALETTE)]) + Text(name)
        if current.cell_len and current.cell_len + 3 + item.cell_len > width:
            out.append(current)
            current = Text()
        if current.cell_len:
            current.append("   ")
        current.append_text(item)
    if current.cell_len:
        out.append(current)
    return out


def _xy_lines(plot: Any, figure: Any, width: int, height: int, lang: str) -> list[Text]:
    import math

    import plotext  # only when a figure is drawn

    y_label = figure.y_label.get(lang) if figure.y_label else ""
    if plot.log_y:
        y_label = (y_label + tr(lang, " (log10 scale)", "（log10 刻度）")).strip()
    canvas = plotext.figure
    canvas.clear()
    canvas.plot_size(width, height)
    canvas.theme("clear")
    markers = []
    for i, curve in enumerate(plot.curves):
        colour = PLOTEXT_COLOURS.get(PALETTE[i % len(PALETTE)], PALETTE[i % len(PALETTE)])
        points = [(x, math.log10(y) if plot.log_y else y) for x, y in zip(curve.x, curve.y)
                  if math.isfinite(x) and math.isfinite(y) and (y > 0 or not plot.log_y)]
        if not points:
            markers.append(" ")
            continue
        symbol = POINT_MARKERS[sum(1 for c in plot.curves[:i] if c.points) % len(POINT_MARKERS)] if curve.points else "braille"
        signal = canvas.signal([p[0] for p in points], [p[1] for p in points], marker=plotext.marker(symbol, pixel=colour))
        if not curve.points:
            signal.lines()
        canvas.draw(signal)
        markers.append(symbol if curve.points else "━")
    corners_x = plot.x_range or ()
    corners_y = plot.y_range or ()
    if corners_x or corners_y:  # invisible points pin the axes to the ranges the figure asks for
        xs = list(corners_x) or [min(x for c in plot.curves for x in c.x)] * 2
        ys = list(corners_y) or [min(y for c in plot.curves for y in c.y if not plot.log_y or y > 0)] * 2
        canvas.draw(canvas.signal(xs, ys, marker=" "))
    chart = _ANSI_AXES.sub("\x1b[39m", _ANSI_BACKGROUND.sub("", str(canvas.build())))
    lines = [Text("↑ " + y_label, style="dim")] if y_label else []
    lines += Text.from_ansi(chart.rstrip("\n")).split("\n")
    if figure.x_label:
        x_label = Text(figure.x_label.get(lang) + " →", style="dim")
        x_label.align("right", width)
        lines.append(x_label)
    if len(plot.curves) > 1:
        lines += _legend([c.name.get(lang) for c in plot.curves], markers, width)
    return lines


BLOCKS = " ▏▎▍▌▋▊▉█"


def _bar_lines(plot: Any, width: int, lang: str, figure: Any) -> list[Text]:
    labels = [label.get(lang) for label in plot.labels]
    label_cells = max((Text(label).cell_len for label in labels), default=0)
    values = [v for group in plot.bars for v in group.y]
    top = max((abs(v) for v in values), default=1.0) or 1.0
    room = max(8, width - label_cells - 10)
    lines = []
    if figure.y_label:
        lines.append(Text(figure.y_label.get(lang), style="dim"))
    for i, label in enumerate(labels):
        for g, group in enumerate(plot.bars):
            value = group.y[i] if i < len(group.y) else 0.0
            eighths = round(abs(value) / top * room * 8)
            bar = "█" * (eighths // 8) + (BLOCKS[eighths % 8] if eighths % 8 else "")
            head = Text(label if g == 0 else "")
            head.pad_right(label_cells - head.cell_len)
            lines.append(head + Text(" │", style="dim") + Text(bar, style=PALETTE[g % len(PALETTE)]) + Text(f" {_number(value)}"))
    if figure.x_label:
        lines.append(Text(figure.x_label.get(lang) + " →", style="dim"))
    if len(plot.bars) > 1:
        lines += _legend([b.name.get(lang) for b in plot.bars], ["█"] * len(plot.bars), width)
    return lines


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 0.01 else f"{value:.1e}"


SHADES = ((0.99, "██"), (0.6, "▓▓"), (0.3, "▒▒"), (0.05, "░░"))


def _matrix_lines(plot: Any, width: int, lang: str) -> list[Text]:
    panels = [_panel_lines(panel, lang) for panel in plot.panels]
    joiners = list(plot.joiners) + [""] * len(panels)
    total = sum(max(line.cell_len for line in p) for p in panels) + sum(len(j) + 2 for j in joiners[: len(panels) - 1])
    if total > width:  # too wide side by side: one under the other
        out: list[Text] = []
        for i, lines in enumerate(panels):
            out += lines
            if i + 1 < len(panels) and joiners[i].strip():
                out.append(Text(joiners[i].strip(), style="bold"))
        return out
    height = max(len(p) for p in panels)
    widths = [max(line.cell_len for line in p) for p in panels]
    middle = (height + 1) // 2
    out = []
    for r in range(height):
        row = Text()
        for i, lines in enumerate(panels):
            cell = lines[r].copy() if r < len(lines) else Text()
            cell.pad_right(widths[i] - cell.cell_len)
            row.append_text(cell)
            if i + 1 < len(panels):
                join = joiners[i] if r == middle else " " * len(joiners[i])
                row.append(f" {join} ", style="bold")
        out.append(row)
    return out


def _panel_lines(panel: Any, lang: str) -> list[Text]:
    rows = [label.get(lang) for label in panel.rows]
    label_cells = max((Text(r).cell_len for r in rows), default=0)
    negative = any(v < 0 for row in panel.values for v in row)
    cell = (6 if negative else 5) if panel.numbers else 2
    lines = [Text(panel.title.get(lang), style="bold")]
    if panel.numbers and panel.cols:
        head = Text(" " * (label_cells + (1 if rows else 0)))
        for col in panel.cols:
            name = Text(col.get(lang))
            name.truncate(cell - 1, overflow="crop")
            name.pad_left(cell - name.cell_len)
            head.append_text(name)
        lines.append(head)
    top = max((v for row in panel.values for v in row), default=1.0)
    scale = top if 0 < top < 1 else 1.0  # weights that never reach 1 are shaded relative to the largest
    for r, values in enumerate(panel.values):
        line = Text()
        if rows:
            label = Text(rows[r] if r < len(rows) else "")
            label.truncate(label_cells, overflow="crop")
            label.pad_right(label_cells - label.cell_len)
            line.append_text(label + Text(" "))
        for value in values:
            if panel.numbers:
                shade = max(0.0, min(1.0, abs(value)))
                grey = 232 + round(shade * 20)
                line.append(f"{value:.2f}".rjust(cell), style=f"{'black' if shade > 0.55 else 'white'} on color({grey})")
            else:
                line.append(next((mark for low, mark in SHADES if value / scale >= low), "··"), style="cyan")
        lines.append(line)
    return lines

"""Terminal rendering. The ``ui`` package is the only part of llmpath that imports rich.

Rich honours ``NO_COLOR`` and measures CJK characters as two cells, so the same
renderers serve both languages and plain terminals.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from llmpath.ui import typeset


_CONSOLES: dict[bool, Console] = {}


def console(stderr: bool = False) -> Console:
    typeset.install()  # UAX #14 line breaking inside Rich; also mends rich.markdown once someone imported it
    if stderr not in _CONSOLES:
        _CONSOLES[stderr] = Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)
    return _CONSOLES[stderr]


def reset_consoles() -> None:
    """Forget cached consoles (CliRunner swaps sys.stdout between invocations)."""
    _CONSOLES.clear()


def display_to_stderr() -> None:
    """Send everything meant for a person to stderr, keeping stdout for JSON."""
    _CONSOLES[False] = console(stderr=True)


def error(message: str, lang: str = "en") -> None:
    prefix = "错误：" if lang == "zh" else "error: "
    console(stderr=True).print(Text(prefix, style="bold red") + Text(message), soft_wrap=True)


def notice(message: str, lang: str = "en") -> None:
    prefix = "提示：" if lang == "zh" else "note: "
    console(stderr=True).print(Text(prefix, style="yellow") + Text(message), soft_wrap=True)


def line(message: str = "", style: str | None = None) -> None:
    console().print(Text(message, style=style or ""))


def markdown(text: str) -> None:
    from rich.markdown import Markdown  # markdown-it is slow to import; only text screens need it

    console().print(Markdown(text))


def print_code(source: str, *, language: str = "python", line_numbers: bool = False) -> None:
    """Code line for line, never re-wrapped: raw into a pipe or file (so ``> s.py`` is the source
    exactly), highlighted and cropped at the right edge in a terminal."""
    out = console()
    if not out.is_terminal:
        out.file.write(source if source.endswith("\n") else source + "\n")
        out.file.flush()
        return
    if use_plain_output():
        for row in source.rstrip("\n").splitlines():
            out.print(Text(row), no_wrap=True, overflow="crop", crop=True)
        return
    from rich.syntax import Syntax

    out.print(Syntax(source.rstrip("\n"), language, theme="ansi_dark", line_numbers=line_numbers, word_wrap=False), crop=True)


def aside(message: str, style: str | None = "dim") -> None:
    """A line for the person, not for the output: on stderr, so ``command > file`` keeps only the data."""
    console(stderr=True).print(Text(message, style=style or ""), soft_wrap=True)


def print_json(data: Any, lang: str = "en") -> None:
    """Machine-readable output: plain JSON on stdout, nothing else; bilingual texts in ``lang``."""
    import json

    from llmpath.i18n import localize

    sys.stdout.write(json.dumps(localize(data, lang), ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def table(title: str | None, columns: list[str], rows: list[list[Any]], *, styles: dict[int, str] | None = None) -> None:
    from rich.table import Table  # only `table` needs it: ~6 ms a text command is spared

    t = Table(title=Text(title) if title else None, title_justify="left", header_style="bold", show_lines=False, expand=False)
    for i, col in enumerate(columns):
        t.add_column(col, style=(styles or {}).get(i), overflow="fold")
    for row in rows:
        t.add_row(*[r if isinstance(r, Text) else Text(str(r)) for r in row])  # never parse markup in data
    console().print(t)


STATE_MARKS = {
    "not_started": ("○", "dim"),
    "in_progress": ("◐", "yellow"),
    "completed": ("●", "green"),
    "mastered": ("★", "bold green"),
    "skipped": ("✓", "cyan"),
    "locked": ("·", "dim"),
}


def state_mark(state: str) -> Text:
    mark, style = STATE_MARKS.get(state, ("?", ""))
    return Text(mark, style=style)


def bar(fraction: float, width: int = 20) -> str:
    fraction = min(1.0, max(0.0, fraction))
    full = int(round(fraction * width))
    return "█" * full + "░" * (width - full)


def use_plain_output() -> bool:
    return bool(os.environ.get("NO_COLOR"))

"""Rendering for `llmpath models`: the model table and a progress bar for preparation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from llmpath.ui import console

STATUS_STYLES = {"ready": "green", "needs prepare": "yellow", "missing": "red", "via hub": "cyan", "not trained": "dim"}


def model_table(rows: list[dict[str, Any]], *, labels: dict[str, str]) -> None:
    """One block per model: name and status on the first line, then where it lives and how to get it.

    (A list rather than a table: the paths are long and would be folded into unreadable columns.)
    """
    out = console()
    for row in rows:
        style = STATUS_STYLES.get(row["status"], "")
        mark = "●" if row["present"] else "○"
        head = Text(f"{mark} ", style=style) + Text(row["key"], style="bold cyan") + Text(f"  {row['name']}")
        head += Text(f"  [{row['status']}]", style=style)
        if row["size"]:
            head += Text(f"  {row['size']}")
        out.print(head, soft_wrap=True)
        out.print(Text(f"    {labels['demos']}: {', '.join(row['demos'])}", style="dim"), soft_wrap=True)
        out.print(Text(f"    {labels['location']}: {row['location']}", style="dim"), soft_wrap=True)
        if row["get_it"]:
            out.print(Text(f"    {labels['get_it']}: ") + Text(row["get_it"], style="yellow"), soft_wrap=True)


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[str, float], None]]:
    """``with progress_bar("SmolLM2") as report: report("stage", 0.4)`` — a bar with elapsed time, on stderr."""
    bar = Progress(
        TextColumn("[bold]{task.fields[title]}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console(stderr=True),
        transient=False,
    )
    with bar:
        task = bar.add_task("", total=1.0, title=title)

        def report(stage: str, fraction: float) -> None:
            bar.update(task, completed=max(0.0, min(1.0, fraction)), description=stage)

        yield report

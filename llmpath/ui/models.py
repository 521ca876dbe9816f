"""Rendering for `llmpath models`: the model table and a progress bar for preparation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Callable

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from llmpath.ui import console

STATUS_STYLES = {"ready": "green", "needs prepare": "yellow", "missing": "red", "via hub": "cyan", "not trained": "dim"}
STATUS_ZH = {"ready": "就绪", "needs prepare": "需要准备", "missing": "未安装", "via hub": "经 Hub 获取", "not trained": "尚未训练"}


def model_table(rows: list[dict[str, Any]], *, labels: dict[str, str], lang: str = "en") -> None:
    """One block per model: name and status on the first line, then where it lives and how to get it.

    (A list rather than a table: the paths are long and would be folded into unreadable columns.)
    """
    out = console()
    for row in rows:
        style = STATUS_STYLES.get(row["status"], "")
        mark = "●" if row["present"] else "○"
        zh = lang == "zh"
        fields = ("name_zh", "location_zh", "get_it_zh") if zh else ("name", "location", "get_it")
        name, location, get_it = (row.get(f) or row[f.removesuffix("_zh")] for f in fields)
        status = STATUS_ZH.get(row["status"], row["status"]) if zh else row["status"]
        head = Text(f"{mark} ", style=style) + Text(row["key"], style="bold cyan") + Text(f"  {name}")
        head += Text(f"  [{status}]", style=style)
        if row["size"]:
            head += Text(f"  {row['size']}")
        out.print(head, soft_wrap=True)
        colon = "：" if zh else ": "
        out.print(Text(f"    {labels['demos']}{colon}{', '.join(row['demos'])}", style="dim"), soft_wrap=True)
        out.print(Text(f"    {labels['location']}{colon}{location}", style="dim"), soft_wrap=True)
        if get_it:
            out.print(Text(f"    {labels['get_it']}{colon}") + Text(get_it, style="yellow"), soft_wrap=True)


@contextmanager
def progress_bar(title: str, lang: str = "en") -> Iterator[Callable[[str, float], None]]:
    """A bar with elapsed time, on stderr: ``with progress_bar(title, lang) as report`` then ``report(stage, 0.4)``, stage an L10n."""
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

        def report(stage: Any, fraction: float) -> None:   # stage: an L10n
            bar.update(task, completed=max(0.0, min(1.0, fraction)), description=stage.get(lang))

        yield report

"""Renderers for the path tree and other read-only views."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from llmpath.i18n import localize, tr
from llmpath.ui import console, state_mark


def render_path(tree: list[dict[str, Any]], lang: str) -> None:
    tree = localize(tree, lang)
    root = Tree(Text(tr(lang, "Your path to LLMs", "大模型学习路径"), style="bold"))
    for module in tree:
        branch = root.add(Text(f"{module['title']}  ", style="bold cyan") + Text(f"{module['done']}/{module['total']}", style="dim"))
        for unit in module["units"]:
            minutes = tr(lang, f"{unit['minutes']} min", f"{unit['minutes']} 分钟")
            label = state_mark(unit["state"]) + Text(f" {unit['title']} ") + Text(f"({unit['id']}, {minutes})" if lang != "zh" else f"（{unit['id']}，{minutes}）", style="dim")
            if unit["current"]:
                label += Text(tr(lang, "  ← you are here", "  ← 当前位置"), style="bold yellow")
            branch.add(label)
    console().print(root)
    legend = tr(lang, "○ not started  ◐ in progress  ● completed  ★ mastered  ✓ skipped  · locked",
                "○ 未开始  ◐ 进行中  ● 已完成  ★ 已掌握  ✓ 已跳过  · 未解锁")
    console().print(Text(legend, style="dim"))


def render_topics(rows: list[dict[str, Any]], module_titles: dict[str, str], lang: str) -> None:
    """Every unit, one block per module: mark, id, title (wrapped under itself), minutes and question count.

    Laid out by hand rather than as a Rich table: an id is never folded mid-word, and drawing a
    36-row table took Rich ~90 ms, two thirds of the command's time above the bare imports."""
    from rich.cells import cell_len

    from llmpath.ui.typeset import divide_line

    rows = localize(rows, lang)
    out = console()
    id_width = max((len(row["id"]) for row in rows), default=0)
    counts = [tr(lang, f"{row['minutes']} min  {row['questions']} q", f"{row['minutes']} 分钟  {row['questions']} 题") for row in rows]
    count_width = max((cell_len(c) for c in counts), default=0)
    title_width = max(12, out.width - (2 + 2 + id_width + 2) - (2 + count_width))
    lines = Text()
    module = None
    for row, count in zip(rows, counts):
        if row["module"] != module:
            module = row["module"]
            if lines:
                lines.append("\n")
            lines.append(localize(module_titles.get(module, module), lang), style="bold")
            lines.append("\n")
        title = row["title"]
        cuts = [0, *divide_line(title, title_width), len(title)]
        pieces = [title[a:b].strip() for a, b in zip(cuts, cuts[1:])]
        lines.append("  ")
        lines.append_text(state_mark(row["state"]))
        lines.append(f" {row['id']:<{id_width}}  ", style="cyan")
        lines.append(pieces[0] + " " * (title_width - cell_len(pieces[0])) + "  ")
        lines.append(count.rjust(count_width + len(count) - cell_len(count)), style="dim")
        for piece in pieces[1:]:
            lines.append("\n" + " " * (2 + 2 + id_width + 2) + piece)
        lines.append("\n")
    out.print(lines, end="", soft_wrap=True)
    legend = tr(lang, "○ not started  ◐ in progress  ● completed  ★ mastered  ✓ skipped  · locked",
                "○ 未开始  ◐ 进行中  ● 已完成  ★ 已掌握  ✓ 已跳过  · 未解锁")
    out.print(Text(legend, style="dim"))


def render_checks(checks, lang: str = "en") -> None:
    marks = {"ok": ("ok", "正常", "green"), "warning": ("warning", "注意", "yellow"), "problem": ("problem", "问题", "bold red")}
    out = console()
    for check in checks:
        en, zh, style = marks[check.status]
        name, detail, fix = check.name.get(lang), check.detail.get(lang), check.fix.get(lang)
        label = f"{zh:>4}" if lang == "zh" else f"{en:>8}"
        colon = "：" if lang == "zh" else ": "
        line = Text(f"{label} ", style=style) + Text(f"{name}{colon}", style="bold") + Text(detail)
        if fix:
            line += Text(f"  → {fix}", style="cyan")
        out.print(line, soft_wrap=True)

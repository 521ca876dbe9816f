"""Renderers for the path tree and other read-only views."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from llmpath.i18n import tr
from llmpath.ui import console, state_mark


def render_path(tree: list[dict[str, Any]], lang: str) -> None:
    root = Tree(Text(tr(lang, "Your path to LLMs", "大模型学习路径"), style="bold"))
    for module in tree:
        branch = root.add(Text(f"{module['title']}  ", style="bold cyan") + Text(f"{module['done']}/{module['total']}", style="dim"))
        for unit in module["units"]:
            label = state_mark(unit["state"]) + Text(f" {unit['title']} ") + Text(f"({unit['id']}, {unit['minutes']} min)", style="dim")
            if unit["current"]:
                label += Text(tr(lang, "  ← you are here", "  ← 当前位置"), style="bold yellow")
            branch.add(label)
    console().print(root)
    legend = tr(lang, "○ not started  ◐ in progress  ● completed  ★ mastered  ✓ skipped  · locked",
                "○ 未开始  ◐ 进行中  ● 已完成  ★ 已掌握  ✓ 已跳过  · 未解锁")
    console().print(Text(legend, style="dim"))


def render_checks(checks) -> None:
    marks = {"ok": ("ok", "green"), "warning": ("warning", "yellow"), "problem": ("problem", "bold red")}
    out = console()
    for check in checks:
        label, style = marks[check.status]
        line = Text(f"{label:>8} ", style=style) + Text(f"{check.name}: ", style="bold") + Text(check.detail)
        if check.fix:
            line += Text(f"  → {check.fix}", style="cyan")
        out.print(line, soft_wrap=True)

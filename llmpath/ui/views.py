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
            minutes = tr(lang, f"{unit['minutes']} min", f"{unit['minutes']} 分钟")
            label = state_mark(unit["state"]) + Text(f" {unit['title']} ") + Text(f"({unit['id']}, {minutes})" if lang != "zh" else f"（{unit['id']}，{minutes}）", style="dim")
            if unit["current"]:
                label += Text(tr(lang, "  ← you are here", "  ← 当前位置"), style="bold yellow")
            branch.add(label)
    console().print(root)
    legend = tr(lang, "○ not started  ◐ in progress  ● completed  ★ mastered  ✓ skipped  · locked",
                "○ 未开始  ◐ 进行中  ● 已完成  ★ 已掌握  ✓ 已跳过  · 未解锁")
    console().print(Text(legend, style="dim"))


def render_checks(checks, lang: str = "en") -> None:
    marks = {"ok": ("ok", "正常", "green"), "warning": ("warning", "注意", "yellow"), "problem": ("problem", "问题", "bold red")}
    out = console()
    for check in checks:
        en, zh, style = marks[check.status]
        name, detail, fix = check.text(lang) if hasattr(check, "text") else (check.name, check.detail, check.fix)
        label = f"{zh:>4}" if lang == "zh" else f"{en:>8}"
        colon = "：" if lang == "zh" else ": "
        line = Text(f"{label} ", style=style) + Text(f"{name}{colon}", style="bold") + Text(detail)
        if fix:
            line += Text(f"  → {fix}", style="cyan")
        out.print(line, soft_wrap=True)

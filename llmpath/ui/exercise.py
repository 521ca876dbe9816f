"""Draw exercise lists, tasks and check results."""

from __future__ import annotations

import re

from typing import Any

from rich import box
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from llmpath.i18n import tr
from llmpath.ui import console, print_code

STATUS_MARKS = {
    "not_started": ("○", "dim", "not started", "未开始"),
    "started": ("◐", "yellow", "started", "已开始"),
    "failing": ("✗", "red", "failing", "未通过"),
    "passed": ("✓", "green", "passed", "已通过"),
}


def status_text(status: str, lang: str) -> Text:
    mark, style, en, zh = STATUS_MARKS.get(status, STATUS_MARKS["not_started"])
    return Text(f"{mark} {tr(lang, en, zh)}", style=style)


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * max(0, 3 - difficulty)


def _table(rows: list[dict[str, Any]], lang: str, *, by_unit: bool) -> Table:
    """id, title, level, status; ``by_unit`` puts each unit's id as a dim line above its exercises
    (a unit column beside the title left both so narrow at 80 columns that ids and words were cut)."""
    t = Table(box=box.SIMPLE_HEAD, header_style="bold", expand=False, pad_edge=False)
    t.add_column("id", style="cyan", no_wrap=True)
    t.add_column(tr(lang, "exercise", "练习"))
    t.add_column(tr(lang, "level", "难度"), no_wrap=True)
    t.add_column(tr(lang, "status", "状态"), no_wrap=True)
    unit = None
    for r in rows:  # Text everywhere: never parse markup in data
        if by_unit and r["unit"] != unit:
            unit = r["unit"]
            t.add_row(Text(unit, style="dim"), Text(""), Text(""), Text(""))
        t.add_row(Text(("  " if by_unit else "") + r["id"]), Text(r["title"].get(lang)), Text(stars(r["difficulty"])), status_text(r["status"], lang))
    return t


def wrap_words(words: list[str], width: int, *, first: str, indent: str, separator: str) -> list[str]:
    """``first`` and the words joined by ``separator``, wrapped to ``width`` terminal cells (CJK counts 2)."""
    from rich.cells import cell_len

    lines, line = [], first
    for i, word in enumerate(words):
        piece = word + (separator if i < len(words) - 1 else "")
        if line != first and line != indent and cell_len(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = indent
        line += piece
    lines.append(line.rstrip())
    return lines


def render_list(rows: list[dict[str, Any]], lang: str, chains: list[dict[str, Any]] = ()) -> None:
    """The exercises outside any chain as a table, then each chain under its title, in its order,
    with how far the learner's own model goes."""
    out = console()
    in_chain = {r["id"] for chain in chains for r in chain["rows"]}
    out.print(_table([r for r in rows if r["id"] not in in_chain], lang, by_unit=True))
    for chain in chains:
        out.print(Text(f"{chain['title'].get(lang)}  [{chain['id']}]", style="bold"))
        out.print(_table(chain["rows"], lang, by_unit=False))
        width = min(out.width, 80)
        for line in wrap_words([part.get(lang) for part in chain["parts"]], width, first=tr(lang, "Your own model so far: ", "你自己的模型："),
                               indent="  ", separator=tr(lang, ", ", "，")):
            out.print(Text(line), no_wrap=True, crop=False)
        if any(r["status"] != "passed" for r in chain["rows"]):
            nxt = next(r["id"] for r in chain["rows"] if r["status"] != "passed")
            out.print(Text(tr(lang, f"Next step of the chain: llmpath exercise start {nxt}",
                              f"链上的下一步：llmpath exercise start {nxt}"), style="dim"))
        out.print()
    done = sum(1 for r in rows if r["status"] == "passed")
    out.print(Text(tr(lang, f"{done}/{len(rows)} passed · start one: llmpath exercise start <id>",
                      f"已通过 {done}/{len(rows)} · 开始练习：llmpath exercise start <id>"), style="dim"))


def render_task(title: str, exercise_id: str, unit: str, difficulty: int, task: str) -> None:
    out = console()
    out.print(Text(f"{title}  [{exercise_id}]", style="bold underline") + Text(f"  {unit} · {stars(difficulty)}", style="dim"))
    out.print()
    out.print(Text(task))
    out.print()


_SHAPE_NOTE = re.compile(r"\s*\(shape (\([0-9, ]*\))(?:, ([a-z0-9]+))?\)")


def shapes_in_chinese(text: str) -> str:
    """The checker's "(shape (3, 2), int64)" after a printed array, in Chinese: "（形状 (3, 2)，int64）"."""
    return _SHAPE_NOTE.sub(lambda m: f"（形状 {m.group(1)}" + (f"，{m.group(2)}" if m.group(2) else "") + "）", text)


def render_outcome(outcome: Any, lang: str) -> None:
    """One check result: a pass, or the first failing case with input, expected, got and what is wrong."""
    out = console()
    for notice in outcome.notices:
        out.print(Text(f"  {notice.get(lang)}", style="yellow"))
    after_id = "：" if lang == "zh" else ": "
    if outcome.passed:
        out.print(Text(f"✓ {outcome.exercise}{after_id}", style="bold green") + Text(outcome.message.get(lang))
                  + Text(tr(lang, f"  ({outcome.seconds:.1f} s)", f"（{outcome.seconds:.1f} 秒）"), style="dim"))
    else:
        out.print(Text(f"✗ {outcome.exercise}{after_id}", style="bold red") + Text(outcome.message.get(lang)))
        if outcome.case:
            where = f" {outcome.case_index}" if outcome.case_index else ""
            out.print(Text(tr(lang, f"  case{where}: {outcome.case.en}", f"  用例{where}：{outcome.case.zh}"), style="dim"))
        label_width = 10 if lang == "en" else 6
        colon = "：" if lang == "zh" else ":"
        for label_en, label_zh, value, style in (
            ("input", "输入", outcome.inputs, None),
            ("expected", "期望", outcome.expected, "green"),
            ("got", "得到", outcome.got, "red"),
            ("at", "位置", outcome.where, "dim"),
        ):
            if value:
                label = tr(lang, label_en, label_zh)
                lines = (shapes_in_chinese(str(value)) if lang == "zh" else str(value)).splitlines() or [""]
                pad = " " * (2 + label_width + 2)
                head = Text(f"  {label}{colon}" + " " * max(1, label_width + 2 - cell_len(f"{label}{colon}")), style="bold")
                out.print(head + Text(lines[0], style=style or ""))
                for extra in lines[1:]:
                    out.print(Text(pad + extra, style=style or ""))
        if outcome.why:
            out.print(Text("  → ", style="bold yellow") + Text(outcome.why.get(lang), style="yellow"))
        if outcome.note:
            out.print(Text(tr(lang, f"  warning raised: {outcome.note}", f"  运行时警告：{outcome.note}"), style="dim"))
    if outcome.output and outcome.output.strip():
        out.print(Text(tr(lang, "  your code printed:", "  你的代码输出了："), style="dim"))
        for piece in outcome.output.rstrip().splitlines()[:20]:
            out.print(Text("    " + piece, style="dim"))
        if len(outcome.output.rstrip().splitlines()) > 20:
            out.print(Text("    …", style="dim"))


def render_source(source: str) -> None:
    print_code(source)

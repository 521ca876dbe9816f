"""The `llmpath progress` dashboard."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from llmpath.i18n import localize, tr
from llmpath.ui import bar, console

HEAT = " ░▒▓█"


def render_dashboard(data: dict[str, Any], lang: str) -> None:
    data = localize(data, lang)
    out = console()
    out.print(Text(tr(lang, "Your progress", "学习进度"), style="bold underline"))
    short = {m["id"]: m["title"].replace("：", ":").split(":")[0] for m in data["modules"]}
    width = min(max((cell_len(t) for t in short.values()), default=10), 28)  # CJK characters are 2 cells wide
    for module in data["modules"]:
        frac = (module["completed"] + module.get("skipped", 0)) / module["units"] if module["units"] else 0.0
        title = short[module["id"]]
        if cell_len(title) > width:
            title = set_cell_size(title, width - 1) + "…"
        out.print(Text(f"  {set_cell_size(title, width)} ") + Text(bar(frac, 16), style="green")
                  + Text(_module_counts(module, lang)))
    acc = data["accuracy"]
    acc_text = f"{100 * acc:.0f}%" if acc is not None else "–"
    minutes = int(data["seconds_spent"] // 60)
    out.print()
    out.print(tr(lang, f"Answers: {data['answers']}   accuracy: {acc_text}   time spent: {minutes} min",
                 f"答题：{data['answers']}   正确率：{acc_text}   学习时长：{minutes} 分钟"))
    out.print(tr(lang, f"Reviews due now: {data['due_now']}   today: {data['due_today']}   this week: {data['due_week']}",
                 f"到期复习：现在 {data['due_now']}   今天 {data['due_today']}   本周 {data['due_week']}"))
    if data.get("show_streak"):
        out.print(tr(lang, f"Day streak: {data['streak_days']}", f"连续学习：{data['streak_days']} 天"))
    _heatmap(data["activity"], lang)
    if data["weakest"]:
        out.print(Text(tr(lang, "Weakest concepts", "最薄弱的概念"), style="bold"))
        for w in data["weakest"]:
            out.print(Text(f"  {100 * w['accuracy']:>3.0f}%  {w['name']}") + Text(f"  → {w['unit']}" if w["unit"] else "", style="dim"))
    if "concepts" in data:
        out.print(Text(tr(lang, "Concept mastery", "概念掌握度"), style="bold"))
        for row in data["concepts"]:
            out.print(Text(f"  {bar(row['mastery'], 10)} {row['mastery']:.2f}  {row['name']}") + Text(f"  ({row['unit']})", style="dim"))


def _heatmap(activity: list[dict[str, Any]], lang: str) -> None:
    """12 weeks × 7 days, a column per week, shaded by minutes studied."""
    out = console()
    out.print(Text(tr(lang, "Last 12 weeks", "最近 12 周"), style="bold"))
    top = max((d["seconds"] for d in activity), default=0.0) or 1.0
    weeks = [activity[i:i + 7] for i in range(0, len(activity), 7)]
    names = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] if lang == "en" else ["一", "二", "三", "四", "五", "六", "日"]
    for weekday in range(7):
        row = Text(f"  {names[weekday]:<2} ")
        for week in weeks:
            day = next((d for d in week if date.fromisoformat(d["day"]).weekday() == weekday), None)
            if day is None:
                row.append("  ")
                continue
            level = 0 if not day["active"] else 1 + int(3 * day["seconds"] / top)
            row.append(HEAT[min(level, 4)] * 2, style="green")
        out.print(row)


def _module_counts(module: dict, lang: str) -> str:
    """The same five status words as `start` and `path`: completed (of which mastered), skipped."""
    skipped = module.get("skipped", 0)
    en = f" {module['completed']}/{module['units']} completed, {module['mastered']} mastered" + (f", {skipped} skipped" if skipped else "")
    zh = f" 已完成 {module['completed']}/{module['units']}，已掌握 {module['mastered']}" + (f"，已跳过 {skipped}" if skipped else "")
    return tr(lang, en, zh)

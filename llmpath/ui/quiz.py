"""Rendering questions, feedback and summaries; reading the learner's replies."""

from __future__ import annotations

import sys
from typing import Any

import re

from rich.panel import Panel
from rich.text import Text

from llmpath.i18n import tr
from llmpath.content.models import L10n
from llmpath.quiz import LETTERS, Grade, Presented
from llmpath.ui import console

INLINE = re.compile(r"(`[^`]+`|\*\*[^*]+\*\*)")
BLOCK = re.compile(r"^(\s{4}|```|[-*+] |\d+\. |#|>|\|)", re.MULTILINE)


def rich_text(text: str):
    """Prompts and explanations are short prose: render `code` and **bold** directly and
    keep full Markdown (markdown-it costs ~80 ms to import) for text with block syntax."""
    if BLOCK.search(text):
        from rich.markdown import Markdown

        return Markdown(text)
    from llmpath.ui.typeset import join_soft_lines

    text = join_soft_lines(text)  # a line break between two Chinese characters is not a space
    out = Text()
    for part in INLINE.split(text):
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(part[1:-1], style="bold cyan")
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out.append(part[2:-2], style="bold")
        else:
            out.append(part)
    return out


KIND_HINTS = {
    "single": ("one letter", "输入一个字母"),
    "multi": ("all correct letters, e.g. a,c", "所有正确字母，例如 a,c"),
    "true_false": ("t or f", "t（对）或 f（错）"),
    "numeric": ("a number (0.5, 1/2, 5e-1)", "一个数（0.5、1/2、5e-1）"),
    "shape": ("a shape, e.g. 2, 5, 64", "一个形状，例如 2, 5, 64"),
    "text": ("a short answer", "简短的答案"),
}


def _as_text(value):
    return value if isinstance(value, Text) else Text(str(getattr(value, "markup", value)))


def show_question(item: Presented, number: int, total: int, lang: str, *, label: str = "") -> None:
    out = console()
    counted = f"{number}/{total}" if total else f"{number}"
    title = f"Question {counted}" if lang == "en" else f"第 {counted} 题"
    if label:   # the unit's title may be long: it gives way with "…" rather than be cut bare at the border
        from llmpath.ui.typeset import ellipsize

        title += " · " + ellipsize(label, max(8, out.width - 6 - len(title) - 3))
    body = [rich_text(item.prompt.get(lang))]
    from rich.console import Group
    from rich.padding import Padding

    # Each option hangs under its own text when it wraps (Padding, not a Table: a table costs ~20 ms at start-up).
    options = [Padding(Text(f"{LETTERS[i]}) ", style="bold cyan") + _as_text(rich_text(choice.text.get(lang))), (0, 0, 0, 2))
               for i, choice in enumerate(item.choices)]
    group = Group(*body, *options)
    out.print(Panel(group, title=Text(title), title_align="left", border_style="cyan", expand=False))
    en, zh = KIND_HINTS[item.kind]
    out.print(Text(tr(lang, f"answer: {en} · ? hint · s skip · q quit", f"作答：{zh} ·？提示 · s 跳过 · q 退出"), style="dim"))


MAX_REPLY = 4096


def ask(prompt: str = "> ") -> str:
    """Read one line from the learner; EOF raises EOFError (the CLI saves and exits)."""
    out = console()
    out.print(Text(prompt, style="bold"), end="")
    out.file.flush()
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        try:  # bytes that are not UTF-8 become U+FFFD and are refused as an answer, not a crash
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass
    line = sys.stdin.readline(MAX_REPLY)
    if len(line) >= MAX_REPLY and not line.endswith("\n"):
        sys.stdin.readline()  # drop the rest of an absurdly long line
    if line == "":
        raise EOFError
    reply = "".join(ch for ch in line.rstrip("\r\n") if ch.isprintable())  # no control characters
    if not sys.stdin.isatty():
        out.print(Text(reply[:200], style="dim"))  # echo scripted replies so transcripts read well
    return reply


def show_invalid(message: str) -> None:
    console().print(Text(message, style="yellow"))


def show_hint(hints: tuple[L10n, ...], shown: int, lang: str) -> None:
    """The next rung of the hint ladder; past the last one, say so and point to `s`."""
    out = console()
    if shown < len(hints):
        label = tr(lang, f"hint {shown + 1}/{len(hints)}: ", f"提示 {shown + 1}/{len(hints)}：")
        out.print(Text(label, style="bold yellow") + Text(hints[shown].get(lang)))
    elif hints:
        out.print(Text(tr(lang, "That was the last hint. Type s to see the answer and its explanation (the question comes back for review).",
                          "提示已经用完。输入 s 查看答案和解析（这道题之后会安排复习）。"), style="yellow"))
    else:
        out.print(Text(tr(lang, "No hint for this one. Type s to see the answer and its explanation.",
                          "这道题没有提示。输入 s 查看答案和解析。"), style="yellow"))


def show_skipped(item: Presented, lang: str) -> None:
    """`s`: the answer and the explanation, and that the question will come back."""
    from llmpath.quiz import expected_text

    out = console()
    out.print(Text(tr(lang, f"Skipped. The answer: {expected_text(item)}", f"已跳过。答案：{expected_text(item)}"), style="bold"))
    out.print(Text(item.explanation.get(lang)))
    out.print(Text(tr(lang, "It comes back in your reviews.", "这道题会出现在你的复习里。"), style="dim"))


def show_feedback(item: Presented, grade: Grade, lang: str) -> None:
    out = console()
    if grade.correct:
        out.print(Text(tr(lang, "✓ Correct", "✓ 正确"), style="bold green"))
    else:
        out.print(Text(tr(lang, "✗ Not quite — the answer is ", "✗ 不对——正确答案是 "), style="bold red") + Text(_answer_label(item, grade, lang), style="bold"))
        if grade.feedback:
            out.print(Text(tr(lang, "Your answer: ", "你的答案："), style="yellow") + Text(grade.feedback.get(lang)))
    out.print(rich_text(item.explanation.get(lang)))
    out.print()


def _answer_label(item: Presented, grade: Grade, lang: str) -> str:
    if item.kind == "single":
        return f"{grade.expected}) {item.choices[item.answer].text.get(lang)}"
    if item.kind == "true_false":
        return tr(lang, "true", "对") if item.answer else tr(lang, "false", "错")
    return grade.expected


def show_summary(summary: dict[str, Any], lang: str) -> None:
    out = console()
    answered, right = summary["answered"], summary["correct"]
    pct = f"{100 * right / answered:.0f}%" if answered else "–"
    minutes, seconds = divmod(int(summary["seconds"]), 60)
    line = tr(lang, f"Score {right}/{answered} ({pct}) in {minutes}m{seconds:02d}s", f"得分 {right}/{answered}({pct})，用时 {minutes} 分 {seconds:02d} 秒")
    if summary["skipped"]:
        line += tr(lang, f", {summary['skipped']} skipped", f"，跳过 {summary['skipped']} 题")
    out.print(Text(line, style="bold"))
    if summary["revisit"]:
        out.print(Text(tr(lang, "Concepts to revisit:", "需要复习的概念："), style="bold yellow"))
        for entry in summary["revisit"]:
            where = f"  ({tr(lang, 'unit', '单元')} {entry['unit']})" if entry.get("unit") else ""
            out.print(Text(f"  • {entry['name']}{where}"))
    for unit in summary.get("completed_units", []):
        out.print(Text(tr(lang, f"Unit {unit} completed ✓", f"单元 {unit} 已完成 ✓"), style="green"))

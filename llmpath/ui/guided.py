"""Screens of the guided path: welcome, sections, prompts."""

from __future__ import annotations

from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from llmpath.i18n import tr
from llmpath.ui import console
from llmpath.ui.quiz import ask

YES = {"y", "yes", "是", "好", "对", "ok"}
NO = {"n", "no", "否", "不"}


class QuitRequested(Exception):
    """The learner typed q at a prompt."""


def confirm(question: str, *, default: bool, lang: str) -> bool:
    suffix = " [Y/n/q] " if default else " [y/N/q] "
    while True:
        reply = ask(question + suffix).strip().lower()
        if reply == "":
            return default
        if reply in YES:
            return True
        if reply in NO:
            return False
        if reply in ("q", "quit"):
            raise QuitRequested
        console().print(Text(tr(lang, "type y or n (q quits)", "请输入 y 或 n(q 退出)"), style="yellow"))


def choose_language(default: str) -> str:
    while True:
        reply = ask(f"Language / 语言 — en (English) or zh (中文) [{default}]: ").strip().lower()
        if reply == "":
            return default
        if reply in ("en", "english", "e", "英文"):
            return "en"
        if reply in ("zh", "中文", "chinese", "z", "cn"):
            return "zh"
        if reply in ("q", "quit"):
            raise QuitRequested
        console().print(Text("type en or zh / 请输入 en 或 zh", style="yellow"))


def welcome(lang: str) -> None:
    console().print(Panel(Text(tr(
        lang,
        "Welcome to llmpath: the foundations of large language models, one unit at a time.\n"
        "Each unit: read a few short sections, run a real demo, try an exercise, take a quiz.\n"
        "What you get wrong comes back later as spaced reviews. Quit any time with q.",
        "欢迎使用 llmpath:一次一个单元,打好大模型的基础。\n"
        "每个单元:读几段简短讲解,运行真实演示,动手练习,完成测验。\n"
        "答错的题会在之后按间隔重复安排复习。随时输入 q 退出。",
    )), title="llmpath", border_style="cyan", expand=False))


def show_section(unit_title: str, section_title: str, body: str, index: int, total: int, lang: str) -> None:
    title = f"{unit_title} · {index + 1}/{total} · {section_title}"
    console().print(Panel(Markdown(body), title=Text(title), title_align="left", border_style="blue"))


def section_prompt(lang: str, *, first: bool) -> str:
    """Enter → next, b → back, q → quit. Returns 'next', 'back' or raises QuitRequested."""
    hint = tr(lang, "[Enter] next · b back · q quit ", "[回车] 下一页 · b 上一页 · q 退出 ")
    while True:
        reply = ask(hint).strip().lower()
        if reply in ("", "n", "next"):
            return "next"
        if reply in ("b", "back") and not first:
            return "back"
        if reply in ("b", "back"):
            console().print(Text(tr(lang, "this is the first section", "这已经是第一页"), style="yellow"))
            continue
        if reply in ("q", "quit"):
            raise QuitRequested
        console().print(Text(tr(lang, "press Enter, b or q", "请按回车、b 或 q"), style="yellow"))


def say(text: str, style: str | None = None) -> None:
    console().print(Text(text, style=style or ""))


def unit_header(title: str, module: str, minutes: int, objectives: list[str], lang: str) -> None:
    out = console()
    out.print()
    out.print(Text(f"{title}", style="bold cyan") + Text(f"  ({module}, ~{minutes} min)", style="dim"))
    if objectives:
        out.print(Text(tr(lang, "You will be able to:", "学完后你将能够:"), style="bold"))
        for objective in objectives:
            out.print(Text(f"  • {objective}"))

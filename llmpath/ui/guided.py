"""Screens of the guided path: welcome, the path at a glance, sections paged to the window, prompts.

Nothing here decides what comes next (that is ``llmpath.session``); each function shows one
kind of step and reads the learner's reply. On a terminal, no screen between two prompts is
taller than the window: long sections and demo output are paged (Enter for more). Piped
input and non-terminals never pause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.text import Text

from llmpath.i18n import localize, tr
from llmpath.ui import console
from llmpath.ui.quiz import ask

YES = {"y", "yes", "是", "好", "对", "ok"}
NO = {"n", "no", "否", "不"}
STATE_WORDS = {
    "not_started": ("not started", "未开始"), "in_progress": ("in progress", "进行中"), "completed": ("completed", "已完成"),
    "mastered": ("mastered", "已掌握"), "skipped": ("skipped", "已跳过"), "locked": ("locked", "未解锁"),
}


class QuitRequested(Exception):
    """The learner typed q at a prompt."""


# ------------------------------------------------------------------ the window

def window() -> tuple[int, int] | None:
    """(width, height) of a real terminal; None when output is piped (never page then)."""
    out = console()
    if not out.is_terminal:
        return None
    return out.size.width, out.size.height


def screen_lines(renderable: Any, width: int) -> list[str]:
    """``renderable`` rendered to lines of terminal text (styles kept), ``width`` cells wide."""
    out = console()
    with out.capture() as captured:
        out.print(renderable, width=width)
    return captured.get().rstrip("\n").split("\n")


def paged(lines: Sequence[str], lang: str, *, room: int | None = None) -> None:
    """Print ``lines``, pausing for Enter whenever the window is full (the first page gets ``room`` rows)."""
    size = window()
    out = console()
    if size is None:
        for line in lines:
            out.file.write(line + "\n")
        return
    page = max(5, (room if room is not None else size[1] - 2))
    start = 0
    while start < len(lines):
        for line in lines[start:start + page]:
            out.file.write(line + "\n")
        start += page
        if start < len(lines):
            reply = ask(tr(lang, "[Enter] more · q quit ", "[回车] 继续 · q 退出 ")).strip().lower()
            if reply in ("q", "quit"):
                raise QuitRequested
            page = max(5, size[1] - 2)
    out.file.flush()


class Pager:
    """Output printed block by block (a demo's), pausing for Enter whenever the window fills up."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.used = 0
        self.blocks: list[Any] = []  # what was shown, for the figure's Unicode chart

    def show(self, render: Any, block: Any) -> None:
        self.blocks.append(block)
        size = window()
        if size is None:
            render(block)
            return
        out = console()
        with out.capture() as captured:
            render(block)
        for line in captured.get().rstrip("\n").split("\n"):
            if self.used >= size[1] - 2:
                reply = ask(tr(self.lang, "[Enter] more · q quit ", "[回车] 继续 · q 退出 ")).strip().lower()
                if reply in ("q", "quit"):
                    raise QuitRequested
                self.used = 0
            out.file.write(line + "\n")
            self.used += 1
        out.file.flush()


def pause(lang: str, *, figure: bool = False) -> bool:
    """After long output (a demo), wait before the next screen replaces it — terminals only.
    With ``figure``, `f` asks for the demo's figure: returns True then."""
    if window() is None:
        return False
    offer = tr(lang, "f show the figure · ", "f 查看图 · ") if figure else ""
    while True:
        reply = ask(tr(lang, f"[Enter] continue · {offer}q quit ", f"[回车] 继续 · {offer}q 退出 ")).strip().lower()
        if reply in ("q", "quit"):
            raise QuitRequested
        if figure and reply == "f":
            return True
        return False


# ------------------------------------------------------------------ prompts

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
        console().print(Text(tr(lang, "type y or n (q quits)", "请输入 y 或 n（q 退出）"), style="yellow"))


def choose(question: str, options: dict[str, str], *, default: str, lang: str) -> str:
    """A one-letter menu: ``options`` maps the letter to what it does."""
    menu = " · ".join(f"{key} {what}" for key, what in options.items())
    while True:
        reply = ask(f"{question} [{menu}] ").strip().lower() or default
        if reply in options:
            return reply
        if reply in ("q", "quit"):
            raise QuitRequested
        console().print(Text(tr(lang, f"type one of: {', '.join(options)}", f"请输入其中之一：{'、'.join(options)}"), style="yellow"))


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


def say(text: str, style: str | None = None) -> None:
    console().print(Text(text, style=style or ""))


# ------------------------------------------------------------------ screens

def welcome(lang: str, modules: list[dict[str, Any]]) -> None:
    """The first screen: what a unit is, and the path at a glance (one line per module: it fits any window)."""
    modules = localize(modules, lang)
    out = console()
    out.print(Panel(Text(tr(
        lang,
        "Welcome to llmpath: the foundations of large language models, one unit at a time.\n"
        "Each unit: read a few short sections, run a real demo, write a little code, take a quiz.\n"
        "What you get wrong comes back later as spaced reviews. Quit any time with q.",
        "欢迎使用 llmpath：一次一个单元，打好大模型的基础。\n"
        "每个单元：读几段简短讲解，运行真实演示，动手写一点代码，完成测验。\n"
        "答错的题会在之后按间隔重复安排复习。随时输入 q 退出。",
    )), title="llmpath", border_style="cyan", expand=False))
    out.print(Text(tr(lang, "Your path to LLMs", "大模型学习路径"), style="bold"))
    for number, module in enumerate(modules, start=1):
        minutes = module["minutes"]
        hours = tr(lang, f"about {minutes / 60:.0f} h", f"约 {minutes / 60:.0f} 小时")
        out.print(Text(f"  {number}. {module['title']}", style="bold cyan")
                  + Text(tr(lang, f"  {module['total']} units, {hours}", f"  {module['total']} 个单元，{hours}"), style="dim"))
    out.print(Text(tr(lang, "See every unit any time with `llmpath path`.", "随时用 `llmpath path` 查看所有单元。"), style="dim"))


def unit_header(title: str, minutes: int, objectives: list[str], lang: str) -> Any:
    """The unit's title, time and goals; a goal that wraps continues under its own first word, not at the margin."""
    from rich.table import Table

    text = Text(title, style="bold cyan") + Text(tr(lang, f"  (about {minutes} min)", f"（约 {minutes} 分钟）"), style="dim")
    if not objectives:
        return text
    goals = Table.grid()
    goals.add_column(width=4, no_wrap=True)
    goals.add_column()
    for objective in objectives:
        goals.add_row("  • ", Text(objective))
    return Group(text, Text(tr(lang, "You will be able to:", "学完后你将能够："), style="bold"), goals)


def show_section(unit_title: str, section_title: str, body: str, index: int, total: int, lang: str,
                 header: Text | None = None, figure: Any = None) -> None:
    """One section in a panel; on a terminal it is paged to the window and every page keeps the title.

    ``figure`` (a unit's ``Figure``) is drawn under the text, on one page: when it does not fit
    under the last lines of text it starts the next page. A pipe or NO_COLOR gets its text form.
    """
    from llmpath.ui.figure import figure_renderable

    title = Text(f"{unit_title} · {index + 1}/{total} · {section_title}")
    size = window()
    if size is None:
        if header is not None:
            console().print(header)
        content: Any = Markdown(body)
        if figure is not None:
            content = Group(content, Text(""), figure_renderable(figure, width=console().width - 4, lang=lang))
        console().print(Panel(content, title=title, title_align="left", border_style="blue"))
        return
    width, height = size
    head = screen_lines(header, width) if header is not None else []
    body_lines = screen_lines(Markdown(body), width - 4)
    first_room = max(5, height - 4 - len(head) - 1)
    room = max(5, height - 5)
    pages, start, size_now = [], 0, first_room
    while start < len(body_lines) or not pages:
        pages.append(body_lines[start:start + size_now])
        start += size_now
        size_now = room
    if figure is not None:
        picture = screen_lines(figure_renderable(figure, width=width - 4, lang=lang, rows=room), width - 4)
        last_room = first_room if len(pages) == 1 else room
        if len(pages[-1]) + 1 + len(picture) <= last_room:
            pages[-1] = pages[-1] + [""] + picture
        else:
            pages.append(picture[:room])
    for number, lines in enumerate(pages):
        if number == 0 and head:
            for line in head:
                console().file.write(line + "\n")
        page = "" if len(pages) == 1 else tr(lang, f" · page {number + 1}/{len(pages)}", f" · 第 {number + 1}/{len(pages)} 页")
        label = Text(panel_title(unit_title, f" · {index + 1}/{total} · ", section_title, page, width - 6))
        console().print(Panel(Text.from_ansi("\n".join(lines)), title=label, title_align="left", border_style="blue"))
        if number + 1 < len(pages):
            reply = ask(tr(lang, "[Enter] more · q quit ", "[回车] 继续 · q 退出 ")).strip().lower()
            if reply in ("q", "quit"):
                raise QuitRequested


def panel_title(unit_title: str, middle: str, section_title: str, page: str, room: int) -> str:
    """The title of a section's panel within ``room`` cells: the section's place (i/n) and the page number
    are always kept; the unit's title, then the section's, give way with "…" (Rich would cut the end,
    page number first)."""
    from rich.cells import cell_len

    from llmpath.ui.typeset import ellipsize

    fixed = cell_len(middle) + cell_len(page)
    unit_title = ellipsize(unit_title, max(12, room - fixed - cell_len(section_title)))   # the unit keeps >= 12 cells
    section_title = ellipsize(section_title, max(4, room - fixed - cell_len(unit_title)))
    return f"{unit_title}{middle}{section_title}{page}"


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


def placement_plan(titles: list[str], lang: str) -> tuple[str, tuple[int, ...]]:
    """Show what placement would skip; returns ('y', ()) to accept, ('n', ()) to skip nothing, or
    ('y', numbers to keep) after an edit."""
    if not titles:
        say(tr(lang, "Placement: nothing to skip — we start at the beginning.", "摸底结果：没有可跳过的单元，我们从头开始。"), style="bold")
        return "n", ()
    say(tr(lang, f"Placement: you can skip these {len(titles)} units:", f"摸底结果：你可以跳过这 {len(titles)} 个单元："), style="bold")
    lines = [f"  {number:>2}. {title}" for number, title in enumerate(titles, start=1)]
    paged(lines, lang, room=(window() or (0, 24))[1] - 4)
    pick = choose(tr(lang, "Skip them?", "跳过它们吗？"),
                  {"y": tr(lang, "yes", "是"), "n": tr(lang, "no, start at the beginning", "否，从头开始"),
                   "e": tr(lang, "edit", "修改")}, default="y", lang=lang)
    if pick != "e":
        return pick, ()
    reply = ask(tr(lang, "Numbers to study after all (e.g. 2 5): ", "仍要学习的编号（例如 2 5）：")).strip()
    keep = tuple(int(tok) for tok in reply.replace(",", " ").replace("，", " ").split() if tok.isdigit() and 1 <= int(tok) <= len(titles))
    return "y", keep


def placement_done(skipped: int, lang: str) -> None:
    if skipped:
        say(tr(lang, f"{skipped} units marked skipped. `llmpath start UNIT` opens one again; `llmpath start --placement` redoes placement.",
               f"已跳过 {skipped} 个单元。`llmpath start 单元` 可重新打开其中一个；`llmpath start --placement` 重新摸底。"), style="green")


def quiz_intro(unit_title: str, count: int, lang: str) -> None:
    say(tr(lang, f"Quiz: {count} questions on “{unit_title}”. 80 % completes the unit.",
           f"测验：「{unit_title}」共 {count} 题，答对 80% 即完成本单元。"), style="bold")


def quit_message(lang: str) -> None:
    say(tr(lang, "Saved. Run `llmpath start` to continue where you left off.", "已保存。运行 `llmpath start` 即可从这里继续。"), style="dim")

"""What the Chinese learner sees, for the render and one-language tests: sections and light demos.

Demo blocks are computed once per test process (both test files use them) and rendered
through the real renderer (``llmpath.ui.demo.render``) into a string console.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from functools import lru_cache

from rich.console import Console


def string_console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False, legacy_windows=False)


@contextmanager
def ui_console(width: int):
    """Point llmpath.ui's console at a string buffer of the given width; yields the console."""
    from llmpath import ui

    ui.typeset.install()
    saved = dict(ui._CONSOLES)
    out = string_console(width)
    ui._CONSOLES[False] = out
    ui._CONSOLES[True] = out
    try:
        yield out
    finally:
        ui._CONSOLES.clear()
        ui._CONSOLES.update(saved)


def light_demo_ids() -> list[str]:
    """Demos with no measured heavy run (registry: typical_s == 0): a few seconds in all."""
    from llmpath.demos.registry import DEMOS

    return [spec.id for spec in DEMOS if not spec.typical_s]


@lru_cache(maxsize=None)
def demo_blocks(demo_id: str, lang: str = "zh") -> tuple:
    from llmpath.demos.base import DemoContext
    from llmpath.demos.runner import run_demo

    blocks: list = []
    run_demo(demo_id, DemoContext(lang=lang, seed=0, sink=blocks.append))
    return tuple(blocks)


def block_source(block) -> str:
    """The text a block was made from, to tell what the renderer produced from what the author wrote."""
    from llmpath.demos import base

    if isinstance(block, base.Text):
        return block.body
    if isinstance(block, base.Table):
        return "\n".join([block.title or "", *block.columns, *("\n".join(map(str, row)) for row in block.rows)])
    if isinstance(block, base.Heading):
        return block.title
    return ""

"""At a real 80×24 colour terminal, a section with a figure is drawn as a chart and no screen
between two prompts is taller than the window, in both languages."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

ROWS, COLS = 24, 80
PROMPTS = [r"\[(?:Enter|回车)\] [^\r\n]*", r"\[[Yy]/[Nn]/q\] ", r"\[[a-z] [^\r\n]*\] ", r"\n(?:\x1b\[[0-9;]*m)*> ", pexpect.EOF]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.parametrize("lang, unit", [("en", "mle-and-bayes"), ("zh", "classification-metrics")])
def test_a_section_with_a_figure_fits_the_window(tmp_path, lang, unit):
    env = dict(os.environ, LLMPATH_HOME=str(tmp_path), LLMPATH_CACHE=str(tmp_path / "cache"), TERM="xterm-256color",
               LANG="C.UTF-8", COLUMNS=str(COLS), LINES=str(ROWS), LLMPATH_NOW="2026-12-01T09:00:00Z", LLMPATH_IMAGES="off")
    for name in ("NO_COLOR", "LLMPATH_LANG"):
        env.pop(name, None)
    child = pexpect.spawn(sys.executable, ["-m", "llmpath", "--lang", lang, "start", unit], env=env, encoding="utf-8",
                          timeout=60, dimensions=(ROWS, COLS))
    figures, tallest = 0, 0
    caption = "图：" if lang == "zh" else "Figure: "
    for _ in range(40):
        index = child.expect(PROMPTS)
        screen = ANSI.sub("", child.before + (child.after if isinstance(child.after, str) else "")).replace("\r", "")
        tallest = max(tallest, len(screen.split("\n")))
        if caption in screen:
            figures += 1
            assert any("\u2800" <= ch <= "\u28ff" for ch in screen), "the figure was not drawn as a chart"
            assert re.search(r"(AUC|0\.70|precision|精确率)", screen)
        if index == len(PROMPTS) - 1 or re.search(r"(Run the demo|运行演示)", screen):
            break
        child.sendline("n" if "[y/N/q]" in child.after else "")
    child.sendline("q")
    child.close()
    assert figures >= 1, "no section with a figure was shown"
    assert tallest <= ROWS, f"a screen of {tallest} rows at {ROWS} rows ({lang})"

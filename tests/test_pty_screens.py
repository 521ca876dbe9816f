"""At a real 80×24 terminal, in both languages, nothing scrolls away unseen in `start`: the output
between two prompts — the welcome and path, every section page, a demo's pages — fits the window."""

from __future__ import annotations

import os
import re
import sys

import pexpect
import pytest

ROWS, COLS = 24, 80
PROMPTS = [r"\[(?:Enter|回车)\] [^\r\n]*", r"\[[Yy]/[Nn]/q\] ", r"\[[a-z] [^\r\n]*\] ", r"\n(?:\x1b\[[0-9;]*m)*> ", pexpect.EOF]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen_height(text: str) -> int:
    lines = ANSI.sub("", text).replace("\r", "").split("\n")
    return len([line for line in lines])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_screen_between_two_prompts_is_taller_than_the_window(tmp_path, lang):
    env = dict(os.environ, LLMPATH_HOME=str(tmp_path), LLMPATH_CACHE=str(tmp_path / "cache"), NO_COLOR="1",
               TERM="xterm", LANG="C.UTF-8", COLUMNS=str(COLS), LINES=str(ROWS), LLMPATH_NOW="2026-12-01T09:00:00Z")
    env.pop("LLMPATH_LANG", None)
    child = pexpect.spawn(sys.executable, ["-m", "llmpath", "--lang", lang, "start"], env=env, encoding="utf-8",
                          timeout=60, dimensions=(ROWS, COLS))
    tallest, screens, quiz_seen = 0, 0, False
    for _ in range(80):
        index = child.expect(PROMPTS)
        screen = child.before + (child.after if isinstance(child.after, str) else "")
        tallest = max(tallest, screen_height(screen))
        screens += 1
        if index == len(PROMPTS) - 1:
            break
        prompt = child.after
        if re.search(r"(Question|题)", screen) and index == 3:
            quiz_seen = True
            child.sendline("q")
        elif "[Y/n/q]" in prompt:
            child.sendline("y" if re.search(r"(Run the demo|运行演示)", screen) else "n")
        elif "[y/N/q]" in prompt:
            child.sendline("n")
        else:
            child.sendline("")
    child.close()
    assert quiz_seen, "the walk never reached the unit's quiz"
    assert screens > 5
    assert tallest <= ROWS, f"a screen of {tallest} rows at {ROWS} rows ({lang})"

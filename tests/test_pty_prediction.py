"""At a demo's "predict first" question the footer's keys work: ? shows a hint, s runs the demo
without a prediction, q saves and ends the session (it used to answer "type a number")."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from tests.pty_child import exit_status

PAGE = [r"\[(?:Enter|回车)\] [^\r\n]*", r"\[Y/n/q\] ", r"\[y/N/q\] ", r"> "]


def walk_to_prediction(tmp_path, lang: str) -> pexpect.spawn:
    env = dict(os.environ, LLMPATH_HOME=str(tmp_path), LLMPATH_CACHE=str(tmp_path / "cache"), NO_COLOR="1",
               TERM="xterm", LANG="C.UTF-8", LLMPATH_NOW="2026-12-01T09:00:00Z")
    env.pop("LLMPATH_LANG", None)
    child = pexpect.spawn(sys.executable, ["-m", "llmpath", "--lang", lang, "start"], env=env, encoding="utf-8",
                          timeout=60, dimensions=(24, 80))
    for _ in range(40):
        index = child.expect(PAGE)
        if index == 3:
            if "predict first" in child.before or "先预测" in child.before:
                return child
            pytest.fail("a question prompt came before the demo's prediction")
        child.sendline("y" if index == 1 else "n" if index == 2 else "")
    pytest.fail("never reached the demo's prediction")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hint_then_quit_at_the_prediction(tmp_path, lang):
    child = walk_to_prediction(tmp_path, lang)
    child.sendline("?")
    child.expect(r"hint 1/|提示 1/")
    child.expect("> ")
    child.sendline("q")
    child.expect(r"Saved|已保存")
    assert exit_status(child) == 0


def test_skip_runs_the_demo_without_a_prediction(tmp_path):
    child = walk_to_prediction(tmp_path, "en")
    child.sendline("s")
    child.expect("No prediction this time")
    child.expect(PAGE[:3])  # the demo's pages follow
    child.sendline("q")
    assert exit_status(child) == 0

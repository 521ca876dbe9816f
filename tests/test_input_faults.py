"""Hostile input at every prompt: random Unicode, control characters, long lines, bad
bytes, EOF and Ctrl-C — one clear line, the right exit code, nothing answered lost."""

from __future__ import annotations

import json
import os
import sys

import pexpect
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from llmpath.content.catalog import load_catalog
from llmpath.paths import progress_file
from tests.pty_child import exit_status



def first_unit() -> str:
    return load_catalog().path_order()[0].id


def assert_clean(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_random_unicode_replies_never_crash_a_quiz(invoke, lines):
    result = invoke("quiz", first_unit(), "--seed", "3", "--count", "3", input="\n".join(lines) + "\n")
    assert_clean(result)
    assert result.exit_code in (0, 1)


@pytest.mark.parametrize("reply", ["\x1b[31mred\x1b[0m", "\x00\x01\x02", "a" * 100_000, "🙂🙃" * 50, "\u202e\u200b"])
def test_control_characters_and_long_lines(invoke, reply):
    result = invoke("quiz", first_unit(), "--seed", "3", "--count", "2", input=reply + "\nq\n")
    assert_clean(result)
    assert result.exit_code == 0
    assert len(result.output) < 20_000  # a 100k-character line is not echoed back


def test_non_utf8_bytes_are_refused_as_an_answer(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["quiz", first_unit(), "--seed", "3", "--count", "1"], input=b"\xff\xfe\xfa\nq\n")
    assert_clean(result)
    assert result.exit_code == 0


@pytest.mark.parametrize("command", [["quiz", "math", "--seed", "1"], ["start"], ["review"]], ids=lambda c: c[0])
def test_eof_at_every_prompt_saves_and_exits_1(invoke, command):
    script = ["en", "n", "", "", "", "n", "1", "t", "a", "2", "b"]
    for cut in range(len(script)):
        progress_file().unlink(missing_ok=True)
        result = invoke(*(["--lang", "en"] if command[0] != "start" else []), *command, input="\n".join(script[:cut]) + ("\n" if cut else ""))
        assert_clean(result)
        if result.exit_code != 0:  # review with nothing due ends at once
            assert result.exit_code == 1 and "input ended" in result.output
        if progress_file().exists():
            json.loads(progress_file().read_text())  # never a torn file


def spawn(args, home):
    env = dict(os.environ, LLMPATH_HOME=str(home), NO_COLOR="1", LANG="C.UTF-8")
    return pexpect.spawn(sys.executable, ["-m", "llmpath", *args], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))


@pytest.mark.parametrize("prompts_before_interrupt", [0, 1, 2, 3])
def test_ctrl_c_at_start_prompts_exits_130(tmp_path, prompts_before_interrupt):
    child = spawn(["start"], tmp_path)
    replies = ["en", "n", "", ""]
    for reply in replies[:prompts_before_interrupt]:
        child.expect([r"\]: ", r"\] ", r"quit "])
        child.sendline(reply)
    child.expect([r"\]: ", r"\] ", r"quit "])
    child.sendintr()
    child.expect("interrupted")
    assert exit_status(child) == 130
    if (tmp_path / "progress.json").exists():
        json.loads((tmp_path / "progress.json").read_text())

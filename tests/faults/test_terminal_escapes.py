"""Break 7: escape sequences reached the terminal — from a content pack's prompt (window
title, clear screen, OSC 8 links), from learner output and from echoed arguments."""

from __future__ import annotations

import pytest

from llmpath.textsafe import clean_terminal_text, visible_controls
from tests.faults.helpers import assert_one_line_error, run_llmpath

ESC = "\x1b"
HOSTILE = {
    "title": "\x1b]0;pwned\x07",
    "clear": "\x1b[2J\x1b[H",
    "osc8": "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "reset": "\x1bc",
    "c1-csi": "\x9b2J",
    "bell-backspace": "\x07\x08\x08",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_escape_sequences_are_removed_whole(name):
    cleaned = clean_terminal_text(f"before {HOSTILE[name]} after")
    assert not any(ch in cleaned for ch in "\x1b\x07\x08\x9b")
    assert cleaned.startswith("before ") and cleaned.endswith(" after")
    assert "]0;" not in cleaned and "2J" not in cleaned  # no debris of the sequence


def test_text_newlines_tabs_and_chinese_are_kept():
    text = "第一行：你好！\n\tindented — ok"
    assert clean_terminal_text(text) is text
    assert clean_terminal_text("a\r\nb\rc") == "a\nb\nc"  # \r cannot overwrite a line


def test_visible_controls_shows_what_was_typed():
    assert visible_controls("\x1b]0;x\x07") == "\\x1b]0;x\\x07"


def _pack_with_escape(tmp_path, unit: str):
    quizzes = tmp_path / "pack" / "quizzes"
    quizzes.mkdir(parents=True)
    (quizzes / "hostile.yaml").write_text(
        f"unit: {unit}\n"
        "questions:\n"
        "  - id: hostile-q\n"
        "    type: true_false\n"
        "    prompt:\n"
        '      en: "Is this safe? \\e]0;pwned\\a \\e[2J"\n'
        "      zh: 安全吗？\n"
        '    explanation: {en: "\\e]8;;https://evil.example\\e\\\\link\\e]8;;\\e\\\\", zh: 解释。}\n'
        "    answer: true\n", encoding="utf-8")
    return tmp_path / "pack"


def test_validate_flags_control_characters_with_path_and_line(tmp_path):
    pack = _pack_with_escape(tmp_path, "vectors-and-tensors")
    # --quick: the pack's content is the point, not the built-in exercises' checks (a minute on a busy machine)
    result = run_llmpath("validate", "--quick", str(pack), home=tmp_path / "home")
    assert result.returncode == 1 and ESC not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if "control character" in line]
    assert len(lines) == 2
    assert lines[0].split(":")[0].endswith("hostile.yaml") and lines[0].split(":")[1] == "6"
    assert "U+001B" in lines[0] and lines[1].split(":")[1] == "8"


@pytest.mark.parametrize("command", [["quiz", "vectors-and-tensors", "--seed", "1"], ["start"]], ids=["quiz", "start"])
def test_a_pack_with_escapes_never_reaches_the_terminal(tmp_path, command):
    pack = _pack_with_escape(tmp_path, "vectors-and-tensors")
    result = run_llmpath("--lang", "en", "--content", str(pack), *command, home=tmp_path / "home", stdin="t\nq\n")
    assert ESC not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["quiz", "\x1b]0;x\x07"], ["start", "\x1b[2Junit"], ["demo", "\x1b]0;t\x07"],
                                  ["--lang", "\x1b[2J", "topics"], ["demo", "attention", "--sentence", "\x1b]0;t\x07 hi there"]],
                         ids=["quiz", "start", "demo", "lang", "demo-option"])
def test_arguments_echoed_back_carry_no_escapes(tmp_path, args):
    result = run_llmpath(*args, home=tmp_path / "home", stdin="")
    assert ESC not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_topic_shows_the_escape_as_text(tmp_path):
    line = assert_one_line_error(run_llmpath("quiz", "\x1b]0;x\x07", home=tmp_path / "home"), code=2)
    assert "\\x1b]0;x\\x07" in line

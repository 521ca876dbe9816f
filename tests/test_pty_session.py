"""A person at a real terminal (pseudo-terminal, 80×24): first run, three answers (one
wrong), quit, resume at the same question, the dashboard, and next day's reviews."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect

from llmpath.content.catalog import load_catalog
from tests.pty_child import exit_status
from tests.replies import reply_for

DAY1 = "2026-11-29T09:00:00Z"
DAY2 = "2026-11-30T09:30:00Z"


def spawn(args: list[str], home: Path, now: str) -> pexpect.spawn:
    env = dict(os.environ, LLMPATH_HOME=str(home), LLMPATH_NOW=now, NO_COLOR="1", TERM="xterm", LANG="C.UTF-8",
               LLMPATH_CACHE=str(home / "cache"), COLUMNS="80", LINES="24")
    env.pop("LLMPATH_LANG", None)
    return pexpect.spawn(sys.executable, ["-m", "llmpath", *args], env=env, encoding="utf-8", timeout=30,
                         dimensions=(24, 80))


def saved_quiz(home: Path) -> dict:
    return json.loads((home / "progress.json").read_text())["position"]["quiz"]


def walk_to_quiz(child: pexpect.spawn, *, run_demo: bool = False) -> None:
    """Page through the sections (and long pages), decline or run the demo, decline exercises, reach the quiz."""
    while True:
        index = child.expect([r"\[Enter\] (next|more|continue)", r"Run the demo", r"Set up the exercise", r"Quiz: \d+ questions"],
                             timeout=90)
        if index == 0:
            child.sendline("")
        elif index == 1:
            child.sendline("y" if run_demo else "n")
        elif index == 2:
            child.sendline("n")
        else:
            return


def test_first_session_quit_resume_and_next_day_reviews(tmp_path):
    home = tmp_path / "home"
    catalog = load_catalog()
    child = spawn(["start"], home, DAY1)
    child.expect("Language")
    child.sendline("en")
    child.expect("Your path to LLMs")  # the one-screen map
    child.expect("placement check")
    child.sendline("n")
    walk_to_quiz(child)
    quiz = saved_quiz(home)
    questions = [catalog.questions[qid] for qid in quiz["ids"]]
    plan = [True, False, True]
    for number, (question, correct) in enumerate(zip(questions, plan), start=1):
        child.expect(rf"Question {number}/{len(questions)}")
        child.expect("> ")
        child.sendline(reply_for(question, quiz["seed"], correct=correct))
        child.expect("Correct" if correct else "Not quite")
    child.expect(r"Question 4/")
    child.expect("> ")
    child.sendline("q")
    child.expect("Saved")
    assert exit_status(child) == 0

    # Start again: the same question, not the beginning of the unit.
    child = spawn(["start"], home, DAY1)
    child.expect(r"Question 4/")
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)

    progress = spawn(["progress", "--json"], home, DAY1)
    progress.expect(pexpect.EOF)
    dashboard = json.loads(progress.before[progress.before.index("{"):])
    assert dashboard["answers"] == 3 and dashboard["correct"] == 2

    # The next day the wrong answer is back as a due review, offered first.
    from llmpath.clock import parse_time
    from llmpath.learning import due_cards
    from llmpath.progress import ProgressStore

    wrong = questions[1]
    due = [qid for qid, _ in due_cards(ProgressStore(home / "progress.json").load(), catalog, parse_time(DAY2))]
    assert wrong.id in due
    child = spawn(["start"], home, DAY2)
    child.expect(r"questions to review")
    child.sendline("y")
    for qid in due[:10]:
        child.expect(r"· review")
        child.expect("> ")
        child.sendline(reply_for(catalog.questions[qid], f"review:{parse_time(DAY2).date()}", correct=True))
        child.expect("Correct")
    child.expect(r"Question \d+/")  # then back in the unit quiz where we left it
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    rows = json.loads((home / "progress.json").read_text())["answers"]
    reviewed = [row for row in rows if row[0] == wrong.id and row[5].startswith("r")]
    assert len(reviewed) == 1 and reviewed[0][3] is True


def test_ctrl_c_mid_quiz_saves_and_exits_130(tmp_path):
    home = tmp_path / "home"
    catalog = load_catalog()
    unit = catalog.path_order()[0]
    child = spawn(["quiz", unit.id, "--seed", "4"], home, DAY1)
    child.expect("> ")
    from llmpath.learning import select_questions
    from llmpath.progress import Progress, empty_progress
    from datetime import datetime, timezone

    first = select_questions(catalog, unit, Progress(empty_progress(datetime.now(timezone.utc))), seed=4)[0]
    child.sendline(reply_for(first, 4, correct=True))
    child.expect("Correct")
    child.expect("> ")
    child.sendintr()
    child.expect("interrupted")
    assert exit_status(child) == 130
    answers = json.loads((home / "progress.json").read_text())["answers"]
    assert [row[0] for row in answers] == [first.id]


def test_sent_back_to_prerequisites_then_a_graded_prediction(tmp_path):
    """Failing attention's foundations sends the learner back to them, and the revisited
    unit's demo asks for a prediction that is graded and recorded."""
    from datetime import timedelta

    from llmpath.clock import parse_time
    from llmpath.learning import Answer, record_answer
    from llmpath.progress import ProgressStore

    home = tmp_path / "home"
    catalog = load_catalog()
    attention = catalog.units["attention"]
    assert "vectors-and-tensors" in attention.prerequisites
    basics = catalog.units["vectors-and-tensors"]
    long_ago = parse_time(DAY2) - timedelta(days=20)

    def prepare(progress):
        progress.data["onboarded"] = True
        progress.language = "en"
        for prereq in attention.prerequisites:
            progress.set_unit_state(prereq, "completed", long_ago)
        for i, question in enumerate(catalog.questions_for(basics.id)[:5]):  # shaky foundations
            record_answer(progress, Answer(question, "x", correct=False, seconds=5), long_ago + timedelta(minutes=i))
        progress.data["position"] = {"unit": "attention", "stage": "read", "section": 0, "quiz": None}

    ProgressStore(home / "progress.json").update(prepare)
    child = spawn(["start"], home, DAY2)
    child.expect(r"questions to review")
    child.sendline("n")
    child.expect("builds on")
    child.expect(basics.title.en)
    child.expect(r"Revisit “.*” first\?")
    child.sendline("y")
    child.expect(rf"{re.escape(basics.title.en[:12])}[^\n]* · 1/")   # a long unit title gives way with …
    while True:  # page through the revisited unit to its demo
        index = child.expect([r"\[Enter\] (next|more)", r"Run the demo"])
        if index == 1:
            break
        child.sendline("")
    child.sendline("y")
    child.expect("predict first")
    child.expect("> ")
    child.sendline("27")
    while child.expect([r"\[Enter\] (more|continue)", "the demo computed: 27"], timeout=60) == 0:  # the demo, a page at a time
        child.sendline("")
    child.expect("Correct")
    walk_to_quiz(child)
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    data = json.loads((home / "progress.json").read_text())
    assert data["position"]["return_to"] == "attention"
    assert [r for r in data["answers"] if r[0] == "vectors-and-tensors.predict-linear-params"][0][3] is True

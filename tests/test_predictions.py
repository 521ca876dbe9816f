"""Predict-then-run: every prediction question agrees with what its demo computes, and a
prediction is graded and recorded (flag d) like a quiz answer."""

from __future__ import annotations

import json
import random

import pytest

from llmpath.content.catalog import load_catalog
from llmpath.demos.base import DemoContext
from llmpath.demos.predictions import PREDICTIONS, prediction_args
from llmpath.demos.runner import run_demo
from llmpath.paths import progress_file
from llmpath.quiz import LETTERS, grade, parse_reply, present

CATALOG = load_catalog()


def reply_for(item, expected: str) -> str:
    if item.kind == "single":  # expected is a choice key; the learner sees shuffled letters
        return LETTERS[[c.key for c in item.choices].index(expected)]
    return expected


def test_at_least_ten_demos_pose_a_prediction():
    assert len(PREDICTIONS) >= 10
    for demo_id, prediction in PREDICTIONS.items():
        question = CATALOG.questions[prediction.question]
        unit = CATALOG.units[question.unit]
        assert demo_id in unit.demos, f"{prediction.question} belongs to a unit that does not show demo {demo_id}"


@pytest.mark.parametrize("demo_id", sorted(PREDICTIONS))
def test_prediction_question_agrees_with_the_demo(demo_id):
    prediction = PREDICTIONS[demo_id]
    figures = run_demo(demo_id, DemoContext(seed=0), prediction_args(demo_id))
    item = present(CATALOG.questions[prediction.question], random.Random(0))
    reply = reply_for(item, prediction.expected(figures[prediction.figure]))
    assert grade(item, parse_reply(item, reply)).correct, f"{demo_id}: the demo computed {figures[prediction.figure]!r}"


def test_predict_flag_grades_and_records(invoke):
    prediction = PREDICTIONS["tensors"]
    result = invoke("demo", "tensors", "--predict", input="27\n")
    assert result.exit_code == 0, result.output
    assert "the demo computed: 27" in result.output and "Correct" in result.output
    rows = json.loads(progress_file().read_text())["answers"]
    assert [(r[0], r[3], r[5]) for r in rows] == [(prediction.question, True, "d")]
    cards = json.loads(progress_file().read_text())["cards"]
    assert prediction.question in cards  # scheduled for review like any question


def test_wrong_prediction_names_the_misconception(invoke):
    result = invoke("demo", "tensors", "--predict", input="24\n")
    assert "Not quite" in result.output and "bias adds 3" in result.output


def test_predict_with_json_is_refused(invoke):
    result = invoke("demo", "tensors", "--predict", "--json")
    assert result.exit_code == 1 and "--predict" in result.output

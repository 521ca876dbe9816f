"""The tutor layer: per-concept mastery, the review backlog after a break, opt-in streaks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from llmpath.clock import format_time
from llmpath.content.catalog import load_catalog
from llmpath.learning import Answer, record_answer
from llmpath.mastery import concept_mastery, mastery_of
from llmpath.paths import progress_file
from llmpath.progress import Progress, ProgressStore, empty_progress

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
CATALOG = load_catalog()


def _answer(progress, question, correct, when):
    record_answer(progress, Answer(question, "x", correct=correct, seconds=5), when)


def test_mastery_follows_the_documented_formula():
    progress = Progress(empty_progress(T0))
    unit = CATALOG.units["vectors-and-tensors"]  # has an exercise, not passed: 0.5·q + 0.3·r + 0.2·0
    assert unit.exercises
    concept = unit.concepts[0].id
    questions = [q for q in CATALOG.questions_for(unit.id) if concept in q.concepts][:3]
    for i, q in enumerate(questions):
        _answer(progress, q, i != 0, T0 + timedelta(minutes=i))
    rows = {r["concept"]: r for r in concept_mastery(progress, CATALOG, T0 + timedelta(minutes=5))}
    row = rows[concept]
    right = len(questions) - 1
    assert len(questions) >= 2 and row["accuracy"] == round((right + 1) / (len(questions) + 2), 3)
    assert row["mastery"] == round(0.5 * row["accuracy"] + 0.3 * row["recall"], 3)
    untouched = next(c for c, r in rows.items() if r["answered"] == 0)
    assert rows[untouched]["mastery"] == 0.0
    # every built-in unit has an exercise now; a pack's unit without one: 0.6·q + 0.4·r
    import copy
    import dataclasses

    without = copy.copy(CATALOG)
    without.units = {**CATALOG.units, unit.id: dataclasses.replace(unit, exercises=())}
    row = {r["concept"]: r for r in concept_mastery(progress, without, T0 + timedelta(minutes=5))}[concept]
    assert row["mastery"] == round(0.6 * row["accuracy"] + 0.4 * row["recall"], 3)


def test_mastery_decays_with_time_and_rises_with_an_exercise():
    progress = Progress(empty_progress(T0))
    unit = CATALOG.units["entropy-and-cross-entropy"]
    concept = "softmax"
    for i, q in enumerate(q for q in CATALOG.questions_for(unit.id) if concept in q.concepts):
        _answer(progress, q, True, T0 + timedelta(minutes=i))
    soon = mastery_of(concept_mastery(progress, CATALOG, T0 + timedelta(days=1)))[concept]
    later = mastery_of(concept_mastery(progress, CATALOG, T0 + timedelta(days=200)))[concept]
    assert later < soon
    progress.data["exercises"]["softmax"] = {"status": "passed"}
    assert mastery_of(concept_mastery(progress, CATALOG, T0 + timedelta(days=1)))[concept] > soon


def test_progress_concepts_lists_mastery(invoke):
    data = json.loads(invoke("progress", "--json", "--concepts").output)
    assert {"concept", "mastery", "unit"} <= set(data["concepts"][0])


def test_backlog_after_a_break_is_capped_and_says_how_long(invoke, monkeypatch):
    store = ProgressStore(progress_file())
    questions = list(CATALOG.questions.values())[:120]

    def fill(progress):
        for i, q in enumerate(questions):
            _answer(progress, q, False, T0 + timedelta(seconds=i))
        progress.settings["review_cap"] = 50

    store.update(fill)
    monkeypatch.setenv("LLMPATH_NOW", format_time(T0 + timedelta(days=60)))
    result = invoke("review", input="q\n")
    assert result.exit_code == 0, result.output
    assert "120 questions to review; 50 now" in result.output
    assert "caught up in 3 days" in result.output


def test_streaks_only_when_turned_on(invoke):
    store = ProgressStore(progress_file())
    store.update(lambda p: _answer(p, next(iter(CATALOG.questions.values())), True, datetime.now(timezone.utc)))
    assert "Day streak" not in invoke("progress").output
    invoke("config", "--streaks")
    assert "Day streak: 1" in invoke("progress").output

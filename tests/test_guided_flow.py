"""The guided path's decisions, driven through the CLI with scripted input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from llmpath.clock import format_time
from llmpath.content.catalog import load_catalog
from llmpath.paths import progress_file
from llmpath.progress import ProgressStore
from llmpath.session import Position
from tests.replies import reply_for

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=timezone.utc)


def _unit_with_prerequisite(catalog):
    for unit in catalog.path_order():
        for prereq_id in unit.prerequisites:
            prereq = catalog.units[prereq_id]
            if prereq.concepts and catalog.questions_for(prereq_id):
                return unit, prereq
    raise AssertionError("no unit with a prerequisite in the built-in content")


def test_failing_prerequisite_concepts_send_the_learner_back(invoke, monkeypatch):
    monkeypatch.setenv("LLMPATH_NOW", format_time(NOW))
    catalog = load_catalog()
    unit, prereq = _unit_with_prerequisite(catalog)
    store = ProgressStore(progress_file())
    weeks_ago = NOW - timedelta(days=14)

    def prepare(progress):
        progress.data["onboarded"] = True
        progress.language = "en"
        progress.set_unit_state(prereq.id, "completed", weeks_ago)
        from llmpath.learning import Answer, record_answer

        for i, question in enumerate(catalog.questions_for(prereq.id)[:4]):
            record_answer(progress, Answer(question, "x", correct=False, seconds=5), weeks_ago + timedelta(minutes=i))
        progress.data["position"] = {"unit": unit.id, "stage": "read", "section": 0, "quiz": None}

    store.update(prepare)
    result = invoke("start", input="n\ny\nq\n")
    assert result.exit_code == 0, result.output
    assert "builds on" in result.output and prereq.title.en in result.output
    position = json.loads(progress_file().read_text())["position"]
    assert position["unit"] == prereq.id and position["revisit"] is True and position["return_to"] == unit.id


def test_quit_and_resume_at_the_same_section(invoke):
    catalog = load_catalog()
    first = catalog.path_order()[0]
    assert len(first.sections) >= 2
    result = invoke("--lang", "en", "start", input="n\n\nq\n")  # no placement, next section, quit
    assert result.exit_code == 0, result.output
    assert "Saved" in result.output
    position = Position.from_data(json.loads(progress_file().read_text())["position"])
    assert (position.unit, position.stage, position.section, position.quiz) == (first.id, "read", 1, None)
    again = invoke("start", input="q\n")
    assert f"2/{len(first.sections)}" in again.output


def test_placement_judges_units_and_a_miss_stops_skipping_what_builds_on_it(invoke, monkeypatch):
    """Right on every math unit's question, wrong on the first ML unit: the math units are offered
    for skipping, no ML unit is (they all build on the first), and the learner sees the list."""
    from llmpath.session import placement_question

    monkeypatch.setenv("LLMPATH_NOW", format_time(NOW))
    catalog = load_catalog()
    seed = int(NOW.timestamp()) % 1_000_000
    math_units = catalog.units_in("math")
    first_ml = catalog.units_in("ml")[0]
    replies, asked = [], set()
    for unit in catalog.path_order():
        if unit.module == "math" and all(p in asked for p in unit.prerequisites):
            replies.append(reply_for(placement_question(catalog, unit, seed), f"placement:{seed}"))
            asked.add(unit.id)
    replies += ["s"] * len(catalog.units)  # every later question: "don't know" (the rest go to the final prompt, which refuses them)
    script = "y\n" + "\n".join(replies) + "\n"
    result = invoke("--lang", "en", "start", input=script + "y\nq\n")
    assert result.exit_code == 0, result.output
    assert f"you can skip these {len(asked)} units" in result.output
    data = json.loads(progress_file().read_text())
    assert sorted(data["placement"]["skipped"]) == sorted(asked)
    assert first_ml.id in data["placement"]["asked"]
    tree = json.loads(invoke("path", "--json").output)
    states = {u["id"]: u["state"] for m in tree for u in m["units"]}
    assert all(states[u] == "skipped" for u in asked)
    assert all(states[u.id] != "skipped" for u in catalog.units_in("ml"))
    assert all(states[u.id] != "in_progress" for u in catalog.path_order() if u.id not in asked and u.id != catalog.path_order()[0].id)
    assert set(asked) <= {u.id for u in math_units}

"""The guided path's decisions, driven through the CLI with scripted input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from llmpath.clock import format_time
from llmpath.content.catalog import load_catalog
from llmpath.paths import progress_file
from llmpath.progress import ProgressStore

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
    assert "rests on" in result.output and prereq.title.en in result.output
    position = json.loads(progress_file().read_text())["position"]
    assert position["unit"] == prereq.id and position["revisit"] is True and position["return_to"] == unit.id


def test_quit_and_resume_at_the_same_section(invoke):
    catalog = load_catalog()
    first = catalog.path_order()[0]
    assert len(first.sections) >= 2
    result = invoke("--lang", "en", "start", input="n\n\nq\n")  # no placement, next section, quit
    assert result.exit_code == 0, result.output
    assert "Saved" in result.output
    position = json.loads(progress_file().read_text())["position"]
    assert position == {"unit": first.id, "stage": "read", "section": 1, "quiz": None}
    again = invoke("start", input="q\n")
    assert f"2/{len(first.sections)}" in again.output


def test_placement_marks_a_module_known(invoke, monkeypatch):
    from llmpath.quiz import LETTERS, present, question_rng
    from llmpath.session import placement_questions

    catalog = load_catalog()
    math = catalog.modules["math"]
    monkeypatch.setattr("random.SystemRandom.randrange", lambda self, n: 7)
    replies = []
    for question in placement_questions(catalog, math, 7):
        item = present(question, question_rng(7, question.id))
        if item.kind == "single":
            replies.append(LETTERS[item.answer])
        elif item.kind == "multi":
            replies.append(",".join(LETTERS[i] for i in sorted(item.answer)))
        elif item.kind == "true_false":
            replies.append("t" if item.answer else "f")
        elif item.kind == "shape":
            replies.append(",".join(map(str, item.answer)))
        else:
            replies.append(repr(float(item.answer)))
    script = "y\n" + "\n".join(replies) + "\nq\n"
    result = invoke("--lang", "en", "start", input=script)
    assert result.exit_code == 0, result.output
    data = json.loads(progress_file().read_text())
    assert data["placement"]["math"]["known"] is True
    assert all(data["units"][u.id]["known"] for u in catalog.units_in("math"))
    tree = json.loads(invoke("path", "--json").output)
    assert {u["state"] for u in tree[0]["units"]} == {"known"}

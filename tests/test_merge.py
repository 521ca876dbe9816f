"""Merging progress from two machines is a symmetric, lossless union."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st

from llmpath.merge import merge_progress, replay_cards
from llmpath.progress import Progress, ProgressStore, empty_progress

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


def machine(rows, units=None, lang=None):
    progress = Progress(empty_progress(T0))
    for qid, minutes, correct in rows:
        progress.record_answer(qid, given="x", correct=correct, seconds=5, flags="q", when=T0 + timedelta(minutes=minutes))
    progress.data["cards"] = replay_cards(progress.answers, 0.9)
    progress.data["units"] = units or {}
    progress.language = lang
    return progress.data


rows = st.lists(st.tuples(st.sampled_from(["a.q1", "a.q2", "b.q1"]), st.integers(0, 5000), st.booleans()), max_size=12)


@settings(max_examples=60, deadline=None)
@given(rows, rows)
def test_merge_is_symmetric_and_keeps_every_answer(left, right):
    a, b = machine(left), machine(right)
    ab, ba = merge_progress(a, b), merge_progress(b, a)
    assert json.dumps(ab, sort_keys=True) == json.dumps(ba, sort_keys=True)
    keys = {(r[0], r[1]) for r in a["answers"]} | {(r[0], r[1]) for r in b["answers"]}
    assert {(r[0], r[1]) for r in ab["answers"]} == keys
    assert len(ab["answers"]) == len(keys)
    assert ab["cards"] == replay_cards(ab["answers"], 0.9)


def test_merge_with_itself_changes_nothing():
    a = machine([("a.q1", 1, True), ("a.q2", 2, False)])
    assert merge_progress(a, a)["answers"] == a["answers"]


def test_later_unit_state_wins():
    a = machine([], units={"u": {"state": "completed", "updated": "2026-11-03T00:00:00.000Z"}})
    b = machine([], units={"u": {"state": "in_progress", "updated": "2026-11-05T00:00:00.000Z"}, "v": {"state": "completed", "updated": "2026-11-01T00:00:00.000Z"}})
    merged = merge_progress(a, b)
    assert merged["units"]["u"]["state"] == "in_progress"
    assert merged["units"]["v"]["state"] == "completed"


def test_import_merge_command(invoke, tmp_path):
    from llmpath.paths import progress_file

    other = tmp_path / "laptop.json"
    other.write_text(json.dumps(machine([("vectors-and-tensors.dot-product", 3, True)])))
    here = ProgressStore(progress_file())
    here.update(lambda p: p.record_answer("vectors-and-tensors.matmul-valid", given="b", correct=True, seconds=4, flags="q", when=T0))
    result = invoke("import", str(other), "--merge")
    assert result.exit_code == 0, result.output
    ids = {row[0] for row in here.load().answers}
    assert ids == {"vectors-and-tensors.dot-product", "vectors-and-tensors.matmul-valid"}
    assert list(progress_file().parent.glob("progress.before-merge-*.json"))

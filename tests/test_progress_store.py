"""The progress file: atomic, locked, versioned, and never silently lost."""

from __future__ import annotations

import errno
import itertools
import json
import multiprocessing
import os
import random
import signal
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from llmpath.errors import ProgressError
from llmpath.progress import SCHEMA_VERSION, ProgressStore, check_progress, export_progress, read_import

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=timezone.utc)


def store_at(path: Path) -> ProgressStore:
    return ProgressStore(path / "progress.json", clock=lambda: NOW)


def add(store: ProgressStore, qid: str, correct: bool = True) -> None:
    store.update(lambda p: p.record_answer(qid, given="x", correct=correct, seconds=1.0, flags="q", when=NOW))


def test_missing_file_is_empty_and_nothing_is_written(tmp_path):
    store = store_at(tmp_path)
    assert store.load().answers == []
    assert not store.path.exists()


def test_answers_survive_reload(tmp_path):
    store = store_at(tmp_path)
    add(store, "a")
    add(store, "b", correct=False)
    rows = store_at(tmp_path).load().answers
    assert [(r[0], r[3]) for r in rows] == [("a", True), ("b", False)]
    assert json.loads(store.path.read_text())["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("content", [b"", b"{", b"not json", b"[1, 2]", b'{"schema_version": 1, "answers": {}}',
                                     b'{"schema_version": 99, "answers": []}', b"\xff\xfe\x00garbage"])
def test_unreadable_file_is_backed_up_and_replaced(tmp_path, content):
    store = store_at(tmp_path)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(content)
    assert store.load().answers == []
    backups = list(tmp_path.glob("progress.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert len(store.notices) == 1 and str(backups[0]) in store.notices[0].en
    add(store, "after")
    assert [r[0] for r in store.load().answers] == ["after"]


def test_a_malformed_answer_row_is_dropped_and_the_original_kept(tmp_path):
    store = store_at(tmp_path)
    store.path.parent.mkdir(parents=True, exist_ok=True)
    good = ["q1", "2026-03-01T10:00:00.000Z", "a", True, 3.0, "q"]
    content = json.dumps({"schema_version": 1, "answers": [["q", "t", "g", "yes", 1, ""], good]}).encode()
    store.path.write_bytes(content)
    assert store.load().answers == [good]
    backups = list(tmp_path.glob("progress.before-repair-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert any("answers[0]" in n.en for n in store.notices)


def test_truncated_file_keeps_backup(tmp_path):
    store = store_at(tmp_path)
    for i in range(20):
        add(store, f"q{i}")
    whole = store.path.read_bytes()
    store.path.write_bytes(whole[: len(whole) // 2])
    assert store.load().answers == []
    (backup,) = tmp_path.glob("progress.corrupt-*.json")
    assert backup.read_bytes() == whole[: len(whole) // 2]


def test_failed_write_keeps_previous_file_and_says_why(tmp_path, monkeypatch):
    store = store_at(tmp_path)
    add(store, "kept")
    before = store.path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ProgressError, match="No space left on device"):
        add(store, "lost")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_home_is_a_clear_error(tmp_path):
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    try:
        with pytest.raises(ProgressError):
            add(ProgressStore(home / "progress.json"), "x")
    finally:
        home.chmod(0o700)


def test_read_only_home_via_cli_is_one_line(tmp_path, monkeypatch, invoke):
    home = tmp_path / "not-a-dir"
    home.write_text("a file where a folder should be")
    monkeypatch.setenv("LLMPATH_HOME", str(home))
    result = invoke("config", "--retention", "0.8")
    assert result.exit_code == 1
    assert "cannot save progress" in result.output and "Traceback" not in result.output


def test_future_schema_is_refused_on_import(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    with pytest.raises(ProgressError, match="newer llmpath"):
        read_import(path)


def test_old_schema_is_migrated():
    data = check_progress({"schema_version": 0, "answers": []})
    assert data["schema_version"] == SCHEMA_VERSION and data["settings"] == {}


_CASES = itertools.count()
answer_rows = st.lists(st.tuples(st.text(min_size=1, max_size=30), st.text(max_size=40), st.booleans(),
                                 st.floats(min_value=0, max_value=1e4, allow_nan=False)), max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=answer_rows)
def test_any_answers_round_trip_through_save_export_and_import(tmp_path, rows):
    folder = tmp_path / f"case{next(_CASES)}"  # hypothesis re-seeds `random`, so count instead
    folder.mkdir()
    store = store_at(folder)
    for qid, given_text, correct, seconds in rows:
        store.update(lambda p: p.record_answer(qid, given=given_text, correct=correct, seconds=seconds, flags="q", when=NOW))
    loaded = store_at(folder).load().answers
    assert [(r[0], r[2], r[3]) for r in loaded] == [(q, g[:500], c) for q, g, c, _ in rows]
    export = folder / "export.json"
    export_progress(store, export)
    other = store_at(folder / "other")
    other.replace(read_import(export))
    assert other.load().answers == loaded


def _writer(path: str, prefix: str, count: int) -> None:
    store = ProgressStore(Path(path))
    for i in range(count):
        store.update(lambda p: p.record_answer(f"{prefix}{i}", given="x", correct=True, seconds=1, flags="q",
                                               when=datetime.now(timezone.utc)))


def test_two_processes_answering_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.json")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(path, prefix, 40)) for prefix in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    ids = {r[0] for r in ProgressStore(Path(path)).load().answers}
    assert ids == {f"a{i}" for i in range(40)} | {f"b{i}" for i in range(40)}


def _write_until_killed(path: Path, start: int, ack_fd: int) -> None:
    """Child process: save answers forever, acknowledging each one after `update` returns."""
    store = ProgressStore(path)
    i = start
    while True:
        store.update(lambda p: p.record_answer(f"k{i}", given="x" * 40, correct=True, seconds=1, flags="q",
                                               when=datetime.now(timezone.utc)))
        os.write(ack_fd, f"{i}\n".encode())
        i += 1


def test_sigkill_mid_save_never_loses_an_acknowledged_answer(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    # A few thousand answers make each save take long enough to be killed in the middle of it.
    store.update(lambda p: p.answers.extend([[f"seed{i}", "2026-01-01T00:00:00.000Z", "x" * 40, True, 1.0, "q"] for i in range(3000)]))
    acknowledged: set[str] = set()
    rng = random.Random(0)
    kills = 200
    for round_ in range(kills):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child: never returns to pytest
            try:
                os.close(read_fd)
                _write_until_killed(path, round_ * 10_000, write_fd)
            finally:
                os._exit(1)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as acks:
            first = acks.readline()  # wait until it is writing
            time.sleep(rng.uniform(0, 0.02))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            lines = [first] + acks.read().splitlines()
        acknowledged |= {f"k{int(line)}" for line in lines if line.strip()}
        data = json.loads(path.read_text())  # must always parse: never a torn file
        present = {row[0] for row in data["answers"]}
        missing = acknowledged - present
        assert not missing, f"acknowledged answers lost: {sorted(missing)[:5]}"
    assert len(acknowledged) >= kills
    assert not list(tmp_path.glob("progress.corrupt-*"))

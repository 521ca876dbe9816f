"""Break 10: temp files of killed saves stayed for ever, and with a corrupt progress file
on a read-only home even `topics` failed (moving the file aside was not possible)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys

import pytest

from llmpath.paths import progress_file
from llmpath.progress import ProgressStore
from tests.faults.helpers import run_llmpath


def test_temp_files_of_killed_saves_are_removed_by_the_next_save(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.update(lambda p: p.record_answer("q", given="a", correct=True, seconds=1, flags="q", when=store.clock()))
    leftovers = [tmp_path / f".progress.json.dead{i}.tmp" for i in range(10)] + [tmp_path / ".progress.before-import-1.json.x.tmp"]
    for path in leftovers:
        path.write_bytes(b"{" * 1000)
    unrelated = tmp_path / ".other.json.x.tmp"
    unrelated.write_text("not ours")
    store.update(lambda p: p.record_answer("q", given="b", correct=True, seconds=1, flags="q", when=store.clock()))
    assert not [p for p in leftovers if p.exists()]
    assert unrelated.exists()
    assert len(json.loads(store.path.read_text())["answers"]) == 2


CORRUPT = [b"{not json", json.dumps({"schema_version": 1, "answers": [], "settings": {"desired_retention": "high"}}).encode()]


@pytest.mark.parametrize("content", CORRUPT, ids=["unreadable", "bad-field"])
@pytest.mark.parametrize("command", [["topics"], ["path"], ["progress"]], ids=lambda c: c[0])
def test_read_only_commands_work_when_the_home_cannot_be_written(monkeypatch, invoke, content, command):
    """In-process: every write to the home fails as on a read-only file system."""
    path = progress_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("filelock.FileLock.acquire", read_only)
    result = invoke("--lang", "en", *command)
    assert result.exit_code == 0, result.output
    assert "could not be repaired" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == content  # nothing was touched


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None or not shutil.which("mount"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,ro,bind /tmp /tmp"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="no user and mount namespaces to make a read-only home")
def test_topics_on_a_really_read_only_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_bytes(b"{corrupt")
    script = (f"mount --bind {home} {home} && mount -o remount,ro,bind {home} {home} && "
              f"exec {shutil.which('env')} LLMPATH_HOME={home} LLMPATH_CACHE={tmp_path / 'cache'} NO_COLOR=1 "
              f"{sys.executable} -m llmpath --lang en topics")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "could not be repaired" in result.stderr and "Traceback" not in result.stderr
    assert (home / "progress.json").read_bytes() == b"{corrupt"


def test_the_move_aside_still_happens_where_it_can(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.json").write_bytes(b"{corrupt")
    result = run_llmpath("--lang", "en", "topics", home=home)
    assert result.returncode == 0 and "moved it to" in result.stderr
    assert len(list(home.glob("progress.corrupt-*.json"))) == 1

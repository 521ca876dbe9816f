"""`llmpath exercise …` through Typer's CliRunner: list, start, check, hint, solution, reset, watch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


from llmpath.exercises import core
from llmpath.exercises.registry import exercise_ids, get_exercise
from tests.terminal import flat


def progress(home: Path) -> dict:
    return json.loads((home / "progress.json").read_text(encoding="utf-8"))


def put_solution(home: Path, exercise_id: str) -> Path:
    spec = get_exercise(exercise_id)
    target = home / "exercises" / spec.file_name
    shutil.copyfile(core.solution_path(spec), target)
    return target


def test_list_shows_every_exercise_and_status(invoke):
    result = invoke("exercise", "list")
    assert result.exit_code == 0
    for exercise_id in ("softmax", "torch-mlp", "top-k-top-p", "bleu"):
        assert exercise_id in result.output
    total = len(exercise_ids())   # the capstone chain adds exercises
    assert "not started" in result.output and f"0/{total} passed" in result.output
    rows = json.loads(invoke("exercise", "list", "--json").output)
    assert len(rows) == total >= 17
    from llmpath.content.catalog import load_catalog

    order = {unit.id: n for n, unit in enumerate(load_catalog().path_order())}
    assert [order[r["unit"]] for r in rows] == sorted(order[r["unit"]] for r in rows)   # learning order: the path's units
    assert [r["id"] for r in rows][:2] == ["cosine-similarity", "pca-svd"]
    softmax = next(r for r in rows if r["id"] == "softmax")
    assert softmax == {**softmax, "unit": "entropy-and-cross-entropy", "difficulty": 1, "status": "not_started"}
    zh = invoke("--lang", "zh", "exercise", "list")
    assert "未开始" in zh.output and "数值稳定的 softmax" in zh.output


def test_start_copies_the_scaffold_and_shows_the_task(invoke, isolated_home):
    result = invoke("exercise", "start", "softmax")
    assert result.exit_code == 0, result.output
    target = isolated_home / "exercises" / "softmax.py"
    assert target.read_text() == core.starting_text(get_exercise("softmax"))
    assert str(target) in result.output.replace("\n", "")
    assert "Write `softmax(x, axis=-1)`" in result.output and "llmpath exercise check softmax" in result.output
    assert progress(isolated_home)["exercises"]["softmax"]["status"] == "started"
    # Starting again keeps the learner's work and says so.
    target.write_text("# my work\n")
    again = invoke("exercise", "start", "softmax")
    assert target.read_text() == "# my work\n"
    assert "kept your work" in flat(again.output)  # the sentence follows a temp path: its line breaks vary
    zh = invoke("--lang", "zh", "exercise", "start", "softmax")
    assert "实现 `softmax(x, axis=-1)`" in zh.output and "保留了你的代码" in zh.output.replace("\n", "")


def test_start_into_another_folder_then_check_finds_it(invoke, isolated_home, tmp_path):
    folder = tmp_path / "mywork"
    result = invoke("exercise", "start", "relu", "--dir", str(folder))
    assert result.exit_code == 0 and (folder / "relu.py").is_file()
    shutil.copyfile(core.solution_path(get_exercise("relu")), folder / "relu.py")
    checked = invoke("exercise", "check", "relu")
    assert checked.exit_code == 0, checked.output
    assert progress(isolated_home)["exercises"]["relu"]["path"] == str((folder / "relu.py").resolve())


def test_check_fails_then_passes_and_records_progress(invoke, isolated_home):
    invoke("exercise", "start", "softmax")
    failing = invoke("exercise", "check", "softmax")
    assert failing.exit_code == 1
    assert "not written yet" in failing.output and "case 1: a small vector" in failing.output
    assert "llmpath exercise hint softmax" in failing.output
    entry = progress(isolated_home)["exercises"]["softmax"]
    assert entry["status"] == "failing" and entry["attempts"] == 1

    put_solution(isolated_home, "softmax")
    passing = invoke("exercise", "check", "softmax")
    assert passing.exit_code == 0, passing.output
    out = passing.output.replace("\n", " ")
    assert "all 9 checks passed" in out and "Recorded in your progress" in out
    assert "Next in unit entropy-and-cross-entropy: cross-entropy" in out
    entry = progress(isolated_home)["exercises"]["softmax"]
    assert entry["status"] == "passed" and entry["attempts"] == 2 and entry["passed_at"]
    listed = {row["id"]: row for row in json.loads(invoke("exercise", "list", "--json").output)}
    assert listed["softmax"]["status"] == "passed" and listed["cross-entropy"]["status"] == "not_started"


def test_check_names_the_mistake_in_both_languages(invoke, isolated_home):
    invoke("exercise", "start", "attention")
    target = isolated_home / "exercises" / "attention.py"
    target.write_text(
        "import numpy as np\n\ndef attention(q, k, v, mask=None):\n"
        "    s = q @ np.swapaxes(k, -1, -2)\n"
        "    w = np.exp(s - s.max(axis=-1, keepdims=True))\n"
        "    w = w / w.sum(axis=-1, keepdims=True)\n"
        "    return w @ v, w\n")
    result = invoke("exercise", "check", "attention")
    assert result.exit_code == 1
    out = result.output.replace("\n", " ")
    assert "not divided by √d_k" in out and "expected:" in out and "got:" in out and "input:" in out
    zh = invoke("--lang", "zh", "exercise", "check", "attention")
    assert "分数没有除以 √d_k" in zh.output.replace("\n", "") and "期望" in zh.output
    data = json.loads(invoke("exercise", "check", "attention", "--json").output)
    assert data["passed"] is False and data["kind"] == "mismatch" and "√d_k" in data["why"]


def test_last_exercise_of_a_unit_points_to_the_next_unit(invoke, isolated_home):
    invoke("exercise", "start", "gradient-step")
    put_solution(isolated_home, "gradient-step")
    result = invoke("exercise", "check", "gradient-step")
    assert "last exercise of unit gradient-descent" in result.output.replace("\n", " ")
    assert "Next: adam-step" in result.output.replace("\n", " ")


def test_check_without_a_file_says_start_first(invoke):
    result = invoke("exercise", "check", "bleu")
    assert result.exit_code == 1
    assert "llmpath exercise start bleu" in result.output.replace("\n", " ")


def test_unknown_id_suggests_the_nearest(invoke):
    result = invoke("exercise", "check", "sofmax")
    assert result.exit_code == 2
    assert "unknown exercise 'sofmax'" in result.output and "softmax" in result.output
    assert invoke("exercise", "start", "layer-norm").exit_code == 2


def test_hints_come_in_order_and_are_recorded(invoke, isolated_home):
    hints = core.load_hints(get_exercise("softmax"))
    first = invoke("exercise", "hint", "softmax")
    assert "Hint 1/3" in first.output and hints[0]["en"][:30] in first.output.replace("\n", " ")
    second = invoke("--lang", "zh", "exercise", "hint", "softmax")
    assert "提示 2/3" in second.output and hints[1]["zh"][:10] in second.output.replace("\n", "")
    invoke("exercise", "hint", "softmax")
    last = invoke("exercise", "hint", "softmax")
    assert "Hint 3/3" in last.output and "last hint" in last.output
    assert progress(isolated_home)["exercises"]["softmax"]["hints"] == 3


def test_solution_only_after_a_pass_or_giving_up(invoke, isolated_home):
    refused = invoke("exercise", "solution", "relu")
    assert refused.exit_code == 1 and "--give-up" in refused.output
    assert "np.maximum" not in refused.output
    given = invoke("exercise", "solution", "relu", "--give-up")
    assert given.exit_code == 0 and "np.maximum(x, 0.0)" in given.output
    entry = progress(isolated_home)["exercises"]["relu"]
    assert entry["solution_seen"] is True and entry["gave_up"] is True

    invoke("exercise", "start", "softmax")
    put_solution(isolated_home, "softmax")
    assert invoke("exercise", "check", "softmax").exit_code == 0
    shown = invoke("exercise", "solution", "softmax")
    assert shown.exit_code == 0 and "keepdims=True" in shown.output
    entry = progress(isolated_home)["exercises"]["softmax"]
    assert entry["solution_seen"] is True and not entry.get("gave_up")


def test_reset_restores_the_scaffold_and_keeps_every_version(invoke, isolated_home, monkeypatch):
    monkeypatch.setenv("LLMPATH_NOW", "2026-12-01T10:00:00+00:00")  # every reset in the same second
    invoke("exercise", "start", "causal-mask")
    target = isolated_home / "exercises" / "causal_mask.py"
    target.write_text("# my attempt\n")
    result = invoke("exercise", "reset", "causal-mask")
    assert result.exit_code == 0
    assert target.read_text() == core.starting_text(get_exercise("causal-mask"))
    (first,) = core.backups(target)
    assert first.read_text() == "# my attempt\n" and str(first) in result.output.replace("\n", "")
    # A second reset in the same second keeps the second attempt too: no backup is ever overwritten.
    target.write_text("# my second attempt\n")
    invoke("exercise", "reset", "causal-mask")
    kept = core.backups(target)
    assert [p.read_text() for p in kept] == ["# my attempt\n", "# my second attempt\n"]
    # Resetting an untouched scaffold adds nothing (nothing would be lost).
    invoke("exercise", "reset", "causal-mask")
    assert len(core.backups(target)) == 2
    listed = invoke("exercise", "reset", "causal-mask", "--list")
    assert listed.exit_code == 0 and all(str(p) in listed.output.replace("\n", "") for p in kept)
    assert target.read_text() == core.starting_text(get_exercise("causal-mask"))  # --list changes nothing


def test_watch_rechecks_on_save_until_it_passes(invoke, isolated_home):
    invoke("exercise", "start", "relu")
    target = isolated_home / "exercises" / "relu.py"
    target.write_text("import numpy as np\n\ndef relu(x):\n    return np.abs(x)\n\ndef relu_grad(x):\n    return x\n")
    solution = core.solution_path(get_exercise("relu")).read_text()

    def save_the_fix():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if progress(isolated_home)["exercises"]["relu"]["attempts"] >= 1:
                    break
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.05)
        target.write_text(solution)
        stamp = time.time() + 1
        os.utime(target, (stamp, stamp))

    writer = threading.Thread(target=save_the_fix)
    writer.start()
    result = invoke("exercise", "watch", "relu", "--interval", "0.05", "--max-checks", "4")
    writer.join()
    assert result.exit_code == 0, result.output
    out = result.output.replace("\n", " ")
    assert "that is abs(x)" in out and "Waiting for your next save" in out
    assert "all 8 checks passed" in out
    entry = progress(isolated_home)["exercises"]["relu"]
    assert entry["status"] == "passed" and entry["attempts"] == 2


def test_watch_stops_cleanly_on_ctrl_c(isolated_home):
    env = {**os.environ, "LLMPATH_HOME": str(isolated_home), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    subprocess.run([sys.executable, "-m", "llmpath", "exercise", "start", "softmax"], env=env, check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "llmpath", "exercise", "watch", "softmax", "--interval", "0.1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if (isolated_home / "progress.json").exists() and progress(isolated_home)["exercises"]["softmax"].get("attempts"):
                break
            time.sleep(0.05)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped watching" in out and "Traceback" not in err


def test_hint_before_start_does_not_start_it_and_bad_options_are_refused(invoke, isolated_home):
    invoke("exercise", "hint", "bleu")
    assert progress(isolated_home)["exercises"]["bleu"]["status"] == "not_started"
    rows = {r["id"]: r for r in json.loads(invoke("exercise", "list", "--json").output)}
    assert rows["bleu"]["status"] == "not_started" and rows["bleu"]["hints"] == 1
    invoke("exercise", "start", "bleu")
    assert progress(isolated_home)["exercises"]["bleu"]["status"] == "started"
    assert invoke("exercise", "check", "bleu", "--timeout", "0").exit_code == 1
    assert invoke("exercise", "watch", "bleu", "--interval", "0").exit_code == 1

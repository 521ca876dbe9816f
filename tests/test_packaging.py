"""A non-editable install finds its content: build the wheel, run it from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("llmpath-*.whl")
    return built


def test_wheel_ships_curriculum_and_quizzes(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "llmpath/_content/curriculum/modules.yaml" in names
    source_units = {p.relative_to(ROOT).as_posix() for p in (ROOT / "curriculum").rglob("*.yaml")}
    shipped = {n.removeprefix("llmpath/_content/") for n in names if n.startswith("llmpath/_content/")}
    assert source_units <= shipped
    assert {p.relative_to(ROOT).as_posix() for p in (ROOT / "quizzes").glob("*.yaml")} <= shipped


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site), LLMPATH_HOME=str(tmp_path / "home"), NO_COLOR="1")
    env.pop("LLMPATH_BUILTIN_CONTENT", None)
    result = subprocess.run([sys.executable, "-m", "llmpath", "topics", "--json"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(list((ROOT / "curriculum").rglob("*.yaml"))) - 1  # minus modules.yaml
    probe = "import llmpath.paths as p; print(p.builtin_content_root())"
    where = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True).stdout.strip()
    assert where.startswith(str(site))

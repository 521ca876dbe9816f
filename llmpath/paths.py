"""Where llmpath keeps the learner's files: progress, caches, the exercise workspace."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The learner's data folder: ``$LLMPATH_HOME`` or the platform's user data directory."""
    override = os.environ.get("LLMPATH_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("llmpath", appauthor=False))


def progress_file() -> Path:
    return home() / "progress.json"


def cache_dir() -> Path:
    """Prepared models and parsed-content caches; safe to delete."""
    override = os.environ.get("LLMPATH_CACHE")
    if override:
        return Path(override).expanduser()
    if os.environ.get("LLMPATH_HOME"):
        return home() / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("llmpath", appauthor=False))


def exercise_workspace() -> Path:
    return home() / "exercises"


def builtin_content_root() -> Path:
    """The folder holding ``curriculum/`` and ``quizzes/``.

    In a wheel they are packaged under ``llmpath/_content``; in a source checkout
    (editable install, tests) they sit at the repository top level.
    """
    override = os.environ.get("LLMPATH_BUILTIN_CONTENT")  # content development: swap the whole built-in set
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent / "_content"
    if (packaged / "curriculum").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent

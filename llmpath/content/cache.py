"""A pickle of the validated catalog, keyed by the size and mtime of every input file.

Parsing and validating the YAML costs tens of milliseconds; commands that only show
text should not pay it on every run. Any change to a content file or to the code that
the checks depend on (the registries of demos, exercises and generators) changes the
key, and an unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from llmpath import __version__
from llmpath.errors import ContentError

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_INPUTS = ("content/models.py", "content/loader.py", "content/catalog.py", "demos/registry.py", "exercises/registry.py")


def _fingerprint(roots: Sequence[Path]) -> str:
    from llmpath.content.catalog import content_files

    digest = hashlib.sha256(__version__.encode())
    inputs = [_PACKAGE / name for name in _CODE_INPUTS] + sorted((_PACKAGE / "generators").glob("*.py"))
    for root in roots:
        digest.update(str(root.resolve()).encode())
        inputs += content_files(root)
    for path in inputs:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return digest.hexdigest()[:32]


def _validated(roots: Sequence[Path]):
    from llmpath.content.catalog import validate

    catalog, problems = validate(roots)
    if problems:
        raise ContentError(problems)
    return catalog


def cached_catalog(roots: Sequence[Path]):
    if os.environ.get("LLMPATH_NO_CACHE"):
        return _validated(roots)
    from llmpath.paths import cache_dir

    key = _fingerprint(roots)
    cache_file = cache_dir() / f"content-{key}.pickle"
    try:
        with cache_file.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file in the user's cache
    except Exception:  # missing, stale format or unreadable: rebuild below
        pass
    catalog = _validated(roots)
    _store(cache_file, catalog)
    return catalog


def _store(cache_file: Path, catalog) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("content-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        pass  # a read-only cache only costs speed

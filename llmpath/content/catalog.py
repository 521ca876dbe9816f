"""What commands call: ``load_catalog`` reads the built-in content plus any content packs
(``--content DIR``, ``LLMPATH_CONTENT``) through the parsed-content cache and raises
:class:`ContentError` listing every problem. The catalog itself and ``validate`` live in
``content/index.py`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from llmpath.content.cache import cached_catalog
from llmpath.content.index import Catalog, builtin_roots, content_files, pack_roots, validate  # noqa: F401 - re-exported
from llmpath.suggest import suggest  # noqa: F401 - re-exported


def load_catalog(extra: Iterable[str | Path] = ()) -> Catalog:
    """Built-in content plus packs; raises ContentError with every problem if any."""
    return cached_catalog(builtin_roots() + pack_roots(extra))

"""Did-you-mean suggestions for ids (units, modules, demos, exercises): standard library only, so
every registry can use it without importing the content catalog."""

from __future__ import annotations

import difflib
from collections.abc import Sequence


def suggest(key: str, ids: Sequence[str], preferred: Sequence[str] = ()) -> list[str]:
    """Up to three ids close to ``key``: prefix matches first, then similar spellings."""
    found = list(preferred[:3])
    for candidate in difflib.get_close_matches(key, ids, n=3, cutoff=0.5) + [i for i in ids if key and key in i]:
        if candidate not in found and len(found) < 3:
            found.append(candidate)
    return found

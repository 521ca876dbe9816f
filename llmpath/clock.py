"""The one place that reads the time, so tests (and the pty session) can move it.

``LLMPATH_NOW`` (an ISO-8601 time) freezes the clock for a whole process; tests in
the same process pass a ``clock`` callable instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone

Clock = Callable[[], datetime]


def parse_time(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def format_time(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def system_clock() -> datetime:
    frozen = os.environ.get("LLMPATH_NOW")
    if frozen:
        return parse_time(frozen)
    return datetime.now(timezone.utc)

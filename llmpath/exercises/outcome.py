"""The result of one check, in both languages: what the CLI, the session and the tests read (the ui picks one)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from llmpath.i18n import L10n

OUTPUT_MB = 8          # the child may write at most this much (RLIMIT_FSIZE)
TAIL_CHARS = 1500      # of the child's raw output, shown when it died without a result


@dataclass
class CheckOutcome:
    """The result of one check; its texts are L10n (the language is chosen where it is shown)."""

    exercise: str
    passed: bool
    kind: str                       # passed, todo, missing, import, exception, mismatch, mutated, memory, timeout, crash,
                                    # output, untrusted, tampered, internal
    message: L10n
    why: L10n | None = None
    case: L10n | None = None
    case_index: int | None = None
    cases: int | None = None
    inputs: str | None = None
    expected: str | None = None
    got: str | None = None
    where: str | None = None
    note: str | None = None
    mistake: str | None = None
    output: str = ""
    seconds: float = 0.0
    notices: list[L10n] = field(default_factory=list)   # e.g. "softmax is not passed yet: the reference stood in"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

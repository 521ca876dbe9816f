"""The result of one check, in the learner's language: what the CLI, the session and the tests read."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

OUTPUT_MB = 8          # the child may write at most this much (RLIMIT_FSIZE)
TAIL_CHARS = 1500      # of the child's raw output, shown when it died without a result


@dataclass
class CheckOutcome:
    """The result of one check, already in the learner's language."""

    exercise: str
    passed: bool
    kind: str                       # passed, todo, missing, import, exception, mismatch, mutated, memory, timeout, crash,
                                    # output, untrusted, tampered, internal
    message: str
    why: str | None = None
    case: str | None = None
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
    notices: list[str] = field(default_factory=list)   # e.g. "softmax is not passed yet: the reference stood in"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

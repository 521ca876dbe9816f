"""Shared by the generator tests: does a hint state the answer?"""

from __future__ import annotations

import math
import re


def _answer_shown(g) -> str:
    """The answer as a learner would type it at the prompt's precision."""
    if g.kind == "shape":
        return ", ".join(str(v) for v in g.answer)
    if g.tolerance == 0:
        return str(int(g.answer))
    return f"{g.answer:.{max(0, round(-math.log10(g.tolerance)))}f}"


def _gives_away(g, hint: str) -> bool:
    """True when a hint states the answer (a whole-number answer counts when a hint says '= answer')."""
    shown = re.escape(_answer_shown(g))
    anywhere = r"(?<![\d.])" + shown + r"(?!\.?\d)"
    if re.search(anywhere, g.prompt.en):
        return False  # the number is part of the question's data
    pattern = ("= " + shown + r"(?!\.?\d)") if g.kind == "numeric" and g.tolerance == 0 else anywhere
    return bool(re.search(pattern, hint))

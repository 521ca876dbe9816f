"""What a test may assume about printed text: its words, not where the terminal broke its lines.

Rich breaks an English line at a space and keeps the space at the end of the line (padding it to the width
in some renderables); it breaks Chinese text, and a word longer than the line such as a long temporary
path, with no space at all. ``flat`` undoes both, so ``"kept your work" in flat(result.output)`` holds
whatever the width, the temp-path length or the language.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"[ \t]*\n(?:[ \t]*\n)*[ \t]*")  # one line break, or several with blank lines between


def flat(text: str) -> str:
    """Join wrapped lines: a bare line break (inside a word or between CJK characters) disappears; a break
    with a space beside it, or a blank line between paragraphs, becomes one space; runs of spaces become one."""
    joined = _BREAK.sub(lambda m: "" if m.group() == "\n" else " ", text)
    return re.sub(r"[ \t]+", " ", joined).strip()

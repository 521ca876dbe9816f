"""Text that is safe to show in a terminal: no control characters, no escape sequences.

Content packs, learner code and command-line arguments are not ours; an ``ESC ] 0 ;``
sequence in any of them would retitle the window, ``ESC [ 2 J`` would clear the screen
and an OSC 8 sequence would plant a hidden hyperlink. :func:`clean_terminal_text`
removes whole escape sequences (not only the ESC, so no ``]0;…`` debris is left) and
every other C0/C1 control character except newline and tab. Rich's own styling is
added after this, so it is unaffected. No imports beyond ``re``: the core may use it.
"""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?     # OSC … BEL / ST (titles, OSC 8 hyperlinks)
  | \x1b[P_^X][^\x1b\x9c]*(?:\x1b\\|\x9c)?          # DCS, APC, PM, SOS … ST
  | \x1b\[[0-?]*[ -/]*[@-~]?                        # CSI: colours, cursor moves, clear screen
  | \x1b[ -/]*[0-~]?                                # any other ESC sequence (ESC c resets the terminal)
  | \x9b[0-?]*[ -/]*[@-~]?                          # 8-bit CSI
  | \x9d[^\x07\x9c]*(?:\x07|\x9c)?                  # 8-bit OSC
    """,
    re.VERBOSE,
)
# C0 controls but \t and \n, DEL, and the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def has_control_characters(text: str) -> bool:
    """True if ``text`` holds anything :func:`clean_terminal_text` would remove."""
    return _CONTROL.search(text) is not None


def first_control_character(text: str) -> tuple[int, str] | None:
    """(index, character) of the first unsafe character, for located lint messages."""
    found = _CONTROL.search(text)
    return (found.start(), found.group()) if found else None


def clean_terminal_text(text: str) -> str:
    """``text`` without escape sequences and control characters (\\n and \\t are kept).

    A carriage return before a newline is dropped; a lone one becomes a newline, so
    ``progress\\rdone`` cannot overwrite what came before it on the line.
    """
    if not _CONTROL.search(text):  # the common case: nothing to do, no copy
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))


def visible_controls(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``), for quoting a
    learner's argument back to them: they see what they typed, the terminal sees no escape."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)

"""Ending a pexpect child without racing its interpreter shutdown.

`spawn.close()` gives the child 0.1 s after the terminal closes and then sends SIGHUP; a Python
process still finalising on a busy CI runner is then killed and `exitstatus` is None. Reading
EOF and *waiting* for the exit gives the real status however slow the machine is."""

from __future__ import annotations

import pexpect


def exit_status(child: pexpect.spawn) -> int | None:
    """Read to EOF, wait for the process to end, close the terminal; the exit code (None if signalled)."""
    child.expect(pexpect.EOF)
    child.wait()
    child.close()
    return child.exitstatus

"""Line breaking for mixed Chinese and English text, installed inside Rich once.

Rich wraps every paragraph, table cell and panel through ``rich.text.Text.wrap``, which
asks ``divide_line`` (a module global of ``rich.text``) where to break. Rich's own version
breaks only at spaces, so a run of Chinese (which has none) is one "word": the line ends
early at the last space before it, and a run longer than the line is cut mid-character-run
wherever it falls, Latin words and numbers included. :func:`install` replaces that global
with :func:`divide_line` below, which breaks where the Unicode line-breaking algorithm
(UAX #14, from the ``uniseg`` package) allows, tailored so that a short bracketed shape
such as ``[3, 6]`` or ``(B, T, C)``, and ``L1/L2`` or ``pre-norm``, stay on one line.

It also mends two things in ``rich.markdown``: a soft line break (a newline inside a
paragraph) between two Chinese characters joins them without the space Markdown puts in
for English, and a code block is printed line for line, cropped rather than re-wrapped,
without the blank padding rows Rich adds above and below it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any

from rich.cells import cell_len, chop_cells

# Characters that mark text as needing UAX #14 (Chinese, Japanese, Korean and their
# full-width punctuation); text without any is broken at spaces, as Rich does, which
# UAX #14 agrees with for Latin script and which needs no uniseg import (~30 ms).
WIDE_CLASS = (r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
              r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
# A short bracketed shape or call without Chinese inside: "[3, 6]", "(B, T, C)", "softmax(x, dim=-1)";
# not an English gloss in brackets, "(cosine similarity)", which breaks at its spaces like any prose.
BRACKETED_PATTERN = r"[\[(][^\[\]()\n\u3000-\u9fff\uff00-\uffef]{1,40}[\])]"
PROSE = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")
# Latin joined by a hyphen or slash ("pre-norm", "L1/L2", "--rank"): UAX #14 would break after the mark.
JOINER = "-/"
SPACES = re.compile(r"\s+")

_installed = {"wrap": False, "markdown": False}


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    """Compiled on first use: a class of wide Unicode ranges takes ~6 ms to compile, more than
    the rest of this module, and text commands whose output is all ASCII never need it."""
    return re.compile(pattern)


def ellipsize(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` terminal cells, ending in "…" when cut (Rich cuts a panel title bare)."""
    if cell_len(text) <= cells:
        return text
    from rich.cells import set_cell_size

    return set_cell_size(text, max(0, cells - 1)).rstrip() + "…"


def has_wide(text: str) -> bool:
    """Whether ``text`` holds a Chinese, Japanese or Korean character or full-width punctuation."""
    return not text.isascii() and _compiled(WIDE_CLASS).search(text) is not None


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def install() -> None:
    """Put the breaker into Rich (idempotent; cheap enough to call before every print).

    ``rich.markdown`` is patched only once it has been imported by someone: importing it
    here would cost every text command ~80 ms of markdown-it for nothing.
    """
    if not _installed["wrap"]:
        import rich.text

        rich.text.divide_line = divide_line
        _installed["wrap"] = True
    if not _installed["markdown"] and "rich.markdown" in sys.modules:
        _install_markdown(sys.modules["rich.markdown"])
        _installed["markdown"] = True


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Rich's ``divide_line`` contract: the offsets at which ``text`` is split to fit ``width`` cells."""
    if cell_len(text) <= width:
        return []
    return _fill(text, width, fold, break_opportunities(text), 0, len(text), 0)[0]


def _fill(text: str, width: int, fold: bool, allowed: list[int], begin: int, end: int, offset: int) -> tuple[list[int], int]:
    """Greedy filling of ``text[begin:end]`` from ``offset`` cells into the line, like Rich's own loop.

    A unit longer than a whole line is first broken where plain UAX #14 allows (a long
    bracketed call may break after its commas), and only then cut at the cell edge.
    """
    breaks: list[int] = []
    starts = [begin, *(i for i in allowed if begin < i < end), end]
    for start, stop in zip(starts, starts[1:]):
        unit = text[start:stop]
        unit_length = cell_len(unit.rstrip())
        if width - offset >= unit_length:
            offset += cell_len(unit)
            continue
        if unit_length <= width:
            if start:
                breaks.append(start)
            offset = cell_len(unit)
            continue
        inner = [i for i in _plain_opportunities(text) if start < i < stop]
        if inner and fold:
            more, offset = _fill(text, width, fold, inner, start, stop, offset)
            breaks += more
            continue
        pieces = chop_cells(unit, width) if fold else [unit]
        for piece in pieces:
            if start:
                breaks.append(start)
            start += len(piece)
        offset = cell_len(pieces[-1])
    return breaks, offset


def break_opportunities(text: str) -> list[int]:
    """Indices (0 < i < len) where a new line may begin, tailored as the module says."""
    protected = _protected_spans(text)
    return [i for i in _plain_opportunities(text) if not _inside(i, protected) and not _joined(text, i)]


def _plain_opportunities(text: str) -> list[int]:
    if has_wide(text):
        return _uax14(text)
    return [m.end() for m in SPACES.finditer(text) if m.start() > 0 and m.end() < len(text)]


@lru_cache(maxsize=2048)
def _uax14(text: str) -> list[int]:
    """UAX #14 break opportunities; cached because they do not depend on the width and
    uniseg is slow (~0.2 ms a character), while Rich wraps the same text to measure and to draw."""
    return [b for b in _line_break_boundaries()(text) if 0 < b < len(text)]


@lru_cache(maxsize=1)
def _line_break_boundaries() -> Any:
    """uniseg's UAX #14 breaker. Its package ``__init__`` only looks up its own version through
    importlib.metadata, which costs ~40 ms of start-up; when nothing has imported uniseg yet,
    the package is registered without running that file (its submodules import as usual)."""
    if "uniseg" not in sys.modules:
        import importlib.util

        spec = importlib.util.find_spec("uniseg")
        if spec is not None and spec.submodule_search_locations:
            sys.modules["uniseg"] = importlib.util.module_from_spec(spec)
    from uniseg.linebreak import line_break_boundaries

    return line_break_boundaries


def _protected_spans(text: str) -> list[tuple[int, int]]:
    if "(" not in text and "[" not in text:
        return []
    return [m.span() for m in _compiled(BRACKETED_PATTERN).finditer(text) if not PROSE.search(m.group())]


def _inside(index: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < index < end for start, end in spans)


def _joined(text: str, index: int) -> bool:
    before = text[index - 1]
    return before in JOINER and text[index].isascii() and text[index].isalnum() and (
        index < 2 or text[index - 2] in JOINER or (text[index - 2].isascii() and text[index - 2].isalnum()) or text[index - 2].isspace())


def join_soft_lines(text: str) -> str:
    """Prose that is not rendered as Markdown (a quiz prompt as plain Text): a single newline inside
    a paragraph joins the lines, without a space between two wide (Chinese) characters and with one
    elsewhere, as Markdown does; blank lines (paragraph breaks) stay."""
    def join(match: re.Match[str]) -> str:
        return "" if is_wide(match.group(1)) and is_wide(match.group(2)) else " "

    return SOFT_BREAK.sub(join, text)


SOFT_BREAK = re.compile(r"(?<=(\S))[ \t]*\n[ \t]*(?=(\S))")


# --- rich.markdown ------------------------------------------------------------------------------

INLINE_MARKS = {"strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close", "link_open", "link_close"}


def join_soft_breaks(tokens: list[Any]) -> list[Any]:
    """Turn a soft break between two wide characters into nothing (between Latin words it stays a space)."""
    from markdown_it.token import Token

    out = list(tokens)
    for i, token in enumerate(out):
        if token.type != "softbreak":
            continue
        before = _neighbour_char(out, i, -1)
        after = _neighbour_char(out, i, +1)
        if before and after and is_wide(before) and is_wide(after):
            out[i] = Token("text", "", 0, content="")
    return out


def _neighbour_char(tokens: list[Any], index: int, step: int) -> str:
    i = index + step
    while 0 <= i < len(tokens) and (tokens[i].type in INLINE_MARKS or tokens[i].type == "text" and not tokens[i].content):
        i += step
    if 0 <= i < len(tokens) and tokens[i].type in ("text", "code_inline") and tokens[i].content:
        return tokens[i].content[-1 if step < 0 else 0]
    return ""


def _install_markdown(md: Any) -> None:
    from rich.syntax import Syntax

    flatten = md.Markdown._flatten_tokens

    def flatten_joined(self: Any, tokens: Any) -> Any:
        return iter(join_soft_breaks(list(flatten(self, tokens))))

    class CodeBlock(md.CodeBlock):
        """Code line for line: cropped at the edge, never re-wrapped, no blank rows around it."""

        def __rich_console__(self, console: Any, options: Any) -> Any:
            code = str(self.text).rstrip()
            yield Syntax(code, self.lexer_name, theme=self.theme, word_wrap=False, padding=(0, 1))

    md.Markdown._flatten_tokens = flatten_joined
    md.Markdown.elements["fence"] = CodeBlock
    md.Markdown.elements["code_block"] = CodeBlock

"""Typesetting checks for content text, run by `llmpath validate` (not on every load).

Chinese text uses full-width punctuation (，。：；？！（）) and no space between two Chinese
characters (W3C clreq); a shuffled question must not name its options by letter, because the
letter a learner sees is drawn at random — it writes ``{opt:b}`` and the renderer shows the
letter actually displayed.

:func:`fix_zh` is the single definition of the rule: the lint reports where ``fix_zh`` would
change a text, and ``python -m llmpath.content.lint FILE…`` applies it to YAML files,
refusing any edit that would change anything but Chinese strings.
"""

from __future__ import annotations

import re
import sys
import unicodedata

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "，。：；？！（）、“”‘’《》【】…—「」"
_CJK = re.compile(f"[{CJK_CHARS}]")
_CJK_OR_PUNCT = f"{CJK_CHARS}{CJK_PUNCT}"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
# Code (fenced blocks, indented blocks and `spans`) and links are never touched.
_PROTECTED = re.compile(r"```.*?```|`[^`\n]*`|https?://\S+|^(?: {4}|\t)[^\n]*", re.DOTALL | re.MULTILINE)
# A parenthesis pair holding only a formula or a shape — "(p − 1)", "(B, T, C)", "(224 − 16)/16" — stays half-width.
_FORMULA = re.compile(r"[A-Za-z0-9_ ,.+\-−*/=×·^²³√'ᵀ⁻¹]*[0-9,+\-−*/=×·^²³√][A-Za-z0-9_ ,.+\-−*/=×·^²³√'ᵀ⁻¹]*")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_OR_PUNCT}])[ \t]+(?=[{_CJK_OR_PUNCT}])")
_SPACE_AROUND_FULL = re.compile(r"(?:(?<=\S)[ \t]+)?([，。：；？！、])(?:[ \t]+(?=\S))?")
OPTION_REF = re.compile(r"\{opt:([A-Za-z0-9_-]+)\}")
# "(a)", "（b）", "option c", "选项 d", "a 和 c" style references to a choice letter.
_BARE_LETTER = re.compile(r"(?<![\w{])[(（]([a-h])[)）]|\b(?:option|choice|options)\s+([a-h])\b|选项\s*([a-h])(?![A-Za-z])")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _is_cjk_side(ch: str) -> bool:
    return bool(ch) and (bool(_CJK.match(ch)) or ch in CJK_PUNCT)


def _fix_parens(text: str) -> str:
    """Pairs of half-width parentheses that belong to Chinese text become （）; formula and call parentheses stay."""
    chars = list(text)
    stack: list[int] = []
    for j, ch in enumerate(chars):
        if ch == "(":
            stack.append(j)
        elif ch == ")" and stack:
            i = stack.pop()
            inside = "".join(chars[i + 1:j])
            head = "".join(chars[:i]).rstrip("*")  # Markdown emphasis is transparent: **查询**(query)
            direct = head[-1] if head else ""
            before = head.rstrip().rstrip("*")   # "**肘部法** (elbow method)": the emphasis is transparent here too
            prev = before[-1] if before else ""
            attached = bool(direct) and (direct.isalnum() or direct in "_])'\"") and not _is_cjk_side(direct)
            after = chars[j + 1] if j + 1 < len(chars) else ""
            if after and not has_cjk(inside) and (after.isalnum() or unicodedata.category(after) in ("Lm", "No", "Sk")):
                continue  # "(AB)ᵀ", "(x+1)²", "(a)b": a formula, whatever precedes it
            if _FORMULA.fullmatch(inside):
                continue
            # "机制 (attention)" and "(保留 3 位小数)" are Chinese; "：(224 − 16)/16" is a formula after a colon.
            if has_cjk(inside) or (not attached and has_cjk(prev)):
                chars[i], chars[j] = "（", "）"
    # Full-width brackets carry their own spacing; a line's indentation is kept.
    out = re.sub(r"(?<=\S)[ \t]+（", "（", "".join(chars))
    out = re.sub(r"（[ \t]+", "（", out)
    out = re.sub(r"(?<=\S)[ \t]+）", "）", out)
    return re.sub(r"）[ \t]+(?=\S)", "）", out)


def _fix_marks(text: str) -> str:
    out: list[str] = []
    for k, ch in enumerate(text):
        if ch in ",:;?!." and ch in _FULL:
            prev = text[k - 1] if k else ""
            rest = text[k + 1:].lstrip(" \t")
            nxt = rest[:1]
            if ch != "." and nxt == "\n":   # "6e-4;⏎而……": a Chinese sentence goes on after the line break
                nxt = rest.lstrip(" \t\n")[:1]
            if ch == ".":
                # a sentence-final full stop after Chinese; not "3.5", "...", "e.g."
                if _is_cjk_side(prev) and (not nxt or nxt in "\n" or _is_cjk_side(nxt)) and text[k + 1:k + 2] != ".":
                    out.append("。")
                    continue
            elif _is_cjk_side(prev) or (_is_cjk_side(nxt) and not (prev.isdigit() and nxt.isdigit())):
                out.append(_FULL[ch])
                continue
        out.append(ch)
    return "".join(out)


# Emphasis markers are not spacing. "乘法。** 每个" needs no space, but CommonMark closes ** only after a letter
# when a letter follows, so the full stop moves out: "乘法**。每个". "衰减** 几乎" and "的 **查询" lose the space.
_EMPHASIS_AFTER_PUNCT = re.compile(f"([{CJK_PUNCT}])(\\*{{1,2}})[ \t]+(?=[{_CJK_OR_PUNCT}])")
_SPACE_AFTER_EMPHASIS = re.compile(f"(?<=[{CJK_CHARS}])(\\*{{1,2}})[ \t]+(?=[{_CJK_OR_PUNCT}])")
_SPACE_BEFORE_EMPHASIS = re.compile(f"(?<=[{_CJK_OR_PUNCT}])[ \t]+(\\*{{1,2}})(?=[{CJK_CHARS}])")


def _fix_plain(text: str) -> str:
    text = _fix_parens(text)
    text = _fix_marks(text)
    text = _SPACE_AROUND_FULL.sub(r"\1", text)
    text = _EMPHASIS_AFTER_PUNCT.sub(r"\2\1", text)
    text = _SPACE_AFTER_EMPHASIS.sub(r"\1", text)
    text = _SPACE_BEFORE_EMPHASIS.sub(r"\1", text)
    return _SPACE_BETWEEN_CJK.sub("", text)


def fix_zh(text: str) -> str:
    """``text`` with Chinese punctuation made full-width and spaces between Chinese characters removed."""
    if not has_cjk(text):
        return text
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_fix_plain(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_fix_plain(text[last:]))
    return "".join(out)


def zh_problem(text: str) -> str | None:
    """A one-line description of the first typesetting problem in a Chinese text, or None."""
    fixed = fix_zh(text)
    if fixed == text:
        return None
    k = next(i for i, (a, b) in enumerate(zip(text, fixed + "\0" * len(text))) if a != b)
    snippet = text[max(0, k - 8):k + 8].replace("\n", "⏎")
    wanted = fixed[max(0, k - 8):k + 8].replace("\n", "⏎")
    return f"Chinese text needs full-width punctuation and no space between Chinese characters: '…{snippet}…' → '…{wanted}…'"


def letter_reference(text: str) -> str | None:
    """A bare option letter in a shuffled question's text ('(a)', 'option b', '选项 c'), or None."""
    match = _BARE_LETTER.search(text)
    if not match:
        return None
    letter = next(g for g in match.groups() if g)
    return (f"'{match.group(0)}' names an option by letter, but options are shuffled: write {{opt:{letter}}} "
            f"(the renderer shows the letter actually displayed) or refer to the option by its content")


# ------------------------------------------------------------------ applying the fix to YAML files

_ZH_KEY = re.compile(r"^(\s*)(?:-\s+)?zh:\s*(.*)$")
_BLOCK_START = re.compile(r"^[|>][-+0-9]*\s*$")


def fix_yaml_text(source: str) -> str:
    """Apply :func:`fix_zh` to every ``zh:`` value of a YAML document, line by line (inline, flow and block values)."""
    lines = source.split("\n")
    out: list[str] = []
    block_indent: int | None = None
    content_indent: int | None = None  # the block's own indentation, so Markdown sees its 4-space code lines
    fence = False
    for line in lines:
        if block_indent is not None:
            indent = len(line) - len(line.lstrip(" "))
            if line.strip() == "" or indent > block_indent:
                if line.strip() and content_indent is None:
                    content_indent = indent
                if line.lstrip().startswith("```"):
                    fence = not fence
                    out.append(line)
                    continue
                cut = min(content_indent or 0, indent) if line.strip() else 0
                out.append(line if fence else line[:cut] + fix_zh(line[cut:]))
                continue
            block_indent, content_indent, fence = None, None, False
        match = _ZH_KEY.match(line)
        if match and _BLOCK_START.match(match.group(2)):
            block_indent = len(match.group(1))
            out.append(line)
            continue
        position = line.find("zh:")
        if position >= 0 and has_cjk(line[position:]):
            position += 3  # the key itself is not Chinese text
            out.append(line[:position] + fix_zh(line[position:]))
        else:
            out.append(line)
    return "\n".join(out)


def _same_except_zh(a: object, b: object, key: object = None) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_except_zh(a[k], b[k], k) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_except_zh(x, y, key) for x, y in zip(a, b))
    if key == "zh" and isinstance(a, str) and isinstance(b, str):
        return True
    return a == b


def fix_yaml_file(path: str) -> bool:
    """Rewrite one YAML file in place; True if it changed. Refuses (False, message on stderr) an edit
    that would change the document's structure or any non-Chinese value."""
    import yaml

    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    fixed = fix_yaml_text(source)
    if fixed == source:
        return False
    try:
        same = _same_except_zh(yaml.safe_load(source), yaml.safe_load(fixed))
    except yaml.YAMLError as exc:
        print(f"{path}: not fixed, the edit would break the YAML ({exc})", file=sys.stderr)
        return False
    if not same:
        print(f"{path}: not fixed, the edit would change more than Chinese text", file=sys.stderr)
        return False
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(fixed)
    return True


if __name__ == "__main__":
    changed = [p for p in sys.argv[1:] if fix_yaml_file(p)]
    print(f"{len(changed)} of {len(sys.argv) - 1} files changed")

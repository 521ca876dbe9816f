"""Chinese is set properly: every section of every unit and every light demo, in zh, at 60, 80 and 100 columns.

Fails on a Latin word or number split across two lines, a bracketed shape such as
"[3, 6]" split, a space the renderer put between two Chinese characters, and a line in
the middle of a paragraph that ends more than 4 cells short when the next line's first
unbreakable unit would have fitted. Heavy demos (a measured typical_s in the registry:
model downloads, tens of seconds of training) are left out.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.markdown import Markdown
from rich.panel import Panel
from llmpath.content.catalog import load_catalog
from llmpath.ui.typeset import break_opportunities
from tests.zh_screens import block_source, demo_blocks, light_demo_ids, string_console, ui_console

WIDTHS = (60, 80, 100)
HAN = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
SPACE_BETWEEN_HAN = re.compile(f"([{HAN}]) ([{HAN}])")  # one space; table columns are two or more apart
WORD_TAIL = re.compile(r"[A-Za-z0-9_.]+$")
WORD_HEAD = re.compile(r"^[A-Za-z0-9_.]+")
SHAPE = re.compile(r"[\[(][0-9A-Za-z_=]+(?:, [0-9A-Za-z_=]+)+[\])]")  # "[3, 6]", "(B, T, C)", "[batch=2, seq_len=4]"
MARKUP = re.compile(r"\*\*|`")
NEW_BLOCK = re.compile(r"^(•|\d+\.? |#|[-─━┃│┏┗┡└┌├╭╰])")  # list items (Rich numbers them "1 "), headings, rules
TABLE_ROW = re.compile(r"\S {2,}\S|─")
FENCE = re.compile(r"^\s*```.*?^\s*```", re.MULTILINE | re.DOTALL)


def sections():
    for unit in load_catalog().path_order():
        for section in unit.sections:
            yield pytest.param(unit.id, section, id=f"{unit.id}.{section.id}")


def code_lines(markdown: str) -> set[str]:
    """Lines of fenced and indented code: printed as they are, never joined or filled."""
    lines = set()
    for block in FENCE.findall(markdown):
        lines.update(line.strip() for line in block.splitlines())
    lines.update(line.strip() for line in markdown.splitlines() if line.startswith("    "))
    return lines - {""}


def panel_lines(text: str) -> list[str]:
    """The inside of a rendered panel, one string per row, borders and padding removed."""
    rows = text.splitlines()[1:-1]
    return [row[2:-2] if row.startswith("│") else row for row in rows]


def problems(lines: list[str], source: str, width: int, *, paragraphs: bool = True) -> list[str]:
    found = []
    flat_source = " ".join(MARKUP.sub("", source).split())  # what the author wrote, as the screen shows it
    code = code_lines(source)
    prose = "\n".join(line for line in FENCE.sub("", source).splitlines() if line.strip() not in code)
    for line in lines:
        for a, b in SPACE_BETWEEN_HAN.findall(line):
            if f"{a} {b}" not in flat_source:
                found.append(f"space put between {a} and {b}: {line.strip()!r}")
    for shape in SHAPE.findall(prose):  # code is cropped at the edge, so a shape in it may be cut off
        if " " in shape and cell_len(shape) <= width // 3 and not any(shape in line for line in lines):
            found.append(f"shape {shape!r} split across lines")
    for this, following in zip(lines, lines[1:]):
        tail, head = WORD_TAIL.search(this.rstrip()), WORD_HEAD.search(following.lstrip())
        if tail and head:
            joined = tail.group() + head.group()
            if joined in source and f"{tail.group()} {head.group()}" not in flat_source:
                found.append(f"word split: {this.strip()!r} / {following.strip()!r}")
        if paragraphs and _ends_early(this, following, width, code):
            found.append(f"line ends early ({cell_len(this.rstrip())} of {width}): {this.strip()!r} / {following.strip()!r}")
    return found


def _ends_early(this: str, following: str, width: int, code: set[str]) -> bool:
    if not this.strip() or not following.strip() or this.strip() in code or following.strip() in code:
        return False
    if NEW_BLOCK.match(following.strip()) or TABLE_ROW.search(this) or _indent(this) != _indent(following):
        return False
    used = cell_len(this.rstrip())
    text = following.strip()
    first_unit = text[: next(iter(break_opportunities(text)), len(text))].rstrip()
    return width - used > 4 and used + 1 + cell_len(first_unit) <= width


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.mark.parametrize("unit_id,section", list(sections()))
def test_section_is_set_properly(unit_id, section):
    from llmpath.ui import typeset

    typeset.install()
    body = section.body.get("zh")
    found = []
    for width in WIDTHS:
        out = string_console(width)
        out.print(Panel(Markdown(body), title=section.title.get("zh"), title_align="left"))
        found += [f"@{width}: {p}" for p in problems(panel_lines(out.file.getvalue()), body, width - 4)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("demo_id", light_demo_ids())
def test_demo_output_is_set_properly(demo_id):
    from llmpath.demos import base
    from llmpath.ui.demo import render

    found = []
    for block in demo_blocks(demo_id):
        source = block_source(block)
        if not source:
            continue
        for width in WIDTHS:
            with ui_console(width) as out:
                render(block)
            lines = out.file.getvalue().splitlines()
            is_prose = isinstance(block, base.Text)
            found += [f"@{width}: {p}" for p in problems(lines, source, width, paragraphs=is_prose)]
    assert not found, "\n".join(found)


def test_soft_break_between_chinese_joins_without_space():
    from llmpath.ui import typeset

    typeset.install()
    out = string_console(80)
    out.print(Markdown("每条\n序列都有 token\n和 embedding;\nword\nwrap。"))
    assert out.file.getvalue().strip() == "每条序列都有 token 和 embedding;word wrap。".replace(";w", "; w")


def test_plain_prose_joins_soft_lines_like_markdown():
    from llmpath.ui.typeset import join_soft_lines

    assert join_soft_lines("每条\n序列有 token\n和 embedding。\n\n新段落\nword\nwrap") == "每条序列有 token 和 embedding。\n\n新段落 word wrap"
    assert join_soft_lines("甲\n乙\n丙\na\nb") == "甲乙丙 a b"


def test_breaks_follow_uax14_with_tailoring():
    from llmpath.ui.typeset import divide_line

    text = "形状为 [3, 6] 的张量经过 repetition_penalty 处理后共有 1680万个数，（括号）不落在行首。"
    for width in range(20, 60):
        pieces = [text[a:b] for a, b in zip([0, *divide_line(text, width)], [*divide_line(text, width), len(text)])]
        assert all(cell_len(p.rstrip()) <= width for p in pieces), pieces
        assert not any(p.startswith(("，", "。", "）")) or p.rstrip().endswith("（") for p in pieces), pieces
        assert "[3, 6]" in "".join(p for p in pieces if "[3" in p), pieces
        assert any("repetition_penalty" in p for p in pieces), pieces


def test_code_block_is_not_rewrapped_or_padded():
    from llmpath.ui import typeset

    typeset.install()
    long_line = "y = torch.softmax(scores - scores.max(dim=-1, keepdim=True).values, dim=-1)  # (B, T) - (B, 1) broadcasts"
    out = string_console(60)
    out.print(Markdown(f"前文。\n\n```python\n{long_line}\n```\n\n后文。"))
    rows = out.file.getvalue().splitlines()
    assert rows[0].strip() == "前文。" and rows[1].strip() == "" and rows[2].lstrip().startswith("y = torch")
    assert rows[3].strip() == "" and rows[4].strip() == "后文。", rows
    assert len(rows) == 5, rows  # the long code line is cropped at the edge, not folded


@pytest.mark.parametrize("unit,section,page", [
    ("Training stability: gradients, clipping and mixed precision", "Why deep networks explode and vanish", " · page 2/3"),
    ("大模型的训练稳定性：梯度裁剪与混合精度训练的原理", "为什么深层网络的梯度会爆炸或消失", " · 第 2/3 页"),
    ("Attention", "Scaled dot-product attention, step by step with numbers and a picture", " · page 1/2"),
    ("Short", "Short", ""),
])
def test_a_section_panel_title_keeps_its_place_and_page_within_the_width(unit, section, page):
    from rich.cells import cell_len

    from llmpath.ui.guided import panel_title

    for room in (74, 54):
        title = panel_title(unit, " · 3/7 · ", section, page, room)
        assert cell_len(title) <= room and " · 3/7 · " in title and title.endswith(page), title
        assert title.startswith(unit[:4]) and (section[:4] in title)
        if cell_len(f"{unit} · 3/7 · {section}{page}") <= room:
            assert title == f"{unit} · 3/7 · {section}{page}"   # nothing cut when it fits


@pytest.mark.parametrize("text,fixed", [
    ("**网络层就是矩阵乘法。** 每个线性层", "**网络层就是矩阵乘法**。每个线性层"),   # the full stop moves out so ** still closes
    ("- **AdamW + 预热 + 余弦衰减** 几乎是所有", "- **AdamW + 预热 + 余弦衰减**几乎是所有"),
    ("关键的 **查询** 向量", "关键的**查询**向量"),
    ("一般在 1e-4 到 6e-4;\n全参数微调", "一般在 1e-4 到 6e-4；\n全参数微调"),   # the sentence goes on after the break
    ("x * y 与 2 * 3", "x * y 与 2 * 3"),
])
def test_emphasis_markers_and_line_ends_are_typeset_in_chinese(text, fixed):
    from rich.console import Console
    from rich.markdown import Markdown

    from llmpath.content.lint import fix_zh

    assert fix_zh(text) == fixed
    out = Console(width=200, no_color=True, record=True)
    out.print(Markdown(fixed))
    assert "**" not in out.export_text()   # the emphasis still renders as emphasis, not as asterisks

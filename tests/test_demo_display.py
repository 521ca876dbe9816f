"""Demo details a learner reads: both operands, "…" on cut tables, numbers rounded for their quantity,
English ordinals, and check lines in the demo's language."""

from __future__ import annotations

from llmpath.demos import base
from llmpath.demos.predictions import show_number, shown_reply
from llmpath.demos.svd import ordinal
from tests.zh_screens import demo_blocks, ui_console


def tables(demo_id: str, lang: str = "en") -> dict[str, base.Table]:
    return {b.title: b for b in demo_blocks(demo_id, lang) if isinstance(b, base.Table)}


def test_a_product_is_shown_with_both_operands():
    shown = tables("tensors")
    assert {"A", "B", "A @ B"} <= set(shown)
    assert len(shown["B"].rows) == len(shown["A"].columns) - 1  # B has as many rows as A has columns


def test_a_cut_table_says_so():
    x = next(t for title, t in tables("attention").items() if title.startswith("X"))
    width = int(x.title.split(",")[1].strip(" )"))
    assert width > 6 and x.columns[-1] == "…" and all(row[-1] == "…" for row in x.rows)
    y = tables("tensors")["y[0] (first sequence)"]
    assert y.columns[-1] == "…" or len(y.columns) <= 7


def test_numbers_are_rounded_for_what_they_are():
    assert show_number(27.0) == "27"
    assert show_number(0.0781615925058548) == "0.07816"
    assert show_number(2359296) == "2,359,296"
    assert show_number([2, 5, 64]) == "2, 5, 64"
    assert shown_reply("numeric", 27.0, "27.0", "en") == "27"
    assert shown_reply("true_false", True, "true", "zh") == "对"


def test_english_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 71, 91, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "71st", "91st", "101st", "111th"]
    heat = next(b for b in demo_blocks("svd", "en") if isinstance(b, base.Heatmap))
    assert "71st row, 91st column" in heat.title


def test_check_lines_speak_the_demo_language():
    from llmpath.ui.demo import render

    zh = next(b for b in demo_blocks("tensors", "zh") if isinstance(b, base.Agreement))
    en = next(b for b in demo_blocks("tensors", "en") if isinstance(b, base.Agreement))
    with ui_console(100) as out:
        render(zh)
        render(en)
    first, second = out.file.getvalue().splitlines()
    assert first.startswith("✓ 一致：点积对照 numpy.dot") and "最大绝对差" in first
    assert second.startswith("✓ dot product vs numpy.dot: max |diff|")

"""The Chinese typesetting rule (content/lint.py) on the cases it must get right."""

from __future__ import annotations

import pytest
import yaml

from llmpath.content.lint import fix_yaml_text, fix_zh, letter_reference, zh_problem


@pytest.mark.parametrize("before, after", [
    ("配对:[batch, T]。", "配对：[batch, T]。"),
    ("是多少?(保留 3 位小数)", "是多少？（保留 3 位小数）"),
    ("注意力机制 (attention) 是核心", "注意力机制（attention）是核心"),
    ("每条 序列", "每条序列"),
    ("key 为 [1, 1],三个", "key 为 [1, 1]，三个"),
    ("一句话. 下一句", "一句话。下一句"),
])
def test_chinese_punctuation_is_made_full_width(before, after):
    assert fix_zh(before) == after
    assert zh_problem(before) is not None and zh_problem(after) is None


@pytest.mark.parametrize("kept", [
    "在 softmax(qKᵀ/√d_k) 中", "包括 (AB)ᵀ = BᵀAᵀ", "代入 (p − 1) 得", "形状为 (B, T, C)。", "1,000 个", "比例为 3:4",
    "用 `np.sum(x, axis=0)` 求和", "见 https://x.org/a:b 的说明", "说明：\n\n    y = f(a, b)  # 计算,注意\n",
    "English only, (a) and: b",
])
def test_code_formulas_numbers_and_links_are_left_alone(kept):
    assert fix_zh(kept) == kept


def test_letter_references_are_found_and_content_is_not():
    assert letter_reference("64 = 64 for (a) and (c)") and letter_reference("选项 b 错") and letter_reference("（c）正是")
    assert letter_reference("f(x) = 1 and option-free text") is None


def test_yaml_fix_touches_only_chinese_values():
    source = 'q:\n  en: "a: b, (c)"\n  zh: "甲:乙,(丙)"\nanswer: [全规约, 全局规约]\nbody:\n  zh: |\n    第一行:说明\n    ```\n    x = f(a,b)  # 注释,不改\n    ```\n'
    fixed = fix_yaml_text(source)
    data = yaml.safe_load(fixed)
    assert data["q"] == {"en": "a: b, (c)", "zh": "甲：乙，（丙）"}
    assert data["answer"] == ["全规约", "全局规约"]
    assert data["body"]["zh"].startswith("第一行：说明") and "# 注释,不改" in data["body"]["zh"]

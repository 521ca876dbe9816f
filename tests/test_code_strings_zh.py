"""The Chinese texts written in Python (demo explanations and labels, check messages) follow the same
typesetting rule as the content files (llmpath.content.lint.fix_zh): full-width punctuation, no space
between Chinese characters."""

from __future__ import annotations

import ast
from pathlib import Path

import llmpath
from llmpath.content.lint import has_cjk, zh_problem

PACKAGE = Path(llmpath.__file__).parent
# Strings that are not Chinese prose: bilingual prompts shown before a language is chosen, test data fed to a
# learner's tokenizer, a shape written as code.
NOT_PROSE = {
    "content/lint.py",                 # the lint's own examples
    "ui/guided.py",                    # "Language / 语言 — en (English) or zh (中文)": both languages on purpose
    "exercises/bpe_tokenizer/check.py", "exercises/bpe_train/check.py", "exercises/gpt2_tokenizer/check.py",  # corpora
    "exercises/chains.py",             # a docstring quoting both languages
    "exercises/int8_quantize/probe.py",  # printed in the learner's own process, both languages on one line
    "exercises/lm_training/check.py",  # "形状 ()": a shape in code notation
}


def _texts(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value
        elif isinstance(node, ast.JoinedStr):   # an f-string: its literal parts, each value as X
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)


def test_chinese_strings_in_the_code_are_typeset():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name in NOT_PROSE:
            continue
        for line, text in _texts(ast.parse(path.read_text(encoding="utf-8"))):
            if has_cjk(text) and (problem := zh_problem(text)):
                problems.append(f"llmpath/{name}:{line}: {problem}")
    assert not problems, "\n".join(problems)

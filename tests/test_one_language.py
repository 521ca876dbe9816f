"""One language per screen: in zh, every word a text command or a light demo prints is Chinese,
except what is not prose — code, identifiers, formulas, units, library and model names.

The allow-list is rules, not a list of phrases: a word is allowed when it is inside
`code` or a command line (``llmpath …``), part of an identifier or path (joined by
``- _ . / = :`` or carrying a digit), a function in a formula (``exp(``), an acronym or
name with two capitals (PCA, AdamW, LayerNorm), or one of a few library, model and
formula names below. Everything else with three or more Latin letters fails.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.zh_screens import demo_blocks, light_demo_ids, ui_console

def _example_words() -> set[str]:
    """The words of the example sentences the demos compute on (data, shown as it is)."""
    from llmpath.demos import attention, entropy, metrics

    words = set(entropy.VOCAB) | set(next(o.default for o in attention.OPTIONS if o.name == "sentence").split())
    for candidate, references in metrics.PAIRS:
        words |= set(candidate.split()) | {w for r in references for w in r.split()}
    return words


def _identifiers() -> set[str]:
    """Ids the learner types: units, modules, demos, exercises, models (shown as ids, in both languages)."""
    from llmpath.content.catalog import load_catalog
    from llmpath.demos.registry import demo_ids
    from llmpath.models import list_models

    catalog = load_catalog()
    ids = {u.id for u in catalog.path_order()} | {m.id for m in catalog.ordered_modules()} | set(demo_ids())
    ids |= {m.key for m in list_models()}
    return ids


def _exercise_ids(invoke) -> set[str]:
    return {row["id"] for row in json.loads(invoke("exercise", "list", "--json").stdout)}


DATA = _example_words() | _identifiers()
NAMES = {
    # libraries and tools
    "python", "numpy", "scipy", "torch", "pandas", "matplotlib", "sklearn", "scikit", "typer", "rich", "pyyaml",
    "platformdirs", "filelock", "hub", "unicode", "fsrs", "transformers", "safetensors", "tokenizers", "uniseg", "plotext", "libyaml",
    "pip", "export", "pytest", "int", "float", "str", "bool",
    # models, methods and functions that are names in Chinese text too
    "softmax", "sigmoid", "tanh", "adam", "dropout", "momentum", "beta", "frobenius", "eckart", "young", "gauss",
    "bayes", "lora", "smollm", "gelu", "relu", "swish", "sgd", "xavier", "kaiming", "huber",
    # formula words
    "log", "exp", "max", "min", "mean", "var", "std", "det", "sqrt", "argmax", "argmin", "diag", "sum", "mod", "cos", "sin",
    "pos", "logit", "logits",
    # proper names: people, methods, architectures
    "lasso", "lloyd", "papineni", "legendre", "transformer", "ridge", "hugging", "face", "datasets", "query", "key", "value",
}
CODE = re.compile(r"`[^`]*`|llmpath(?: [-\w<>.=/:\[\]]+)*|(?:sklearn|numpy|torch|scipy) [A-Za-z_]\w*|GPT-2 (?:small|medium|large)|--[\w-]+")
SHAPE = re.compile(r"\[[\w=]+(?:, [\w=]+)+\]")  # [batch, seq_len, hidden_dim]
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")  # example data: 'the cat sat on the ___'
GLOSS = re.compile(r"(?<=[\u4e00-\u9fff]) ?[(（][A-Za-z][A-Za-z -]*[)）]")  # 点积 (dot product): the English term beside the Chinese
PATH = re.compile(r"\S*[/\\]\S*")
IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:[-_.=:@+][A-Za-z0-9]+)+|[A-Za-z]*\d[A-Za-z0-9]*")
FUNCTION = re.compile(r"[A-Za-z]+(?=[(\[=\u1d62-\u1d6a\u2080-\u209c])|(?<=\.)[A-Za-z]+")  # exp(, kernel=, scoreᵢⱼ, x.T
CAPITALS = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")
WORD = re.compile(r"[A-Za-z]{3,}")


def mask(text: str) -> str:
    """Blank out what may be in Latin letters, keeping line breaks (a quote or a formula may wrap)."""
    for pattern in (CODE, QUOTED, GLOSS, SHAPE, PATH, IDENTIFIER, FUNCTION, CAPITALS):
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    return text


def _words(masked: str, allowed: set[str] = frozenset()) -> list[str]:
    return [w for w in WORD.findall(masked) if w.lower() not in NAMES and w not in DATA and w not in allowed]


def english_words(text: str) -> list[str]:
    return _words(mask(text))


def offending_lines(text: str, allowed: set[str] = frozenset()) -> list[str]:
    return [f"{words}: {line.strip()}" for line, masked in zip(text.splitlines(), mask(text).splitlines())
            if (words := _words(masked, allowed))]


def test_the_allow_list_is_not_a_blanket():
    assert english_words("✓ dot product vs numpy.dot: max |diff| = 0.0") == ["dot", "product", "diff"]
    assert english_words("25 min") == []  # "min" the function; the unit is caught below by the path map test
    assert english_words("运行 `llmpath demo svd --rank 8`,看 numpy.linalg.svd 与 AdamW") == []
    assert english_words("rank k  relative error") == ["rank", "relative", "error"]


COMMANDS = [
    ("topics",), ("path",), ("progress",), ("review",), ("exercise", "list"), ("doctor",), ("models",),
    ("demo", "--list"), ("demo", "svd", "--options"), ("quiz", "no-such-unit"), ("demo", "no-such-demo"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_text_command_speaks_chinese(invoke, args):
    result = invoke("--lang", "zh", *args, input="")
    text = result.stdout + (result.stderr or "")
    assert text.strip()
    bad = offending_lines(text, allowed=_exercise_ids(invoke))
    assert not bad, "\n".join(bad)


def test_path_map_time_is_in_chinese(invoke):
    text = invoke("--lang", "zh", "path").stdout
    assert "分钟" in text and not re.search(r"\d+ min\b", text)


def labels_only(block):
    """The block with its data left out: table rows, bar labels and heatmap axes are the data a demo
    computes on (dataset feature names, the tokens of an English example sentence), not its words."""
    from dataclasses import replace

    from llmpath.demos import base

    if isinstance(block, base.Table):
        return replace(block, rows=())
    if isinstance(block, base.Bars):
        return replace(block, labels=tuple("" for _ in block.labels))
    if isinstance(block, base.Text):  # code, fenced (a printed tree, an ASCII scatter) or inline, is code
        return replace(block, body=re.sub(r"```.*?```|`[^`]*`", "", block.body, flags=re.DOTALL))
    if isinstance(block, base.Heatmap):
        return replace(block, row_labels=tuple("" for _ in block.row_labels), col_labels=tuple("" for _ in block.col_labels))
    return block


@pytest.mark.parametrize("demo_id", light_demo_ids())
def test_demo_speaks_chinese(demo_id):
    from llmpath.ui.demo import render

    with ui_console(100) as out:
        for block in demo_blocks(demo_id):
            render(labels_only(block))
    bad = offending_lines(out.file.getvalue())
    assert not bad, "\n".join(bad)

"""The figure block of a unit section: what the schema accepts, what it refuses (one located line
each, hostile packs included), and how every built-in figure looks at 80 columns in both languages."""

from __future__ import annotations

import io
import re
import textwrap

import pytest
from rich.console import Console

from llmpath.content.loader import parse_unit, read_yaml
from llmpath.content.lint import zh_problem

UNIT = """\
id: fig-unit
module: math
order: 91
minutes: 5
title: {en: Figures, zh: 图}
objectives:
  - {en: See, zh: 看}
sections:
  - id: only
    title: {en: Only, zh: 唯一}
    body: {en: Text., zh: 文本。}
    figure:
FIGURE
key_terms: []
"""
STYLE = re.compile(r"\x1b\[[0-9;]*m")


def unit_with(tmp_path, figure: str, name: str = "unit.yaml"):
    path = tmp_path / name
    path.write_text(UNIT.replace("FIGURE", textwrap.indent(textwrap.dedent(figure).strip("\n"), " " * 6)), encoding="utf-8")
    raw, problems = read_yaml(path)
    assert raw is not None, problems
    return parse_unit(raw)


GOOD_DRAW = """
draw: coin-likelihood
params: {heads: 3, flips: 4}
caption: {en: Likelihood, zh: 似然}
x_label: {en: θ, zh: θ}
description: {en: The likelihood of θ., zh: θ 的似然。}
"""


def test_a_builtin_figure_with_params_is_read(tmp_path):
    unit, problems = unit_with(tmp_path, GOOD_DRAW)
    assert problems == []
    figure = unit.sections[0].figure
    assert (figure.draw, figure.params, figure.caption.zh, figure.x_label.en) == ("coin-likelihood", {"heads": 3, "flips": 4}, "似然", "θ")
    assert figure.line == 13 and figure.path.endswith("unit.yaml")


def test_points_given_in_yaml_are_read(tmp_path):
    unit, problems = unit_with(tmp_path, """
        kind: bar
        labels: [a, {en: bee, zh: 蜂}]
        series:
          - name: {en: count, zh: 计数}
            y: [1, 2.5]
        caption: {en: Bars, zh: 条形}
        description: {en: Two bars., zh: 两根条。}
        """)
    assert problems == []
    figure = unit.sections[0].figure
    assert figure.kind == "bar" and figure.series[0].y == (1.0, 2.5) and figure.labels[1].zh == "蜂"


@pytest.mark.parametrize("figure, line, fragment", [
    (GOOD_DRAW + "colour: red\n", 18, "unknown field 'colour' in section 'only' figure"),
    (GOOD_DRAW.replace("coin-likelihood", "coin-likelihod"), 13, "unknown figure function 'coin-likelihod' (did you mean 'coin-likelihood'?)"),
    (GOOD_DRAW.replace("heads: 3", "head: 3"), 14, "figure 'coin-likelihood' has no parameter 'head' (did you mean 'heads'?)"),
    (GOOD_DRAW.replace("flips: 4", "flips: 1000000"), 14, "parameter 'flips' of figure 'coin-likelihood' must be from 1 to 1000"),
    (GOOD_DRAW.replace("flips: 4", "flips: 2"), 14, "heads must not exceed flips"),
    (GOOD_DRAW.replace("flips: 4", "flips: .nan"), 14, "must be a whole number"),
    (GOOD_DRAW.replace("params: {heads: 3, flips: 4}", "params: [1, 2]"), 14, "params must be a mapping"),
    (GOOD_DRAW.replace("zh: 似然}", "zh: ''}"), 15, "missing translation 'zh' in section 'only' figure caption"),
    (GOOD_DRAW.replace("description: {en: The likelihood of θ., zh: θ 的似然。}\n", ""), 13, "is missing required field 'description'"),
    (GOOD_DRAW + "series: []\n", 13, "needs either 'draw' (a built-in figure function) or 'series' (the points), not both"),
    ("caption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 13, "not neither"),
    ("kind: pie\nseries: []\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 13, "kind must be one of line, scatter, bar"),
    ("series:\n  - {name: {en: a, zh: 甲}, x: [1, 2], y: [1]}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 14, "2 x values but 1 y values"),
    ("series:\n  - {name: {en: a, zh: 甲}, x: [1, .inf], y: [1, 2]}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 14, "item 2 must be a finite number"),
    ("draw: attention-weights\nparams: {tokens: [\"ok\", \"\\e[31mred\"]}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 14, "contains a control character"),
    ("draw: broadcast\nparams: {a: [3, 2], b: [4]}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 14, "shapes (3, 2) and (4,) do not broadcast"),
    ("draw: softmax-bars\nparams: {logits: [1, 2], words: [a, b, c]}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 14, "words and logits need the same number of items"),
    ("draw: os.system\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 13, "unknown figure function 'os.system'"),
    ("draw: [1]\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n", 13, "draw must be a lowercase id"),
    ("just a string", 13, "figure must be a mapping, got text"),
])
def test_a_bad_figure_block_is_one_located_problem(tmp_path, figure, line, fragment):
    _, problems = unit_with(tmp_path, figure)
    assert len(problems) == 1, problems
    (problem,) = problems
    assert fragment in problem.message and problem.line == line, str(problem)
    assert re.match(r"^.+unit\.yaml:\d+: .+$", str(problem))


def test_a_hostile_pack_gets_one_clear_line_per_problem_and_no_traceback(tmp_path, invoke):
    pack = tmp_path / "pack" / "curriculum"
    pack.mkdir(parents=True)
    huge = ", ".join(["1"] * 3000)
    figures = {
        "giant.yaml": f"series:\n  - {{name: {{en: a, zh: 甲}}, x: [{huge}], y: [{huge}]}}\ncaption: {{en: a, zh: 甲}}\ndescription: {{en: a, zh: 甲}}\n",
        "nested.yaml": "draw: lr-curves\nparams: {lrs: [[0.1]], steps: {a: 1}}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n",
        "slow.yaml": "draw: kmeans-clusters\nparams: {per_cluster: 100000000}\ncaption: {en: a, zh: 甲}\ndescription: {en: a, zh: 甲}\n",
    }
    for i, (name, figure) in enumerate(figures.items()):
        text = UNIT.replace("fig-unit", f"fig-unit-{i}").replace("order: 91", f"order: {91 + i}")
        (pack / name).write_text(text.replace("FIGURE", textwrap.indent(figure, " " * 6)), encoding="utf-8")
    result = invoke("validate", "--quick", str(tmp_path / "pack"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = [line for line in result.stdout.splitlines() if "fig" in line or "pack" in line]
    assert len(lines) == 5, result.stdout  # giant: x and y; nested: lrs and steps; slow: per_cluster
    assert any("giant.yaml:14:" in line and "at most 2000 points" in line for line in lines)
    assert any("nested.yaml:14:" in line and "'lrs'" in line for line in lines)
    assert any("nested.yaml:14:" in line and "'steps'" in line for line in lines)
    assert any("slow.yaml:14:" in line and "must be from 3 to 200" in line for line in lines)


def test_validate_requires_a_figure_in_builtin_units_only(tmp_path):
    from llmpath.content.catalog import builtin_roots, validate

    pack = tmp_path / "pack" / "curriculum"
    pack.mkdir(parents=True)
    (pack / "plain.yaml").write_text(UNIT.replace("    figure:\nFIGURE\n", ""), encoding="utf-8")
    catalog, problems = validate(builtin_roots() + [tmp_path / "pack"], lint=True, known_exercises=None)
    assert [p for p in problems if "has no figure" in p.message] == []  # every built-in unit has one; a pack may have none
    assert all(any(s.figure for s in unit.sections) for unit in catalog.units.values() if unit.id != "fig-unit")


def test_figures_survive_the_content_cache():
    from llmpath.content.cache import decode_catalog, encode_catalog
    from llmpath.content.catalog import builtin_roots, validate
    import marshal

    catalog, _ = validate(builtin_roots())
    again = decode_catalog(marshal.loads(marshal.dumps(encode_catalog(catalog))))
    assert again == catalog
    figures = [s.figure for u in again.units.values() for s in u.sections if s.figure]
    assert len(figures) >= 36 and all(f.caption.get("zh") for f in figures)


# ------------------------------------------------------------------ every built-in figure on screen

def builtin_figures():
    from llmpath.content.catalog import load_catalog

    return [(f"{u.id}.{s.id}", s.figure) for u in load_catalog().units.values() for s in u.sections if s.figure]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_builtin_figure_fits_80_columns_with_labels_in_the_language(lang, monkeypatch):
    from llmpath.ui.figure import figure_renderable

    monkeypatch.delenv("NO_COLOR", raising=False)
    out = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="256")
    for where, figure in builtin_figures():
        text = figure_renderable(figure, width=76, lang=lang, rows=19, out=out)
        rows = text.plain.split("\n")
        assert len(rows) <= 19 and max(line.cell_len for line in text.split("\n")) <= 76, where
        assert rows[0] == ("图：" if lang == "zh" else "Figure: ") + figure.caption.get(lang), where
        drawn = any("\u2800" <= ch <= "\u28ff" or ch in "█▓▒░•" for ch in text.plain) or re.search(r"\d\.\d\d \d\.\d\d", text.plain)
        assert drawn, f"{where}: nothing drawn"
        for label in (figure.x_label, figure.y_label):
            if label is not None and figure.draw not in ("softmax-bars", "zero-memory"):
                assert label.get(lang) in text.plain, f"{where}: axis label missing"
        if lang == "zh":  # the caption and the notes are prose (the grid rows are layout)
            from llmpath.figures import compute

            for prose in [rows[0]] + [note.zh for note in compute(figure).notes]:
                assert zh_problem(prose) is None, f"{where}: {prose}"
                assert prose in text.plain


def test_a_pipe_and_no_color_get_the_text_description(monkeypatch):
    from llmpath.ui.figure import figure_renderable

    where, figure = next((w, f) for w, f in builtin_figures() if f.draw == "coin-likelihood")
    pipe = Console(file=io.StringIO(), width=80)
    text = figure_renderable(figure, width=76, lang="zh", out=pipe).plain
    assert text.startswith("图：" + figure.caption.zh) and figure.description.zh in text and "0.70" in text
    assert not any("\u2800" <= ch <= "\u28ff" for ch in text)
    monkeypatch.setenv("NO_COLOR", "1")
    terminal = Console(file=io.StringIO(), width=80, force_terminal=True)
    assert figure_renderable(figure, width=76, lang="en", out=terminal).plain.startswith("Figure: " + figure.caption.en)
    assert "\u2800" not in figure_renderable(figure, width=76, lang="en", out=terminal).plain


def test_a_figure_is_computed_only_when_shown():
    import subprocess
    import sys

    probe = ("import sys; from llmpath.content.catalog import load_catalog; load_catalog(); "
             "print(sorted(m for m in ('llmpath.figures.functions', 'plotext', 'numpy') if m in sys.modules))")
    subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)  # builds the content cache
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["line", "scatter", "bar"])
def test_points_from_yaml_are_drawn(tmp_path, kind, monkeypatch):
    from llmpath.ui.figure import figure_renderable

    monkeypatch.delenv("NO_COLOR", raising=False)
    labels = "labels: [DDP, ZeRO-3]\n" if kind == "bar" else ""
    xs = "" if kind == "bar" else ", x: [0, 1]"
    unit, problems = unit_with(tmp_path, f"""
        kind: {kind}
        {labels}series:
          - {{name: {{en: per GPU, zh: 每块 GPU}}{xs}, y: [120, 1.9]}}
          - {{name: {{en: other, zh: 其他}}{xs}, y: [60, 30]}}
        caption: {{en: Memory, zh: 显存}}
        y_label: {{en: GB, zh: 吉字节}}
        description: {{en: Two numbers., zh: 两个数。}}
        """.replace("\n        ", "\n").replace("{labels}", labels))
    assert problems == []
    out = Console(file=io.StringIO(), width=80, force_terminal=True, color_system="256")
    text = figure_renderable(unit.sections[0].figure, width=76, lang="zh", out=out).plain
    assert text.startswith("图：显存") and "吉字节" in text and "每块 GPU" in text and "其他" in text
    assert ("120" in text and "█" in text) if kind == "bar" else any("\u2800" <= ch <= "\u28ff" or ch in "•x" for ch in text.split("\n", 2)[2])

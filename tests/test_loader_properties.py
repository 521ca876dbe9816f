"""Property tests: any YAML document gives models or located problems, never an exception."""

from __future__ import annotations

import itertools

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from llmpath.content.catalog import builtin_roots, validate
from llmpath.content.loader import file_kind, parse_modules, parse_quiz, parse_unit, read_yaml

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=12))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5), max_leaves=25)
FIELDS = ["id", "module", "order", "minutes", "title", "objectives", "sections", "key_terms", "prerequisites", "demos",
          "unit", "questions", "type", "prompt", "answer", "choices", "explanation", "en", "zh", "concepts"]
documents = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), values, max_size=10)
_COUNTER = itertools.count()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_any_document_parses_or_reports(tmp_path, document):
    path = tmp_path / f"doc{next(_COUNTER)}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    raw, problems = read_yaml(path)
    assert raw is not None and not problems
    kind = file_kind(raw.data)
    found = {"modules": lambda r: parse_modules(r)[1], "unit": lambda r: parse_unit(r)[1], "quiz": lambda r: parse_quiz(r)[2]}[kind](raw)
    for problem in found:
        assert problem.line >= 1 and problem.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_is_read_without_exceptions(tmp_path, text):
    path = tmp_path / f"text{next(_COUNTER)}.yaml"
    path.write_text(text, encoding="utf-8")
    raw, problems = read_yaml(path)
    assert (raw is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1


def test_alias_bomb_and_deep_nesting_are_refused_quickly(tmp_path):
    import time

    bomb = tmp_path / "bomb.yaml"
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("id: *a11")
    bomb.write_text("\n".join(lines))
    deep = tmp_path / "deep.yaml"
    deep.write_text("id: " + "[" * 5000 + "]" * 5000)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # a 50 MB file (sparse: cheap to make)
        handle.write(b"id: x\n")
        handle.truncate(50_000_000)
    began = time.process_time()  # CPU time: an expanded bomb would take minutes; a loaded machine does not count
    _, problems = validate(builtin_roots() + [bomb, deep, huge])
    assert time.process_time() - began < 5
    files = {p.path for p in problems}
    assert {str(bomb), str(deep), str(huge)} <= files

"""Broken content fixtures: one located `path:line: message` for each kind of error."""

from __future__ import annotations

import re
from pathlib import Path

from llmpath.content.catalog import builtin_roots, validate

FIXTURES = Path(__file__).parent / "fixtures" / "broken"

EXPECTED = {
    "yaml_syntax.yaml": "YAML syntax error",
    "unknown_field.yaml": "unknown field 'difficulty'",
    "missing_translation.yaml": "missing translation 'zh'",
    "ok_unit.yaml": "duplicate unit id 'fixture-ok'",  # with duplicate_id.yaml
    "unknown_prerequisite.yaml": "unknown prerequisite 'no-such-unit'",
    "unknown_demo.yaml": "unknown demo 'no-such-demo'",
    "cycle_a.yaml": "prerequisite cycle: fixture-cycle-a -> fixture-cycle-b -> fixture-cycle-a",
    "quiz_answer_not_in_choices.yaml": "answer 'c' is not among the choices (a, b)",
    "quiz_no_explanation.yaml": "has no explanation",
    "quiz_unknown_generator.yaml": "unknown generator 'no-such-generator'",
    "hostile_tag.yaml": "refused: YAML tags that construct objects",
}


def test_each_fixture_gives_exactly_one_located_problem():
    _, problems = validate(builtin_roots() + [FIXTURES])
    by_file: dict[str, list] = {}
    for problem in problems:
        by_file.setdefault(Path(problem.path).name, []).append(problem)
    assert set(by_file) == set(EXPECTED), [str(p) for p in problems]
    for name, fragment in EXPECTED.items():
        (problem,) = by_file[name]
        assert fragment in problem.message, str(problem)
        assert problem.line >= 1
        assert re.match(r"^.+:\d+: .+$", str(problem))


def test_lines_point_at_the_offending_place():
    _, problems = validate(builtin_roots() + [FIXTURES])
    lines = {Path(p.path).name: p.line for p in problems}
    assert lines["unknown_field.yaml"] == 9
    assert lines["quiz_answer_not_in_choices.yaml"] == 10
    assert lines["unknown_prerequisite.yaml"] == 5
    assert lines["missing_translation.yaml"] == 5


def test_validate_command_prints_every_problem_and_exits_1(invoke):
    result = invoke("validate", "--quick", str(FIXTURES))  # --quick: the built-in exercises are checked in tests/exercises
    assert result.exit_code == 1
    lines = [l for l in result.stdout.splitlines() if l.strip()]
    assert len(lines) == len(EXPECTED)
    assert all(re.match(r"^.+\.yaml:\d+: ", l) for l in lines)
    assert "Traceback" not in result.output


def test_hostile_tag_never_executes(tmp_path):
    marker = tmp_path / "pwned"
    evil = tmp_path / "evil.yaml"
    evil.write_text(f'id: !!python/object/apply:os.system ["touch {marker}"]\n')
    _, problems = validate(builtin_roots() + [evil])
    assert any("refused" in p.message for p in problems)
    assert not marker.exists()

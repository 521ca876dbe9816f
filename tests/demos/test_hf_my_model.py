"""my-model: the learner's assembled chain runs SmolLM2-135M confined, says which parts are theirs, and agrees
with transformers (logits at the prompt's last position, greedy text); a broken part is one line, no traceback."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.models]


@pytest.fixture
def weights(prepared_smollm2, monkeypatch):
    from llmpath import models

    monkeypatch.setattr(models, "exercise_model_folder", lambda name, progress=None: prepared_smollm2)


def _passed(isolated_home: Path, exercise_id: str, source: str) -> None:
    """The learner's file for ``exercise_id``, recorded as passed (as `exercise check` records it)."""
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore

    spec = get_exercise(exercise_id)
    path = isolated_home / "exercises" / spec.file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    ProgressStore(progress_file()).update(lambda p: core.record_check(p, spec, path, True, datetime.now(timezone.utc)))


def test_your_parts_generate_the_same_text_as_transformers(invoke, isolated_home, weights):
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise

    mine = core.solution_source(get_exercise("rmsnorm")).replace("torch.rsqrt(", "1 / torch.sqrt(")   # right, and not the reference
    _passed(isolated_home, "rmsnorm", mine)
    result = invoke("demo", "my-model", "--max-new-tokens", "8", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["yours"] == ["rmsnorm"]
    assert figures["reference_parts"] == ["rope", "gqa-attention", "swiglu", "decoder-block", "llama-decoder"]
    assert len(figures["tokens"]) == 8 and figures["text"].strip()
    assert figures["max_diff_logits"] <= 1e-4 and figures["same_text_as_transformers"] is True


def test_a_broken_part_is_one_line(invoke, isolated_home, weights):
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise

    broken = core.solution_source(get_exercise("llama-decoder")).replace("x = self.embed[ids]", "x = self.embed[ids] + undefined_name")
    _passed(isolated_home, "llama-decoder", broken)
    result = invoke("--lang", "zh", "demo", "my-model", "--max-new-tokens", "4", "--compare", "no")
    assert result.exit_code != 0
    assert "你的 ✓" in result.output                                     # the table said whose it is
    assert "你的模型抛出了 NameError: name 'undefined_name' is not defined (llama_decoder.py:" in result.output
    assert "Traceback" not in result.output

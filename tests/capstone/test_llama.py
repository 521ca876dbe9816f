"""The capstone's model reference: a plain-PyTorch Llama decoder on SmolLM2-135M's real weights
reproduces transformers' logits (eager attention) and its greedy text; the KV cache changes nothing
but speed."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.models]
PROMPTS = ["The capital of France is", "大模型的基础是注意力机制，", "def add(a, b):\n    return"]


@pytest.fixture(scope="module")
def smollm2(prepared_smollm2):
    torch = pytest.importorskip("torch")
    folder = prepared_smollm2
    from transformers import AutoModelForCausalLM

    from llmpath.capstone.llama import load_smollm2

    torch.set_num_threads(2)
    mine, tokenizer = load_smollm2(folder)
    theirs = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager").eval()
    return mine, theirs, tokenizer


def test_logits_match_transformers(smollm2):
    import torch

    mine, theirs, tokenizer = smollm2
    for prompt in PROMPTS:
        ids = tokenizer(prompt, return_tensors="pt").input_ids
        with torch.no_grad():
            expected = theirs(ids).logits
        got, _ = mine.forward(ids)
        assert float((got - expected).abs().max()) <= 1e-4, prompt


def test_greedy_text_matches_and_the_cache_changes_nothing(smollm2):
    import torch

    mine, theirs, tokenizer = smollm2
    ids = tokenizer("Large language models are", return_tensors="pt").input_ids
    with torch.no_grad():
        expected = theirs.generate(ids, max_new_tokens=32, do_sample=False)[0, ids.shape[1]:].tolist()
    cached = mine.greedy(ids[0].tolist(), 32)
    assert cached == expected
    assert mine.greedy(ids[0].tolist(), 12, use_cache=False) == cached[:12]

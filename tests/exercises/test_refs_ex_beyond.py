"""The references of perplexity-and-error-bars and retrieve-top-k against independent computations:
torch's cross-entropy with ignored padding, the perplexity demo's own functions, scipy's normal interval,
and (for retrieval) scikit-learn's cosine similarity and its top-k / MRR metrics."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.exercises.references import reference_module as _solution


def test_perplexity_is_exp_of_torch_cross_entropy_with_padding_ignored():
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    ref = _solution("perplexity-and-error-bars")
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(3, 5, 11)) * 2
    targets = rng.integers(0, 11, size=(3, 5))
    lengths = np.array([5, 2, 4])
    mask = np.arange(5)[None, :] < lengths[:, None]
    log_probs = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    token_logprobs = np.take_along_axis(log_probs, targets[..., None], -1)[..., 0]
    ignored = torch.tensor(np.where(mask, targets, -100))
    loss = F.cross_entropy(torch.tensor(logits).reshape(-1, 11), ignored.reshape(-1), ignore_index=-100)
    assert ref.perplexity(token_logprobs, mask) == pytest.approx(math.exp(loss.item()), rel=1e-12)
    # bits per byte: the demo's own function on the same real tokens
    from llmpath.demos.perplexity import bits_per_byte

    texts = ["a fern", "每周四", "by the window"]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    assert ref.bits_per_byte(token_logprobs, mask, texts) == pytest.approx(bits_per_byte(-token_logprobs[mask], n_bytes), rel=1e-12)


def test_error_bar_is_scipys_normal_interval():
    stats = pytest.importorskip("scipy.stats")

    ref = _solution("perplexity-and-error-bars")
    correct = np.array([1] * 350 + [0] * 150)
    p, se, low, high = ref.accuracy_error_bar(correct)
    assert se == pytest.approx(stats.bernoulli(0.7).std() / math.sqrt(500), rel=1e-12)
    assert (low, high) == pytest.approx(stats.norm.interval(0.95, loc=0.7, scale=se), rel=1e-5)   # 1.96 vs 1.959964


def test_retrieval_agrees_with_scikit_learn():
    pytest.importorskip("sklearn")
    from sklearn.metrics import label_ranking_average_precision_score, top_k_accuracy_score
    from sklearn.metrics.pairwise import cosine_similarity

    ref = _solution("retrieve-top-k")
    rng = np.random.default_rng(8)
    passages = rng.normal(size=(25, 6)) * np.exp(rng.normal(size=(25, 1)))      # lengths vary; no ties
    queries = rng.normal(size=(30, 6)) * 4
    answers = rng.integers(0, 25, 30)
    scores = cosine_similarity(queries, passages)
    for query, row in zip(queries[:3], scores):
        indices, top = ref.retrieve(query, passages, 7)
        assert np.array_equal(indices, np.argsort(-row)[:7]) and np.allclose(top, np.sort(row)[::-1][:7], rtol=1e-12)
    ranks = ref.answer_ranks(queries, passages, answers)
    for k in (1, 3, 10):
        assert ref.hit_at_k(ranks, k) == pytest.approx(top_k_accuracy_score(answers, scores, k=k, labels=np.arange(25)))
    relevant = np.eye(25, dtype=int)[answers]          # one relevant passage per question: LRAP is the MRR
    assert ref.mean_reciprocal_rank(ranks) == pytest.approx(label_ranking_average_precision_score(relevant, scores), rel=1e-12)


def test_retrieval_ties_and_the_rank_agree():
    """With exact ties the rank is the position retrieve() gives: hit@1 counts only what was retrieved first."""
    ref = _solution("retrieve-top-k")
    passages = np.array([[1.0, 2.0, 2.0], [2.0, 4.0, 4.0], [0.0, 0.0, 1.0]])   # 0 and 1 tie exactly
    query = np.array([[1.0, 1.0, 1.0]])
    assert ref.retrieve(query[0], passages, 1)[0].tolist() == [0]
    assert ref.answer_ranks(query, passages, np.array([1])).tolist() == [2]

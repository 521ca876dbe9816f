"""Property tests: every ml generator agrees with an independent computation."""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score, confusion_matrix, f1_score, mean_absolute_error, mean_squared_error, pairwise_distances_argmin_min, precision_score, recall_score,
)
from sklearn.model_selection import KFold
from sklearn.tree import DecisionTreeClassifier

from llmpath.generators import generate, generator_names

ML_GENERATORS = [
    "kfold-train-size", "confusion-metric", "regression-error", "perplexity-from-probs", "bleu-clipped-unigram",
    "early-stopping-epoch", "gini-impurity", "svm-margin-width", "kmeans-inertia", "multiclass-f1-average",
]
SEEDS = range(60)
NUM = r"-?\d+(?:\.\d+)?"


def ints(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"-?\d+", text)]


def floats(text: str) -> list[float]:
    return [float(x) for x in re.findall(NUM, text)]


def bracket(text: str, index: int = 0) -> str:
    return re.findall(r"\[([^\]]*)\]", text)[index]


def test_all_registered():
    assert set(ML_GENERATORS) <= set(generator_names())


@pytest.mark.parametrize("name", ML_GENERATORS)
@pytest.mark.parametrize("seed", range(25))
def test_texts_complete_and_mistakes_distinct(name, seed):
    g = generate(name, random.Random(seed))
    for text in (*g.prompt, *g.explanation):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        assert "nan" not in text.lower().split()
    assert re.search(r"[\u4e00-\u9fff]", g.prompt.zh) and re.search(r"[\u4e00-\u9fff]", g.explanation.zh)
    assert g.kind == "numeric" and g.tolerance >= 0
    for value, feedback in g.mistakes:
        assert abs(value - g.answer) > g.tolerance
        assert feedback.en.strip() and feedback.zh.strip()


@pytest.mark.parametrize("name", ML_GENERATORS)
def test_seed_reproduces(name):
    assert generate(name, random.Random(7)) == generate(name, random.Random(7))


@pytest.mark.parametrize("seed", SEEDS)
def test_kfold_train_size(seed):
    g = generate("kfold-train-size", random.Random(seed))
    k, n = ints(g.prompt.en)[:2]
    sizes = {len(train) for train, _ in KFold(n_splits=k).split(np.zeros(n))}
    assert sizes == {g.answer}


def _labels(tp, fp, fn, tn):
    y_true = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    y_pred = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    return y_true, y_pred


@pytest.mark.parametrize("metric,fn", [("precision", precision_score), ("recall", recall_score), ("f1", f1_score), ("accuracy", accuracy_score)])
@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_metric(metric, fn, seed):
    g = generate("confusion-metric", random.Random(seed), {"metric": metric})
    tp, fp, fn_, tn = ints(g.prompt.en)[:4]
    assert g.answer == pytest.approx(fn(*_labels(tp, fp, fn_, tn)), abs=1e-12)


@pytest.mark.parametrize("metric", ["mae", "mse", "rmse"])
@pytest.mark.parametrize("seed", SEEDS)
def test_regression_error(metric, seed):
    g = generate("regression-error", random.Random(seed), {"metric": metric})
    y, pred = ints(bracket(g.prompt.en, 0)), ints(bracket(g.prompt.en, 1))
    expected = {"mae": mean_absolute_error(y, pred), "mse": mean_squared_error(y, pred),
                "rmse": math.sqrt(mean_squared_error(y, pred))}[metric]
    assert g.answer == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_perplexity(seed):
    g = generate("perplexity-from-probs", random.Random(seed))
    probs = np.array(floats(bracket(g.prompt.en)))
    assert g.answer == pytest.approx(float(np.prod(probs) ** (-1 / len(probs))), rel=1e-9)
    assert f"{g.answer:.2f}" in g.explanation.en


@pytest.mark.parametrize("seed", SEEDS)
def test_bleu_clipped_unigram(seed):
    g = generate("bleu-clipped-unigram", random.Random(seed))
    ref, cand = (s.split() for s in re.findall(r'"([^"]*)"', g.prompt.en))
    remaining = list(ref)
    matched = 0
    for word in cand:  # greedy matching against a shrinking copy of the reference
        if word in remaining:
            remaining.remove(word)
            matched += 1
    assert g.answer == pytest.approx(matched / len(cand))
    assert any(cand.count(w) > ref.count(w) > 0 for w in cand), "clipping should matter"


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping(seed):
    g = generate("early-stopping-epoch", random.Random(seed))
    losses = floats(bracket(g.prompt.en))
    patience = int(re.search(r"patience = (\d+)", g.prompt.en).group(1))
    # independent: stop at the first epoch e whose last `patience` losses are all >= the best before them
    stop = None
    for e in range(patience + 1, len(losses) + 1):
        if min(losses[e - patience:e]) >= min(losses[: e - patience]):
            stop = e
            break
    assert stop is not None and stop < len(losses) + 1
    assert g.answer == stop


@pytest.mark.parametrize("seed", SEEDS)
def test_gini(seed):
    g = generate("gini-impurity", random.Random(seed))
    counts = ints(bracket(g.prompt.en))
    y = np.repeat(np.arange(len(counts)), counts)
    tree = DecisionTreeClassifier(max_depth=1, criterion="gini").fit(np.zeros((len(y), 1)), y)
    assert g.answer == pytest.approx(tree.tree_.impurity[0], abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_svm_margin(seed):
    g = generate("svm-margin-width", random.Random(seed))
    w = np.array(ints(bracket(g.prompt.en)), dtype=float)
    b = float(re.search(r"b = (-?\d+)", g.prompt.en).group(1))
    # distance between the planes w·x + b = 1 and w·x + b = -1, measured from a point on one of them
    x_plus = w * (1 - b) / w.dot(w)
    assert w.dot(x_plus) + b == pytest.approx(1)
    assert g.answer == pytest.approx(abs(w.dot(x_plus) + b + 1) / np.linalg.norm(w))


@pytest.mark.parametrize("seed", SEEDS)
def test_kmeans_inertia(seed):
    g = generate("kmeans-inertia", random.Random(seed))
    numbers = ints(g.prompt.en.replace("μ₁", "").replace("μ₂", ""))
    coords = np.array(numbers, dtype=float).reshape(-1, 2)
    points, centroids = coords[:-2], coords[-2:]
    _, dist = pairwise_distances_argmin_min(points, centroids)
    assert g.answer == pytest.approx(float(np.sum(dist**2)))


@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping_explanation_matches_answer(seed):
    g = generate("early-stopping-epoch", random.Random(seed))
    losses = floats(bracket(g.prompt.en))
    best = losses.index(min(losses)) + 1
    assert f"stops after epoch {g.answer}," in g.explanation.en
    assert f"weights from epoch {best} are restored" in g.explanation.en
    assert f"第 {g.answer} 个 epoch 之后停止" in g.explanation.zh
    # the bump before the best epoch is described with epochs that really are worse than the best so far
    bump = [int(x) for x in re.findall(r"\d+", re.search(r"bump \(([^)]*)\)", g.explanation.en).group(1))]
    for epoch in range(bump[0], bump[-1] + 1):
        assert losses[epoch - 1] >= min(losses[: epoch - 1])


# -- hints and Chinese typesetting (issue 16 items 1 and 2) ---------------------------------------

@pytest.mark.parametrize("name", ML_GENERATORS)
@pytest.mark.parametrize("seed", range(25))
def test_hint_ladder_from_own_numbers_without_the_answer(name, seed):
    g = generate(name, random.Random(seed))
    ladder = g.ladder()
    assert len(ladder) >= 2, "numeric questions get a method hint and a worked first step"
    for hint in ladder:
        assert hint.en.strip() and re.search(r"[\u4e00-\u9fff]", hint.zh)
        assert "{" not in hint.en + hint.zh and "}" not in hint.en + hint.zh
        for text in hint:
            # the final answer is never given as a result ("= 42", "≈ 0.613") in a hint
            answer = float(g.answer)
            if answer.is_integer() or g.tolerance == 0:
                assert not re.search(rf"[=≈]\s*{int(round(answer))}(?![\d.])", text), (text, g.answer)
            else:
                for d in (2, 3):
                    assert f"{answer:.{d}f}" not in text, (text, g.answer)
    # the worked step uses this instance's numbers, so different draws give different second hints
    assert ladder[1] != generate(name, random.Random(seed + 1000)).ladder()[1] or name == "confusion-metric"


@pytest.mark.parametrize("name", ML_GENERATORS)
@pytest.mark.parametrize("seed", range(25))
def test_chinese_typesetting(name, seed):
    from llmpath.content.lint import zh_problem

    g = generate(name, random.Random(seed))
    texts = [g.prompt.zh, g.explanation.zh] + [h.zh for h in g.ladder()] + [f.zh for _, f in g.mistakes]
    for text in texts:
        assert zh_problem(text) is None, (zh_problem(text), text)
        assert not re.search(r"[;?]|:(?=[^\s\d/=])", re.sub(r"`[^`]*`", "", text)), text


@pytest.mark.parametrize("average", ["macro", "micro", "weighted"])
@pytest.mark.parametrize("seed", SEEDS)
def test_multiclass_f1_average(average, seed):
    g = generate("multiclass-f1-average", random.Random(seed), {"average": average})
    matrix = np.array([ints(bracket(g.prompt.en, i)) for i in range(3)])
    y_true = np.repeat(np.repeat(np.arange(3), 3), matrix.ravel())
    y_pred = np.repeat(np.tile(np.arange(3), 3), matrix.ravel())
    assert (confusion_matrix(y_true, y_pred) == matrix).all()
    assert g.answer == pytest.approx(f1_score(y_true, y_pred, average=average), abs=1e-12)
    # the three averages differ on these matrices, so each one's distractors are real slips
    others = {a: f1_score(y_true, y_pred, average=a) for a in ("macro", "micro", "weighted") if a != average}
    assert {round(v, 9) for v, _ in g.mistakes} <= {round(v, 9) for v in others.values()}


ML_AND_PRACTICE_UNITS = [
    "classification-metrics", "data-splits", "kmeans-clustering", "overfitting", "regression-and-text-metrics",
    "svm-and-margins", "trees-and-forests", "practice-bert-classification", "practice-fine-tuning",
    "practice-gpt2-generation", "practice-logistic-regression", "practice-transformer-block",
]


@pytest.mark.parametrize("unit", ML_AND_PRACTICE_UNITS)
def test_every_question_has_a_hint_ladder(unit):
    """Issue 16 item 1 for these units: every question a ladder in both languages, numeric ones two rungs."""
    from pathlib import Path

    import yaml

    questions = yaml.safe_load((Path(__file__).parents[2] / "quizzes" / f"{unit}.yaml").read_text(encoding="utf-8"))["questions"]
    for q in questions:
        hints = q.get("hints") or []
        assert hints, f"{q['id']} has no hints"
        assert all(h["en"].strip() and re.search(r"[\u4e00-\u9fff]", h["zh"]) for h in hints), q["id"]
        if q["type"] == "numeric":
            assert len(hints) >= 2, f"{q['id']}: numeric questions get a second, worked hint"
            shown = {f"{float(q['answer']):g}", f"{float(q['answer']):.3f}".rstrip("0").rstrip(".")}
            for h in hints:
                for text in (h["en"], h["zh"]):
                    assert not any(re.search(rf"[=≈]\s*{re.escape(s)}(?![\d.])", text) for s in shown), (q["id"], text)

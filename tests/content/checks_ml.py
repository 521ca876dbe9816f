"""Independent recomputation of the ml module's numeric answers."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy.stats import entropy as scipy_entropy
from sklearn.metrics import f1_score, silhouette_samples, log_loss, pairwise_distances, precision_score, recall_score, roc_auc_score
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.model_selection import KFold, LeaveOneOut


def _rouge1_recall(reference: str, candidate: str) -> float:
    ref, cand = Counter(reference.split()), Counter(candidate.split())
    return sum((ref & cand).values()) / sum(ref.values())


_SENTIMENT = [[16, 3, 1], [2, 6, 2], [0, 4, 6]]  # rows: truth, columns: prediction


def _from_confusion(matrix):
    """Label vectors (y_true, y_pred) that reproduce a confusion matrix."""
    m = np.asarray(matrix)
    k = len(m)
    return np.repeat(np.repeat(np.arange(k), k), m.ravel()), np.repeat(np.tile(np.arange(k), k), m.ravel())


_TOPICS = [[45, 2, 2, 1], [1, 48, 0, 1], [3, 0, 35, 12], [2, 1, 9, 38]]  # world, sports, business, sci/tech


def _classifier_head_params(hidden, labels):
    """Parameters of BertForSequenceClassification's classifier layer (a one-layer BERT keeps it quick)."""
    from transformers import BertConfig, BertForSequenceClassification

    config = BertConfig(hidden_size=hidden, num_hidden_layers=1, num_attention_heads=12, intermediate_size=64,
                        vocab_size=32, num_labels=labels)
    return sum(p.numel() for p in BertForSequenceClassification(config).classifier.parameters())


def _logistic_regression_size(dim, classes):
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    clf = LogisticRegression(max_iter=200).fit(rng.normal(size=(40, dim)), np.arange(40) % classes)
    return clf.coef_.size + clf.intercept_.size


CHECKS = {
    # data-splits
    "data-splits.split-sizes": lambda: round(12000 * 0.1),
    "data-splits.loocv-fits": lambda: LeaveOneOut().get_n_splits(np.zeros((50, 1))),
    "data-splits.kfold-fraction": lambda: sum(0 in train for train, _ in KFold(n_splits=10).split(np.zeros((100, 1)))),
    "data-splits.stratified-count": lambda: _stratified_test_positives(1000, 50, 0.2),
    # classification-metrics
    "classification-metrics.imbalanced-accuracy": lambda: np.mean(np.zeros(1000) == np.r_[np.zeros(990), np.ones(10)]),
    "classification-metrics.worked-precision": lambda: recall_score(
        [1] * 45 + [0] * 5 + [1] * 15, [1] * 45 + [1] * 5 + [0] * 15),
    "classification-metrics.auc-pairs": lambda: roc_auc_score([1, 1, 1, 0, 0], [0.9, 0.6, 0.4, 0.7, 0.3]),
    "classification-metrics.macro-f1": lambda: f1_score(*_from_confusion(_SENTIMENT), average="macro"),
    "classification-metrics.micro-f1": lambda: f1_score(*_from_confusion(_SENTIMENT), average="micro"),
    "classification-metrics.class-precision": lambda: precision_score(*_from_confusion(_SENTIMENT), average=None)[1],
    # practice-bert-classification (numeric questions of the practice module whose checks live here)
    "practice-bert-classification.head-params": lambda: _classifier_head_params(768, 4),
    "practice-bert-classification.lr-head-params": lambda: _logistic_regression_size(384, 4),
    "practice-bert-classification.topic-recall": lambda: recall_score(*_from_confusion(_TOPICS), average=None)[2],
    "practice-gpt2-generation.repetition-penalty": lambda: _repetition_penalty(-1.0, 1.2),
    "practice-gpt2-generation.top-p-count": lambda: _top_p_survivors([0.40, 0.30, 0.15, 0.10, 0.05], 0.9),
    "practice-fine-tuning.accumulation-steps": lambda: _optimizer_steps(6400, 8, 2, 4),
    "practice-fine-tuning.lora-bert": lambda: _lora_params(768, 768, 8) * 2 * 12,
    "practice-logistic-regression.odds-ratio": lambda: _odds_ratio(0.3, 0.7),
    "practice-logistic-regression.softmax-gradient": lambda: _softmax_ce_grad([0.7, 0.2, 0.1], 0)[0],
    "practice-transformer-block.ffn-params": lambda: _ffn_params(512),
    "practice-transformer-block.score-memory": lambda: _score_bytes(1, 12, 2048) / 2**20,
    # regression-and-text-metrics
    "regression-and-text-metrics.uniform-perplexity": lambda: math.exp(-np.mean(np.log(np.full(10, 1 / 32000)))),
    "regression-and-text-metrics.loss-to-ppl": lambda: np.exp(3.0),
    "regression-and-text-metrics.brevity-penalty": lambda: math.exp(1 - 12 / 9),
    "regression-and-text-metrics.rouge1-recall": lambda: _rouge1_recall("the model was trained on web text", "the model was trained"),
    "regression-and-text-metrics.bigram-precision": lambda: _clipped_ngram_precision("the cat is on the mat", "the cat the cat on the mat", 2),
    # overfitting
    "overfitting.dropout-scale": lambda: _kept_dropout_value(2.0, 0.2),
    "overfitting.restore-epoch": lambda: _best_epoch_with_patience([0.80, 0.66, 0.58, 0.60, 0.55, 0.57, 0.59, 0.61], 3),
    "overfitting.l2-penalty": lambda: 0.01 * float(np.sum(np.square([3, -4, 1]))),
    "overfitting.gap": lambda: 99.0 - 82.5,
    # trees-and-forests
    "trees-and-forests.gini-decrease": lambda: _gini_decrease([10, 10], [8, 2], [2, 8]),
    "trees-and-forests.entropy-node": lambda: float(scipy_entropy([6, 2], base=2)),
    "trees-and-forests.oob-fraction": lambda: _bootstrap_miss_probability(10),
    "trees-and-forests.max-features": lambda: _sklearn_max_features(144),
    "trees-and-forests.averaging-variance": lambda: _variance_of_average(300, 0.3, 1.0),
    # svm-and-margins
    "svm-and-margins.soft-margin-objective": lambda: _soft_margin_objective([1, 1], 0, 2, [[1, 1], [0.5, 0], [1, 0]], [1, 1, -1]),
    "svm-and-margins.hinge": lambda: float(np.maximum(0.0, 1 - (+1) * (np.dot([2, -1], [1, 2]) + 0.5))),
    "svm-and-margins.distance": lambda: abs(np.dot([6, 8], [3, 1]) - 10) / np.linalg.norm([6, 8]),
    "svm-and-margins.triplet": lambda: _triplet(0.5, 0.6, 0.4),
    "svm-and-margins.infonce": lambda: log_loss([0], [softmax_np([2.0, 1.0, 0.0, 0.0])], labels=[0, 1, 2, 3]),
    # kmeans-clustering
    "kmeans-clustering.kmeanspp-prob": lambda: _kmeanspp_probabilities([0, 1, 3, 6], [0])[3],
    "kmeans-clustering.silhouette-point": lambda: float(silhouette_samples(np.array([[0], [2], [9], [11]]), [0, 0, 1, 1])[0]),
    "kmeans-clustering.update-step": lambda: float(np.mean([2, 4, 9])),
    "kmeans-clustering.inertia-1d": lambda: _inertia([0, 2, 4, 10, 12], [2, 11]),
    "kmeans-clustering.cosine": lambda: float(cosine_similarity([[1, 2, 2]], [[2, 1, 2]])[0, 0]),
    "kmeans-clustering.distance-count": lambda: pairwise_distances(np.zeros((50000, 1)), np.zeros((8, 1))).size,
}


def _best_epoch_with_patience(losses, patience):
    """Simulate early stopping; return the 1-based epoch whose weights are restored."""
    history = []
    for loss in losses:
        history.append(loss)
        best = int(np.argmin(history))  # first occurrence of the minimum
        if len(history) - 1 - best >= patience:
            break
    return int(np.argmin(history)) + 1


def _gini_decrease(parent, left, right):
    def gini(counts):
        p = np.asarray(counts, dtype=float) / np.sum(counts)
        return 1 - np.sum(p**2)

    n = np.sum(parent)
    return gini(parent) - (np.sum(left) / n * gini(left) + np.sum(right) / n * gini(right))


def _bootstrap_miss_probability(n):
    # P(item 0 never drawn) = P(all n draws fall in the other n - 1 items)
    return float(np.prod(np.full(n, (n - 1) / n)))


def _sklearn_max_features(d):
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(0)
    rf = RandomForestClassifier(n_estimators=1, max_features="sqrt", random_state=0)
    rf.fit(rng.normal(size=(20, d)), rng.integers(0, 2, size=20))
    return rf.estimators_[0].max_features_


def _triplet(d_ap, d_an, margin):
    # anchor at the origin, positive and negative placed on two axes at the given distances
    a, p, n = np.zeros(2), np.array([d_ap, 0.0]), np.array([0.0, d_an])
    return float(np.maximum(0.0, np.linalg.norm(a - p) - np.linalg.norm(a - n) + margin))


def softmax_np(z):
    e = np.exp(np.asarray(z) - np.max(z))
    return e / e.sum()


def _inertia(points, centroids):
    x = np.asarray(points, dtype=float).reshape(-1, 1)
    d = (x - np.asarray(centroids, dtype=float).reshape(1, -1)) ** 2
    return float(d.min(axis=1).sum())


def _stratified_test_positives(n, positives, test_size):
    from sklearn.model_selection import train_test_split

    y = np.r_[np.ones(positives), np.zeros(n - positives)]
    _, y_test = train_test_split(y, test_size=test_size, stratify=y, random_state=0)
    return int(y_test.sum())


def _clipped_ngram_precision(reference, candidate, n):
    def grams(text):
        words = text.split()
        return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))

    ref, cand = grams(reference), grams(candidate)
    return sum((cand & ref).values()) / sum(cand.values())


def _kept_dropout_value(x, p):
    import torch

    torch.manual_seed(0)
    out = torch.nn.Dropout(p).train()(torch.full((1000,), x))
    kept = out[out != 0].unique()
    assert len(kept) == 1
    return float(kept[0])


def _variance_of_average(trees, rho, var):
    # the covariance matrix of the trees' errors, then Var(mean) = 1ᵀΣ1 / B²
    cov = var * (rho * np.ones((trees, trees)) + (1 - rho) * np.eye(trees))
    return float(np.ones(trees) @ cov @ np.ones(trees) / trees**2)


def _soft_margin_objective(w, b, c, x, y):
    from sklearn.metrics import hinge_loss

    w, x, y = np.asarray(w, float), np.asarray(x, float), np.asarray(y)
    scores = x @ w + b
    return 0.5 * w @ w + c * hinge_loss(y, scores) * len(y)  # hinge_loss is the mean


def _kmeanspp_probabilities(points, chosen):
    x = np.asarray(points, float).reshape(-1, 1)
    d2 = pairwise_distances(x, x[chosen], metric="sqeuclidean").min(axis=1)
    return d2 / d2.sum()


def _repetition_penalty(logit, penalty):
    import torch
    from transformers import RepetitionPenaltyLogitsProcessor

    scores = torch.tensor([[logit, 0.0]])
    return float(RepetitionPenaltyLogitsProcessor(penalty)(torch.tensor([[0]]), scores)[0, 0])


def _top_p_survivors(probs, p):
    import torch
    from transformers import TopPLogitsWarper

    out = TopPLogitsWarper(p)(None, torch.tensor([probs]).log())
    return int(torch.isfinite(out).sum())


def _optimizer_steps(examples, per_device, devices, accumulation):
    # simulate the loop: each device takes per_device examples per micro-step; step every `accumulation`
    micro_steps = examples // (per_device * devices)
    return sum(1 for i in range(1, micro_steps + 1) if i % accumulation == 0)


def _lora_params(d_out, d_in, r):
    import torch

    a, b = torch.nn.Linear(d_in, r, bias=False), torch.nn.Linear(r, d_out, bias=False)
    return sum(p.numel() for p in [*a.parameters(), *b.parameters()])


def _odds_ratio(z, w):
    from scipy.special import expit

    odds = lambda t: expit(t) / (1 - expit(t))  # noqa: E731
    return float(odds(z + w) / odds(z))


def _softmax_ce_grad(probs, target):
    import torch

    logits = torch.log(torch.tensor(probs)).requires_grad_()
    torch.nn.functional.cross_entropy(logits[None], torch.tensor([target])).backward()
    return logits.grad.tolist()


def _ffn_params(d):
    import torch

    ffn = torch.nn.Sequential(torch.nn.Linear(d, 4 * d), torch.nn.GELU(), torch.nn.Linear(4 * d, d))
    return sum(p.numel() for p in ffn.parameters())


def _score_bytes(batch, heads, tokens):
    import torch

    scores = torch.empty(batch, heads, tokens, tokens, dtype=torch.float32, device="meta")
    return scores.numel() * scores.element_size()

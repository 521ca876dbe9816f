"""Checks for cross-entropy: small batches, confident right and wrong answers with huge logits, seeded random batches."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from .solution import cross_entropy as reference



def _rows(logits, targets):
    return np.arange(len(targets)), targets


def _naive(logits, targets):
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[_rows(logits, targets)])))


def _log_of_stable_softmax(logits, targets):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[_rows(logits, targets)])))


def _per_example(logits, targets):
    m = logits.max(axis=1, keepdims=True)
    return m[:, 0] + np.log(np.exp(logits - m).sum(axis=1)) - logits[_rows(logits, targets)]


MISTAKES = (
    Mistake("log_of_stable_softmax", _log_of_stable_softmax),
    Mistake("naive", _naive),
    Mistake("per_example", _per_example),
    Mistake("you_summed_the_losses", lambda lg, t: float(np.sum(_per_example(lg, t)))),
    Mistake("the_sign_is_flipped", lambda lg, t: -reference(lg, t)),
    Mistake("you_divided_by_n", lambda lg, t: reference(lg, t) / lg.shape[1]),
    Mistake("use_the_natural_logarithm", lambda lg, t: reference(lg, t) / np.log(2)),
    Mistake("use_the_natural_logarithm", lambda lg, t: reference(lg, t) / np.log(10)),
    Mistake("you_used_the_score", lambda lg, t: reference(lg, np.argmax(lg, axis=1))),
)


def cases():
    rng = Rng(1)
    yield make_case(("a small batch", "一个小批次"), "cross_entropy", reference,
                    {"logits": np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]]), "targets": np.array([0, 2])}, mistakes=MISTAKES)
    yield make_case(("one example", "只有一个样本"), "cross_entropy", reference,
                    {"logits": np.array([[0.2, -1.0, 3.0, 0.0]]), "targets": np.array([2])}, mistakes=MISTAKES)
    yield make_case(("uniform logits: loss = log C", "均匀 logits：损失 = log C"), "cross_entropy", reference,
                    {"logits": np.zeros((3, 5)), "targets": np.array([0, 3, 4])}, mistakes=MISTAKES)
    yield make_case(("random batch (seed 1)", "随机批次（种子 1）"), "cross_entropy", reference,
                    {"logits": rng.normal(8, 5, scale=3.0), "targets": rng.integers(0, 5, 8)}, mistakes=MISTAKES)
    yield make_case(("huge logits, confidently right", "很大的 logits，自信且正确"), "cross_entropy", reference,
                    {"logits": np.array([[1000.0, 0.0], [0.0, 1000.0]]), "targets": np.array([0, 1])}, mistakes=MISTAKES)
    yield make_case(("huge logits, confidently wrong", "很大的 logits，自信但错误"), "cross_entropy", reference,
                    {"logits": np.array([[1000.0, 0.0], [5.0, 1.0]]), "targets": np.array([1, 0])}, mistakes=MISTAKES)
    yield make_case(("random huge logits (seed 1)", "随机的大 logits（种子 1）"), "cross_entropy", reference,
                    {"logits": rng.normal(6, 4, scale=300.0), "targets": rng.integers(0, 4, 6)}, mistakes=MISTAKES)

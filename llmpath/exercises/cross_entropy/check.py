"""Checks for cross-entropy: small batches, confident right and wrong answers with huge logits, seeded random batches."""

import numpy as np

from llmpath.exercises.checking import Mistake, Rng, make_case
from llmpath.exercises.cross_entropy.solution import cross_entropy as reference

FUNCTIONS = ("cross_entropy",)


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
    Mistake("the probability of the right class underflowed to 0 and -log(0) is inf: don't take the log of a softmax. "
            "Use -log softmax(z)_t = logsumexp(z) - z_t.",
            "正确类别的概率下溢成了 0,而 -log(0) 是 inf:不要对 softmax 的结果取对数。"
            "请用 -log softmax(z)_t = logsumexp(z) - z_t。",
            _log_of_stable_softmax),
    Mistake("exp overflowed: np.exp(1000) is inf, so the softmax became nan. Work with log-probabilities: "
            "-log softmax(z)_t = logsumexp(z) - z_t, with logsumexp(z) = m + log(sum(exp(z - m))), m = max(z).",
            "exp 溢出了:np.exp(1000) 是 inf,softmax 变成了 nan。请在对数空间计算:"
            "-log softmax(z)_t = logsumexp(z) - z_t,其中 logsumexp(z) = m + log(sum(exp(z - m))),m = max(z)。",
            _naive),
    Mistake("you returned one loss per example; average them into a single number (np.mean).",
            "你返回了每个样本各自的损失;请用 np.mean 把它们平均成一个数。",
            _per_example),
    Mistake("you summed the losses; cross-entropy here is the mean over the batch (divide by N).",
            "你把损失加总了;这里的交叉熵是对批次求平均(除以 N)。",
            lambda lg, t: float(np.sum(_per_example(lg, t)))),
    Mistake("the sign is flipped: the loss is -log p, which is never negative.",
            "符号反了:损失是 -log p,它不会是负数。",
            lambda lg, t: -reference(lg, t)),
    Mistake("you divided by N × C: average over the examples only, not over the classes too.",
            "你除以了 N × C:只应对样本求平均,不要再对类别求平均。",
            lambda lg, t: reference(lg, t) / lg.shape[1]),
    Mistake("use the natural logarithm (np.log), not log2 or log10.",
            "请使用自然对数(np.log),而不是 log2 或 log10。",
            lambda lg, t: reference(lg, t) / np.log(2)),
    Mistake("use the natural logarithm (np.log), not log2 or log10.",
            "请使用自然对数(np.log),而不是 log2 或 log10。",
            lambda lg, t: reference(lg, t) / np.log(10)),
    Mistake("you used the score of each row's largest logit, not of its target class: index with targets.",
            "你用的是每行最大 logit 的分数,而不是目标类别的:请用 targets 做索引。",
            lambda lg, t: reference(lg, np.argmax(lg, axis=1))),
)


def cases():
    rng = Rng(1)
    yield make_case(("a small batch", "一个小批次"), "cross_entropy", reference,
                    {"logits": np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]]), "targets": np.array([0, 2])}, mistakes=MISTAKES)
    yield make_case(("one example", "只有一个样本"), "cross_entropy", reference,
                    {"logits": np.array([[0.2, -1.0, 3.0, 0.0]]), "targets": np.array([2])}, mistakes=MISTAKES)
    yield make_case(("uniform logits: loss = log C", "均匀 logits:损失 = log C"), "cross_entropy", reference,
                    {"logits": np.zeros((3, 5)), "targets": np.array([0, 3, 4])}, mistakes=MISTAKES)
    yield make_case(("random batch (seed 1)", "随机批次(种子 1)"), "cross_entropy", reference,
                    {"logits": rng.normal(8, 5, scale=3.0), "targets": rng.integers(0, 5, 8)}, mistakes=MISTAKES)
    yield make_case(("huge logits, confidently right", "很大的 logits,自信且正确"), "cross_entropy", reference,
                    {"logits": np.array([[1000.0, 0.0], [0.0, 1000.0]]), "targets": np.array([0, 1])}, mistakes=MISTAKES)
    yield make_case(("huge logits, confidently wrong", "很大的 logits,自信但错误"), "cross_entropy", reference,
                    {"logits": np.array([[1000.0, 0.0], [5.0, 1.0]]), "targets": np.array([1, 0])}, mistakes=MISTAKES)
    yield make_case(("random huge logits (seed 1)", "随机的大 logits(种子 1)"), "cross_entropy", reference,
                    {"logits": rng.normal(6, 4, scale=300.0), "targets": rng.integers(0, 4, 6)}, mistakes=MISTAKES)

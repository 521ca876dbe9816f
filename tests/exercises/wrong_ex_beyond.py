"""Typical wrong solutions of the beyond module's exercises written by ex-beyond: perplexity-and-error-bars
(unit evaluation) and retrieve-top-k (unit rag). Picked up by tests/exercises/wrong_solutions.py; the format is
wrong_numpy_indexing.py's: (label, source of the learner's file, phrase its message must contain)."""

# ---------------------------------------------------------------------- perplexity-and-error-bars

_PPL = '''
def perplexity(token_logprobs, mask):
    return math.exp(-np.mean(token_logprobs[mask]))
'''
_BPB = '''
def bits_per_byte(token_logprobs, mask, texts):
    return -np.sum(token_logprobs[mask]) / math.log(2) / sum(len(t.encode("utf-8")) for t in texts)
'''
_BAR = '''
def accuracy_error_bar(correct):
    p = float(np.mean(correct))
    se = math.sqrt(p * (1 - p) / len(correct))
    return p, se, p - 1.96 * se, p + 1.96 * se
'''
_HEAD = "import math\nimport numpy as np\n"


def _evaluation(ppl=_PPL, bpb=_BPB, bar=_BAR):
    return _HEAD + ppl + bpb + bar


WRONG = {
    "perplexity-and-error-bars": [
        ("mean over the padding too", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return math.exp(-np.mean(token_logprobs))
'''), "padding"),
        ("padding zeroed by the mask, but counted in the mean", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return math.exp(-np.mean(token_logprobs * mask))
'''), "B × T"),
        ("exp of the sum", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return math.exp(-np.sum(token_logprobs[mask]))
'''), "mean per token"),
        ("no minus sign", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return math.exp(np.mean(token_logprobs[mask]))
'''), "minus sign"),
        ("2 ** of a mean in nats", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return 2 ** (-np.mean(token_logprobs[mask]))
'''), "two bases"),
        ("average of the rows' means", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    means = [-row[m].mean() for row, m in zip(token_logprobs, mask) if m.any()]
    return math.exp(np.mean(means))
'''), "each row's mean"),
        ("mean of the rows' perplexities", _evaluation(ppl='''
def perplexity(token_logprobs, mask):
    return float(np.mean([math.exp(-row[m].mean()) for row, m in zip(token_logprobs, mask) if m.any()]))
'''), "mean of exps"),
        ("characters instead of bytes", _evaluation(bpb='''
def bits_per_byte(token_logprobs, mask, texts):
    return -np.sum(token_logprobs[mask]) / math.log(2) / sum(len(t) for t in texts)
'''), "utf-8"),
        ("nats per byte", _evaluation(bpb='''
def bits_per_byte(token_logprobs, mask, texts):
    return -np.sum(token_logprobs[mask]) / sum(len(t.encode("utf-8")) for t in texts)
'''), "nats per byte"),
        ("bits per token", _evaluation(bpb='''
def bits_per_byte(token_logprobs, mask, texts):
    return -np.mean(token_logprobs[mask]) / math.log(2)
'''), "number of tokens"),
        ("padding in the total", _evaluation(bpb='''
def bits_per_byte(token_logprobs, mask, texts):
    return -np.sum(token_logprobs) / math.log(2) / sum(len(t.encode("utf-8")) for t in texts)
'''), "padding"),
        ("square root of the numerator only", _evaluation(bar='''
def accuracy_error_bar(correct):
    p = float(np.mean(correct))
    se = math.sqrt(p * (1 - p)) / len(correct)
    return p, se, p - 1.96 * se, p + 1.96 * se
'''), "whole fraction"),
        ("sample standard deviation", _evaluation(bar='''
def accuracy_error_bar(correct):
    p = float(np.mean(correct))
    se = np.std(correct, ddof=1) / np.sqrt(len(correct))
    return p, se, p - 1.96 * se, p + 1.96 * se
'''), "ddof=1"),
        ("the variance as the standard error", _evaluation(bar='''
def accuracy_error_bar(correct):
    p = float(np.mean(correct))
    se = p * (1 - p) / len(correct)
    return p, se, p - 1.96 * se, p + 1.96 * se
'''), "variance"),
        ("one standard error", _evaluation(bar='''
def accuracy_error_bar(correct):
    p = float(np.mean(correct))
    se = math.sqrt(p * (1 - p) / len(correct))
    return p, se, p - se, p + se
'''), "1.96"),
    ],
}

ALSO_RIGHT = {
    # bits first, then 2 ** (mean bits): the same perplexity; a loop over rows that sums before dividing
    "perplexity-and-error-bars": '''
import numpy as np
def perplexity(token_logprobs, mask):
    bits = -token_logprobs[mask.astype(bool)] / np.log(2)
    return float(2.0 ** bits.mean())

def bits_per_byte(token_logprobs, mask, texts):
    total, n_bytes = 0.0, 0
    for row, m, text in zip(token_logprobs, mask, texts):
        total += -row[m].sum()
        n_bytes += len(bytes(text, "utf-8"))
    return total / np.log(2) / n_bytes

def accuracy_error_bar(correct):
    c = np.asarray(correct, dtype=float)
    p = c.mean()
    se = c.std() / np.sqrt(c.size)          # the population std of 0/1 values is √(p(1 − p))
    return float(p), float(se), float(p - 1.96 * se), float(p + 1.96 * se)
''',
}


# ---------------------------------------------------------------------- retrieve-top-k

_RETRIEVE = '''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=1, keepdims=True) @ (query / np.linalg.norm(query))
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
'''
_RANKS = '''
def answer_ranks(queries, passages, answers):
    ranks = []
    for q, a in zip(queries, answers):
        order = retrieve(q, passages, len(passages))[0]
        ranks.append(int(np.flatnonzero(order == a)[0]) + 1)
    return np.array(ranks)
'''
_HIT = '''
def hit_at_k(ranks, k):
    return float(np.mean(ranks <= k))
'''
_MRR = '''
def mean_reciprocal_rank(ranks):
    return float(np.mean(1.0 / ranks))
'''


def _rag(retrieve=_RETRIEVE, ranks=_RANKS, hit=_HIT, mrr=_MRR):
    return "import numpy as np\n" + retrieve + ranks + hit + mrr


WRONG["retrieve-top-k"] = [
    ("dot product, no normalisation", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
'''), "passages were not normalised"),
    ("only the query normalised", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages @ (query / np.linalg.norm(query))
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
'''), "passages were not normalised"),
    ("only the passages normalised", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=1, keepdims=True) @ query
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
'''), "query was not normalised"),
    ("norm over the columns", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=0) @ (query / np.linalg.norm(query))
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
'''), "axis=1"),
    ("ascending sort", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=1, keepdims=True) @ (query / np.linalg.norm(query))
    order = np.argsort(scores)[:k]
    return order, scores[order]
'''), "ascending"),
    ("reversed argsort puts ties the wrong way", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=1, keepdims=True) @ (query / np.linalg.norm(query))
    order = np.argsort(scores)[::-1][:k]
    return order, scores[order]
'''), "kind=\"stable\""),
    ("scores of the first k passages", _rag(retrieve='''
def retrieve(query, passages, k):
    scores = passages / np.linalg.norm(passages, axis=1, keepdims=True) @ (query / np.linalg.norm(query))
    return np.argsort(-scores, kind="stable")[:k], scores[:k]
'''), "scores[order]"),
    ("0-based ranks", _rag(ranks='''
def answer_ranks(queries, passages, answers):
    return np.array([int(np.flatnonzero(retrieve(q, passages, len(passages))[0] == a)[0]) for q, a in zip(queries, answers)])
'''), "start at 0"),
    ("order[answer] instead of the answer's position", _rag(ranks='''
def answer_ranks(queries, passages, answers):
    return np.array([int(retrieve(q, passages, len(passages))[0][a]) + 1 for q, a in zip(queries, answers)])
'''), "position of the answer"),
    ("ranks by the raw dot product", _rag(ranks='''
def answer_ranks(queries, passages, answers):
    order = np.argsort(-(queries @ passages.T), axis=1, kind="stable")
    return np.array([int(np.flatnonzero(row == a)[0]) + 1 for row, a in zip(order, answers)])
'''), "raw dot product"),
    ("ties counted in the answer's favour", _rag(ranks='''
def answer_ranks(queries, passages, answers):
    u = passages / np.linalg.norm(passages, axis=1, keepdims=True)
    scores = (queries / np.linalg.norm(queries, axis=1, keepdims=True)) @ u.T
    gold = scores[np.arange(len(answers)), answers]
    return 1 + (scores > gold[:, None]).sum(axis=1)
'''), "strictly higher"),
    ("rank < k", _rag(hit='''
def hit_at_k(ranks, k):
    return float(np.mean(ranks < k))
'''), "rank ≤ k"),
    ("number of hits", _rag(hit='''
def hit_at_k(ranks, k):
    return int(np.sum(ranks <= k))
'''), "number of hits"),
    # divided by k (as precision@k would) instead of by the number of questions: at k = 1 it is the count
    ("hits divided by k", _rag(hit='''
def hit_at_k(ranks, k):
    return float(np.sum(ranks <= k) / k)
'''), "number of hits"),
    ("1 / mean rank", _rag(mrr='''
def mean_reciprocal_rank(ranks):
    return 1.0 / np.mean(ranks)
'''), "1 / (mean rank)"),
    ("1 / (rank + 1)", _rag(mrr='''
def mean_reciprocal_rank(ranks):
    return float(np.mean(1.0 / (ranks + 1)))
'''), "already 1-based"),
]

# the cosine written as a / (|a| |b|) after the dot product, all ranks at once with a matrix product, and the
# ranks read from a stable argsort of the order (the inverse permutation) instead of a search
ALSO_RIGHT["retrieve-top-k"] = '''
import numpy as np

def retrieve(query, passages, k):
    scores = (passages @ query) / (np.linalg.norm(passages, axis=1) * np.linalg.norm(query))
    order = np.lexsort((np.arange(len(scores)), -scores))[:k]
    return order, scores[order]

def answer_ranks(queries, passages, answers):
    qn = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    pn = passages / np.linalg.norm(passages, axis=1, keepdims=True)
    order = np.argsort(-(qn @ pn.T), axis=1, kind="stable")
    position = np.argsort(order, axis=1)
    return position[np.arange(len(answers)), answers] + 1

def hit_at_k(ranks, k):
    return sum(1 for r in ranks if r <= k) / len(ranks)

def mean_reciprocal_rank(ranks):
    return sum(1 / r for r in ranks) / len(ranks)
'''

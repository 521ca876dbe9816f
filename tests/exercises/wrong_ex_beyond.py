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
    half = 1.96 * np.sqrt(p * (1 - p) / c.size)
    return float(p), float(half / 1.96), float(p - half), float(p + half)
''',
}

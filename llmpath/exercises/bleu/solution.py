"""BLEU from scratch — reference solution (Papineni et al., 2002; sentence level, no smoothing).

Clipping stops a candidate from scoring by repeating a common word; the brevity
penalty stops it from scoring by saying very little. Matches NLTK's sentence_bleu
with uniform weights.
"""

import math
from collections import Counter


def ngrams(tokens: list, n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def bleu(candidate: list, references: list, max_n: int = 4) -> float:
    """Sentence BLEU of `candidate` (tokens) against `references` (lists of tokens)."""
    if not candidate:
        return 0.0
    log_precision = 0.0
    for n in range(1, max_n + 1):
        counts = ngrams(candidate, n)
        total = sum(counts.values())
        max_ref: Counter = Counter()
        for ref in references:
            for gram, count in ngrams(ref, n).items():
                max_ref[gram] = max(max_ref[gram], count)
        clipped = sum(min(count, max_ref[gram]) for gram, count in counts.items())
        if total == 0 or clipped == 0:
            return 0.0
        log_precision += math.log(clipped / total) / max_n
    c = len(candidate)
    r = min((len(ref) for ref in references), key=lambda length: (abs(length - c), length))
    brevity = 1.0 if c > r else math.exp(1 - r / c)
    return brevity * math.exp(log_precision)


if __name__ == "__main__":
    ref = "the cat is on the mat".split()
    print(bleu("the cat is on the mat".split(), [ref]))
    print(bleu("the cat sat on the mat".split(), [ref], max_n=2))
    print(bleu("the the the the the the the".split(), [ref], max_n=1))

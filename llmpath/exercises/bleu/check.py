"""Checks for bleu: a perfect match, clipping, brevity, several references, zero precisions, seeded random sentences."""

import math
from collections import Counter

from .solution import bleu as reference
from .solution import ngrams
from llmpath.exercises.checking import Mistake, Rng, make_case



def _variant(*, clip="max", brevity="closest", mean="geometric", zero="zero"):
    def score(candidate, references, max_n=4):
        if not candidate:
            return 0.0
        precisions = []
        for n in range(1, max_n + 1):
            counts = ngrams(candidate, n)
            total = sum(counts.values())
            limit: Counter = Counter()
            for i, ref in enumerate(references):
                if clip == "first" and i > 0:
                    break
                for gram, count in ngrams(ref, n).items():
                    limit[gram] = limit[gram] + count if clip == "sum" else max(limit[gram], count)
            if clip == "none":
                clipped = sum(count for gram, count in counts.items() if limit[gram] > 0)
            else:
                clipped = sum(min(count, limit[gram]) for gram, count in counts.items())
            if total == 0:
                return 0.0
            precisions.append(clipped / total)
        if mean == "arithmetic":
            combined = sum(precisions) / max_n
        else:
            if any(p == 0 for p in precisions):
                if zero == "skip":
                    kept = [p for p in precisions if p > 0]
                    if not kept:
                        return 0.0
                    combined = math.exp(sum(math.log(p) for p in kept) / max_n)
                else:
                    return 0.0
            else:
                combined = math.exp(sum(math.log(p) for p in precisions) / max_n)
        c = len(candidate)
        lengths = [len(ref) for ref in references]
        if brevity == "none":
            bp = 1.0
        else:
            if brevity == "longest":
                r = max(lengths)
            elif brevity == "shortest":
                r = min(lengths)
            elif brevity == "tie-longer":
                r = min(lengths, key=lambda length: (abs(length - c), -length))
            else:
                r = min(lengths, key=lambda length: (abs(length - c), length))
            if brevity == "flipped":
                bp = 1.0 if c > r else math.exp(1 - c / r)
            else:
                bp = 1.0 if c > r else math.exp(1 - r / c)
        return bp * combined
    return score


MISTAKES = (
    Mistake("clip_none", _variant(clip="none")),
    Mistake("brevity_none", _variant(brevity="none")),
    Mistake("brevity_flipped", _variant(brevity="flipped")),
    Mistake("mean_arithmetic", _variant(mean="arithmetic")),
    Mistake("clip_sum", _variant(clip="sum")),
    Mistake("clip_first", _variant(clip="first")),
    Mistake("brevity_longest", _variant(brevity="longest")),
    Mistake("brevity_shortest", _variant(brevity="shortest")),
    Mistake("brevity_tie_longer", _variant(brevity="tie-longer")),
    Mistake("zero_skip", _variant(zero="skip")),
)


def _sentence(rng, vocab, length):
    return [vocab[int(i)] for i in rng.integers(0, len(vocab), length)]


def cases():
    rng = Rng(6)
    opts = {"mistakes": MISTAKES, "rtol": 1e-9, "atol": 1e-12}
    ref = "the cat is on the mat".split()
    yield make_case(("a perfect match", "完全相同"), "bleu", reference,
                    {"candidate": list(ref), "references": [list(ref)], "max_n": 4}, **opts)
    yield make_case(("one word changed, max_n = 2", "改了一个词，max_n = 2"), "bleu", reference,
                    {"candidate": "the cat sat on the mat".split(), "references": [list(ref)], "max_n": 2}, **opts)
    yield make_case(("a repeated word (clipping)", "重复同一个词（截断）"), "bleu", reference,
                    {"candidate": "the the the the the the the".split(), "references": [list(ref)], "max_n": 1}, **opts)
    yield make_case(("a short candidate (brevity penalty)", "很短的候选（简短惩罚）"), "bleu", reference,
                    {"candidate": "the cat".split(), "references": [list(ref)], "max_n": 2}, **opts)
    yield make_case(("two references", "两条参考译文"), "bleu", reference,
                    {"candidate": "the cat is sitting on the mat".split(),
                     "references": ["a cat sits on the mat".split(), "the cat is sitting on a mat today".split()], "max_n": 3}, **opts)
    yield make_case(("three references of different lengths", "三条长度不同的参考"), "bleu", reference,
                    {"candidate": "there is a cat on the mat".split(),
                     "references": ["a cat is on the mat".split(), "there is a cat on the red mat".split(),
                                    "look there is a cat on the mat now".split()], "max_n": 2}, **opts)
    yield make_case(("no matching 4-gram: score 0", "没有匹配的 4-gram：得分为 0"), "bleu", reference,
                    {"candidate": "the cat sat on a mat".split(), "references": [list(ref)], "max_n": 4}, **opts)
    yield make_case(("an empty candidate", "空的候选"), "bleu", reference,
                    {"candidate": [], "references": [list(ref)], "max_n": 4}, **opts)
    vocab = "a b c d e".split()
    yield make_case(("random sentences (seed 6)", "随机句子（种子 6）"), "bleu", reference,
                    {"candidate": _sentence(rng, vocab, 30), "references": [_sentence(rng, vocab, 28), _sentence(rng, vocab, 33)],
                     "max_n": 2}, **opts)

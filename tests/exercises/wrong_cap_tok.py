"""Typical wrong solutions of the capstone's tokenizer steps (bpe-train, bpe-tokenizer, gpt2-tokenizer),
each with a phrase its explanation must contain (picked up by wrong_solutions.py)."""

_WORDS = '''
import regex
from collections import Counter
GPT2_SPLIT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"""
def words(text):
    return regex.findall(GPT2_SPLIT, text)
'''


def _trainer(*, count="pairs[pair] += n", best="min(pairs, key=lambda p: (-pairs[p], p))", stop="256 + len(merges) < vocab_size",
             start="tuple(bytes([b]) for b in w.encode('utf-8'))", pieces="words(text)"):
    return _WORDS + f'''
def train_bpe(text, vocab_size):
    counts = Counter({start} for w in {pieces})
    merges = []
    while {stop}:
        pairs = Counter()
        for word, n in counts.items():
            for pair in zip(word, word[1:]):
                {count}
        if not pairs:
            break
        best = {best}
        if pairs[best] < 2:
            break
        merges.append(best)
        new = Counter()
        for word, n in counts.items():
            out, i = [], 0
            while i < len(word):
                if i + 1 < len(word) and (word[i], word[i + 1]) == best:
                    out.append(word[i] + word[i + 1]); i += 2
                else:
                    out.append(word[i]); i += 1
            new[tuple(out)] += n
        counts = new
    return merges
'''


WRONG = {
    "bpe-train": [
        ("split on whitespace", _trainer().replace("return regex.findall(GPT2_SPLIT, text)", "return text.split()"), "throws the spaces away"),
        ("stdlib re with \\w", _trainer().replace("import regex", "import re as regex").replace(
            r"\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+", r"\w+| ?\d+| ?[^\s\w]+"), "'x_1' stayed one word"),
        ("stdlib re with \\p", _trainer().replace("import regex", "import re as regex"), "no \\p{L}"),
        ("ties by first seen", _trainer(best="max(pairs, key=pairs.get)"), "must not depend on the order"),
        ("ties to the largest", _trainer(best="max(pairs, key=lambda p: (pairs[p], p))"), "not the largest"),
        ("each word once", _trainer(count="pairs[pair] += 1"), "contributes its pairs n times"),
        ("vocab_size merges", _trainer(stop="len(merges) < vocab_size"), "256 single bytes too"),
        ("whole text, no words", _trainer(pieces="[text]"), "across word boundaries"),
        ("characters, not bytes", _trainer(start="tuple(ch.encode('utf-8') for ch in w)"), "start from bytes"),
        ("merges as str", _trainer(start="tuple(w)"), "pairs of bytes"),
    ],
}

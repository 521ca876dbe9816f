import math
from collections import Counter


def bleu(candidate: list, references: list, max_n: int = 4) -> float:
    """Sentence BLEU of `candidate` (tokens) against `references` (lists of tokens)."""
    # TODO: your code here (about 15 lines; a helper for counting n-grams helps)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python bleu.py
    ref = "the cat is on the mat".split()
    print(bleu("the cat is on the mat".split(), [ref]))             # 1.0
    print(bleu("the cat sat on the mat".split(), [ref], max_n=2))   # about 0.707
    print(bleu("the the the the the the the".split(), [ref], max_n=1))  # 2/7, about 0.286

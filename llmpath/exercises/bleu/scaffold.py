"""BLEU from scratch · 从零实现 BLEU

Task
----
Write `bleu(candidate, references, max_n=4)`: the sentence-level BLEU score of a
candidate translation (a list of tokens) against one or more references (a
list of token lists), as in Papineni et al. (2002), without smoothing.

1. For n = 1 … max_n, the clipped n-gram precision p_n: count the candidate's
   n-grams, but clip each count at the largest number of times that n-gram
   appears in any single reference; divide by the number of candidate n-grams.
2. If the candidate is empty, or any p_n is 0 (or the candidate has no
   n-grams of some size), the score is 0.0.
3. Geometric mean of the precisions: exp(mean over n of log p_n).
4. Brevity penalty: c = len(candidate), r = the reference length closest to c
   (the shorter one on a tie). BP = 1 if c > r, else exp(1 - r / c).
5. BLEU = BP * geometric mean.

Return a float between 0 and 1. Use only the standard library (or numpy).

任务
----
实现 `bleu(candidate, references, max_n=4)`:按照 Papineni 等人(2002)的定义,
计算候选译文(词元列表)相对一个或多个参考译文(词元列表的列表)的句子级 BLEU,不做平滑。

1. 对 n = 1 … max_n 计算截断的 n-gram 精确率 p_n:统计候选中的 n-gram,但每个计数
   不能超过该 n-gram 在任一条参考中出现的最多次数;再除以候选 n-gram 的总数。
2. 如果候选为空,或某个 p_n 为 0(或候选没有某个长度的 n-gram),得分为 0.0。
3. 对各精确率取几何平均:exp(对 n 求平均 log p_n)。
4. 简短惩罚:c = len(candidate),r = 与 c 最接近的参考长度(相同时取较短者)。
   c > r 时 BP = 1,否则 BP = exp(1 - r / c)。
5. BLEU = BP * 几何平均。

返回 0 到 1 之间的浮点数。只用标准库(或 numpy)。

Check it · 检查:  llmpath exercise check bleu
"""

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

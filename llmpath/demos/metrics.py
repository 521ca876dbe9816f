"""Evaluation metrics, from the confusion matrix to perplexity, BLEU and ROUGE.

Teaches: classification metrics are ratios of confusion-matrix cells; regression errors
(MAE, MSE, RMSE) weigh mistakes differently; perplexity = exp(mean −log p) measures how well a
language model predicts text; BLEU (Papineni et al., 2002, machine translation) is a precision of
clipped n-gram matches times a brevity penalty; ROUGE (Lin, 2004, summarization) is
recall-oriented: n-gram overlap (ROUGE-1, -2) and the longest common subsequence (ROUGE-L).
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from llmpath.demos.base import DemoContext, Option
from llmpath.i18n import L10n

OPTIONS = [Option("max_n", int, 4, "largest n-gram in BLEU", "BLEU 的最大 n 元", low=1, high=6)]


# -- classification and regression -------------------------------------------------------------
def confusion_counts(y_true, y_pred) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) for binary labels 0/1."""
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return int(np.sum((t == 1) & (p == 1))), int(np.sum((t == 0) & (p == 1))), int(np.sum((t == 1) & (p == 0))), int(np.sum((t == 0) & (p == 0)))


def classification_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "accuracy": (tp + tn) / (tp + fp + fn + tn),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "specificity": tn / (tn + fp) if tn + fp else 0.0,
    }


def regression_errors(y, pred) -> dict[str, float]:
    """MAE = mean|e|, MSE = mean e², RMSE = √MSE (same unit as y)."""
    e = np.asarray(y, dtype=float) - np.asarray(pred, dtype=float)
    mse = float(np.mean(e**2))
    return {"mae": float(np.mean(np.abs(e))), "mse": mse, "rmse": math.sqrt(mse)}


def perplexity(token_probs) -> float:
    """exp(−(1/N) Σ log p(tokenᵢ | context)): the geometric-mean inverse probability."""
    p = np.asarray(token_probs, dtype=float)
    return float(np.exp(-np.mean(np.log(p))))


# -- BLEU ------------------------------------------------------------------------------------------
def ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def modified_precision(candidate: list[str], references: list[list[str]], n: int) -> tuple[int, int]:
    """Clipped matches and total: each candidate n-gram counts at most as often as in any one reference."""
    cand = ngrams(candidate, n)
    max_ref: Counter = Counter()
    for ref in references:
        for gram, count in ngrams(ref, n).items():
            max_ref[gram] = max(max_ref[gram], count)
    clipped = sum(min(count, max_ref[gram]) for gram, count in cand.items())
    return clipped, max(sum(cand.values()), 0)


def brevity_penalty(c: int, r: int) -> float:
    """BP = 1 if c > r else exp(1 − r/c); r is the reference length closest to c."""
    if c == 0:
        return 0.0
    return 1.0 if c > r else math.exp(1 - r / c)


def bleu(candidate: list[str], references: list[list[str]], max_n: int = 4) -> float:
    """Sentence BLEU = BP · exp(Σₙ (1/N) log pₙ), uniform weights, no smoothing (0 if any pₙ = 0)."""
    logs = []
    for n in range(1, max_n + 1):
        matched, total = modified_precision(candidate, references, n)
        if matched == 0 or total == 0:
            return 0.0
        logs.append(math.log(matched / total))
    c = len(candidate)
    r = min((len(ref) for ref in references), key=lambda length: (abs(length - c), length))
    return brevity_penalty(c, r) * math.exp(sum(logs) / max_n)


# -- ROUGE -----------------------------------------------------------------------------------------
def _prf(overlap: int, cand_total: int, ref_total: int) -> dict[str, float]:
    p = overlap / cand_total if cand_total else 0.0
    r = overlap / ref_total if ref_total else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def rouge_n(candidate: list[str], reference: list[str], n: int) -> dict[str, float]:
    """ROUGE-N: overlapping n-grams (clipped counts); recall = overlap / reference n-grams."""
    cand, ref = ngrams(candidate, n), ngrams(reference, n)
    overlap = sum((cand & ref).values())
    return _prf(overlap, sum(cand.values()), sum(ref.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Longest common subsequence by dynamic programming (words in order, gaps allowed)."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a, 1):
        for j, y in enumerate(b, 1):
            table[i][j] = table[i - 1][j - 1] + 1 if x == y else max(table[i - 1][j], table[i][j - 1])
    return table[-1][-1]


def rouge_l(candidate: list[str], reference: list[str]) -> dict[str, float]:
    """ROUGE-L: precision = LCS/len(candidate), recall = LCS/len(reference), F1 (β = 1)."""
    return _prf(lcs_length(candidate, reference), len(candidate), len(reference))


PAIRS = [
    ("the cat is on the mat", ["there is a cat on the mat", "the cat is sitting on the mat"]),
    ("the police killed the gunman", ["the gunman was shot dead by the police"]),
    ("a cat sat on the mat today", ["the cat sat on the mat"]),
]


def run(ctx: DemoContext, *, max_n: int) -> None:
    from sklearn.metrics import f1_score, mean_absolute_error, mean_squared_error, precision_score, recall_score

    rng = np.random.default_rng(ctx.seed)
    ctx.heading("1. Classification: everything comes from four counts", "1. 分类：一切都来自四个计数")
    y_true = (rng.random(200) < 0.3).astype(int)
    score = y_true * 0.9 + rng.normal(0.2, 0.35, 200)
    y_pred = (score > 0.6).astype(int)
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    m = classification_metrics(tp, fp, fn, tn)
    ctx.table(ctx.t("confusion matrix (200 examples, 30% positive)", "混淆矩阵（200 个样本，30% 为正）"), ["", L10n("predicted +", "预测为正"), L10n("predicted −", "预测为负")],
              [["actual +", f"TP = {tp}", f"FN = {fn}"], ["actual −", f"FP = {fp}", f"TN = {tn}"]])
    ctx.table(ctx.t("metrics", "指标"), [L10n("metric", "指标"), L10n("formula", "公式"), L10n("value", "值")], [
        ["accuracy", "(TP+TN)/all", round(m["accuracy"], 4)], ["precision", "TP/(TP+FP)", round(m["precision"], 4)],
        ["recall", "TP/(TP+FN)", round(m["recall"], 4)], ["F1", "2PR/(P+R)", round(m["f1"], 4)], ["specificity", "TN/(TN+FP)", round(m["specificity"], 4)]])
    ctx.say(
        f"Predicting 'negative' for everyone would already score {np.mean(y_true == 0):.0%} accuracy with recall 0: "
        "on imbalanced data, look at precision and recall.",
        f"把所有样本都判为负类，准确率已有 {np.mean(y_true == 0):.0%}，但召回率为 0：数据不平衡时要看精确率和召回率。",
    )
    ctx.agree(L10n("precision, recall, F1", "精确率、召回率与 F1"), [m["precision"], m["recall"], m["f1"]],
              [precision_score(y_true, y_pred), recall_score(y_true, y_pred), f1_score(y_true, y_pred)], reference_name="sklearn.metrics", tolerance=1e-12, key="max_diff_classification")

    ctx.heading("2. Regression errors", "2. 回归误差")
    y = rng.normal(50, 10, 100)
    pred = y + rng.normal(0, 3, 100)
    pred[:3] += 30  # three large mistakes
    r = regression_errors(y, pred)
    ctx.say(
        "MAE averages |error|; MSE averages error², so the three large mistakes (+30) dominate it; RMSE = √MSE is back in y's units.",
        "MAE 对 |误差| 取平均；MSE 对误差² 取平均，因此三个大错误 (+30) 主导了它；RMSE = √MSE 回到 y 的单位。",
    )
    ctx.table(ctx.t("100 predictions, 3 of them off by 30", "100 个预测，其中 3 个偏差 30"), [L10n("error", "误差"), L10n("value", "值")], [[k.upper(), round(v, 4)] for k, v in r.items()])
    ctx.agree("MAE, MSE", [r["mae"], r["mse"]], [mean_absolute_error(y, pred), mean_squared_error(y, pred)], reference_name="sklearn.metrics", tolerance=1e-9, key="max_diff_regression")

    ctx.heading("3. Perplexity", "3. 困惑度")
    sentence = ["the", "cat", "sat", "on", "the", "mat", "."]
    good = np.array([0.20, 0.05, 0.30, 0.60, 0.70, 0.40, 0.50])
    bad = np.array([0.05, 0.01, 0.02, 0.10, 0.20, 0.05, 0.10])
    ppl_good, ppl_bad = perplexity(good), perplexity(bad)
    ctx.table(ctx.t("p(token | previous tokens) from two models", "两个模型给出的 p（词元 | 前文）"), [L10n("token", "词元"), L10n("model A", "模型 A"), L10n("model B", "模型 B")],
              [[t, a, b] for t, a, b in zip(sentence, good, bad)])
    ctx.say(
        f"Perplexity = exp(−(1/N) Σ log pᵢ): model A {ppl_good:.3f}, model B {ppl_bad:.3f}. Lower is better; "
        f"a perplexity of {ppl_good:.1f} means 'as uncertain as choosing uniformly among {ppl_good:.1f} tokens'. "
        "It is the exponential of the training loss, and only comparable between models with the same tokenizer.",
        f"困惑度 = exp(−(1/N) Σ log pᵢ)：模型 A 为 {ppl_good:.3f}，模型 B 为 {ppl_bad:.3f}。越低越好；困惑度 {ppl_good:.1f} "
        f"表示“像在 {ppl_good:.1f} 个词元中均匀选择一样不确定”。它是训练损失的指数，只有分词器相同的模型之间才可比较。",
    )
    ctx.agree(L10n("perplexity = 2^(bits per token)", "困惑度 = 2^（每词元比特数）"), ppl_good, 2 ** (-np.mean(np.log2(good))), reference_name=L10n("2^cross-entropy in bits", "2^（以比特计的交叉熵）"), tolerance=1e-12, key="max_diff_perplexity")

    ctx.heading("4. BLEU: clipped n-gram precision × brevity penalty", "4. BLEU：截断的 n 元精确率 × 简短惩罚")
    ref_paper = [s.split() for s in ("the cat is on the mat", "there is a cat on the mat")]
    cand_paper = "the the the the the the the".split()
    got, total = modified_precision(cand_paper, ref_paper, 1)
    ctx.say(
        "BLEU counts candidate n-grams that appear in a reference, but clips each count at its maximum count in any one reference. "
        f"The classic example from the BLEU paper: candidate 'the the the the the the the' against 'the cat is on the mat' gets "
        f"modified unigram precision {got}/{total} (plain precision would be 7/7). Short candidates are punished by "
        "BP = exp(1 − r/c) when c ≤ r.",
        "BLEU 统计候选译文中出现在参考译文里的 n 元组，但每个 n 元组的计数不超过它在任一参考中的最大次数（截断）。"
        f"BLEU 论文中的经典例子：候选 'the the the the the the the' 对照 'the cat is on the mat'，修正的一元精确率为 {got}/{total}"
        "（普通精确率会是 7/7）。候选过短时用 BP = exp(1 − r/c)(c ≤ r)惩罚。",
    )
    ctx.agree(L10n("modified unigram precision", "修正的一元精确率"), got / total, 2 / 7, reference_name=L10n("Papineni et al. 2002 (2/7)", "Papineni 等人 2002(2/7)"), tolerance=1e-12, key="max_diff_bleu_paper")
    rows = []
    for cand, refs in PAIRS:
        c, rs = cand.split(), [x.split() for x in refs]
        precisions = [modified_precision(c, rs, n) for n in range(1, max_n + 1)]
        closest = min((len(x) for x in rs), key=lambda length: (abs(length - len(c)), length))
        rows.append([cand, " ".join(f"{a}/{b}" for a, b in precisions), round(brevity_penalty(len(c), closest), 3), round(bleu(c, rs, max_n), 4)])
    ctx.table(f"BLEU-{max_n}", [L10n("candidate", "候选"), "p₁ … p" + str(max_n), "BP", "BLEU"], rows)
    ctx.say(
        "One missing 4-gram match makes unsmoothed sentence BLEU zero, which is why BLEU is reported on a whole test corpus "
        "(counts summed over sentences) or with smoothing.",
        "只要某一阶 n 元组没有匹配，未平滑的句子级 BLEU 就为 0；因此 BLEU 通常在整个测试语料上计算（对所有句子的计数求和），或加平滑。",
    )

    ctx.heading("5. ROUGE: recall of n-grams and the longest common subsequence", "5. ROUGE:n 元召回与最长公共子序列")
    rows = []
    figures_rouge = []
    for cand, refs in PAIRS:
        c, ref = cand.split(), refs[0].split()
        r1, r2, rl = rouge_n(c, ref, 1), rouge_n(c, ref, 2), rouge_l(c, ref)
        figures_rouge.append({"rouge1_f1": r1["f1"], "rouge2_f1": r2["f1"], "rougeL_f1": rl["f1"]})
        rows.append([cand, refs[0], f"{r1['recall']:.3f}/{r1['f1']:.3f}", f"{r2['recall']:.3f}/{r2['f1']:.3f}", f"{lcs_length(c, ref)}→{rl['f1']:.3f}"])
    ctx.table("ROUGE (recall/F1; LCS→F1)", [L10n("candidate", "候选"), L10n("reference", "参考"), "R-1", "R-2", "R-L"], rows)
    ctx.say(
        "ROUGE-1 and -2 count shared words and word pairs, relative to the reference (recall: did the summary cover it?). "
        "ROUGE-L uses the longest common subsequence: words in the same order, gaps allowed. "
        "'the police killed the gunman' and 'the gunman was shot dead by the police' share 4 of the candidate's 5 words "
        "(ROUGE-1 precision 0.8), but in reversed roles, so their LCS is only 2 ('the gunman' or 'the police'). "
        "None of these scores understands meaning: a paraphrase with different words scores low.",
        "ROUGE-1 与 ROUGE-2 统计共享的词和词对，相对参考计算（召回：摘要是否覆盖了参考内容？）。ROUGE-L 用最长公共子序列，"
        "词序有影响但允许有间隔。'the police killed the gunman' 与 'the gunman was shot dead by the police' 共享候选 5 个词中的 4 个"
        "（ROUGE-1 精确率 0.8），但角色颠倒，所以 LCS 只有 2（'the gunman' 或 'the police'）。这些分数都不理解语义：用词不同的同义改写得分很低。",
    )
    c, ref = PAIRS[1][0].split(), PAIRS[1][1][0].split()
    ctx.agree("ROUGE-L LCS", lcs_length(c, ref), 2, reference_name=L10n("hand count ('the gunman')", "手工计数（'the gunman'）"), tolerance=0, key="max_diff_lcs")
    ctx.figures.update(**{k: float(v) for k, v in m.items()}, **r, perplexity_a=ppl_good, perplexity_b=ppl_bad,
                       bleu=[bleu(cand.split(), [x.split() for x in refs], max_n) for cand, refs in PAIRS], rouge=figures_rouge, max_n=max_n)

"""Generators for the ml module (see llmpath/generators/__init__.py for the contract).

Standard library only; every random number comes from ``rng``.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

from llmpath.content.models import L10n
from llmpath.generators import Generated, fmt, generator


def _keep(answer: float, tolerance: float, mistakes: list[tuple[float, L10n]]) -> tuple[tuple[float, L10n], ...]:
    """Only the mistakes that would not be graded correct (and no duplicates)."""
    out: list[tuple[float, L10n]] = []
    for value, feedback in mistakes:
        if abs(value - answer) > tolerance and all(abs(value - v) > 1e-9 for v, _ in out):
            out.append((value, feedback))
    return tuple(out)


# --------------------------------------------------------------------- data splits

@generator("kfold-train-size")
def kfold_train_size(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Training-split size in k-fold cross-validation (n divisible by k)."""
    k = rng.choice([3, 4, 5, 8, 10])
    fold = rng.randint(6, 60)
    n = k * fold
    answer = n - fold
    prompt = L10n(
        en=f"You run {k}-fold cross-validation on {n} samples. In each round, how many samples does the model train on? (whole number)",
        zh=f"对 {n} 个样本做 {k} 折交叉验证。每一轮模型用多少个样本训练？（整数）",
    )
    explanation = L10n(
        en=f"The {n} samples are cut into {k} folds of {n} / {k} = {fold}. Each round validates on one fold and trains on the other {k - 1}: {k - 1} × {fold} = {answer} samples, i.e. n·(k−1)/k.",
        zh=f"{n} 个样本被均分为 {k} 折，每折 {n} / {k} = {fold} 个。每一轮用其中 1 折验证，其余 {k - 1} 折训练：{k - 1} × {fold} = {answer} 个样本，即 n·(k−1)/k。",
    )
    mistakes = _keep(answer, 0, [
        (fold, L10n(en=f"{fold} is the validation fold, not the training part.", zh=f"{fold} 是验证折的大小，不是训练部分。")),
        (n, L10n(en="The validation fold is held out of training in each round.", zh="每一轮都要把验证折留出来，不参与训练。")),
    ])
    hints = (
        L10n(en=f"Each round holds out one of the {k} folds for validation and trains on the other {k - 1}.",
             zh=f"每一轮留出 {k} 折中的 1 折做验证，用其余 {k - 1} 折训练。"),
        L10n(en=f"One fold holds {n} / {k} = {fold} samples.", zh=f"每折有 {n} / {k} = {fold} 个样本。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, hints=hints, mistakes=mistakes)


# ----------------------------------------------------------- classification metrics

_METRIC_NAMES = {
    "precision": ("precision", "精确率（precision）"),
    "recall": ("recall", "召回率（recall）"),
    "f1": ("F1 score", "F1 分数"),
    "accuracy": ("accuracy", "准确率（accuracy）"),
}


@generator("confusion-metric")
def confusion_metric(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Precision, recall, F1 or accuracy from a random binary confusion matrix."""
    metric = str(params.get("metric", rng.choice(sorted(_METRIC_NAMES))))
    if metric not in _METRIC_NAMES:
        raise ValueError(f"confusion-metric: unknown metric {metric!r}")
    tp, fp, fn, tn = rng.randint(5, 60), rng.randint(1, 30), rng.randint(1, 30), rng.randint(10, 200)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    accuracy = (tp + tn) / (tp + fp + fn + tn)
    answer = {"precision": precision, "recall": recall, "f1": f1, "accuracy": accuracy}[metric]
    name_en, name_zh = _METRIC_NAMES[metric]
    tol = 0.0015
    prompt = L10n(
        en=f"A binary classifier on a test set gives TP = {tp}, FP = {fp}, FN = {fn}, TN = {tn}. What is its {name_en}? (3 decimals)",
        zh=f"某二分类器在测试集上的结果为 TP = {tp}，FP = {fp}，FN = {fn}，TN = {tn}。它的{name_zh}是多少？（保留 3 位小数）",
    )
    p_en = f"precision = TP / (TP + FP) = {tp} / {tp + fp} ≈ {precision:.3f}"
    r_en = f"recall = TP / (TP + FN) = {tp} / {tp + fn} ≈ {recall:.3f}"
    p_zh = f"精确率 = TP / (TP + FP) = {tp} / {tp + fp} ≈ {precision:.3f}"
    r_zh = f"召回率 = TP / (TP + FN) = {tp} / {tp + fn} ≈ {recall:.3f}"
    if metric == "precision":
        en = f"{p_en}: of everything predicted positive, how much really is positive. FN and TN do not enter."
        zh = f"{p_zh}：在所有被预测为正的样本中，真正为正的比例。FN 与 TN 不参与计算。"
    elif metric == "recall":
        en = f"{r_en}: of all real positives, how many were found. FP and TN do not enter."
        zh = f"{r_zh}：在所有真实为正的样本中，被找出来的比例。FP 与 TN 不参与计算。"
    elif metric == "f1":
        en = f"{p_en}; {r_en}. F1 is their harmonic mean: 2·P·R / (P + R) ≈ {f1:.3f} (equivalently 2TP / (2TP + FP + FN) = {2 * tp} / {2 * tp + fp + fn})."
        zh = f"{p_zh}；{r_zh}。F1 是两者的调和平均：2·P·R / (P + R) ≈ {f1:.3f}（等价于 2TP / (2TP + FP + FN) = {2 * tp} / {2 * tp + fp + fn}）。"
    else:
        en = f"accuracy = (TP + TN) / total = {tp + tn} / {tp + fp + fn + tn} ≈ {accuracy:.3f}: the share of all predictions that are right."
        zh = f"准确率 = (TP + TN) / 总数 = {tp + tn} / {tp + fp + fn + tn} ≈ {accuracy:.3f}：所有预测中预测正确的比例。"
    candidates: list[tuple[float, L10n]] = []
    if metric == "precision":
        candidates.append((recall, L10n(en="That is recall (TP / (TP + FN)); precision divides by everything predicted positive, TP + FP.", zh="这是召回率 TP / (TP + FN)；精确率的分母是所有预测为正的样本 TP + FP。")))
    if metric == "recall":
        candidates.append((precision, L10n(en="That is precision (TP / (TP + FP)); recall divides by all real positives, TP + FN.", zh="这是精确率 TP / (TP + FP)；召回率的分母是所有真实为正的样本 TP + FN。")))
    if metric == "f1":
        candidates.append(((precision + recall) / 2, L10n(en="That is the arithmetic mean of P and R; F1 is the harmonic mean 2PR / (P + R), which punishes a low value more.", zh="这是 P 与 R 的算术平均；F1 是调和平均 2PR / (P + R)，会更严厉地惩罚较低的一方。")))
    if metric == "accuracy":
        candidates.append((tp / (tp + fp + fn), L10n(en="TN count as correct predictions too: accuracy = (TP + TN) / total.", zh="TN 也是预测正确的样本：准确率 = (TP + TN) / 总数。")))
    hints = (L10n(en="Write down which cells of the confusion matrix the metric uses, and its formula.", zh="先写出这个指标用到混淆矩阵的哪几个格子，以及它的公式。"),
             _confusion_step(metric, tp, fp, fn, tn))
    return Generated(prompt, L10n(en, zh), kind="numeric", answer=answer, tolerance=tol, hints=hints, mistakes=_keep(answer, tol, candidates))


def _confusion_step(metric: str, tp: int, fp: int, fn: int, tn: int) -> L10n:
    """The second hint: the metric's formula with the first sum worked (never the ratio itself)."""
    if metric == "precision":
        return L10n(en=f"Precision = TP / (TP + FP); here TP + FP = {tp} + {fp} = {tp + fp} predicted positives.",
                    zh=f"精确率 = TP / (TP + FP)；这里 TP + FP = {tp} + {fp} = {tp + fp} 个预测为正的样本。")
    if metric == "recall":
        return L10n(en=f"Recall = TP / (TP + FN); here TP + FN = {tp} + {fn} = {tp + fn} real positives.",
                    zh=f"召回率 = TP / (TP + FN)；这里 TP + FN = {tp} + {fn} = {tp + fn} 个真实正例。")
    if metric == "f1":
        return L10n(en=f"F1 = 2TP / (2TP + FP + FN); here 2TP = {2 * tp} and FP + FN = {fp + fn}.",
                    zh=f"F1 = 2TP / (2TP + FP + FN)；这里 2TP = {2 * tp}，FP + FN = {fp + fn}。")
    return L10n(en=f"Accuracy = (TP + TN) / total; here TP + TN = {tp + tn} and the total is {tp} + {fp} + {fn} + {tn}.",
                zh=f"准确率 = (TP + TN) / 总数；这里 TP + TN = {tp + tn}，总数为 {tp} + {fp} + {fn} + {tn}。")


_TOPICS = (("sports", "体育"), ("politics", "政治"), ("tech", "科技"), ("business", "财经"), ("health", "健康"))
_AVERAGES = {
    "macro": ("macro-averaged F1", "宏平均 F1"),
    "micro": ("micro-averaged F1", "微平均 F1"),
    "weighted": ("support-weighted average F1", "按支持数加权平均的 F1"),
}


def per_class_counts(matrix: list[list[int]]) -> list[tuple[int, int, int]]:
    """(TP, FP, FN) for every class of a k×k confusion matrix (rows: truth, columns: prediction)."""
    k = len(matrix)
    out = []
    for c in range(k):
        tp = matrix[c][c]
        fp = sum(matrix[r][c] for r in range(k)) - tp
        fn = sum(matrix[c]) - tp
        out.append((tp, fp, fn))
    return out


@generator("multiclass-f1-average")
def multiclass_f1_average(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Macro, micro or weighted F1 of a random 3-class confusion matrix."""
    average = str(params.get("average", rng.choice(sorted(_AVERAGES))))
    if average not in _AVERAGES:
        raise ValueError(f"multiclass-f1-average: unknown average {average!r}")
    names = rng.sample(_TOPICS, 3)
    # a big, a middle and a small class, so that the three averages differ
    sizes = [rng.randint(40, 70), rng.randint(15, 35), rng.randint(6, 15)]
    matrix = []
    for c, size in enumerate(sizes):
        wrong = [rng.randint(0, max(1, size // 4)) for _ in range(2)]
        while sum(wrong) >= size:
            wrong = [w // 2 for w in wrong]
        row = [0, 0, 0]
        others = [j for j in range(3) if j != c]
        row[others[0]], row[others[1]] = wrong
        row[c] = size - sum(wrong)
        matrix.append(row)
    counts = per_class_counts(matrix)
    f1s = [2 * tp / (2 * tp + fp + fn) for tp, fp, fn in counts]
    total = sum(sizes)
    macro = sum(f1s) / 3
    weighted = sum(f * n for f, n in zip(f1s, sizes)) / total
    micro = sum(matrix[c][c] for c in range(3)) / total  # single-label: micro-F1 = accuracy
    answer = {"macro": macro, "micro": micro, "weighted": weighted}[average]
    tol = 0.0015
    name_en, name_zh = _AVERAGES[average]
    rows_en = "; ".join(f"{n[0]} [{', '.join(map(str, r))}]" for n, r in zip(names, matrix))
    rows_zh = "；".join(f"{n[1]} [{', '.join(map(str, r))}]" for n, r in zip(names, matrix))
    order_en = ", ".join(n[0] for n in names)
    order_zh = "、".join(n[1] for n in names)
    prompt = L10n(
        en=f"A topic classifier's confusion matrix (rows = true class, columns = predicted, both in the order {order_en}): {rows_en}. What is its {name_en}? (3 decimals)",
        zh=f"某主题分类器的混淆矩阵（行 = 真实类别，列 = 预测类别，顺序均为{order_zh}）：{rows_zh}。它的{name_zh} 是多少？（保留 3 位小数）",
    )
    per_en = "; ".join(f"{n[0]}: TP = {tp}, FP = {fp}, FN = {fn}, F1 = 2·{tp} / ({2 * tp} + {fp} + {fn}) ≈ {f:.3f}"
                       for n, (tp, fp, fn), f in zip(names, counts, f1s))
    per_zh = "；".join(f"{n[1]}：TP = {tp}，FP = {fp}，FN = {fn}，F1 = 2·{tp} / ({2 * tp} + {fp} + {fn}) ≈ {f:.3f}"
                       for n, (tp, fp, fn), f in zip(names, counts, f1s))
    f_list = " + ".join(f"{f:.3f}" for f in f1s)
    if average == "macro":
        how_en = f"Macro-F1 is their plain mean: ({f_list}) / 3 ≈ {macro:.3f} — every class counts the same, however small."
        how_zh = f"宏平均 F1 是它们的算术平均：({f_list}) / 3 ≈ {macro:.3f}——每个类别分量相同，再小也一样。"
    elif average == "weighted":
        terms = " + ".join(f"{n}·{f:.3f}" for n, f in zip(sizes, f1s))
        how_en = f"Weighted F1 weights each class by its support (row sum): ({terms}) / {total} ≈ {weighted:.3f} — dominated by the big classes."
        how_zh = f"加权平均 F1 按各类的支持数（行和）加权：({terms}) / {total} ≈ {weighted:.3f}——由大类主导。"
    else:
        diag = " + ".join(str(matrix[c][c]) for c in range(3))
        how_en = f"Micro-F1 pools the counts; with one label per sample it equals accuracy: ({diag}) / {total} ≈ {micro:.3f}."
        how_zh = f"微平均 F1 先汇总计数；每个样本只有一个标签时它等于准确率：({diag}) / {total} ≈ {micro:.3f}。"
    explanation = L10n(
        en=f"Per class, with TP the diagonal cell, FP the rest of its column and FN the rest of its row — {per_en}. {how_en}",
        zh=f"对每个类别，TP 是对角线格子，FP 是所在列的其余格子，FN 是所在行的其余格子——{per_zh}。{how_zh}",
    )
    others = {
        "macro": L10n(en="That is the macro average (plain mean of the per-class F1 scores).", zh="这是宏平均（各类别 F1 的算术平均）。"),
        "micro": L10n(en="That is the micro average, which for single-label data is the accuracy.", zh="这是微平均，在单标签数据上就是准确率。"),
        "weighted": L10n(en="That is the support-weighted average of the per-class F1 scores.", zh="这是按支持数加权的各类别 F1 平均。"),
    }
    values = {"macro": macro, "micro": micro, "weighted": weighted}
    candidates = [(values[a], others[a]) for a in sorted(values) if a != average]
    tp0, fp0, fn0 = counts[0]
    method = {
        "macro": L10n(en="Compute F1 for each class (that class positive, the others negative), then take the plain mean.",
                      zh="先算每个类别的 F1（把该类当作正类，其余当作负类），再求算术平均。"),
        "weighted": L10n(en="Compute F1 for each class, then average them weighted by each class's row sum (its support).",
                         zh="先算每个类别的 F1，再按各类的行和（支持数）加权平均。"),
        "micro": L10n(en="Micro averaging pools TP, FP and FN over the classes; with one label per sample, every error is one FP and one FN.",
                      zh="微平均先把各类的 TP、FP、FN 加起来；每个样本只有一个标签时，每个错误恰好是一个 FP 和一个 FN。"),
    }[average]
    if average == "micro":
        step = L10n(en=f"So micro-F1 = correct predictions / all: the diagonal sum over the total of {total} samples.",
                    zh=f"所以微平均 F1 = 预测正确数 / 总数：对角线之和除以样本总数 {total}。")
    else:
        step = L10n(en=f"For {names[0][0]}: TP = {tp0}, FP = {fp0} (rest of its column), FN = {fn0} (rest of its row); F1 = 2TP / (2TP + FP + FN).",
                    zh=f"以{names[0][1]}为例：TP = {tp0}，FP = {fp0}（所在列的其余格子），FN = {fn0}（所在行的其余格子）；F1 = 2TP / (2TP + FP + FN)。")
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=tol, hints=(method, step),
                     mistakes=_keep(answer, tol, candidates))


# -------------------------------------------------------------- regression metrics

@generator("regression-error")
def regression_error(rng: random.Random, params: dict[str, Any]) -> Generated:
    """MAE, MSE or RMSE of a handful of predictions."""
    metric = str(params.get("metric", "rmse"))
    if metric not in ("mae", "mse", "rmse"):
        raise ValueError(f"regression-error: unknown metric {metric!r}")
    n = rng.choice([4, 5])
    y = [rng.randint(0, 20) for _ in range(n)]
    residuals = [rng.randint(-4, 4) for _ in range(n)]
    if all(r == 0 for r in residuals):
        residuals[0] = 3
    pred = [a + r for a, r in zip(y, residuals)]
    mae = sum(abs(r) for r in residuals) / n
    mse = sum(r * r for r in residuals) / n
    rmse = math.sqrt(mse)
    answer = {"mae": mae, "mse": mse, "rmse": rmse}[metric]
    tol = 0.0015
    name = metric.upper()
    ys, ps = ", ".join(map(str, y)), ", ".join(map(str, pred))
    rs = ", ".join(str(p - a) for a, p in zip(y, pred))
    sq = " + ".join(str(r * r) for r in residuals)
    ab = " + ".join(str(abs(r)) for r in residuals)
    prompt = L10n(
        en=f"True values y = [{ys}], predictions ŷ = [{ps}]. What is the {name}? (3 decimals)",
        zh=f"真实值 y = [{ys}]，预测值 ŷ = [{ps}]。{name} 是多少？（保留 3 位小数）",
    )
    base_en = f"Errors ŷ − y = [{rs}]. "
    base_zh = f"误差 ŷ − y = [{rs}]。"
    if metric == "mae":
        en = base_en + f"MAE = mean |error| = ({ab}) / {n} = {fmt(mae, 3)}."
        zh = base_zh + f"MAE = 平均绝对误差 = ({ab}) / {n} = {fmt(mae, 3)}。"
    else:
        en = base_en + f"MSE = mean squared error = ({sq}) / {n} = {fmt(mse, 3)}."
        zh = base_zh + f"MSE = 误差平方的平均 = ({sq}) / {n} = {fmt(mse, 3)}。"
        if metric == "rmse":
            en += f" RMSE = √MSE = √{fmt(mse, 3)} ≈ {rmse:.3f}, back in the units of y."
            zh += f"RMSE = √MSE = √{fmt(mse, 3)} ≈ {rmse:.3f}，与 y 的单位相同。"
    m_mse = (mse, L10n(en="That is the MSE: RMSE takes the square root of it.", zh="这是 MSE：RMSE 还要再开平方根。"))
    m_mae = (mae, L10n(en="That is the MAE (mean absolute error): this metric squares the errors first.", zh="这是 MAE（平均绝对误差）：该指标要先把误差平方。"))
    m_rmse = (rmse, L10n(en="That is the RMSE; MAE averages |error| without squaring.", zh="这是 RMSE；MAE 直接对 |误差| 求平均，不平方。"))
    m_rmse2 = (rmse, L10n(en="That is the RMSE; MSE is the mean of the squared errors without the square root.", zh="这是 RMSE；MSE 是误差平方的平均，不开根号。"))
    candidates = {"rmse": [m_mse, m_mae], "mae": [m_rmse], "mse": [m_rmse2]}[metric]
    method = {
        "mae": L10n(en="MAE = the mean of |ŷ − y|: drop the signs, no squaring.", zh="MAE = |ŷ − y| 的平均：去掉正负号，不平方。"),
        "mse": L10n(en="MSE = the mean of (ŷ − y)².", zh="MSE = (ŷ − y)² 的平均。"),
        "rmse": L10n(en="RMSE = √(mean of (ŷ − y)²): square, average, then take the root.", zh="RMSE = √（(ŷ − y)² 的平均）：先平方，再平均，最后开根号。"),
    }[metric]
    step = L10n(en=f"The errors ŷ − y are [{rs}], {n} of them.", zh=f"误差 ŷ − y 依次为 [{rs}]，共 {n} 个。")
    return Generated(prompt, L10n(en, zh), kind="numeric", answer=answer, tolerance=tol, hints=(method, step),
                     mistakes=_keep(answer, tol, candidates))


# ------------------------------------------------------------------- text metrics

@generator("perplexity-from-probs")
def perplexity_from_probs(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Perplexity of a short sequence from the probabilities a model gave each token."""
    n = rng.randint(3, 5)
    probs = [rng.choice([0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.8]) for _ in range(n)]
    if len(set(probs)) == 1:
        probs[0] = 0.5 if probs[0] != 0.5 else 0.25
    nll = -sum(math.log(p) for p in probs) / n
    ppl = math.exp(nll)
    tol = 0.01
    shown = ", ".join(fmt(p) for p in probs)
    logs = " + ".join(f"ln {fmt(p)}" for p in probs)
    prompt = L10n(
        en=f"A language model gives the tokens of a sentence the probabilities [{shown}]. What is the perplexity? (2 decimals)",
        zh=f"语言模型给一句话中各个 token 的概率依次为 [{shown}]。困惑度（perplexity）是多少？（保留 2 位小数）",
    )
    explanation = L10n(
        en=f"Perplexity = exp(average negative log-likelihood) = exp(−(1/N) Σ ln pᵢ). Here −({logs}) / {n} ≈ {nll:.4f} nats, and exp({nll:.4f}) ≈ {ppl:.2f}. It is the geometric mean of 1/pᵢ: the model was as unsure as a uniform choice among ≈{ppl:.1f} tokens.",
        zh=f"困惑度 = exp（平均负对数似然）= exp(−(1/N) Σ ln pᵢ)。这里 −({logs}) / {n} ≈ {nll:.4f} nats，exp({nll:.4f}) ≈ {ppl:.2f}。它等于 1/pᵢ 的几何平均：模型的不确定程度相当于在约 {ppl:.1f} 个 token 中均匀地猜。",
    )
    mean_p = sum(probs) / n
    candidates = [
        (1 / mean_p, L10n(en="That is 1 / (arithmetic mean of p). Perplexity averages log-probabilities (a geometric mean), not probabilities.", zh="这是 1 /（p 的算术平均）。困惑度对对数概率求平均（几何平均），而不是对概率求平均。")),
        (sum(1 / p for p in probs) / n, L10n(en="That is the arithmetic mean of 1/p; perplexity is their geometric mean, exp of the mean of −ln p.", zh="这是 1/p 的算术平均；困惑度是几何平均，即 −ln p 的平均再取 exp。")),
        (nll, L10n(en="That is the cross-entropy (average −ln p); perplexity is exp of it.", zh="这是交叉熵（−ln p 的平均）；困惑度还要取 exp。")),
    ]
    hints = (
        L10n(en="Perplexity = exp(average −ln p over the tokens): average the logs, not the probabilities.", zh="困惑度 = exp（各 token 的 −ln p 的平均）：对对数求平均，而不是对概率求平均。"),
        L10n(en=f"Average over the {n} tokens; the first term is −ln {fmt(probs[0])} ≈ {-math.log(probs[0]):.3f}.",
             zh=f"对 {n} 个 token 求平均；第一项是 −ln {fmt(probs[0])} ≈ {-math.log(probs[0]):.3f}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=ppl, tolerance=tol, hints=hints, mistakes=_keep(ppl, tol, candidates))


_WORDS = ("the", "cat", "sat", "on", "mat", "a", "dog", "red", "is", "here")


@generator("bleu-clipped-unigram")
def bleu_clipped_unigram(rng: random.Random, params: dict[str, Any]) -> Generated:
    """BLEU's modified (clipped) unigram precision of a candidate against one reference."""
    reference = [rng.choice(_WORDS) for _ in range(rng.randint(5, 7))]
    ref_counts = Counter(reference)
    repeated = rng.choice(sorted(ref_counts))
    candidate = [repeated] * (ref_counts[repeated] + rng.randint(1, 2))
    target = rng.randint(5, 7)
    while len(candidate) < target:
        candidate.append(rng.choice(_WORDS))
    rng.shuffle(candidate)
    cand_counts = Counter(candidate)
    clipped = sum(min(c, ref_counts[w]) for w, c in cand_counts.items())
    unclipped = sum(c for w, c in cand_counts.items() if w in ref_counts)
    answer = clipped / len(candidate)
    tol = 0.0015
    ref_s, cand_s = " ".join(reference), " ".join(candidate)
    prompt = L10n(
        en=f"Reference: \"{ref_s}\". Candidate: \"{cand_s}\". What is the candidate's clipped unigram precision (BLEU's modified 1-gram precision)? (3 decimals)",
        zh=f"参考译文：\"{ref_s}\"。候选译文：\"{cand_s}\"。候选译文的截断一元精确率（BLEU 的修正 1-gram 精确率）是多少？（保留 3 位小数）",
    )
    parts = ", ".join(f"{w}: min({c}, {ref_counts[w]}) = {min(c, ref_counts[w])}" for w, c in sorted(cand_counts.items()))
    parts_zh = "；".join(f"{w}: min({c}, {ref_counts[w]}) = {min(c, ref_counts[w])}" for w, c in sorted(cand_counts.items()))
    explanation = L10n(
        en=f"Each candidate word counts at most as often as it appears in the reference: {parts}. Sum = {clipped}, divided by the candidate length {len(candidate)}: {clipped} / {len(candidate)} ≈ {answer:.3f}. Without clipping, repeating a reference word would inflate the score.",
        zh=f"候选中每个词最多只按它在参考中出现的次数计数：{parts_zh}。合计 {clipped}，除以候选长度 {len(candidate)}：{clipped} / {len(candidate)} ≈ {answer:.3f}。如果不截断，反复重复参考中的词就能刷高分数。",
    )
    candidates = [(unclipped / len(candidate), L10n(en=f"You counted every occurrence of a reference word (e.g. each '{repeated}'); BLEU clips each word's count at its count in the reference.", zh=f"你把参考中出现过的词的每次出现都算作匹配（例如每个 '{repeated}'）；BLEU 会把每个词的计数截断到它在参考中出现的次数。"))]
    hints = (
        L10n(en="Count each candidate word at most as many times as it occurs in the reference, then divide by the candidate's length.",
             zh="候选中每个词最多按它在参考中出现的次数计数，再除以候选的长度。"),
        L10n(en=f"'{repeated}' occurs {cand_counts[repeated]} times in the candidate but only {ref_counts[repeated]} in the reference; the candidate has {len(candidate)} words.",
             zh=f"'{repeated}' 在候选中出现 {cand_counts[repeated]} 次，在参考中只出现 {ref_counts[repeated]} 次；候选共有 {len(candidate)} 个词。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=tol, hints=hints, mistakes=_keep(answer, tol, candidates))


# --------------------------------------------------------------------- overfitting

def early_stop(losses: list[float], patience: int) -> tuple[int, int]:
    """(epoch training stops after, epoch with the best loss), both 1-based."""
    best, best_epoch, wait = math.inf, 0, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(losses), best_epoch


@generator("early-stopping-epoch")
def early_stopping_epoch(rng: random.Random, params: dict[str, Any]) -> Generated:
    """After which epoch does early stopping with a given patience halt training?"""
    patience = rng.choice([2, 3])
    loss = rng.randint(110, 150) / 100
    losses = []
    down = rng.randint(3, 5)
    for _ in range(down):
        losses.append(round(loss, 2))
        loss -= rng.randint(5, 15) / 100
    # a short bump that must not trigger the stop, then a new best, then a rise
    for _ in range(patience - 1):
        losses.append(round(losses[-1] + rng.randint(1, 4) / 100, 2))
    losses.append(round(min(losses) - rng.randint(1, 5) / 100, 2))
    for _ in range(patience + rng.randint(1, 2)):
        # never below the best again; an equal loss is not an improvement either
        losses.append(round(losses[-1] + rng.randint(0, 5) / 100, 2))
    stop, best = early_stop(losses, patience)
    first_bump, last_bump = down + 1, down + patience - 1
    if first_bump == last_bump:
        bump_en, bump_zh = f"epoch {first_bump}", f"第 {first_bump} 个 epoch"
    else:
        bump_en, bump_zh = f"epochs {first_bump}–{last_bump}", f"第 {first_bump}–{last_bump} 个 epoch"
    shown = ", ".join(f"{x:.2f}" for x in losses)
    prompt = L10n(
        en=f"Validation loss after epochs 1, 2, 3, …: [{shown}]. Early stopping uses patience = {patience}: training stops once the loss has not improved (strictly decreased below the best so far) for {patience} epochs in a row. After which epoch does training stop? (whole number)",
        zh=f"第 1、2、3……个 epoch 之后的验证损失依次为 [{shown}]。早停（early stopping）的耐心值 patience = {patience}：当验证损失连续 {patience} 个 epoch 没有改进（即没有严格低于此前的最好值）时停止训练。训练在第几个 epoch 之后停止？（整数）",
    )
    explanation = L10n(
        en=f"Track the best loss and a counter of epochs without improvement. The best value {losses[best - 1]:.2f} comes at epoch {best}. The earlier bump ({bump_en}) lasted fewer than {patience} epochs, so it did not stop training, and the new best at epoch {best} reset the counter to 0. After epoch {best} the loss fails to improve for {patience} epochs, so training stops after epoch {stop}, and the weights from epoch {best} are restored.",
        zh=f"记录最好的损失，以及连续未改进的 epoch 数。最好值 {losses[best - 1]:.2f} 出现在第 {best} 个 epoch。此前的小反弹（{bump_zh}）持续不到 {patience} 个 epoch，不会触发停止；第 {best} 个 epoch 创出新低，计数清零。第 {best} 个 epoch 之后连续 {patience} 个 epoch 没有改进，所以训练在第 {stop} 个 epoch 之后停止，并恢复第 {best} 个 epoch 的权重。",
    )
    candidates = [
        (best, L10n(en=f"Epoch {best} is the best epoch, whose weights are restored; training only stops {patience} epochs later.", zh=f"第 {best} 个 epoch 是最好的那一轮（会恢复它的权重）；训练要再等 {patience} 个 epoch 才停止。")),
        (down + 1, L10n(en="One worse epoch does not stop training: patience counts consecutive epochs without improvement, and a new best resets the count.", zh="损失变差一次并不会停止训练：耐心值统计的是连续未改进的 epoch 数，出现新的最好值就会清零。")),
    ]
    hints = (
        L10n(en="Keep the best loss so far and count consecutive epochs that do not beat it; a new best resets the count to 0.",
             zh="记录到目前为止的最好损失，并统计连续没有超过它的 epoch 数；一出现新的最好值，计数就清零。"),
        L10n(en=f"The lowest loss in the list, {losses[best - 1]:.2f}, is at epoch {best}. Did the bump before it last {patience} epochs?",
             zh=f"列表中最低的损失 {losses[best - 1]:.2f} 出现在第 {best} 个 epoch。它之前的反弹持续了 {patience} 个 epoch 吗？"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=stop, tolerance=0, hints=hints, mistakes=_keep(stop, 0, candidates))


# -------------------------------------------------------------------------- trees

@generator("gini-impurity")
def gini_impurity(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Gini impurity of a tree node from its class counts."""
    k = rng.choice([2, 3])
    counts = [rng.randint(0, 12) for _ in range(k)]
    if sum(1 for c in counts if c) < 2:
        counts[0], counts[1] = counts[0] + 3, counts[1] + 2
    n = sum(counts)
    gini = 1 - sum((c / n) ** 2 for c in counts)
    tol = 0.0015
    shown = ", ".join(map(str, counts))
    squares = " + ".join(f"({c}/{n})²" for c in counts)
    prompt = L10n(
        en=f"A decision-tree node holds samples of {k} classes with counts [{shown}]. What is its Gini impurity? (3 decimals)",
        zh=f"决策树的某个节点中有 {k} 个类别的样本，数量分别为 [{shown}]。该节点的基尼不纯度（Gini impurity）是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"Gini = 1 − Σₖ pₖ² with pₖ the class shares: 1 − ({squares}) ≈ {gini:.3f}. It is the chance that two samples drawn at random (with replacement) from the node have different classes; 0 means the node is pure.",
        zh=f"基尼不纯度 = 1 − Σₖ pₖ²，pₖ 是各类别所占比例：1 − ({squares}) ≈ {gini:.3f}。它等于从节点中有放回地随机抽两个样本、二者类别不同的概率；0 表示节点是纯的。",
    )
    candidates = [(1 - gini, L10n(en="That is Σ pₖ², the purity; the impurity is 1 minus it.", zh="这是 Σ pₖ²，即纯度；不纯度是 1 减去它。"))]
    shares = ", ".join(f"{c}/{n}" for c in counts)
    hints = (
        L10n(en="Gini = 1 − Σ pₖ², with pₖ the share of class k in the node.", zh="基尼不纯度 = 1 − Σ pₖ²，pₖ 是第 k 类在节点中所占的比例。"),
        L10n(en=f"The node holds {n} samples, so the shares are {shares}.", zh=f"节点共有 {n} 个样本，各类比例为 {shares.replace(', ', '、')}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=gini, tolerance=tol, hints=hints, mistakes=_keep(gini, tol, candidates))


# ---------------------------------------------------------------------------- SVM

@generator("svm-margin-width")
def svm_margin_width(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Width of a linear SVM's margin, 2 / ‖w‖."""
    w = [0, 0]
    while w == [0, 0]:
        w = [rng.randint(-4, 4), rng.randint(-4, 4)]
    b = rng.randint(-3, 3)
    norm = math.hypot(*w)

    def sq(v: int) -> str:
        return f"({v})" if v < 0 else str(v)

    answer = 2 / norm
    tol = 0.0015
    prompt = L10n(
        en=f"A trained linear SVM has w = [{w[0]}, {w[1]}] and b = {b}; its margin hyperplanes are w·x + b = ±1. How wide is the margin (the distance between those two hyperplanes)? (3 decimals)",
        zh=f"训练好的线性 SVM 参数为 w = [{w[0]}, {w[1]}]，b = {b}；间隔边界是 w·x + b = ±1 两个超平面。间隔（margin）的宽度（两个超平面之间的距离）是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"The distance from a point to the hyperplane w·x + b = 0 is |w·x + b| / ‖w‖, so each margin hyperplane is 1 / ‖w‖ away and the width is 2 / ‖w‖. ‖w‖ = √({sq(w[0])}² + {sq(w[1])}²) = √{w[0] ** 2 + w[1] ** 2} ≈ {norm:.3f}; 2 / {norm:.3f} ≈ {answer:.3f}. b only shifts the boundary and does not change the width. Maximizing the margin = minimizing ‖w‖.",
        zh=f"点到超平面 w·x + b = 0 的距离是 |w·x + b| / ‖w‖，所以两条间隔边界各距决策边界 1 / ‖w‖，总宽度为 2 / ‖w‖。‖w‖ = √({sq(w[0])}² + {sq(w[1])}²) = √{w[0] ** 2 + w[1] ** 2} ≈ {norm:.3f}；2 / {norm:.3f} ≈ {answer:.3f}。b 只平移边界，不影响宽度。最大化间隔就是最小化 ‖w‖。",
    )
    candidates = [
        (1 / norm, L10n(en="1 / ‖w‖ is the distance from the decision boundary to one side; the margin spans both sides.", zh="1 / ‖w‖ 只是决策边界到一侧的距离；间隔宽度包括两侧。")),
        (2 / norm**2, L10n(en="Divide by the norm ‖w‖, not its square.", zh="应除以范数 ‖w‖，而不是它的平方。")),
    ]
    hints = (
        L10n(en="Each margin hyperplane w·x + b = ±1 lies 1 / ‖w‖ from the boundary; b only shifts them.",
             zh="每条间隔边界 w·x + b = ±1 距决策边界 1 / ‖w‖；b 只是平移它们。"),
        L10n(en=f"First the norm: ‖w‖ = √({sq(w[0])}² + {sq(w[1])}²) = √{w[0] ** 2 + w[1] ** 2}.", zh=f"先算范数：‖w‖ = √({sq(w[0])}² + {sq(w[1])}²) = √{w[0] ** 2 + w[1] ** 2}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=tol, hints=hints, mistakes=_keep(answer, tol, candidates))


# ------------------------------------------------------------------------ K-Means

@generator("kmeans-inertia")
def kmeans_inertia(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Inertia of a small 2-D point set given two centroids."""
    c1 = (rng.randint(0, 2), rng.randint(0, 2))
    c2 = (rng.randint(5, 7), rng.randint(4, 7))
    points = []
    for _ in range(rng.randint(5, 6)):
        cx, cy = rng.choice([c1, c2])
        points.append((cx + rng.randint(-2, 2), cy + rng.randint(-2, 2)))
    terms = []
    inertia = 0
    unsquared = 0.0
    for x, y in points:
        d1 = (x - c1[0]) ** 2 + (y - c1[1]) ** 2
        d2 = (x - c2[0]) ** 2 + (y - c2[1]) ** 2
        d = min(d1, d2)
        inertia += d
        unsquared += math.sqrt(d)
        terms.append(f"({x},{y})→{'μ₁' if d1 <= d2 else 'μ₂'}: {d}")
    shown = ", ".join(f"({x}, {y})" for x, y in points)
    prompt = L10n(
        en=f"Points: {shown}. Centroids μ₁ = {c1}, μ₂ = {c2}. Each point belongs to its nearest centroid. What is the K-Means inertia (sum of squared Euclidean distances to the assigned centroid)? (whole number)",
        zh=f"数据点：{shown}。质心 μ₁ = {c1}，μ₂ = {c2}。每个点归属于离它最近的质心。K-Means 的惯性（inertia，即各点到所属质心的欧氏距离平方之和）是多少？（整数）",
    )
    explanation = L10n(
        en=f"Assign each point to the nearer centroid and add the squared distances (Δx² + Δy²): {'; '.join(terms)}. Total = {inertia}. K-Means alternates this assignment with moving each centroid to the mean of its points; neither step can increase the inertia.",
        zh=f"把每个点分给较近的质心，再把距离平方（Δx² + Δy²）相加：{'；'.join(terms)}。合计 {inertia}。K-Means 交替执行这一分配步骤和\"把质心移到所属点的均值\"的更新步骤，两步都只会让惯性不增。",
    )
    candidates = [(round(unsquared, 3), L10n(en="You added plain distances; inertia adds squared distances.", zh="你加的是距离本身；惯性是距离的平方之和。"))]
    (x0, y0) = points[0]
    d1 = (x0 - c1[0]) ** 2 + (y0 - c1[1]) ** 2
    d2 = (x0 - c2[0]) ** 2 + (y0 - c2[1]) ** 2
    hints = (
        L10n(en="Give each point to its nearer centroid and add the squared distances Δx² + Δy² (no square roots).",
             zh="把每个点分给较近的质心，再把距离平方 Δx² + Δy² 相加（不开根号）。"),
        L10n(en=f"First point ({x0}, {y0}): squared distance {d1} to μ₁ and {d2} to μ₂, so it counts {min(d1, d2)}.",
             zh=f"第一个点 P₁ = ({x0}, {y0})：到 μ₁ 的距离平方为 {d1}，到 μ₂ 的为 {d2}，所以计入 {min(d1, d2)}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=inertia, tolerance=0, hints=hints, mistakes=_keep(inertia, 0, candidates))

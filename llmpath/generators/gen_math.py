"""Generators for the math module: linear algebra, probability, optimization.

Standard library only; every random number comes from ``rng``. Each generator states
the precision in its prompt and sets ``tolerance`` to match (3 decimals → 0.001).
"""

from __future__ import annotations

import math
import random
from typing import Any

from llmpath.content.models import L10n
from llmpath.generators import Generated, cosine_parts, fmt, generator


def _vec(values: list[float] | list[int], digits: int = 4) -> str:
    return "[" + ", ".join(fmt(v, digits) for v in values) + "]"


def _p(x: float) -> str:
    """A number ready to be multiplied in a worked formula: negatives in brackets."""
    return f"({fmt(x)})" if x < 0 else fmt(x)


def _g(x: float, sig: int = 6) -> str:
    """A number to ``sig`` significant digits, negatives in brackets (for worked steps)."""
    text = f"{x:.{sig}g}"
    return f"({text})" if x < 0 else text


def _mistakes(answer: float, tolerance: float, *candidates: tuple[float, L10n]) -> tuple[tuple[float, L10n], ...]:
    """Keep only the wrong values that a grader could tell apart from the answer."""
    kept: list[tuple[float, L10n]] = []
    for value, feedback in candidates:
        if abs(value - answer) > 2 * tolerance + 1e-9 and all(abs(value - v) > 1e-9 for v, _ in kept):
            kept.append((value, feedback))
    return tuple(kept)


# --------------------------------------------------------------- linear algebra

@generator("matmul-shape")
def matmul_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of [batch, seq_len, d_in] @ [d_in, d_out]: the batch dims pass through."""
    batch, seq = rng.choice([2, 4, 8, 16]), rng.choice([5, 10, 128, 512])
    d_in, d_out = rng.choice([64, 256, 768]), rng.choice([128, 512, 3072])
    prompt = L10n(
        en=f"A tensor X has shape [{batch}, {seq}, {d_in}] and a weight matrix W has shape [{d_in}, {d_out}]. What is the shape of X @ W? (e.g. 2, 3, 4)",
        zh=f"张量 X 的形状是 [{batch}, {seq}, {d_in}]，权重矩阵 W 的形状是 [{d_in}, {d_out}]。X @ W 的形状是什么？（例如 2, 3, 4）",
    )
    explanation = L10n(
        en=f"matmul contracts the last axis of X ({d_in}) with the first axis of W ({d_in}); the leading axes [{batch}, {seq}] are carried through, so the result is [{batch}, {seq}, {d_out}].",
        zh=f"矩阵乘法把 X 的最后一维（{d_in}）与 W 的第一维（{d_in}）相乘求和消去，前面的维度 [{batch}, {seq}] 原样保留，结果为 [{batch}, {seq}, {d_out}]。",
    )
    hints = (
        L10n(en="Matrix multiplication contracts the last axis of X with the first axis of W. Which axes survive?",
             zh="矩阵乘法把 X 的最后一维与 W 的第一维相乘求和消去。哪些维度会留下来？"),
        L10n(en=f"The inner sizes {d_in} and {d_in} match and disappear; the leading axes [{batch}, {seq}] pass through unchanged. What does W contribute?",
             zh=f"内侧的 {d_in} 与 {d_in} 相等并被消去；前面的 [{batch}, {seq}] 原样保留。W 贡献的是哪一维？"),
    )
    return Generated(prompt, explanation, kind="shape", answer=(batch, seq, d_out), hints=hints)


@generator("cosine-similarity")
def cosine_similarity(rng: random.Random, params: dict[str, Any]) -> Generated:
    """cos(a, b) = a·b / (‖a‖ ‖b‖) for two small integer vectors."""
    n = int(params.get("n", 3))

    def draw() -> list[int]:
        while True:
            v = [rng.randint(-3, 4) for _ in range(n)]
            if any(v):
                return v

    a, b = draw(), draw()
    dot, na, nb, cos = cosine_parts(a, b)
    prompt = L10n(
        en=f"a = {_vec(a)}, b = {_vec(b)}. What is their cosine similarity a·b / (‖a‖ ‖b‖)? (3 decimals)",
        zh=f"a = {_vec(a)}，b = {_vec(b)}。它们的余弦相似度 a·b / (‖a‖ ‖b‖) 是多少？（保留 3 位小数）",
    )
    terms = " + ".join(f"{_p(x)}·{_p(y)}" for x, y in zip(a, b))
    explanation = L10n(
        en=f"a·b = {terms} = {dot}. ‖a‖ = √{sum(x * x for x in a)} ≈ {na:.3f}, ‖b‖ = √{sum(y * y for y in b)} ≈ {nb:.3f}. cos = {dot} / ({na:.3f} × {nb:.3f}) ≈ {cos:.3f}. Cosine similarity only measures direction: it lies in [−1, 1] whatever the lengths.",
        zh=f"a·b = {terms} = {dot}。‖a‖ = √{sum(x * x for x in a)} ≈ {na:.3f}，‖b‖ = √{sum(y * y for y in b)} ≈ {nb:.3f}。cos = {dot} / ({na:.3f} × {nb:.3f}) ≈ {cos:.3f}。余弦相似度只看方向，无论向量多长，取值都在 [−1, 1] 之间。",
    )
    mistakes = _mistakes(cos, 0.001, (float(dot), L10n(
        en="That is the raw dot product: divide by both lengths to get the cosine.",
        zh="这是未归一化的点积：还要除以两个向量的长度才是余弦相似度。",
    )))
    hints = (
        L10n(en="cos = a·b / (‖a‖ ‖b‖): the dot product divided by both lengths.",
             zh="cos = a·b / (‖a‖ ‖b‖)：点积除以两个向量的长度。"),
        L10n(en=f"a·b = {terms} = {dot}; ‖a‖ = √{sum(x * x for x in a)}. Now find ‖b‖ and divide.",
             zh=f"a·b = {terms} = {dot}；‖a‖ = √{sum(x * x for x in a)}。再求 ‖b‖，然后相除。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=cos, tolerance=0.001, mistakes=mistakes, hints=hints)


@generator("eigen-2x2")
def eigen_2x2(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Largest eigenvalue of a symmetric 2×2 matrix [[a, b], [b, d]]."""
    a, d = rng.randint(-3, 5), rng.randint(-3, 5)
    b = rng.choice([-3, -2, -1, 1, 2, 3])
    trace, det = a + d, a * d - b * b
    lam = trace / 2 + math.sqrt(trace * trace / 4 - det)
    lam2 = trace / 2 - math.sqrt(trace * trace / 4 - det)
    prompt = L10n(
        en=f"A = [[{a}, {b}], [{b}, {d}]]. What is the larger eigenvalue of A? (3 decimals)",
        zh=f"A = [[{a}, {b}], [{b}, {d}]]。A 的较大特征值是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"Solve det(A − λI) = 0, i.e. λ² − (trace)λ + det = 0 with trace = {a} + {_p(d)} = {trace} and det = {_p(a)}·{_p(d)} − {_p(b)}·{_p(b)} = {det}. λ = {fmt(trace / 2)} ± √({fmt(trace * trace / 4)} − ({det})) gives {lam:.3f} and {lam2:.3f}; the larger is {lam:.3f}. Check: the two eigenvalues add up to the trace and multiply to the determinant.",
        zh=f"解 det(A − λI) = 0，即 λ² − tr(A)·λ + det(A) = 0，其中迹 tr(A) = {a} + {_p(d)} = {trace}，行列式 det(A) = {_p(a)}·{_p(d)} − {_p(b)}·{_p(b)} = {det}。λ = {fmt(trace / 2)} ± √({fmt(trace * trace / 4)} − ({det}))，得 {lam:.3f} 与 {lam2:.3f}，较大的是 {lam:.3f}。验算：两个特征值之和等于迹，之积等于行列式。",
    )
    mistakes = _mistakes(lam, 0.001, (float(max(a, d)), L10n(
        en="That is the largest diagonal entry. Only a diagonal (or triangular) matrix has its eigenvalues on the diagonal; here b ≠ 0.",
        zh="这是对角线上的最大元素。只有对角（或三角）矩阵的特征值才在对角线上，这里 b ≠ 0。",
    )))
    hints = (
        L10n(en="For a 2×2 matrix the eigenvalues solve λ² − (trace)λ + det = 0.",
             zh="2×2 矩阵的特征值满足 λ² − tr(A)·λ + det(A) = 0（tr 为迹，det 为行列式）。"),
        L10n(en=f"trace = {trace}, det = {det}. Use λ = trace/2 ± √(trace²/4 − det) and keep the larger root.",
             zh=f"迹 = {trace}，行列式 = {det}。用 λ = tr/2 ± √(tr²/4 − det)，取较大的根。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=lam, tolerance=0.001, mistakes=mistakes, hints=hints)


@generator("lowrank-storage")
def lowrank_storage(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Numbers stored by a rank-k truncated SVD of an m×n matrix: k(m + n + 1)."""
    m, n = rng.choice([256, 512, 768, 1024, 4096]), rng.choice([256, 512, 1024, 3072])
    k = rng.choice([4, 8, 16, 32, 64])
    answer = k * (m + n + 1)
    prompt = L10n(
        en=f"A weight matrix has shape [{m}, {n}]. You keep a rank-{k} truncated SVD: U_k ({m}×{k}), the {k} singular values, and V_k ({n}×{k}). How many numbers do you store?",
        zh=f"一个权重矩阵形状为 [{m}, {n}]。保留秩为 {k} 的截断 SVD：U_k（{m}×{k}）、{k} 个奇异值和 V_k（{n}×{k}）。一共要存储多少个数？",
    )
    explanation = L10n(
        en=f"{m}·{k} + {k} + {n}·{k} = {k}·({m} + {n} + 1) = {answer}, versus {m}·{n} = {m * n} for the full matrix ({answer / (m * n):.1%} of it). This is the idea behind LoRA-style low-rank updates.",
        zh=f"{m}·{k} + {k} + {n}·{k} = {k}·({m} + {n} + 1) = {answer}，而完整矩阵需要 {m}·{n} = {m * n} 个数（仅为其 {answer / (m * n):.1%}）。LoRA 等低秩更新方法正是基于这个思路。",
    )
    mistakes = _mistakes(answer, 0, (float(k * (m + n)), L10n(
        en="You forgot the k singular values on the diagonal of Σ_k.",
        zh="漏掉了 Σ_k 对角线上的 k 个奇异值。",
    )), (float(m * n), L10n(
        en="That is the full matrix; the point of a rank-k approximation is to store far fewer numbers.",
        zh="这是完整矩阵的元素个数；低秩近似的意义就在于存储少得多的数。",
    )))
    hints = (
        L10n(en="Count the numbers in each of the three pieces — U_k, the k singular values, V_k — and add them.",
             zh="分别数出三部分的数：U_k、k 个奇异值、V_k，再相加。"),
        L10n(en=f"U_k alone holds {m}·{k} = {m * k} numbers. Add the {k} singular values and V_k.",
             zh=f"仅 U_k 就有 {m}·{k} = {m * k} 个数。再加上 {k} 个奇异值和 V_k。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=float(answer), tolerance=0, mistakes=mistakes, hints=hints)


# ------------------------------------------------------------------ probability

@generator("discrete-variance")
def discrete_variance(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Variance of a discrete random variable with three values."""
    values = rng.sample(range(-2, 7), 3)
    probs = rng.choice([[0.2, 0.3, 0.5], [0.1, 0.4, 0.5], [0.25, 0.25, 0.5], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6]])
    probs = rng.sample(probs, 3)
    mean = sum(p * x for p, x in zip(probs, values))
    ex2 = sum(p * x * x for p, x in zip(probs, values))
    var = ex2 - mean * mean
    table = ", ".join(f"P(X={x}) = {fmt(p)}" for x, p in zip(values, probs))
    prompt = L10n(
        en=f"A random variable X has {table}. What is Var(X)? (2 decimals)",
        zh=f"随机变量 X 满足 {table.replace(', ', ',')}。Var(X) 是多少？（保留 2 位小数）",
    )
    mean_terms = " + ".join(f"{fmt(p)}·{_p(x)}" for x, p in zip(values, probs))
    sq_terms = " + ".join(f"{fmt(p)}·{x * x}" for x, p in zip(values, probs))
    explanation = L10n(
        en=f"E[X] = {mean_terms} = {fmt(mean)}. E[X²] = {sq_terms} = {fmt(ex2)}. Var(X) = E[X²] − E[X]² = {fmt(ex2)} − {fmt(mean * mean)} = {var:.2f}. The standard deviation would be √Var ≈ {math.sqrt(var):.2f}.",
        zh=f"E[X] = {mean_terms} = {fmt(mean)}。E[X²] = {sq_terms} = {fmt(ex2)}。Var(X) = E[X²] − E[X]² = {fmt(ex2)} − {fmt(mean * mean)} = {var:.2f}。标准差则是 √Var ≈ {math.sqrt(var):.2f}。",
    )
    mistakes = _mistakes(var, 0.01, (ex2, L10n(
        en="That is E[X²]: you forgot to subtract E[X]².",
        zh="这是 E[X²]：忘了减去 E[X]²。",
    )), (math.sqrt(var), L10n(
        en="That is the standard deviation √Var(X); the question asks for the variance.",
        zh="这是标准差 √Var(X)；题目问的是方差。",
    )))
    hints = (
        L10n(en="Var(X) = E[X²] − E[X]²: compute the mean first, then the mean of the squares.",
             zh="Var(X) = E[X²] − E[X]²：先求均值，再求平方的均值。"),
        L10n(en=f"E[X] = {mean_terms} = {fmt(mean)}. Now E[X²] = {sq_terms}.",
             zh=f"E[X] = {mean_terms} = {fmt(mean)}。接着 E[X²] = {sq_terms}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=var, tolerance=0.01, mistakes=mistakes, hints=hints)


def _flag_balance(true_flags: float, false_alarms: float) -> tuple[str, str]:
    """A sentence comparing true flags with false alarms that is true for the drawn numbers."""
    t, f = fmt(true_flags, 5), fmt(false_alarms, 5)
    if round(false_alarms - true_flags, 9) > 0:
        return (f"Here the false alarms ({f}) outnumber the true flags ({t}): the large harmless group supplies most of the flags, so a flag is more often wrong than right.",
                f"这里误报（{f}）多于真标记（{t}）：大部分标记来自庞大的无害群体，所以一次标记错的可能比对的大。")
    if round(true_flags - false_alarms, 9) > 0:
        return (f"Here the true flags ({t}) outnumber the false alarms ({f}), so a flag is more often right than wrong; a rarer class or a higher false-positive rate would tip the balance.",
                f"这里真标记（{t}）多于误报（{f}），所以一次标记对的可能比错的大；类别更罕见或误报率更高时，天平就会倒向另一边。")
    return (f"Here the true flags and the false alarms are equal ({t} each), so a flag is right exactly half the time.",
            f"这里真标记与误报恰好相等（各 {t}），所以一次标记对错各占一半。")


@generator("bayes-posterior")
def bayes_posterior(rng: random.Random, params: dict[str, Any]) -> Generated:
    """P(condition | positive test) from prevalence, sensitivity and false-positive rate."""
    prior = rng.choice([0.01, 0.02, 0.05, 0.1, 0.2])
    sens = rng.choice([0.8, 0.9, 0.95, 0.99])
    fpr = rng.choice([0.01, 0.05, 0.1])
    num = sens * prior
    false_alarms = fpr * (1 - prior)
    evidence = num + false_alarms
    post = num / evidence
    balance_en, balance_zh = _flag_balance(num, false_alarms)
    prompt = L10n(
        en=f"A detector flags toxic text. {fmt(prior * 100)}% of texts are toxic. It flags {fmt(sens * 100)}% of toxic texts and {fmt(fpr * 100)}% of harmless ones. A text is flagged: what is the probability it is toxic? (3 decimals, as a decimal such as 0.123)",
        zh=f"某检测器用来标记有害文本。{fmt(prior * 100)}% 的文本是有害的；它能标记出 {fmt(sens * 100)}% 的有害文本，但也会误标 {fmt(fpr * 100)}% 的无害文本。一条文本被标记了，它确实有害的概率是多少？（保留 3 位小数，写成 0.123 这样的小数）",
    )
    explanation = L10n(
        en=f"Bayes: P(toxic | flag) = P(flag | toxic)·P(toxic) / P(flag). Numerator = {fmt(sens)}·{fmt(prior)} = {fmt(num, 5)}. P(flag) = {fmt(num, 5)} + {fmt(fpr)}·{fmt(1 - prior)} = {fmt(evidence, 5)}. Posterior = {fmt(num, 5)} / {fmt(evidence, 5)} ≈ {post:.3f}. {balance_en}",
        zh=f"贝叶斯公式：P（有害 | 标记）= P（标记 | 有害）·P（有害）/ P（标记）。分子 = {fmt(sens)}·{fmt(prior)} = {fmt(num, 5)}。P（标记）= {fmt(num, 5)} + {fmt(fpr)}·{fmt(1 - prior)} = {fmt(evidence, 5)}。后验 = {fmt(num, 5)} / {fmt(evidence, 5)} ≈ {post:.3f}。{balance_zh}",
    )
    mistakes = _mistakes(post, 0.001, (sens, L10n(
        en="That is P(flag | toxic), the detector's sensitivity. P(toxic | flag) also depends on the prior and on the false positives.",
        zh="这是 P（标记 | 有害），即检测器的灵敏度。P（有害 | 标记）还取决于先验和误报。",
    )))
    hints = (
        L10n(en="Bayes: P(toxic | flag) = P(flag | toxic)·P(toxic) / P(flag), where P(flag) adds the flags from toxic and from harmless texts.",
             zh="贝叶斯公式：P（有害 | 标记）= P（标记 | 有害）·P（有害）/ P（标记），其中 P（标记）要把有害文本和无害文本被标记的概率加起来。"),
        L10n(en=f"True flags: {fmt(sens)}·{fmt(prior)} = {fmt(num, 5)}. False alarms: {fmt(fpr)}·{fmt(1 - prior)} = {fmt(false_alarms, 5)}. What share of all flags are true?",
             zh=f"真标记：{fmt(sens)}·{fmt(prior)} = {fmt(num, 5)}。误报：{fmt(fpr)}·{fmt(1 - prior)} = {fmt(false_alarms, 5)}。真标记占全部标记的比例是多少？"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=post, tolerance=0.001, mistakes=mistakes, hints=hints)


@generator("mle-variance")
def mle_variance(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Maximum-likelihood variance of a Gaussian sample: mean squared deviation (÷ n)."""
    n = int(params.get("n", 5))
    xs = [rng.randint(0, 9) for _ in range(n)]
    while len(set(xs)) == 1:
        xs = [rng.randint(0, 9) for _ in range(n)]
    mu = sum(xs) / n
    ss = sum((x - mu) ** 2 for x in xs)
    var = ss / n
    prompt = L10n(
        en=f"You fit a normal distribution N(μ, σ²) by maximum likelihood to the data {_vec(xs)}. What is the MLE of σ²? (3 decimals)",
        zh=f"用极大似然估计把正态分布 N(μ, σ²) 拟合到数据 {_vec(xs)} 上。σ² 的极大似然估计是多少？（保留 3 位小数）",
    )
    devs = " + ".join(f"({x} − {fmt(mu)})²" for x in xs)
    explanation = L10n(
        en=f"The MLE of μ is the sample mean {fmt(mu)}; the MLE of σ² is the mean squared deviation, dividing by n = {n}: ({devs}) / {n} = {fmt(ss)} / {n} ≈ {var:.3f}. Dividing by n − 1 gives the unbiased estimate {ss / (n - 1):.3f}, which is not the MLE.",
        zh=f"μ 的极大似然估计是样本均值 {fmt(mu)}；σ² 的极大似然估计是离差平方的平均值，除以 n = {n}：({devs}) / {n} = {fmt(ss)} / {n} ≈ {var:.3f}。除以 n − 1 得到的是无偏估计 {ss / (n - 1):.3f}，不是极大似然估计。",
    )
    mistakes = _mistakes(var, 0.001, (ss / (n - 1), L10n(
        en="Dividing by n − 1 gives the unbiased sample variance, not the maximum-likelihood estimate (which divides by n).",
        zh="除以 n − 1 得到的是无偏样本方差，而不是极大似然估计（后者除以 n）。",
    )), (math.sqrt(var), L10n(
        en="That is σ, the standard deviation; the question asks for σ².",
        zh="这是标准差 σ；题目问的是 σ²。",
    )))
    hints = (
        L10n(en="The MLE of μ is the sample mean; the MLE of σ² is the mean squared deviation from it, dividing by n (not n − 1).",
             zh="μ 的极大似然估计是样本均值；σ² 的极大似然估计是相对它的离差平方的平均，除以 n（不是 n − 1）。"),
        L10n(en=f"μ̂ = {sum(xs)} / {n} = {fmt(mu)}. Square each deviation ({xs[0]} − {fmt(mu)})², … and average them.",
             zh=f"μ̂ = {sum(xs)} / {n} = {fmt(mu)}。求出每个离差的平方，例如 d₁² = ({xs[0]} − {fmt(mu)})²，再取平均。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=var, tolerance=0.001, mistakes=mistakes, hints=hints)


# ------------------------------------------------------- entropy and softmax

@generator("softmax-max-prob")
def softmax_max_prob(rng: random.Random, params: dict[str, Any]) -> Generated:
    """The largest probability that softmax assigns to a small random logit vector."""
    n = int(params.get("n", 3))
    logits = [rng.randint(-2, 3) for _ in range(n)]
    exps = [math.exp(z) for z in logits]
    p_max = max(exps) / sum(exps)
    shown = ", ".join(str(z) for z in logits)
    prompt = L10n(
        en=f"Logits z = [{shown}]. What is the largest probability in softmax(z)? (3 decimals)",
        zh=f"logits z = [{shown}]。softmax(z) 中最大的概率是多少？（保留 3 位小数）",
    )
    terms = " + ".join(f"e^{z}" for z in logits)
    explanation = L10n(
        en=f"softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ). The largest logit is {max(logits)}: e^{max(logits)} / ({terms}) = {max(exps):.5g} / {sum(exps):.5g} ≈ {p_max:.3f}.",
        zh=f"softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ)。最大的 logit 是 {max(logits)}：e^{max(logits)} / ({terms}) = {max(exps):.5g} / {sum(exps):.5g} ≈ {p_max:.3f}。",
    )
    naive = max(logits) / sum(logits) if sum(logits) > 0 and min(logits) >= 0 else None
    candidates = []
    if naive is not None:
        candidates.append((naive, L10n(
            en="You divided the logits by their sum. Softmax exponentiates first: exp(zᵢ) / Σⱼ exp(zⱼ).",
            zh="你直接用 logit 除以它们的和。softmax 要先取指数：exp(zᵢ) / Σⱼ exp(zⱼ)。",
        )))
    hints = (
        L10n(en="softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ): exponentiate every logit, then divide the largest by the sum.",
             zh="softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ)：先对每个 logit 取指数，再用最大的除以总和。"),
        L10n(en=f"The exponentials are {', '.join(f'{e:.4g}' for e in exps)}; their sum is {sum(exps):.5g}.",
             zh=f"各项指数为 {'、'.join(f'{e:.4g}' for e in exps)}；总和为 {sum(exps):.5g}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=p_max, tolerance=0.001, mistakes=_mistakes(p_max, 0.001, *candidates), hints=hints)


_DISTRIBUTIONS = (
    (0.5, 0.5), (0.9, 0.1), (0.7, 0.3), (0.5, 0.25, 0.25), (0.6, 0.2, 0.2), (0.4, 0.4, 0.2),
    (0.7, 0.2, 0.1), (0.8, 0.1, 0.1), (0.25, 0.25, 0.25, 0.25), (0.4, 0.3, 0.2, 0.1), (0.5, 0.2, 0.2, 0.1),
)


@generator("entropy-bits")
def entropy_bits(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shannon entropy in bits of a small next-token distribution."""
    probs = list(rng.choice(_DISTRIBUTIONS))
    rng.shuffle(probs)
    h = -sum(p * math.log2(p) for p in probs)
    h_nats = -sum(p * math.log(p) for p in probs)
    prompt = L10n(
        en=f"A model's next-token distribution over {len(probs)} tokens is p = {_vec(probs)}. What is its entropy H(p) in bits (log base 2)? (3 decimals)",
        zh=f"模型对 {len(probs)} 个 token 的下一个 token 分布为 p = {_vec(probs)}。它的熵 H(p) 是多少比特（以 2 为底）？（保留 3 位小数）",
    )
    terms = " + ".join(f"{fmt(p)}·log₂{fmt(p)}" for p in probs)
    explanation = L10n(
        en=f"H(p) = −Σᵢ pᵢ log₂ pᵢ = −({terms}) ≈ {h:.3f} bits. The maximum for {len(probs)} outcomes is log₂{len(probs)} = {math.log2(len(probs)):.3f} (uniform); the more peaked the distribution, the lower the entropy.",
        zh=f"H(p) = −Σᵢ pᵢ log₂ pᵢ = −({terms}) ≈ {h:.3f} 比特。{len(probs)} 个结果时熵的最大值是 log₂{len(probs)} = {math.log2(len(probs)):.3f}（均匀分布）；分布越尖锐，熵越低。",
    )
    mistakes = _mistakes(h, 0.001, (h_nats, L10n(
        en="That is the entropy in nats (natural log). Bits use log base 2: divide nats by ln 2 ≈ 0.693.",
        zh="这是以自然对数计算的熵（单位奈特 nat）。比特要以 2 为底：奈特值除以 ln 2 ≈ 0.693。",
    )))
    hints = (
        L10n(en="H(p) = −Σᵢ pᵢ log₂ pᵢ: one term per token, base-2 logarithms.",
             zh="H(p) = −Σᵢ pᵢ log₂ pᵢ：每个 token 一项，对数以 2 为底。"),
        L10n(en=f"The first term is −{fmt(probs[0])}·log₂{fmt(probs[0])} = {-probs[0] * math.log2(probs[0]):.4f}. Do the same for the others and add.",
             zh=f"第一项是 −{fmt(probs[0])}·log₂{fmt(probs[0])} = {-probs[0] * math.log2(probs[0]):.4f}。其余各项同样计算后相加。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=h, tolerance=0.001, mistakes=mistakes, hints=hints)


@generator("cross-entropy-logits")
def cross_entropy_logits(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Cross-entropy loss −ln softmax(z)[target] for one token."""
    n = int(params.get("n", 3))
    logits = [rng.randint(-2, 3) for _ in range(n)]
    target = rng.randrange(n)
    exps = [math.exp(z) for z in logits]
    p = exps[target] / sum(exps)
    loss = -math.log(p)
    prompt = L10n(
        en=f"Over a {n}-token vocabulary the model outputs logits z = {_vec(logits)}. The correct next token is token {target} (counting from 0). What is the cross-entropy loss −ln p(correct), natural log? (3 decimals)",
        zh=f"在大小为 {n} 的词表上，模型输出 logits z = {_vec(logits)}。正确的下一个 token 是第 {target} 号（从 0 开始数）。交叉熵损失 −ln p（正确 token）是多少（自然对数）？（保留 3 位小数）",
    )
    terms = " + ".join(f"e^{z}" for z in logits)
    explanation = L10n(
        en=f"p = e^{logits[target]} / ({terms}) = {exps[target]:.5g} / {sum(exps):.5g} ≈ {p:.5g}; loss = −ln {p:.5g} ≈ {loss:.3f}. Equivalently, loss = ln Σⱼ e^zⱼ − z_target = {math.log(sum(exps)):.3f} − ({logits[target]}) ≈ {loss:.3f} — the form PyTorch's cross_entropy computes from logits.",
        zh=f"p = e^{logits[target]} / ({terms}) = {exps[target]:.5g} / {sum(exps):.5g} ≈ {p:.5g}；损失 = −ln {p:.5g} ≈ {loss:.3f}。等价地，损失 = ln Σⱼ e^zⱼ − z_目标 = {math.log(sum(exps)):.3f} − ({logits[target]}) ≈ {loss:.3f},PyTorch 的 cross_entropy 正是直接从 logits 这样计算的。",
    )
    mistakes = _mistakes(loss, 0.001, (-math.log2(p), L10n(
        en="You used log base 2. Training losses in PyTorch use the natural log (nats).",
        zh="你用了以 2 为底的对数。PyTorch 中的训练损失使用自然对数（单位奈特）。",
    )), (p, L10n(
        en="That is the probability of the correct token; the loss is −ln of it.",
        zh="这是正确 token 的概率；损失是它的负自然对数 −ln p。",
    )))
    hints = (
        L10n(en="Loss = −ln softmax(z)[target] = ln Σⱼ e^zⱼ − z_target (natural log).",
             zh="损失 = −ln softmax(z)[目标] = ln Σⱼ e^zⱼ − z_目标（自然对数）。"),
        L10n(en=f"Σⱼ e^zⱼ = {terms} ≈ {sum(exps):.5g}, and the target logit is z_{target} = {logits[target]}.",
             zh=f"Σⱼ e^zⱼ = {terms} ≈ {sum(exps):.5g}，目标 logit 为 z_{target} = {logits[target]}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=loss, tolerance=0.001, mistakes=mistakes, hints=hints)


# ------------------------------------------------------------------ optimization

@generator("gd-step")
def gd_step(rng: random.Random, params: dict[str, Any]) -> Generated:
    """One gradient-descent step on f(w) = a(w − c)²."""
    a, c = rng.choice([1, 2, 3]), rng.randint(-3, 3)
    w = c + rng.choice([-4, -3, -2, -1, 1, 2, 3, 4])
    lr = rng.choice([0.01, 0.05, 0.1, 0.2])
    grad = 2 * a * (w - c)
    new = w - lr * grad
    prompt = L10n(
        en=f"Loss f(w) = {a}(w − {c})². At w = {w}, take one gradient-descent step with learning rate η = {fmt(lr)}. What is the new w? (3 decimals)".replace("− -", "+ "),
        zh=f"损失 f(w) = {a}(w − {c})²。在 w = {w} 处用学习率 η = {fmt(lr)} 做一步梯度下降，新的 w 是多少？（保留 3 位小数）".replace("− -", "+ "),
    )
    explanation = L10n(
        en=f"f′(w) = 2·{a}·(w − {c}) = {grad} at w = {w}. w ← w − η·f′(w) = {w} − {fmt(lr)}·({grad}) = {fmt(new)}. The step brings w closer to the minimum at w = {c}.".replace("− -", "+ "),
        zh=f"f′(w) = 2·{a}·(w − {c})，在 w = {w} 处为 {grad}。w ← w − η·f′(w) = {w} − {fmt(lr)}·({grad}) = {fmt(new)}。这一步让 w 更接近最小值点 w = {c}。".replace("− -", "+ "),
    )
    mistakes = _mistakes(new, 0.001, (w + lr * grad, L10n(
        en="You added the gradient. Descent moves against the gradient: w − η·f′(w).",
        zh="你加上了梯度。梯度下降要沿梯度的反方向走：w − η·f′(w)。",
    )), (w - lr * a * (w - c), L10n(
        en="You dropped the factor 2 from the derivative of (w − c)².",
        zh="对 f(w) = a(w − c)² 求导时漏掉了系数 2。",
    )))
    hints = (
        L10n(en="One step: w ← w − η·f′(w). Differentiate a(w − c)² first.",
             zh="一步更新：w ← w − η·f′(w)。先对 a(w − c)² 求导。"),
        L10n(en=f"f′(w) = 2·{a}·(w − {c}), which is {grad} at w = {w}. Now apply the update with η = {fmt(lr)}.".replace("− -", "+ "),
             zh=f"f′(w) = 2·{a}·(w − {c})，在 w = {w} 处为 {grad}。再用 η = {fmt(lr)} 做更新。".replace("− -", "+ ")),
    )
    return Generated(prompt, explanation, kind="numeric", answer=new, tolerance=0.001, mistakes=mistakes, hints=hints)


@generator("momentum-steps")
def momentum_steps(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Two SGD-with-momentum steps (PyTorch form: v ← βv + g, w ← w − ηv)."""
    w0 = rng.choice([0.5, 1.0, 1.5, 2.0, -1.0])
    g1, g2 = rng.choice([0.5, 1.0, 2.0, -1.0]), rng.choice([0.5, 1.0, 1.5, -0.5])
    lr, beta = rng.choice([0.1, 0.05]), 0.9
    v1 = g1
    w1 = w0 - lr * v1
    v2 = beta * v1 + g2
    w2 = w1 - lr * v2
    prompt = L10n(
        en=f"SGD with momentum (v ← βv + g, w ← w − ηv, v starts at 0), β = 0.9, η = {fmt(lr)}, w = {fmt(w0)}. The first two gradients are g₁ = {fmt(g1)} and g₂ = {fmt(g2)}. What is w after both steps? (4 decimals)",
        zh=f"带动量的 SGD（v ← βv + g，w ← w − ηv，v 初始为 0），β = 0.9，η = {fmt(lr)}，w = {fmt(w0)}。前两步的梯度为 g₁ = {fmt(g1)}、g₂ = {fmt(g2)}。两步之后 w 是多少？（保留 4 位小数）",
    )
    explanation = L10n(
        en=f"Step 1: v = 0.9·0 + {_p(g1)} = {fmt(v1)}, w = {fmt(w0)} − {fmt(lr)}·{_p(v1)} = {fmt(w1)}. Step 2: v = 0.9·{_p(v1)} + {_p(g2)} = {fmt(v2)}, w = {fmt(w1)} − {fmt(lr)}·{_p(v2)} = {fmt(w2)}. The velocity remembers past gradients, so consistent directions build up speed.",
        zh=f"第 1 步：v = 0.9·0 + {_p(g1)} = {fmt(v1)}，w = {fmt(w0)} − {fmt(lr)}·{_p(v1)} = {fmt(w1)}。第 2 步：v = 0.9·{_p(v1)} + {_p(g2)} = {fmt(v2)}，w = {fmt(w1)} − {fmt(lr)}·{_p(v2)} = {fmt(w2)}。速度 v 记住了过去的梯度，方向一致时步子会越迈越大。",
    )
    mistakes = _mistakes(w2, 0.0001, (w0 - lr * (g1 + g2), L10n(
        en="That is plain SGD: the second step must use the velocity 0.9·v + g₂, not g₂ alone.",
        zh="这是普通 SGD 的结果：第二步应使用速度 0.9·v + g₂，而不只是 g₂。",
    )))
    hints = (
        L10n(en="v starts at 0, so the first velocity is just g₁; the second is 0.9·v + g₂. Each step subtracts η·v.",
             zh="v 从 0 开始，所以第一步的速度就是 g₁；第二步是 0.9·v + g₂。每一步都减去 η·v。"),
        L10n(en=f"Step 1: v = {fmt(v1)}, w = {fmt(w0)} − {fmt(lr)}·{_p(v1)} = {fmt(w1)}. Now step 2.",
             zh=f"第 1 步：v = {fmt(v1)}，w = {fmt(w0)} − {fmt(lr)}·{_p(v1)} = {fmt(w1)}。接着算第 2 步。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=w2, tolerance=0.0001, mistakes=mistakes, hints=hints)


@generator("adam-steps")
def adam_steps(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Two Adam steps with bias correction (β₁ = 0.9, β₂ = 0.999, ε ignored)."""
    w0 = rng.choice([0.0, 0.5, 1.0, -1.0])
    g1, g2 = rng.choice([0.2, 0.5, 2.0, -1.0]), rng.choice([0.1, 0.4, 1.0, -0.5, 3.0])
    lr, b1, b2 = rng.choice([0.1, 0.01]), 0.9, 0.999
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1 * g1
    step1 = lr * (m1 / (1 - b1)) / math.sqrt(v1 / (1 - b2))
    w1 = w0 - step1
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2 * g2
    mhat, vhat = m2 / (1 - b1 ** 2), v2 / (1 - b2 ** 2)
    step2 = lr * mhat / math.sqrt(vhat)
    w2 = w1 - step2
    no_bc = w0 - lr * m1 / math.sqrt(v1) - lr * m2 / math.sqrt(v2)
    prompt = L10n(
        en=f"Adam with β₁ = 0.9, β₂ = 0.999, ε ≈ 0 (ignore it), η = {fmt(lr)}, m and v start at 0, w = {fmt(w0)}. Gradients g₁ = {fmt(g1)}, g₂ = {fmt(g2)}. Using bias correction, what is w after two steps? (4 decimals)",
        zh=f"Adam 优化器，β₁ = 0.9，β₂ = 0.999，ε ≈ 0（忽略），η = {fmt(lr)}，m 与 v 初始为 0，w = {fmt(w0)}。梯度 g₁ = {fmt(g1)}、g₂ = {fmt(g2)}。使用偏差校正，两步之后 w 是多少？（保留 4 位小数）",
    )
    explanation = L10n(
        en=f"Step 1: m = 0.1·{_p(g1)} = {fmt(m1)}, v = 0.001·{fmt(g1 * g1)} = {fmt(v1, 8)}; m̂ = m/(1−0.9) = {fmt(g1)}, v̂ = v/(1−0.999) = {fmt(g1 * g1)}, so the step is η·m̂/√v̂ = {fmt(step1)} (the first step is always η·sign(g)) and w = {fmt(w0)} − {_p(step1)} = {fmt(w1)}. Step 2: m = 0.9·{_p(m1)} + 0.1·{_p(g2)} = {fmt(m2, 6)}, v = 0.999·{fmt(v1, 8)} + 0.001·{fmt(g2 * g2)} = {fmt(v2, 8)}; m̂ = m/(1−0.9²) ≈ {mhat:.6g}, v̂ = v/(1−0.999²) ≈ {vhat:.6g}; step = {fmt(lr)}·{_g(mhat)}/√{vhat:.6g} ≈ {step2:.6g}, so w = {fmt(w1)} − {_g(step2)} ≈ {w2:.4f}.",
        zh=f"第 1 步：m = 0.1·{_p(g1)} = {fmt(m1)}，v = 0.001·{fmt(g1 * g1)} = {fmt(v1, 8)}；m̂ = m/(1−0.9) = {fmt(g1)}，v̂ = v/(1−0.999) = {fmt(g1 * g1)}，步长 η·m̂/√v̂ = {fmt(step1)}（第一步总是 η·sign(g)），w = {fmt(w0)} − {_p(step1)} = {fmt(w1)}。第 2 步：m = 0.9·{_p(m1)} + 0.1·{_p(g2)} = {fmt(m2, 6)}，v = 0.999·{fmt(v1, 8)} + 0.001·{fmt(g2 * g2)} = {fmt(v2, 8)}；m̂ = m/(1−0.9²) ≈ {mhat:.6g}，v̂ = v/(1−0.999²) ≈ {vhat:.6g}；步长 = {fmt(lr)}·{_g(mhat)}/√{vhat:.6g} ≈ {step2:.6g}，所以 w = {fmt(w1)} − {_g(step2)} ≈ {w2:.4f}。",
    )
    mistakes = _mistakes(w2, 0.0001, (no_bc, L10n(
        en="You skipped bias correction: m and v start at 0, so early on they are too small until divided by (1 − βᵗ).",
        zh="你跳过了偏差校正：m 和 v 从 0 开始，训练初期偏小，需要除以（1 − βᵗ）校正。",
    )), (w0 - lr * (g1 + g2), L10n(
        en="That is plain SGD. Adam divides by the running root-mean-square of the gradients.",
        zh="这是普通 SGD 的结果。Adam 还要除以梯度平方滑动平均的平方根。",
    )))
    hints = (
        L10n(en="With bias correction m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ), the step is η·m̂/√v̂; the first step is always η·sign(g₁).",
             zh="偏差校正后 m̂ = m/(1 − β₁ᵗ)，v̂ = v/(1 − β₂ᵗ)，步长为 η·m̂/√v̂；第一步总是 η·sign(g₁)。"),
        L10n(en=f"After step 1, w = {fmt(w1)}. Step 2: m = 0.9·{_p(m1)} + 0.1·{_p(g2)} = {fmt(m2, 6)} and v = 0.999·{fmt(v1, 8)} + 0.001·{fmt(g2 * g2)} = {fmt(v2, 8)}; correct both with t = 2.",
             zh=f"第 1 步后 w = {fmt(w1)}。第 2 步：m = 0.9·{_p(m1)} + 0.1·{_p(g2)} = {fmt(m2, 6)}，v = 0.999·{fmt(v1, 8)} + 0.001·{fmt(g2 * g2)} = {fmt(v2, 8)}；再用 t = 2 做偏差校正。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=w2, tolerance=0.0001, mistakes=mistakes, hints=hints)


@generator("l2-sgd-step")
def l2_sgd_step(rng: random.Random, params: dict[str, Any]) -> Generated:
    """One SGD step on loss + (λ/2)·w²: the gradient gains λw (weight decay)."""
    w = rng.choice([0.5, 1.0, 2.0, -1.5, 3.0])
    g = rng.choice([0.2, -0.4, 0.5, 1.0, -1.0])
    lr = rng.choice([0.1, 0.05])
    lam = rng.choice([0.01, 0.1, 0.5])
    new = w - lr * (g + lam * w)
    prompt = L10n(
        en=f"A weight w = {fmt(w)} has data-loss gradient g = {fmt(g)}. The total loss adds an L2 penalty (λ/2)·w² with λ = {fmt(lam)}. One SGD step with η = {fmt(lr)}: what is the new w? (4 decimals)",
        zh=f"某权重 w = {fmt(w)}，数据损失对它的梯度为 g = {fmt(g)}。总损失加上 L2 惩罚项 R(w) = (λ/2)·w²，其中 λ = {fmt(lam)}。用 η = {fmt(lr)} 做一步 SGD，新的 w 是多少？（保留 4 位小数）",
    )
    explanation = L10n(
        en=f"The penalty's gradient is λw = {fmt(lam)}·{_p(w)} = {fmt(lam * w)}, so w ← w − η(g + λw) = {fmt(w)} − {fmt(lr)}·({fmt(g)} + {_p(lam * w)}) = {fmt(new)}. Equivalently w is first shrunk by the factor (1 − ηλ) = {fmt(1 - lr * lam)}: that is why L2 is called weight decay.",
        zh=f"惩罚项的梯度是 λw = {fmt(lam)}·{_p(w)} = {fmt(lam * w)}，所以 w ← w − η(g + λw) = {fmt(w)} − {fmt(lr)}·({fmt(g)} + {_p(lam * w)}) = {fmt(new)}。等价于先把 w 乘以（1 − ηλ）= {fmt(1 - lr * lam)} 缩小一点，这就是 L2 正则又叫权重衰减（weight decay）的原因。",
    )
    mistakes = _mistakes(new, 0.0001, (w - lr * g, L10n(
        en="You ignored the penalty: its gradient λw must be added to g.",
        zh="你忽略了惩罚项：它的梯度 λw 要加到 g 上。",
    )), (w - lr * (g + 2 * lam * w), L10n(
        en="The derivative of (λ/2)·w² is λw, not 2λw.",
        zh="(λ/2)·w² 的导数是 λw，而不是 2λw。",
    )))
    hints = (
        L10n(en="The gradient of (λ/2)·w² is λw: add it to the data gradient, then take the SGD step.",
             zh="(λ/2)·w² 的梯度是 λw：把它加到数据梯度上，再做 SGD 更新。"),
        L10n(en=f"λw = {fmt(lam)}·{_p(w)} = {fmt(lam * w)}, so the total gradient is {fmt(g)} + {_p(lam * w)} = {fmt(g + lam * w)}.",
             zh=f"λw = {fmt(lam)}·{_p(w)} = {fmt(lam * w)}，所以总梯度为 {fmt(g)} + {_p(lam * w)} = {fmt(g + lam * w)}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=new, tolerance=0.0001, mistakes=mistakes, hints=hints)


_SUP = {2: "²", 3: "³", 6: "⁶"}


@generator("vanishing-depth")
def vanishing_depth(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Smallest depth L at which a per-layer gradient factor f gives f^L past a threshold."""
    if rng.random() < 0.5:
        f = rng.choice([0.25, 0.5, 0.8, 0.9])
        exp10 = rng.choice([2, 3, 6])
        threshold = 10.0 ** -exp10
        depth = 1
        while f ** depth >= threshold:
            depth += 1
        en_q = f"During backpropagation, every layer the gradient passes through multiplies it by about {fmt(f)}. After passing back through how many layers is the gradient first smaller than 10⁻{_SUP[exp10]} of its value at the output? (smallest whole number of layers)"
        zh_q = f"反向传播时，梯度每向回穿过一层，大约乘以 {fmt(f)}。向回穿过至少多少层后，梯度会首次小于输出端的 10⁻{_SUP[exp10]}？（填最小的整数层数）"
        word_en, word_zh = "vanish", "消失"
    else:
        f = rng.choice([1.5, 2.0, 1.2])
        exp10 = rng.choice([2, 3, 6])
        threshold = 10.0 ** exp10
        depth = 1
        while f ** depth <= threshold:
            depth += 1
        en_q = f"During backpropagation, every layer the gradient passes through multiplies it by about {fmt(f)}. After passing back through how many layers is the gradient first more than 10{_SUP[exp10]} times its value at the output? (smallest whole number of layers)"
        zh_q = f"反向传播时，梯度每向回穿过一层，大约乘以 {fmt(f)}。向回穿过至少多少层后，梯度会首次超过输出端的 10{_SUP[exp10]} 倍？（填最小的整数层数）"
        word_en, word_zh = "explode", "爆炸"
    lg = math.log(threshold) / math.log(f)
    explanation = L10n(
        en=f"After L layers the factor is {fmt(f)}^L. Solve {fmt(f)}^L = {fmt(threshold, 6)}: L = ln({fmt(threshold, 6)}) / ln({fmt(f)}) ≈ {lg:.2f}, so the smallest whole depth is {depth} ({fmt(f)}^{depth} ≈ {f ** depth:.3g}). Repeated multiplication is why gradients {word_en} in deep plain networks; residual connections and normalization keep the per-layer factor near 1.",
        zh=f"经过 L 层后的系数是 {fmt(f)}^L。解 {fmt(f)}^L = {fmt(threshold, 6)}：L = ln({fmt(threshold, 6)}) / ln({fmt(f)}) ≈ {lg:.2f}，所以最小整数深度是 {depth}（{fmt(f)}^{depth} ≈ {f ** depth:.3g}）。正是这种连乘让深层普通网络的梯度{word_zh}；残差连接和归一化让每层的系数保持在 1 附近。",
    )
    hints = (
        L10n(en="After L layers the gradient is multiplied by f^L. Solve f^L = threshold with logarithms, then take the next whole number.",
             zh="经过 L 层后梯度乘以 f^L。用对数解 f^L = 阈值，再取下一个整数。"),
        L10n(en=f"ln({fmt(threshold, 6)}) ≈ {math.log(threshold):.3f} and ln({fmt(f)}) ≈ {math.log(f):.3f}: divide them.",
             zh=f"ln({fmt(threshold, 6)}) ≈ {math.log(threshold):.3f}，ln({fmt(f)}) ≈ {math.log(f):.3f}：两者相除。"),
    )
    return Generated(L10n(en=en_q, zh=zh_q), explanation, kind="numeric", answer=float(depth), tolerance=0, hints=hints)

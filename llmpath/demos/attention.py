"""Scaled dot-product attention, one step at a time, on a short sentence.

Teaches: every token asks a question (query q), advertises what it holds (key k) and
offers content (value v); attention(Q, K, V) = softmax(Q Kᵀ / √d_k + M) V.
Source: Vaswani et al., "Attention Is All You Need" (2017), section 3.2.1.
The from-scratch version below is plain numpy; PyTorch's
``torch.nn.functional.scaled_dot_product_attention`` is the reference.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("sentence", str, "the cat sat on the mat", "the sentence to attend over (2-10 words)", "要做注意力的句子（2-10 个词）"),
    Option("d_k", int, 8, "size of queries, keys and values", "查询/键/值的维度", low=1, high=512),
    Option("mask", str, "causal", "causal (decoder: no peeking ahead) or none (encoder)", "causal（解码器：不看未来）或 none（编码器）", choices=("causal", "none")),
]


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """softmax(xᵢ) = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x); subtracting the max avoids overflow."""
    z = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def causal_mask(t: int) -> np.ndarray:
    """(T, T) additive mask: 0 where token i may look at token j (j ≤ i), −∞ in the future."""
    allowed = np.tril(np.ones((t, t), dtype=bool))
    return np.where(allowed, 0.0, -np.inf)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """softmax(Q Kᵀ / √d_k + M) V for q, k: (..., T, d_k), v: (..., T, d_v). Returns (output, weights)."""
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)  # (..., T, T)
    if mask is not None:
        scores = scores + mask
    weights = softmax(scores, axis=-1)  # (..., T, T), each row sums to 1
    return weights @ v, weights  # (..., T, d_v)


def _words(sentence: str) -> list[str]:
    words = sentence.split()
    if not 2 <= len(words) <= 10:
        raise DemoError(f"--sentence needs 2 to 10 words, got {len(words)}", f"--sentence 需要 2 到 10 个词，收到 {len(words)} 个")
    return words


def run(ctx: DemoContext, *, sentence: str, d_k: int, mask: str) -> None:
    import torch
    import torch.nn.functional as F

    words = _words(sentence)
    rng = np.random.default_rng(ctx.seed)
    T, C = len(words), d_k
    vocab = sorted(set(words))
    table = rng.normal(size=(len(vocab), C))  # toy embedding table: one random row per word
    x = table[[vocab.index(w) for w in words]]  # (T, C)
    labels = [w[:4] for w in words]

    ctx.heading("1. Tokens become vectors", "1. 词元变成向量")
    ctx.say(
        f"Each of the {T} words gets an embedding of size {C} (random here; learned in a real model). "
        "The same word gets the same vector, so both 'the' rows are equal.",
        f"{T} 个词各自得到一个 {C} 维的嵌入向量（这里随机生成，真实模型中是学出来的）。"
        "同一个词得到同一个向量。",
    )
    shown = min(C, 6)
    ctx.table(f"X  ({T}, {C})", [L10n("token", "词元")] + [f"x{j}" for j in range(shown)], [[w] + [round(float(v), 2) for v in row[:shown]] for w, row in zip(words, x)],
              more_columns=C > shown)

    ctx.heading("2. Queries, keys and values", "2. 查询、键和值")
    w_q, w_k, w_v = (rng.normal(scale=1 / np.sqrt(C), size=(C, d_k)) for _ in range(3))
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # each (T, d_k)
    ctx.say(
        "Three learned matrices turn each embedding into a query q (what am I looking for?), "
        f"a key k (what do I contain?) and a value v (what do I pass on?): Q = X W_q, K = X W_k, V = X W_v, each ({T}, {d_k}).",
        "三个可学习矩阵把每个嵌入变成查询 q（我在找什么？）、键 k（我包含什么？）和值 v（我传递什么？）："
        f"Q = X W_q,K = X W_k,V = X W_v，形状都是（{T}, {d_k}）。",
    )
    ctx.table("Q", [L10n("token", "词元")] + [f"q{j}" for j in range(min(d_k, 6))], [[w] + [round(float(a), 2) for a in row[:6]] for w, row in zip(words, q)],
              more_columns=d_k > 6)

    ctx.heading("3. Scores: every query against every key", "3. 打分：每个查询对每个键")
    raw = q @ k.T  # (T, T)
    ctx.say(
        "scoreᵢⱼ = qᵢ · kⱼ: a large dot product means token i finds token j relevant. Row i = token i asking.",
        "scoreᵢⱼ = qᵢ · kⱼ：点积越大，词 i 认为词 j 越相关。第 i 行 = 词 i 在提问。",
    )
    ctx.table("Q Kᵀ", [""] + labels, [[w] + [round(float(s), 2) for s in row] for w, row in zip(labels, raw)])

    ctx.heading("4. Why divide by √d_k", "4. 为什么除以 √d_k")
    d_big = 64
    a, b = rng.normal(size=(2, 2000, d_big))
    dots = np.sum(a * b, axis=1)
    peak_raw = float(np.mean(np.max(softmax(rng.normal(size=(500, 10)) * np.sqrt(d_big)), axis=1)))
    peak_scaled = float(np.mean(np.max(softmax(rng.normal(size=(500, 10))), axis=1)))
    ctx.say(
        f"With unit-variance entries, q · k is a sum of d_k products, so its variance is d_k: for d_k = {d_big} the standard "
        f"deviation is {dots.std():.2f} (≈ √{d_big} = 8). Scores that large push softmax into a near one-hot where "
        f"gradients vanish (average top weight over 10 keys: {peak_raw:.2f}). Dividing by √d_k brings the spread back "
        f"to {(dots / np.sqrt(d_big)).std():.2f} (top weight {peak_scaled:.2f}).",
        f"若各分量方差为 1,q · k 是 d_k 个乘积之和，方差为 d_k:d_k = {d_big} 时标准差为 {dots.std():.2f}(≈ √{d_big} = 8)。"
        f"这么大的分数会把 softmax 推向近似 one-hot，梯度消失（10 个键时平均最大权重 {peak_raw:.2f}）。"
        f"除以 √d_k 后标准差回到 {(dots / np.sqrt(d_big)).std():.2f}（最大权重 {peak_scaled:.2f}）。",
    )
    scaled = raw / np.sqrt(d_k)

    ctx.heading("5. The mask", "5. 掩码")
    m = causal_mask(T) if mask == "causal" else np.zeros((T, T))
    if mask == "causal":
        ctx.say(
            "A decoder (GPT) must not read the future while predicting the next word: add −∞ where j > i, "
            "so exp(−∞) = 0 gives those keys zero weight.",
            "解码器（GPT）预测下一个词时不能偷看后文：在 j > i 的位置加上 −∞,exp(−∞) = 0，这些键的权重就是 0。",
        )
    else:
        ctx.say(
            "No mask: an encoder (BERT) lets every token look at the whole sentence, both directions.",
            "不加掩码：编码器（BERT）让每个词看到整句话，双向。",
        )
    masked = scaled + m
    ctx.table("Q Kᵀ / √d_k + M", [""] + labels, [[w] + ["-inf" if np.isinf(s) else round(float(s), 2) for s in row] for w, row in zip(labels, masked)])

    ctx.heading("6. Softmax: scores become weights", "6. Softmax：分数变成权重")
    out, weights = attention(q, k, v, m if mask == "causal" else None)
    ctx.say(
        "softmax(sᵢⱼ) = exp(sᵢⱼ) / Σₖ exp(sᵢₖ) along each row: weights are ≥ 0 and each row sums to 1. "
        "Darker = more attention.",
        "对每一行做 softmax(sᵢⱼ) = exp(sᵢⱼ) / Σₖ exp(sᵢₖ)：权重非负，每行之和为 1。颜色越深，注意力越强。",
    )
    ctx.heatmap(ctx.t("attention weights (row attends to column)", "注意力权重（行关注列）"), labels, labels, weights)

    ctx.heading("7. Weighted sum of values", "7. 对值加权求和")
    ctx.say(
        f"outputᵢ = Σⱼ wᵢⱼ vⱼ: each token's new vector is a mix of the values it attended to, shape ({T}, {d_k}). "
        f"Token 0 ('{words[0]}') can only see itself under the causal mask, so its output equals v₀."
        if mask == "causal"
        else f"outputᵢ = Σⱼ wᵢⱼ vⱼ: each token's new vector is a mix of the values it attended to, shape ({T}, {d_k}).",
        f"输出ᵢ = Σⱼ wᵢⱼ vⱼ：每个词的新向量是它所关注的值的混合，形状（{T}, {d_k}）。"
        + (f"因果掩码下第 0 个词（'{words[0]}'）只能看到自己，所以输出等于 v₀。" if mask == "causal" else ""),
    )
    ctx.table(L10n("output = A V", "输出 = A V"), [L10n("token", "词元")] + [f"o{j}" for j in range(min(d_k, 6))], [[w] + [round(float(a), 2) for a in row[:6]] for w, row in zip(words, out)],
              more_columns=d_k > 6)

    ctx.heading("8. Check against PyTorch", "8. 与 PyTorch 对照")
    qt, kt, vt = (torch.from_numpy(a) for a in (q, k, v))  # float64
    ref = F.scaled_dot_product_attention(qt, kt, vt, is_causal=(mask == "causal"))
    ref_w = torch.softmax(qt @ kt.T / d_k**0.5 + torch.from_numpy(m), dim=-1)
    ctx.agree(ctx.t("attention output", "注意力输出"), out, ref, reference_name="torch.nn.functional.scaled_dot_product_attention", tolerance=1e-5, key="max_diff_output")
    ctx.agree(ctx.t("attention weights", "注意力权重"), weights, ref_w, reference_name="torch.softmax", tolerance=1e-5, key="max_diff_weights")

    ctx.figures.update(
        tokens=words,
        d_k=d_k,
        mask=mask,
        attention_weights=[[round(float(w), 4) for w in row] for row in weights],
        max_row_sum_error=float(np.max(np.abs(weights.sum(axis=1) - 1))),
        score_std_unscaled=round(float(dots.std()), 4),
        score_std_scaled=round(float((dots / np.sqrt(d_big)).std()), 4),
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(5, 4))
        im = ax.imshow(weights, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(T), words, rotation=45)
        ax.set_yticks(range(T), words)
        ax.set_xlabel("key")
        ax.set_ylabel("query")
        ax.set_title(f"attention weights ({mask} mask)")
        fig.colorbar(im, ax=ax)
        ctx.savefig(fig)

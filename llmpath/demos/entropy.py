"""Entropy, cross-entropy, KL divergence, softmax temperature, and the next-token loss.

Teaches: H(p) = −Σ p log p is the average surprise; cross-entropy H(p, q) = −Σ p log q is the
surprise when we code p with q; KL(p‖q) = H(p, q) − H(p) ≥ 0 is the gap. A language model's
loss on one token is −log q(correct token): the cross-entropy with a one-hot p.
Softmax with temperature T, softmax(z / T), sharpens (T < 1) or flattens (T > 1) q.
All logs are natural (nats); divide by ln 2 for bits.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, pyplot
from llmpath.i18n import L10n

OPTIONS = [Option("temperature", float, 0.7, "softmax temperature T", "softmax 温度 T", low=0.01, high=100.0)]

VOCAB = ["mat", "sofa", "floor", "roof", "moon", "banana"]
LOGITS = np.array([3.2, 2.1, 1.9, 0.4, -0.5, -2.0])  # the cat sat on the ___


def softmax(z: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(zᵢ / T) = exp(zᵢ/T) / Σⱼ exp(zⱼ/T), shifted by max(z) for numerical stability."""
    s = np.asarray(z, dtype=float) / temperature
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def entropy(p: np.ndarray) -> float:
    """H(p) = −Σ pᵢ log pᵢ (0 log 0 = 0)."""
    p = np.asarray(p, dtype=float)
    nz = p > 0
    return float(-np.sum(p[nz] * np.log(p[nz])))


def cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    """H(p, q) = −Σ pᵢ log qᵢ."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    nz = p > 0
    return float(-np.sum(p[nz] * np.log(q[nz])))


def kl_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """KL(p‖q) = Σ pᵢ log(pᵢ / qᵢ) = H(p, q) − H(p)."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / q[nz])))


def token_loss(logits: np.ndarray, target: int) -> float:
    """Cross-entropy of a one-hot target: −log softmax(logits)[target] = logsumexp(z) − z_target."""
    z = np.asarray(logits, dtype=float)
    m = z.max()
    return float(m + np.log(np.sum(np.exp(z - m))) - z[target])


def run(ctx: DemoContext, *, temperature: float) -> None:
    from scipy.special import softmax as scipy_softmax
    from scipy.stats import entropy as scipy_entropy

    ctx.heading("1. Entropy: average surprise", "1. 熵：平均惊讶程度")
    dists = {"fair coin": [0.5, 0.5], "biased coin": [0.9, 0.1], "fair die": [1 / 6] * 6, "certain": [1.0, 0.0]}
    ctx.say(
        "Seeing an outcome of probability p 'surprises' us by −log p. Entropy H(p) = −Σ pᵢ log pᵢ is the expected surprise: "
        "high when outcomes are equally likely, zero when one is certain.",
        "看到概率为 p 的结果，我们的“惊讶”是 −log p。熵（entropy）H(p) = −Σ pᵢ log pᵢ 是惊讶的期望："
        "结果越均匀熵越高，某个结果必然发生时熵为 0。",
    )
    ctx.table(L10n("H(p) in nats and bits", "熵（奈特与比特）"), [L10n("distribution", "分布"), "p", L10n("H (nats)", "H（奈特）"), L10n("H (bits)", "H（比特）")],
              [[name, " ".join(f"{v:.2f}" for v in p), round(entropy(p), 4), round(entropy(p) / np.log(2), 4)] for name, p in dists.items()])
    ctx.agree(L10n("entropy", "熵"), [entropy(p) for p in dists.values()], [scipy_entropy(p) for p in dists.values()], reference_name="scipy.stats.entropy", tolerance=1e-12)

    ctx.heading("2. Cross-entropy and KL divergence", "2. 交叉熵与 KL 散度")
    p = np.array([0.7, 0.2, 0.1])
    q = np.array([0.5, 0.3, 0.2])
    h, ce, kl = entropy(p), cross_entropy(p, q), kl_divergence(p, q)
    ctx.say(
        "If the truth is p but we predict q, the average surprise is the cross-entropy H(p, q) = −Σ pᵢ log qᵢ. "
        "It is never below H(p); the excess is the KL divergence KL(p‖q) = H(p, q) − H(p) ≥ 0, zero only when q = p. "
        "KL is not symmetric: KL(p‖q) ≠ KL(q‖p).",
        "若真实分布为 p 而我们预测 q，平均惊讶就是交叉熵 (cross-entropy) H(p, q) = −Σ pᵢ log qᵢ。"
        "它不会低于 H(p)；多出的部分是 KL 散度 KL(p‖q) = H(p, q) − H(p) ≥ 0，只有 q = p 时为 0。KL 不对称：KL(p‖q) ≠ KL(q‖p)。",
    )
    ctx.table("p = (0.7, 0.2, 0.1), q = (0.5, 0.3, 0.2)", [L10n("quantity", "量"), L10n("value (nats)", "值（奈特）")],
              [["H(p)", round(h, 5)], ["H(p, q)", round(ce, 5)], ["KL(p‖q) = H(p,q) − H(p)", round(kl, 5)], ["KL(q‖p)", round(kl_divergence(q, p), 5)]])
    ctx.agree("KL(p‖q)", kl, scipy_entropy(p, q), reference_name="scipy.stats.entropy(p, q)", tolerance=1e-12)
    ctx.agree("H(p,q) − H(p) − KL", ce - h - kl, 0.0, reference_name=L10n("the identity", "恒等式"), tolerance=1e-12, key="max_diff_identity")

    ctx.heading("3. Softmax and temperature", "3. Softmax 与温度")
    ctx.say(
        "A language model outputs one score (logit) per vocabulary token; softmax turns them into probabilities: "
        "softmax(zᵢ / T) = exp(zᵢ/T) / Σⱼ exp(zⱼ/T). Low T sharpens the distribution (greedy-like), high T flattens it (more random). "
        "Prompt: 'the cat sat on the ___'.",
        "语言模型为词表中每个词元输出一个分数（logit）；softmax 把它们变成概率：softmax(zᵢ / T) = exp(zᵢ/T) / Σⱼ exp(zⱼ/T)。"
        "T 小则分布更尖锐（接近贪心），T 大则更平坦（更随机）。提示：'the cat sat on the ___'。",
    )
    temps = sorted({0.5, 1.0, 2.0, temperature})
    rows = []
    for t in temps:
        q_t = softmax(LOGITS, t)
        rows.append([f"T={t:g}" + (" ◀" if t == temperature else ""), *[f"{v:.3f}" for v in q_t], round(entropy(q_t), 3)])
    ctx.table("softmax(z / T)", ["", *VOCAB, "H"], rows)
    q_user = softmax(LOGITS, temperature)
    ctx.bars(f"T = {temperature:g}", VOCAB, q_user)
    ctx.agree("softmax", q_user, scipy_softmax(LOGITS / temperature), reference_name="scipy.special.softmax", tolerance=1e-12)

    ctx.heading("4. The next-token loss is −log p", "4. 下一个词元的损失就是 −log p")
    target = VOCAB.index("mat")
    q1 = softmax(LOGITS)
    loss = token_loss(LOGITS, target)
    onehot = np.eye(len(VOCAB))[target]
    ctx.say(
        f"If the next token really is 'mat', the true distribution is one-hot, so H(p) = 0 and the cross-entropy is just "
        f"−log q(mat) = −log {q1[target]:.4f} = {loss:.4f} nats. Averaged over a text, this is the training loss; "
        f"exp(loss) is the perplexity (here {np.exp(loss):.3f}: 'as unsure as choosing among {np.exp(loss):.2f} tokens').",
        f"若下一个词元确实是 'mat'，真实分布是独热 (one-hot) 的，H(p) = 0，交叉熵就是 −log q(mat) = −log {q1[target]:.4f} = {loss:.4f} 奈特。"
        f"在整段文本上取平均就是训练损失；exp（损失）是困惑度（perplexity），这里为 {np.exp(loss):.3f}。",
    )
    ctx.table(L10n("loss per possible next token", "各候选词的损失"), [L10n("next token", "下一个词元"), "q", "−log q"],
              [[w, round(float(q1[i]), 4), round(token_loss(LOGITS, i), 4)] for i, w in enumerate(VOCAB)])
    ctx.agree(L10n("loss = H(one-hot, q)", "损失 = H(one-hot, q)"), loss, cross_entropy(onehot, q1), reference_name="cross_entropy", tolerance=1e-12, key="max_diff_onehot")
    ctx.agree(L10n("loss = −log q", "损失 = −log q"), loss, -np.log(q1[target]), reference_name="numpy −log softmax", tolerance=1e-12, key="max_diff_token_loss")
    ctx.figures.update(temperature=temperature, entropy_at_temperature=entropy(q_user), probs_at_temperature=[float(v) for v in q_user],
                       kl_pq=kl, cross_entropy_pq=ce, token_loss=loss, perplexity=float(np.exp(loss)))

    if ctx.wants_plot():
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(7, 4))
        width = 0.8 / len(temps)
        for i, t in enumerate(temps):
            ax.bar(np.arange(len(VOCAB)) + i * width, softmax(LOGITS, t), width, label=f"T={t:g}")
        ax.set_xticks(np.arange(len(VOCAB)) + 0.4 - width / 2, VOCAB)
        ax.set_ylabel("probability")
        ax.set_title("softmax(z / T): 'the cat sat on the ___'")
        ax.legend()
        ctx.savefig(fig)

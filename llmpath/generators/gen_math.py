"""Generators for the math module: linear algebra, probability, optimization."""

from __future__ import annotations

import math
import random
from typing import Any

from llmpath.content.models import L10n
from llmpath.generators import Generated, fmt, generator


@generator("matmul-shape")
def matmul_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of [batch, seq_len, d_in] @ [d_in, d_out]: the batch dims pass through."""
    batch, seq, d_in, d_out = rng.choice([2, 4, 8, 16]), rng.choice([5, 10, 128, 512]), rng.choice([64, 256, 768]), rng.choice([128, 512, 3072])
    prompt = L10n(
        en=f"A tensor X has shape [{batch}, {seq}, {d_in}] and a weight matrix W has shape [{d_in}, {d_out}]. What is the shape of X @ W? (e.g. 2, 3, 4)",
        zh=f"张量 X 的形状是 [{batch}, {seq}, {d_in}],权重矩阵 W 的形状是 [{d_in}, {d_out}]。X @ W 的形状是什么?(例如 2, 3, 4)",
    )
    explanation = L10n(
        en=f"matmul contracts the last axis of X ({d_in}) with the first axis of W ({d_in}); the leading axes [{batch}, {seq}] are carried through, so the result is [{batch}, {seq}, {d_out}].",
        zh=f"矩阵乘法把 X 的最后一维({d_in})与 W 的第一维({d_in})相乘求和消去,前面的维度 [{batch}, {seq}] 原样保留,结果为 [{batch}, {seq}, {d_out}]。",
    )
    return Generated(prompt, explanation, kind="shape", answer=(batch, seq, d_out))


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
        zh=f"logits z = [{shown}]。softmax(z) 中最大的概率是多少?(保留 3 位小数)",
    )
    terms = " + ".join(f"e^{z}" for z in logits)
    explanation = L10n(
        en=f"softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ). The largest logit is {max(logits)}: e^{max(logits)} / ({terms}) = {fmt(max(exps), 3)} / {fmt(sum(exps), 3)} ≈ {p_max:.3f}.",
        zh=f"softmax(zᵢ) = exp(zᵢ) / Σⱼ exp(zⱼ)。最大的 logit 是 {max(logits)}:e^{max(logits)} / ({terms}) = {fmt(max(exps), 3)} / {fmt(sum(exps), 3)} ≈ {p_max:.3f}。",
    )
    return Generated(prompt, explanation, kind="numeric", answer=p_max, tolerance=0.0015)

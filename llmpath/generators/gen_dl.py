"""Generators for the dl module (see llmpath/generators/__init__.py for the contract).

Standard library only; every random number comes from ``rng``. Each generator explains
the worked solution with the numbers it drew, in English and Simplified Chinese.
"""

from __future__ import annotations

import math
import random
from typing import Any

from llmpath.content.models import L10n
from llmpath.generators import Generated, fmt, generator


def _minus(number: str) -> str:
    """A typeset minus sign (−) instead of the hyphen Python prints."""
    return number.replace("-", "−")


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@generator("activation-value")
def activation_value(rng: random.Random, params: dict[str, Any]) -> Generated:
    """ReLU, sigmoid or tanh of a small number (3 decimals)."""
    name = str(params.get("fn") or rng.choice(["relu", "sigmoid", "tanh"]))
    x = rng.choice([-3, -2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2, 3])
    if name == "relu":
        value = max(0.0, float(x))
        how_en = f"ReLU(x) = max(0, x) = max(0, {fmt(x)}) = {fmt(value)}"
        how_zh = how_en
        note_en = " A negative input gives 0 (and a zero gradient: the unit is 'off')." if x < 0 else " A positive input passes through unchanged (gradient 1)."
        note_zh = "负输入输出 0（梯度也为 0，这个神经元处于“关闭”状态）。" if x < 0 else "正输入原样通过（梯度为 1）。"
    elif name == "sigmoid":
        value = _sigmoid(x)
        how_en = f"σ(x) = 1 / (1 + e^(−x)) = 1 / (1 + e^({fmt(-x)})) = 1 / (1 + {math.exp(-x):.4f}) ≈ {value:.3f}"
        how_zh = how_en
        note_en = " Sigmoid squashes any input into (0, 1), which is why it suits a binary probability."
        note_zh = "Sigmoid 把任意输入压到（0, 1）之间，所以适合输出二分类概率。"
    else:
        value = math.tanh(x)
        how_en = f"tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1 ≈ {value:.3f} for x = {fmt(x)}"
        how_zh = f"tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1，x = {fmt(x)} 时约为 {value:.3f}"
        note_en = " tanh is zero-centred and lies in (−1, 1)."
        note_zh = "tanh 以 0 为中心，取值在（−1, 1）之间。"
    label = {"relu": "ReLU", "sigmoid": "sigmoid σ", "tanh": "tanh"}[name]
    prompt = L10n(
        en=f"What is {label}({fmt(x)})? (3 decimals)",
        zh=f"{label}({fmt(x)}) 等于多少？（保留 3 位小数）",
    )
    explanation = L10n(en=how_en + "." + note_en, zh=how_zh + "。" + note_zh)
    if name == "relu":
        hints = (L10n(en="ReLU keeps a positive input and replaces a negative one by 0: max(0, x).", zh="ReLU 保留正输入，把负输入换成 0：max(0, x)。"),
                 L10n(en=f"Is x = {fmt(x)} above or below 0?", zh=f"x = {fmt(x)} 大于 0 还是小于 0？"))
    elif name == "sigmoid":
        hints = (L10n(en="σ(x) = 1 / (1 + e^(−x)): compute e^(−x) first.", zh="σ(x) = 1 / (1 + e^(−x))：先算 e^(−x)。"),
                 L10n(en=f"e^(−x) = e^({fmt(-x)}) ≈ {math.exp(-x):.4f}; now take 1 / (1 + that).", zh=f"e^(−x) = e^({fmt(-x)}) ≈ {math.exp(-x):.4f}；再求 1 / (1 + e^(−x))。"))
    else:
        hints = (L10n(en="tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ): compute eˣ and e⁻ˣ first.", zh="tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)：先算 eˣ 和 e⁻ˣ。"),
                 L10n(en=f"eˣ ≈ {math.exp(x):.4f} and e⁻ˣ ≈ {math.exp(-x):.4f}; divide their difference by their sum.", zh=f"eˣ ≈ {math.exp(x):.4f}，e⁻ˣ ≈ {math.exp(-x):.4f}；用两者之差除以两者之和。"))
    return Generated(prompt, explanation, kind="numeric", answer=value, tolerance=0.0015, hints=hints)


@generator("linear-params")
def linear_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameter count of nn.Linear(d_in, d_out) with bias."""
    d_in = rng.choice([16, 64, 128, 256, 512, 768, 1024])
    d_out = rng.choice([10, 32, 128, 512, 1024, 3072])
    answer = d_in * d_out + d_out
    prompt = L10n(
        en=f"How many trainable parameters does a fully connected layer nn.Linear({d_in}, {d_out}) with bias have? (exact integer)",
        zh=f"带偏置的全连接层 nn.Linear({d_in}, {d_out}) 有多少个可训练参数？（精确整数）",
    )
    explanation = L10n(
        en=f"The weight matrix has one entry per (input, output) pair: {d_in} × {d_out} = {d_in * d_out}; the bias adds one number per output: {d_out}. Total {d_in * d_out} + {d_out} = {answer}.",
        zh=f"权重矩阵对每一对（输入，输出）有一个数：{d_in} × {d_out} = {d_in * d_out}；偏置每个输出一个：{d_out}。合计 {d_in * d_out} + {d_out} = {answer}。",
    )
    mistakes = (
        (float(d_in * d_out), L10n(en="You forgot the bias: one extra parameter per output unit.", zh="漏掉了偏置：每个输出单元还有一个偏置参数。")),
        (float(d_in * d_out + d_in), L10n(en="The bias has one entry per output, not per input.", zh="偏置的个数等于输出维度，而不是输入维度。")),
    )
    hints = (
        L10n(en="Weights: one per (input, output) pair. Biases: one per output.", zh="权重：每对（输入，输出）一个。偏置：每个输出一个。"),
        L10n(en=f"Weights: {d_in} × {d_out} = {d_in * d_out}. Now add the biases.", zh=f"权重：{d_in} × {d_out} = {d_in * d_out}。再加上偏置。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(m for m in mistakes if m[0] != answer), hints=hints)


@generator("conv-output-size")
def conv_output_size(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Spatial output size of a convolution: ⌊(n + 2p − k) / s⌋ + 1."""
    while True:
        n = rng.choice([7, 14, 28, 32, 56, 64, 224])
        k = rng.choice([1, 3, 5, 7])
        s = rng.choice([1, 2])
        p = rng.choice([0, 1, 2, 3])
        if k <= n + 2 * p and p < k and (n + 2 * p - k) % s == 0:
            break
    answer = (n + 2 * p - k) // s + 1
    prompt = L10n(
        en=f"A {n}×{n} feature map goes through a convolution with a {k}×{k} kernel, stride {s} and padding {p}. What is the output height (= width)? (integer)",
        zh=f"{n}×{n} 的特征图经过卷积核 {k}×{k}、步幅（stride）{s}、填充（padding）{p} 的卷积。输出的高（= 宽）是多少？（整数）",
    )
    explanation = L10n(
        en=f"out = (n + 2p − k) / s + 1 = ({n} + {2 * p} − {k}) / {s} + 1 = {n + 2 * p - k} / {s} + 1 = {answer}.",
        zh=f"输出尺寸 = (n + 2p − k) / s + 1 = ({n} + {2 * p} − {k}) / {s} + 1 = {n + 2 * p - k} / {s} + 1 = {answer}。",
    )
    wrong = []
    no_pad = (n - k) // s + 1
    if no_pad != answer and p > 0:
        wrong.append((float(no_pad), L10n(en="You left out the padding: it adds p pixels on both sides (2p).", zh="忽略了填充：两侧各补 p 个像素，共 2p。")))
    no_stride = n + 2 * p - k + 1
    if s > 1 and no_stride != answer:
        wrong.append((float(no_stride), L10n(en="You ignored the stride: the kernel jumps s pixels at a time.", zh="忽略了步幅：卷积核每次移动 s 个像素。")))
    hints = (
        L10n(en="out = ⌊(n + 2p − k) / s⌋ + 1: padding adds p on both sides, the stride divides.", zh="out = ⌊(n + 2p − k) / s⌋ + 1：两侧各填充 p，步幅做除法。"),
        L10n(en=f"n + 2p − k = {n} + {2 * p} − {k} = {n + 2 * p - k}; divide by the stride {s}, then add 1.", zh=f"n + 2p − k = {n} + {2 * p} − {k} = {n + 2 * p - k}；除以步幅 {s}，再加 1。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("conv-params")
def conv_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameter count of nn.Conv2d(c_in, c_out, k) with bias."""
    c_in = rng.choice([1, 3, 16, 32, 64])
    c_out = rng.choice([8, 16, 32, 64, 128])
    k = rng.choice([1, 3, 5])
    answer = c_out * c_in * k * k + c_out
    prompt = L10n(
        en=f"How many trainable parameters does nn.Conv2d({c_in}, {c_out}, kernel_size={k}) (with bias) have? (exact integer)",
        zh=f"nn.Conv2d({c_in}, {c_out}, kernel_size={k})（带偏置）有多少个可训练参数？（精确整数）",
    )
    explanation = L10n(
        en=f"Each of the {c_out} filters spans all {c_in} input channels: {c_in} × {k} × {k} = {c_in * k * k} weights, plus 1 bias. {c_out} × ({c_in * k * k} + 1) = {answer}. The count does not depend on the image size: the same filter is shared across all positions (weight sharing).",
        zh=f"{c_out} 个卷积核中的每一个都覆盖全部 {c_in} 个输入通道：{c_in} × {k} × {k} = {c_in * k * k} 个权重，再加 1 个偏置。{c_out} × ({c_in * k * k} + 1) = {answer}。参数量与图像大小无关：同一个卷积核在所有位置共享（权值共享）。",
    )
    wrong = [(float(c_out * k * k + c_out), L10n(en="Each filter covers every input channel: multiply by c_in too.", zh="每个卷积核覆盖所有输入通道：还要乘以 c_in。"))]
    wrong.append((float(c_out * c_in * k * k), L10n(en="You forgot the bias: one per output channel.", zh="漏掉了偏置：每个输出通道一个。")))
    wrong = [w for w in wrong if w[0] != answer]
    hints = (
        L10n(en="Each output channel has one C_in × k × k kernel plus one bias; the image size does not enter.", zh="每个输出通道有一个 C_in × k × k 的卷积核和一个偏置；图像尺寸不参与计算。"),
        L10n(en=f"One filter: {c_in} × {k} × {k} = {c_in * k * k} weights + 1 bias. There are {c_out} filters.", zh=f"一个卷积核：{c_in} × {k} × {k} = {c_in * k * k} 个权重 + 1 个偏置。共有 {c_out} 个卷积核。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("rnn-params")
def rnn_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of one PyTorch nn.RNN / nn.GRU / nn.LSTM layer (two bias vectors per gate)."""
    cell = str(params.get("cell") or rng.choice(["rnn", "gru", "lstm"]))
    gates = {"rnn": 1, "gru": 3, "lstm": 4}[cell]
    x = rng.choice([8, 10, 16, 32, 64])
    h = rng.choice([16, 20, 32, 64, 128])
    per = h * x + h * h + 2 * h
    answer = gates * per
    name = {"rnn": "nn.RNN", "gru": "nn.GRU", "lstm": "nn.LSTM"}[cell]
    prompt = L10n(
        en=f"How many parameters does a single-layer PyTorch {name}(input_size={x}, hidden_size={h}) have? PyTorch gives every weight block (each gate, and the candidate/update) two bias vectors (b_ih and b_hh). (exact integer)",
        zh=f"单层 PyTorch {name}(input_size={x}, hidden_size={h}) 有多少个参数？PyTorch 中每组权重（每个门以及候选/更新）都有两个偏置向量（b_ih 和 b_hh）。（精确整数）",
    )
    blocks_en = {"rnn": "1 block (the tanh update)", "gru": "3 blocks (reset gate, update gate, candidate)", "lstm": "4 blocks (input, forget, output gates and the candidate cell)"}[cell]
    blocks_zh = {"rnn": "1 组（tanh 更新）", "gru": "3 组（重置门、更新门、候选状态）", "lstm": "4 组（输入门、遗忘门、输出门和候选记忆）"}[cell]
    explanation = L10n(
        en=f"Each block has W_ih [{h}×{x}] = {h * x}, W_hh [{h}×{h}] = {h * h} and two biases 2×{h} = {2 * h}: {per} parameters. {name} has {blocks_en}: {gates} × {per} = {answer}.",
        zh=f"每组有 W_ih [{h}×{x}] = {h * x}、W_hh [{h}×{h}] = {h * h}，以及两个偏置 2×{h} = {2 * h}，共 {per} 个参数。{name} 有 {blocks_zh}：{gates} × {per} = {answer}。",
    )
    wrong = [(float(gates * (h * x + h * h + h)), L10n(en="PyTorch keeps two bias vectors per block (b_ih and b_hh), not one.", zh="PyTorch 每组有两个偏置向量（b_ih 和 b_hh），不是一个。"))]
    if gates > 1:
        wrong.append((float(per), L10n(en=f"That is one block; {name} has {gates} of them.", zh=f"这只是一组；{name} 有 {gates} 组。")))
    hints = (
        L10n(en="Count one block (W_ih, W_hh and two bias vectors), then multiply by the number of blocks: RNN 1, GRU 3, LSTM 4.", zh="先算一组（W_ih、W_hh 和两个偏置向量），再乘以组数：RNN 1 组，GRU 3 组，LSTM 4 组。"),
        L10n(en=f"W_ih: {h}×{x} = {h * x}; W_hh: {h}×{h} = {h * h}; biases: 2×{h} = {2 * h}. Add them for one block; {name} has {gates}.", zh=f"W_ih：{h}×{x} = {h * x}；W_hh：{h}×{h} = {h * h}；偏置：2×{h} = {2 * h}。相加得一组；{name} 有 {gates} 组。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("attention-shape")
def attention_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of the score matrix QKᵀ or of the attention output softmax(QKᵀ/√d_k)V."""
    what = str(params.get("what") or rng.choice(["scores", "output"]))
    b = rng.choice([1, 2, 4, 8, 16])
    while True:  # lengths never equal widths: a learner must tell the axes apart, and no step may show the answer
        tq = rng.choice([5, 10, 16, 32, 128])
        cross = rng.random() < 0.5
        tk = rng.choice([7, 12, 20, 64]) if cross else tq
        dk = rng.choice([32, 64, 128])
        dv = rng.choice([32, 64, 128])
        if not {tq, tk} & {dk, dv}:
            break
    setup_en = f"Q has shape [{b}, {tq}, {dk}], K has shape [{b}, {tk}, {dk}] and V has shape [{b}, {tk}, {dv}]."
    setup_zh = f"Q 的形状为 [{b}, {tq}, {dk}]，K 为 [{b}, {tk}, {dk}]，V 为 [{b}, {tk}, {dv}]。"
    if what == "scores":
        answer = (b, tq, tk)
        prompt = L10n(
            en=f"{setup_en} What is the shape of the attention weights softmax(QKᵀ/√d_k)? (e.g. 2, 3, 4)",
            zh=f"{setup_zh}注意力权重 softmax(QKᵀ/√d_k) 的形状是什么？（例如 2, 3, 4）",
        )
        explanation = L10n(
            en=f"Kᵀ (last two axes swapped) is [{b}, {dk}, {tk}]; [{b}, {tq}, {dk}] @ [{b}, {dk}, {tk}] = [{b}, {tq}, {tk}]: one score per (query, key) pair. Scaling by √d_k and softmax over the last (key) axis keep the shape.",
            zh=f"Kᵀ（交换最后两维）为 [{b}, {dk}, {tk}]；[{b}, {tq}, {dk}] @ [{b}, {dk}, {tk}] = [{b}, {tq}, {tk}]：每对（query, key）一个分数。除以 √d_k 和沿最后一维（key 维）做 softmax 都不改变形状。",
        )
    else:
        answer = (b, tq, dv)
        prompt = L10n(
            en=f"{setup_en} What is the shape of the output softmax(QKᵀ/√d_k)V? (e.g. 2, 3, 4)",
            zh=f"{setup_zh}输出 softmax(QKᵀ/√d_k)V 的形状是什么？（例如 2, 3, 4）",
        )
        explanation = L10n(
            en=f"The weights are [{b}, {tq}, {tk}] (one row per query); times V [{b}, {tk}, {dv}] gives [{b}, {tq}, {dv}]: each query gets a weighted average of the {tk} value vectors. The output has the queries' length and the values' width.",
            zh=f"权重为 [{b}, {tq}, {tk}]（每个 query 一行），乘以 V [{b}, {tk}, {dv}] 得到 [{b}, {tq}, {dv}]：每个 query 得到 {tk} 个 value 向量的加权平均。输出的长度随 query，宽度随 value。",
        )
    rule = L10n(en="Matmul shape rule on the last two axes: [.., a, b] @ [.., b, c] = [.., a, c]; the batch axis rides along.", zh="矩阵乘法的形状规则作用在最后两维：[.., a, b] @ [.., b, c] = [.., a, c]；batch 维保持不变。")
    if what == "scores":
        step = L10n(en=f"Kᵀ swaps K's last two axes: [{b}, {dk}, {tk}]. Multiply Q [{b}, {tq}, {dk}] by it.", zh=f"Kᵀ 交换 K 的最后两维：[{b}, {dk}, {tk}]。用 Q [{b}, {tq}, {dk}] 乘以它。")
    else:
        step = L10n(en=f"The weights have one row per query and one column per key: [{b}, {tq}, {tk}]. Multiply by V [{b}, {tk}, {dv}].", zh=f"权重每个 query 一行、每个 key 一列：[{b}, {tq}, {tk}]。再乘以 V [{b}, {tk}, {dv}]。")
    return Generated(prompt, explanation, kind="shape", answer=answer, hints=(rule, step))


@generator("attention-score")
def attention_score(rng: random.Random, params: dict[str, Any]) -> Generated:
    """One scaled dot-product score q·k / √d_k for small integer vectors."""
    d = rng.choice([4, 9, 16])
    while True:  # a zero dot product is a dull question, and its first step would be the answer
        q = [rng.randint(-2, 3) for _ in range(d)] if d <= 9 else [rng.randint(-1, 2) for _ in range(d)]
        k = [rng.randint(-2, 3) for _ in range(d)] if d <= 9 else [rng.randint(-1, 2) for _ in range(d)]
        dot = sum(a * b for a, b in zip(q, k))
        if dot != 0:
            break
    answer = dot / math.sqrt(d)
    qs, ks = ", ".join(map(str, q)), ", ".join(map(str, k))
    prompt = L10n(
        en=f"q = [{qs}], k = [{ks}] (d_k = {d}). What is the scaled dot-product score q·k / √d_k? (2 decimals)",
        zh=f"q = [{qs}]，k = [{ks}]（d_k = {d}）。缩放点积分数 q·k / √d_k 是多少？（保留 2 位小数）",
    )
    terms = " + ".join(f"({a})({b})" for a, b in zip(q, k))
    explanation = L10n(
        en=f"q·k = {terms} = {dot}; √d_k = √{d} = {fmt(math.sqrt(d))}; {dot} / {fmt(math.sqrt(d))} = {fmt(answer, 3)}. If the components of q and k have mean 0 and variance 1, q·k has variance d_k; dividing by √d_k brings it back to about 1 however large d_k is, so softmax does not saturate.",
        zh=f"q·k = {terms} = {dot}；√d_k = √{d} = {fmt(math.sqrt(d))}；{dot} / {fmt(math.sqrt(d))} = {fmt(answer, 3)}。若 q、k 的各分量均值为 0、方差为 1，q·k 的方差就是 d_k；除以 √d_k 后，无论 d_k 多大，方差都回到 1 左右，softmax 就不会饱和。",
    )
    wrong = []
    if dot != answer:
        wrong.append((float(dot), L10n(en="You forgot to divide by √d_k.", zh="忘了除以 √d_k。")))
    if d != math.sqrt(d) and dot / d != answer and dot != 0:
        wrong.append((dot / d, L10n(en="The scale is √d_k, not d_k.", zh="缩放因子是 √d_k，不是 d_k。")))
    hints = (
        L10n(en="Multiply q and k component by component and add (the dot product), then divide by √d_k.", zh="q 与 k 逐分量相乘再相加（点积），然后除以 √d_k。"),
        L10n(en=f"q·k = {terms} = {dot}. Now divide by √{d}.", zh=f"q·k = {terms} = {dot}。再除以 √{d}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0.005, mistakes=tuple(wrong), hints=hints)


@generator("mha-split-shape")
def mha_split_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of Q after splitting into heads and moving the head axis forward."""
    b = rng.choice([1, 2, 4, 8, 32])
    while True:  # T ≠ h and T ≠ head_dim, or the axes' order could not be read from the answer
        t = rng.choice([10, 16, 128, 512, 1024])
        h = rng.choice([4, 8, 12, 16, 32])
        head_dim = rng.choice([32, 64, 128])
        if t not in (h, head_dim):
            break
    d = h * head_dim
    answer = (b, h, t, head_dim)
    prompt = L10n(
        en=f"Q has shape [{b}, {t}, {d}] (d_model = {d}) and there are {h} heads. After q.view(B, T, h, d_model // h).transpose(1, 2), what is its shape? (e.g. 2, 8, 10, 64)",
        zh=f"Q 的形状为 [{b}, {t}, {d}]（d_model = {d}），共有 {h} 个头。执行 q.view(B, T, h, d_model // h).transpose(1, 2) 后形状是什么？（例如 2, 8, 10, 64）",
    )
    explanation = L10n(
        en=f"head_dim = d_model / h = {d} / {h} = {head_dim}. view gives [{b}, {t}, {h}, {head_dim}]; transpose(1, 2) swaps the sequence and head axes: [{b}, {h}, {t}, {head_dim}], so each head attends over the {t} positions independently.",
        zh=f"head_dim = d_model / h = {d} / {h} = {head_dim}。view 得到 [{b}, {t}, {h}, {head_dim}]；transpose(1, 2) 交换序列维和头维：[{b}, {h}, {t}, {head_dim}]，这样每个头各自在 {t} 个位置上做注意力。",
    )
    hints = (
        L10n(en="view splits the last axis into (h, d_model / h); transpose(1, 2) swaps axes 1 and 2.", zh="view 把最后一维拆成 h 与 d_model / h 两维；transpose(1, 2) 交换第 1 维和第 2 维。"),
        L10n(en=f"head_dim = {d} / {h} = {head_dim}, so view gives [{b}, {t}, {h}, {head_dim}]. Now swap axes 1 and 2.", zh=f"head_dim = {d} / {h} = {head_dim}，所以 view 得到 [{b}, {t}, {h}, {head_dim}]。再交换第 1、2 维。"),
    )
    return Generated(prompt, explanation, kind="shape", answer=answer, hints=hints)


@generator("mha-params")
def mha_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of the Q, K, V and output projections of multi-head attention."""
    d = rng.choice([64, 128, 256, 512, 768, 1024])
    h = rng.choice([h for h in (2, 4, 8, 12, 16) if d % h == 0])
    bias = bool(params["bias"]) if "bias" in params else rng.random() < 0.5
    answer = 4 * d * d + (4 * d if bias else 0)
    with_en, with_zh = ("with bias", "带偏置") if bias else ("without bias", "不带偏置")
    prompt = L10n(
        en=f"A multi-head self-attention layer has d_model = {d} and {h} heads; its Q, K, V and output projections are all d_model × d_model linear layers {with_en}. How many parameters do the four projections have in total? (exact integer)",
        zh=f"一个多头自注意力层 d_model = {d}，共 {h} 个头；Q、K、V 和输出投影都是 d_model × d_model 的线性层（{with_zh}）。四个投影共有多少参数？（精确整数）",
    )
    bias_en = f" + 4 × {d} biases = {answer}" if bias else f" = {answer}"
    bias_zh = f" + 4 × {d} 个偏置 = {answer}" if bias else f" = {answer}"
    explanation = L10n(
        en=f"Four matrices of {d} × {d} = {d * d}: 4 × {d * d}{bias_en}. The number of heads does not matter: the heads only split the {d} columns into {h} groups of {d // h}.",
        zh=f"四个 {d} × {d} = {d * d} 的矩阵：4 × {d * d}{bias_zh}。头数不影响参数量：多头只是把 {d} 列分成 {h} 组，每组 {d // h} 列。",
    )
    wrong = [
        (float(3 * d * d + (3 * d if bias else 0)), L10n(en="Don't forget the output projection W_O: four matrices, not three.", zh="别忘了输出投影 W_O：是四个矩阵，不是三个。")),
        (float(h * 4 * d * d + (4 * d * h if bias else 0)), L10n(en="Heads don't multiply the parameters: each head uses a d_model/h slice of the same matrices.", zh="头数不会让参数翻倍：每个头只使用同一组矩阵中 d_model/h 宽的一段。")),
    ]
    if bias:
        wrong.append((float(4 * d * d), L10n(en="You forgot the four bias vectors (d_model each).", zh="漏掉了四个偏置向量（每个 d_model 个数）。")))
    hints = (
        L10n(en="Four d_model × d_model matrices (Q, K, V, O), plus one bias vector of d_model each if there is bias. The head count does not enter.", zh="四个 d_model × d_model 矩阵（Q、K、V、O），有偏置时各加一个长度 d_model 的偏置向量。头数不参与计算。"),
        L10n(en=f"One projection: {d} × {d} = {d * d} weights. Count four of them" + (", then the biases." if bias else "."), zh=f"一个投影：{d} × {d} = {d * d} 个权重。共四个" + ("，再加偏置。" if bias else "。")),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(w for w in wrong if w[0] != answer), hints=hints)


@generator("ffn-params")
def ffn_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of a Transformer feed-forward block d → 4d → d with biases."""
    d = rng.choice([64, 128, 256, 512, 768, 1024])
    mult = int(params.get("mult", 4))
    hidden = mult * d
    answer = d * hidden + hidden + hidden * d + d
    prompt = L10n(
        en=f"A Transformer feed-forward block is Linear({d}, {hidden}) → GELU → Linear({hidden}, {d}), both with bias. How many parameters does it have? (exact integer)",
        zh=f"Transformer 前馈网络为 Linear({d}, {hidden}) → GELU → Linear({hidden}, {d})，两层都带偏置。共有多少参数？（精确整数）",
    )
    ratio = fmt(2 * mult / 4, 2)
    explanation = L10n(
        en=f"First layer {d} × {hidden} + {hidden} = {d * hidden + hidden}; second layer {hidden} × {d} + {d} = {hidden * d + d}; GELU has no parameters. Total {answer} (= 2·{mult}·d² + {mult}·d + d), about {ratio}× the attention projections (4·d²).",
        zh=f"第一层 {d} × {hidden} + {hidden} = {d * hidden + hidden}；第二层 {hidden} × {d} + {d} = {hidden * d + d}；GELU 没有参数。合计 {answer}（= 2·{mult}·d² + {mult}·d + d），约为注意力投影（4·d²）的 {ratio} 倍。",
    )
    wrong = [(float(2 * d * hidden), L10n(en="You forgot the biases (hidden + d numbers).", zh="漏掉了偏置（hidden + d 个数）。"))]
    hints = (
        L10n(en="Two Linear layers, each d_in × d_out weights + d_out biases; GELU has no parameters.", zh="两个线性层，各有 d_in × d_out 个权重 + d_out 个偏置；GELU 没有参数。"),
        L10n(en=f"First layer: {d} × {hidden} + {hidden} = {d * hidden + hidden}. Now the second layer, {hidden} → {d}.", zh=f"第一层：{d} × {hidden} + {hidden} = {d * hidden + hidden}。再算第二层 {hidden} → {d}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("causal-mask-count")
def causal_mask_count(rng: random.Random, params: dict[str, Any]) -> Generated:
    """How many (query, key) pairs a causal mask leaves visible in a T×T score matrix."""
    t = rng.randint(3, 64)
    answer = t * (t + 1) // 2
    prompt = L10n(
        en=f"A decoder processes a sequence of {t} tokens with a causal mask. How many of the {t}×{t} = {t * t} attention scores are NOT masked out (i.e. allowed)? (integer)",
        zh=f"解码器用因果掩码处理 {t} 个 token 的序列。{t}×{t} = {t * t} 个注意力分数中，有多少个没有被屏蔽（即允许关注）？（整数）",
    )
    explanation = L10n(
        en=f"Position i may attend to positions 0..i, itself included: 1 + 2 + … + {t} = {t}·{t + 1}/2 = {answer}. The other {t * t - answer} (the strict upper triangle) are set to −∞ before softmax.",
        zh=f"位置 i 可以关注位置 0..i（包括自己）：1 + 2 + … + {t} = {t}·{t + 1}/2 = {answer}。其余 {t * t - answer} 个（严格上三角）在 softmax 之前被置为 −∞。",
    )
    wrong = [(float(t * (t - 1) // 2), L10n(en="Each token may attend to itself: include the diagonal.", zh="每个 token 可以关注它自己：要算上对角线。"))]
    hints = (
        L10n(en="Row i of the mask (counting from 0) allows keys 0..i: itself and everything before it.", zh="掩码的第 i 行（从 0 开始）允许关注 key 0..i：它自己以及它之前的所有位置。"),
        L10n(en=f"The rows allow 1, 2, 3, …, {t} keys. Sum them: 1 + 2 + … + T = T(T + 1)/2 with T = {t}.", zh=f"各行允许的 key 数为 1、2、3、…、{t}。求和：1 + 2 + … + T = T(T + 1)/2，其中 T = {t}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("sinusoidal-pe")
def sinusoidal_pe(rng: random.Random, params: dict[str, Any]) -> Generated:
    """One entry of the sinusoidal positional encoding PE(pos, j)."""
    d = rng.choice([4, 8, 16])
    pos = rng.randint(1, 20)
    j = rng.randrange(0, min(d, 6))
    i = j // 2
    angle = pos / (10000 ** (2 * i / d))
    func = "sin" if j % 2 == 0 else "cos"
    value = math.sin(angle) if func == "sin" else math.cos(angle)
    prompt = L10n(
        en=f"Sinusoidal positional encoding with d_model = {d}: PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)). What is PE({pos}, {j}) (dimension index {j}, counting from 0; angles in radians)? (3 decimals)",
        zh=f"正弦位置编码，d_model = {d}：PE(pos, 2i) = sin(pos / 10000^(2i/d))，PE(pos, 2i+1) = cos(pos / 10000^(2i/d))。PE({pos}, {j})（第 {j} 维，从 0 开始计数；角度用弧度）是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"Dimension {j} is {'even' if j % 2 == 0 else 'odd'}, so it uses {func} with i = {i}. Frequency 1 / 10000^({2 * i}/{d}) = {fmt(1 / 10000 ** (2 * i / d), 6)}; angle = {pos} × that = {fmt(angle, 5)} rad; {func}({fmt(angle, 5)}) ≈ {value:.3f}.",
        zh=f"第 {j} 维是{'偶数' if j % 2 == 0 else '奇数'}维，所以用 {func}，i = {i}。频率 1 / 10000^({2 * i}/{d}) = {fmt(1 / 10000 ** (2 * i / d), 6)}；角度 = {pos} × 频率 = {fmt(angle, 5)} 弧度；{func}({fmt(angle, 5)}) ≈ {value:.3f}。",
    )
    divisor = 10000 ** (2 * i / d)
    hints = (
        L10n(en="Even dimension j = 2i uses sin, odd j = 2i + 1 uses cos, with i = ⌊j/2⌋; the angle is pos / 10000^(2i/d) in radians.", zh="偶数维 j = 2i 用 sin，奇数维 j = 2i + 1 用 cos，其中 i = ⌊j/2⌋；角度为 pos / 10000^(2i/d)，单位是弧度。"),
        L10n(en=f"j = {j} gives i = {i} and {func}; 10000^({2 * i}/{d}) = {fmt(divisor, 4)}, so the angle is {pos} / {fmt(divisor, 4)} = {fmt(angle, 5)} rad. Now take {func} in radian mode.", zh=f"j = {j} 对应 i = {i}，用 {func}；10000^({2 * i}/{d}) = {fmt(divisor, 4)}，所以角度为 {pos} / {fmt(divisor, 4)} = {fmt(angle, 5)} 弧度。再在弧度模式下求 {func}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=value, tolerance=0.0015, hints=hints)


@generator("mlm-mask-count")
def mlm_mask_count(rng: random.Random, params: dict[str, Any]) -> Generated:
    """BERT's 15% / 80-10-10 masking: how many tokens become [MASK]."""
    n = rng.choice([200, 400, 1000, 2000, 4000, 10000])
    selected = n * 15 // 100
    masked = selected * 8 // 10
    prompt = L10n(
        en=f"BERT's MLM selects 15% of the tokens for prediction; of those, 80% are replaced by [MASK], 10% by a random token and 10% left unchanged. In a batch of {n} tokens, how many (expected) are replaced by [MASK]? (integer)",
        zh=f"BERT 的 MLM 随机选出 15% 的 token 作为预测目标；其中 80% 替换为 [MASK]，10% 替换为随机 token，10% 保持不变。在 {n} 个 token 中，期望有多少个被替换为 [MASK]？（整数）",
    )
    explanation = L10n(
        en=f"{n} × 0.15 = {selected} tokens are prediction targets; {selected} × 0.8 = {masked} of them become [MASK]. The loss is computed on all {selected} targets, including the {selected - masked} that were randomised or kept, so the model cannot assume only [MASK] positions matter.",
        zh=f"{n} × 0.15 = {selected} 个 token 是预测目标；其中 {selected} × 0.8 = {masked} 个变成 [MASK]。损失在全部 {selected} 个目标上计算（包括被随机替换或保持不变的 {selected - masked} 个），模型因此不能只盯着 [MASK] 位置。",
    )
    wrong = [(float(selected), L10n(en="15% are selected, but only 80% of those become [MASK].", zh="选中的是 15%，但其中只有 80% 被替换成 [MASK]。"))]
    hints = (
        L10n(en="Two steps: 15% of all tokens become prediction targets, then 80% of the targets are shown as [MASK].", zh="两步：全部 token 的 15% 成为预测目标，其中 80% 显示为 [MASK]。"),
        L10n(en=f"Targets: {n} × 0.15 = {selected}. Now take 80% of them.", zh=f"预测目标：{n} × 0.15 = {selected}。再取其中的 80%。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=masked, tolerance=0, mistakes=tuple(wrong), hints=hints)


@generator("clip-negatives")
def clip_negatives(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Positive and negative pairs in CLIP's N×N image–text similarity matrix."""
    n = rng.choice([4, 8, 16, 32, 256, 1024])
    answer = n * n - n
    prompt = L10n(
        en=f"A CLIP training batch holds {n} matching image–text pairs. The loss uses the {n}×{n} matrix of image–text similarities. How many entries of that matrix correspond to non-matching image–text pairs (the negatives)? (integer)",
        zh=f"一个 CLIP 训练批次包含 {n} 对匹配的图文对。损失使用 {n}×{n} 的图文相似度矩阵。矩阵中有多少个元素对应不匹配的图文对（即负样本）？（整数）",
    )
    explanation = L10n(
        en=f"The {n} diagonal entries are the true pairs; every other entry pairs an image with another example's caption: {n}² − {n} = {answer}. Larger batches give more negatives for free, one reason CLIP trained with batches of 32,768.",
        zh=f"对角线上的 {n} 个元素是真正匹配的图文对；其余每个元素都把一张图与别的样本的文本配在一起：{n}² − {n} = {answer}。批次越大，负样本越多且几乎不增加成本，这也是 CLIP 使用 32,768 批大小的原因之一。",
    )
    wrong = [(float(n - 1), L10n(en="That is the negatives in one row; the matrix has n rows.", zh="这只是一行里的负样本；矩阵共有 n 行。")),
             (float(n * n), L10n(en="The diagonal holds the positive pairs: subtract them.", zh="对角线是正样本对：要减掉。"))]
    hints = (
        L10n(en="The N × N matrix has N² entries; the matching pairs are on the diagonal.", zh="N × N 矩阵有 N² 个元素；匹配的图文对位于对角线上。"),
        L10n(en=f"N = {n}: {n}² = {n * n} entries, of which {n} lie on the diagonal.", zh=f"N = {n}：共 {n}² = {n * n} 个元素，其中 {n} 个位于对角线上。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


# Pairs (w, T) whose gradient factor wᵀ stays between about 10⁻³ and 10³, so "3 significant figures" is readable.
_RNN_POWER_CASES = (
    (0.5, 5), (0.5, 8), (0.5, 10), (0.8, 10), (0.8, 20), (0.8, 30), (0.9, 20), (0.9, 50), (0.95, 50),
    (0.95, 100), (0.99, 100), (0.99, 300), (1.05, 50), (1.1, 20), (1.1, 50), (1.2, 20), (1.5, 10), (2.0, 8),
)


@generator("rnn-gradient-power")
def rnn_gradient_power(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Gradient of a scalar linear RNN through T steps: ∂h_T/∂h₀ = wᵀ (vanishing for |w| < 1, exploding for |w| > 1)."""
    w, t = rng.choice(_RNN_POWER_CASES)
    answer = w ** t
    log_step = math.log(w)
    ln_w, t_ln_w = _minus(f"{log_step:.4f}"), _minus(f"{t * log_step:.3f}")
    prompt = L10n(
        en=f"A scalar RNN without activation computes hₜ = w·hₜ₋₁ + xₜ with w = {fmt(w)}. By the chain rule ∂h_T/∂h₀ is the product of T factors ∂hₜ/∂hₜ₋₁ = w. What is ∂h_T/∂h₀ after T = {t} steps? (3 significant figures)",
        zh=f"一个不带激活函数的标量 RNN 计算 hₜ = w·hₜ₋₁ + xₜ，其中 w = {fmt(w)}。按链式法则，∂h_T/∂h₀ 是 T 个因子 ∂hₜ/∂hₜ₋₁ = w 的乘积。经过 T = {t} 步后，∂h_T/∂h₀ 是多少？（保留 3 位有效数字）",
    )
    if w < 1:
        fate_en = f"Below 1 the factor shrinks geometrically (vanishing): what happened {t} steps back barely reaches the gradient. A tanh RNN multiplies by w·tanh'(·) with 0 < tanh' ≤ 1, so its gradient vanishes at least this fast."
        fate_zh = f"因子小于 1 时按几何级数衰减（梯度消失）：{t} 步之前发生的事几乎传不到梯度里。tanh RNN 每步乘以 w·tanh'(·)，而 0 < tanh' ≤ 1，所以它的梯度至少衰减得这么快。"
    else:
        fate_en = "Above 1 the factor grows geometrically (exploding): one long sequence can produce a huge update, which is why RNN training clips the gradient norm."
        fate_zh = "因子大于 1 时按几何级数增长（梯度爆炸）：一条长序列就可能产生巨大的更新，所以训练 RNN 时要裁剪梯度范数。"
    explanation = L10n(
        en=f"∂h_T/∂h₀ = w^T = {fmt(w)}^{t} = e^({t} · ln {fmt(w)}) = e^({t_ln_w}) ≈ {answer:.3g}. {fate_en}",
        zh=f"∂h_T/∂h₀ = w^T = {fmt(w)}^{t} = e^({t} · ln {fmt(w)}) = e^({t_ln_w}) ≈ {answer:.3g}。{fate_zh}",
    )
    hints = (
        L10n(en="Every step multiplies the gradient by the same w, so T steps give w^T. Logs help: w^T = e^(T · ln w).", zh="每一步都把梯度乘以同一个 w，T 步就是 w^T。可以借助对数：w^T = e^(T · ln w)。"),
        L10n(en=f"ln {fmt(w)} ≈ {ln_w}, so T · ln w ≈ {t} × ({ln_w}) = {t_ln_w}. Now exponentiate.", zh=f"ln {fmt(w)} ≈ {ln_w}，所以 T · ln w ≈ {t} × ({ln_w}) = {t_ln_w}。再取指数。"),
    )
    tolerance = 0.005 * answer  # 3 significant figures
    wrong = [(w * t, L10n(en="The per-step factors multiply (w·w·…·w), they do not add up to w·T.", zh="每一步的因子要相乘（w·w·…·w），而不是加起来得到 w·T。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=tolerance,
                     mistakes=tuple(m for m in wrong if abs(m[0] - answer) > tolerance), hints=hints)


def _gqa_config(rng: random.Random) -> tuple[int, int, int, int, int, int]:
    """(batch, seq_len, n_heads, n_kv_heads, head_dim, d_model) with 1 ≤ n_kv_heads < n_heads, n_kv_heads | n_heads."""
    n_heads = rng.choice([8, 16, 32, 64])
    n_kv = rng.choice([k for k in (1, 2, 4, 8) if k < n_heads])
    head_dim = rng.choice([64, 128])
    # T is never a head count or head_dim, so every axis of a shape answer can be read off unambiguously
    return rng.choice([1, 2, 4, 8]), rng.choice([256, 512, 1024, 2048, 4096]), n_heads, n_kv, head_dim, n_heads * head_dim


@generator("gqa-kv")
def gqa_kv(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Grouped-query attention: the shape of K, the size of k_proj + v_proj, or the KV cache in MiB."""
    what = str(params.get("what") or rng.choice(["shape", "params", "cache"]))
    b, t, n_heads, n_kv, hd, d = _gqa_config(rng)
    kv_width = n_kv * hd
    setup_en = f"A grouped-query attention layer has d_model = {d}, {n_heads} query heads and {n_kv} key/value head{'s' if n_kv > 1 else ''}, head_dim = {hd}."
    setup_zh = f"一个分组查询注意力层的 d_model = {d}，有 {n_heads} 个 query 头和 {n_kv} 个 key/value 头，head_dim = {hd}。"
    group = n_heads // n_kv
    share_en = f"Each K/V head serves a group of {n_heads} / {n_kv} = {group} query heads; before the score matmul K and V are repeated {group}× along the head axis (repeat_interleave), which copies no weights."
    share_zh = f"每个 K/V 头服务 {n_heads} / {n_kv} = {group} 个 query 头；计算分数之前，K 和 V 沿头维重复 {group} 次（repeat_interleave），这不会复制任何权重。"
    if what == "shape":
        answer: Any = (b, n_kv, t, hd)
        prompt = L10n(
            en=f"{setup_en} x has shape [{b}, {t}, {d}]. k = k_proj(x).view(B, T, n_kv_heads, head_dim).transpose(1, 2). What is the shape of k? (e.g. 2, 8, 10, 64)",
            zh=f"{setup_zh}x 的形状为 [{b}, {t}, {d}]。k = k_proj(x).view(B, T, n_kv_heads, head_dim).transpose(1, 2)。k 的形状是什么？（例如 2, 8, 10, 64）",
        )
        explanation = L10n(
            en=f"k_proj maps {d} → n_kv_heads · head_dim = {n_kv} × {hd} = {kv_width} features: [{b}, {t}, {kv_width}]; view gives [{b}, {t}, {n_kv}, {hd}]; transpose(1, 2) gives [{b}, {n_kv}, {t}, {hd}]. {share_en}",
            zh=f"k_proj 把 {d} 维映射为 n_kv_heads · head_dim = {n_kv} × {hd} = {kv_width} 维：[{b}, {t}, {kv_width}]；view 得到 [{b}, {t}, {n_kv}, {hd}]；transpose(1, 2) 得到 [{b}, {n_kv}, {t}, {hd}]。{share_zh}",
        )
        hints = (
            L10n(en="k_proj outputs n_kv_heads · head_dim features, not d_model; then the same view + transpose as for Q.", zh="k_proj 输出 n_kv_heads · head_dim 维，而不是 d_model 维；之后的 view + transpose 与 Q 相同。"),
            L10n(en=f"k_proj(x) has shape [{b}, {t}, {kv_width}] ({n_kv} × {hd}). Now split the last axis and swap axes 1 and 2.", zh=f"k_proj(x) 的形状为 [{b}, {t}, {kv_width}]（{n_kv} × {hd}）。再拆分最后一维，并交换第 1、2 维。"),
        )
        return Generated(prompt, explanation, kind="shape", answer=answer, hints=hints)
    if what == "params":
        answer = 2 * d * kv_width
        prompt = L10n(
            en=f"{setup_en} k_proj and v_proj are linear layers without bias. How many weights do k_proj and v_proj hold together? (exact integer)",
            zh=f"{setup_zh}k_proj 和 v_proj 是不带偏置的线性层。k_proj 与 v_proj 合计有多少个权重？（精确整数）",
        )
        explanation = L10n(
            en=f"Each maps d_model = {d} to n_kv_heads · head_dim = {kv_width}: {d} × {kv_width} = {d * kv_width}; two of them: {answer}. Full multi-head attention would need 2 × {d} × {d} = {2 * d * d}, {n_heads // n_kv}× more. {share_en}",
            zh=f"每个都把 d_model = {d} 映射到 n_kv_heads · head_dim = {kv_width}：{d} × {kv_width} = {d * kv_width}；两个共 {answer}。完整的多头注意力需要 2 × {d} × {d} = {2 * d * d}，是它的 {n_heads // n_kv} 倍。{share_zh}",
        )
        hints = (
            L10n(en="k_proj and v_proj each map d_model to n_kv_heads · head_dim (not to d_model).", zh="k_proj 和 v_proj 都把 d_model 映射到 n_kv_heads · head_dim（而不是 d_model）。"),
            L10n(en=f"Output width: {n_kv} × {hd} = {kv_width}, so one of them is {d} × {kv_width}.", zh=f"输出宽度：{n_kv} × {hd} = {kv_width}，所以其中一个是 {d} × {kv_width}。"),
        )
        wrong = [(float(2 * d * d), L10n(en="That is full multi-head attention: with GQA, K and V have only n_kv_heads · head_dim outputs.", zh="这是完整多头注意力的数字：使用 GQA 时，K 和 V 只有 n_kv_heads · head_dim 个输出。")),
                 (float(d * kv_width), L10n(en="That is one of the two: count k_proj and v_proj.", zh="这只是其中一个：k_proj 和 v_proj 都要算。"))]
        return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)
    layers = rng.choice([16, 24, 32, 80])
    cache_bytes = 2 * layers * t * n_kv * hd * 2
    answer = cache_bytes / 2**20
    prompt = L10n(
        en=f"{setup_en} The model has {layers} such layers and stores its KV cache in 16-bit floats (2 bytes). How many MiB does the cache of one sequence of {t} tokens take? (1 MiB = 2²⁰ bytes)",
        zh=f"{setup_zh}模型共有 {layers} 个这样的层，KV 缓存以 16 位浮点数（2 字节）存储。一条 {t} 个 token 的序列的缓存占多少 MiB？（1 MiB = 2²⁰ 字节）",
    )
    explanation = L10n(
        en=f"Per token and layer: 2 (K and V) × {n_kv} KV heads × {hd} = {2 * kv_width} numbers. × {layers} layers × {t} tokens × 2 bytes = {cache_bytes:,} bytes = {fmt(answer)} MiB. With {n_heads} K/V heads (no grouping) it would be {fmt(answer * n_heads / n_kv)} MiB.",
        zh=f"每个 token 每层：2（K 和 V）× {n_kv} 个 KV 头 × {hd} = {2 * kv_width} 个数。× {layers} 层 × {t} 个 token × 2 字节 = {cache_bytes:,} 字节 = {fmt(answer)} MiB。若有 {n_heads} 个 K/V 头（不分组），则为 {fmt(answer * n_heads / n_kv)} MiB。",
    )
    hints = (
        L10n(en="Cache = 2 (K and V) × layers × tokens × n_kv_heads × head_dim × bytes per number; only the K/V heads count.", zh="缓存 = 2（K 和 V）× 层数 × token 数 × n_kv_heads × head_dim × 每个数的字节数；只算 K/V 头。"),
        L10n(en=f"Per token and layer: 2 × {n_kv} × {hd} = {2 * kv_width} numbers. Multiply by {layers} layers, {t} tokens and 2 bytes, then divide by 2²⁰.", zh=f"每个 token 每层：2 × {n_kv} × {hd} = {2 * kv_width} 个数。再乘以 {layers} 层、{t} 个 token 和 2 字节，最后除以 2²⁰。"),
    )
    wrong = [(answer * n_heads / n_kv, L10n(en="Only the key/value heads are cached: use n_kv_heads, not the number of query heads.", zh="缓存的只有 key/value 头：要用 n_kv_heads，而不是 query 头数。")),
             (answer / 2, L10n(en="Both K and V are cached: multiply by 2.", zh="K 和 V 都要缓存：要乘以 2。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong), hints=hints)


def _llama_hidden(d: int, multiple_of: int = 256) -> int:
    """LLaMA's SwiGLU width: 2/3 of 4d, rounded up to a multiple of 256 (4096 → 11008)."""
    return multiple_of * math.ceil(8 * d / 3 / multiple_of)


@generator("swiglu-params")
def swiglu_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Weights of a LLaMA-style SwiGLU MLP (gate, up, down; no biases), compared with a 4d GELU MLP."""
    d = rng.choice([256, 512, 768, 1024, 2048, 4096])
    hidden = _llama_hidden(d)
    answer = 3 * d * hidden
    gelu = 2 * d * 4 * d
    prompt = L10n(
        en=f"A LLaMA-style SwiGLU MLP computes down(SiLU(gate(x)) ⊙ up(x)), where gate and up are Linear({d}, {hidden}) and down is Linear({hidden}, {d}), all without bias. How many weights does it have? (exact integer)",
        zh=f"LLaMA 式 SwiGLU MLP 计算 down(SiLU(gate(x)) ⊙ up(x))，其中 gate 和 up 是 Linear({d}, {hidden})，down 是 Linear({hidden}, {d})，都不带偏置。它共有多少个权重？（精确整数）",
    )
    explanation = L10n(
        en=f"Three matrices of {d} × {hidden} = {d * hidden}: 3 × {d * hidden} = {answer}. SiLU(z) = z·σ(z) has no parameters. A GELU MLP d → 4d → d has 2 × {d} × {4 * d} = {gelu} weights; choosing hidden ≈ 8d/3 (here rounded up to a multiple of 256) keeps the two about equal ({answer / gelu:.3f}×): the gate is paid for with a narrower hidden layer.",
        zh=f"三个 {d} × {hidden} = {d * hidden} 的矩阵：3 × {d * hidden} = {answer}。SiLU(z) = z·σ(z) 没有参数。d → 4d → d 的 GELU MLP 有 2 × {d} × {4 * d} = {gelu} 个权重；隐藏维取约 8d/3（这里向上取整到 256 的倍数）让两者大致相等（{answer / gelu:.3f} 倍）：门控的开销由更窄的隐藏层抵消。",
    )
    hints = (
        L10n(en="SwiGLU has three weight matrices (gate, up, down), each d × hidden; SiLU itself has no parameters.", zh="SwiGLU 有三个权重矩阵（gate、up、down），每个都是 d × hidden；SiLU 本身没有参数。"),
        L10n(en=f"One matrix: {d} × {hidden} = {d * hidden} weights. How many such matrices are there?", zh=f"一个矩阵：{d} × {hidden} = {d * hidden} 个权重。这样的矩阵有几个？"),
    )
    wrong = [(float(2 * d * hidden), L10n(en="That is two matrices, as in a GELU MLP; SwiGLU adds the gate projection: three.", zh="这是两个矩阵，像 GELU MLP 那样；SwiGLU 多了一个门控投影：共三个。")),
             (float(gelu), L10n(en="That is a GELU MLP with hidden 4d; use the given hidden width and three matrices.", zh="这是隐藏维为 4d 的 GELU MLP；要用题目给的隐藏维和三个矩阵。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0,
                     mistakes=tuple(m for m in wrong if m[0] != answer), hints=hints)


@generator("llama-block-params")
def llama_block_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of one LLaMA-style decoder block: 2 RMSNorms, GQA projections, SwiGLU MLP; no biases."""
    while True:
        d = rng.choice([256, 512, 1024, 2048, 4096])
        n_heads = rng.choice([8, 16, 32])
        if d % n_heads == 0 and 32 <= d // n_heads <= 128:
            break
    n_kv = rng.choice([k for k in (1, 2, 4, 8) if k < n_heads])
    hd = d // n_heads
    hidden = _llama_hidden(d)
    norms, q_o, k_v, mlp = 2 * d, 2 * d * d, 2 * d * n_kv * hd, 3 * d * hidden
    answer = norms + q_o + k_v + mlp
    prompt = L10n(
        en=f"A LLaMA-style decoder block has d_model = {d}, {n_heads} query heads, {n_kv} key/value heads (grouped-query attention), a SwiGLU MLP with hidden width {hidden}, two RMSNorms (a weight γ each) and no biases anywhere. RoPE has no parameters. How many parameters does the block have? (exact integer)",
        zh=f"一个 LLaMA 式解码器块：d_model = {d}，{n_heads} 个 query 头，{n_kv} 个 key/value 头（分组查询注意力），隐藏维 {hidden} 的 SwiGLU MLP，两个 RMSNorm（各有一个权重 γ），所有层都没有偏置。RoPE 没有参数。这个块共有多少参数？（精确整数）",
    )
    explanation = L10n(
        en=f"head_dim = {d} / {n_heads} = {hd}. q_proj and o_proj: 2 × {d}² = {q_o}; k_proj and v_proj: 2 × {d} × ({n_kv} × {hd}) = {k_v}; SwiGLU: 3 × {d} × {hidden} = {mlp}; RMSNorms: 2 × {d} = {norms}. Total {answer}. The MLP holds {mlp / answer:.0%} of it; grouping K/V saved {2 * d * d - k_v} parameters compared with full multi-head attention.",
        zh=f"head_dim = {d} / {n_heads} = {hd}。q_proj 与 o_proj：2 × {d}² = {q_o}；k_proj 与 v_proj：2 × {d} × ({n_kv} × {hd}) = {k_v}；SwiGLU：3 × {d} × {hidden} = {mlp}；RMSNorm：2 × {d} = {norms}。合计 {answer}。MLP 占其中的 {mlp / answer:.0%}；与完整多头注意力相比，K/V 分组省下了 {2 * d * d - k_v} 个参数。",
    )
    hints = (
        L10n(en="Add four parts: q_proj and o_proj (d × d each), k_proj and v_proj (d × n_kv_heads·head_dim each), three SwiGLU matrices (d × hidden each), two RMSNorm weights (d each).", zh="四部分相加：q_proj 与 o_proj（各 d × d），k_proj 与 v_proj（各 d × n_kv_heads·head_dim），SwiGLU 的三个矩阵（各 d × hidden），两个 RMSNorm 权重（各 d）。"),
        L10n(en=f"head_dim = {d} / {n_heads} = {hd}, so k_proj is {d} × {n_kv * hd}; q_proj and o_proj together are 2 × {d}² = {q_o}.", zh=f"head_dim = {d} / {n_heads} = {hd}，所以 k_proj 是 {d} × {n_kv * hd}；q_proj 与 o_proj 合计 2 × {d}² = {q_o}。"),
    )
    wrong = [(float(answer - k_v + 2 * d * d), L10n(en="With grouped-query attention k_proj and v_proj output only n_kv_heads · head_dim features, not d_model.", zh="使用分组查询注意力时，k_proj 和 v_proj 只输出 n_kv_heads · head_dim 维，而不是 d_model 维。")),
             (float(answer - norms), L10n(en="Don't forget the two RMSNorm weight vectors (d each).", zh="别忘了两个 RMSNorm 的权重向量（各 d 个）。")),
             (float(answer + norms), L10n(en="RMSNorm has only a scale γ, no shift β: d parameters each, not 2d.", zh="RMSNorm 只有缩放 γ，没有平移 β：每个 d 个参数，不是 2d。")),
             (float(answer - mlp + 2 * d * hidden), L10n(en="SwiGLU has three matrices (gate, up, down), not two.", zh="SwiGLU 有三个矩阵（gate、up、down），不是两个。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0,
                     mistakes=tuple(m for m in wrong if m[0] != answer), hints=hints)

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
        note_zh = "负输入输出 0(梯度也为 0,这个神经元处于'关闭'状态)。" if x < 0 else "正输入原样通过(梯度为 1)。"
    elif name == "sigmoid":
        value = _sigmoid(x)
        how_en = f"σ(x) = 1 / (1 + e^(−x)) = 1 / (1 + e^({fmt(-x)})) = 1 / (1 + {math.exp(-x):.4f}) ≈ {value:.3f}"
        how_zh = how_en
        note_en = " Sigmoid squashes any input into (0, 1), which is why it suits a binary probability."
        note_zh = "Sigmoid 把任意输入压到 (0, 1) 之间,所以适合输出二分类概率。"
    else:
        value = math.tanh(x)
        how_en = f"tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1 ≈ {value:.3f} for x = {fmt(x)}"
        how_zh = f"tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ) = 2σ(2x) − 1,x = {fmt(x)} 时约为 {value:.3f}"
        note_en = " tanh is zero-centred and lies in (−1, 1)."
        note_zh = "tanh 以 0 为中心,取值在 (−1, 1) 之间。"
    label = {"relu": "ReLU", "sigmoid": "sigmoid σ", "tanh": "tanh"}[name]
    prompt = L10n(
        en=f"What is {label}({fmt(x)})? (3 decimals)",
        zh=f"{label}({fmt(x)}) 等于多少?(保留 3 位小数)",
    )
    explanation = L10n(en=how_en + "." + note_en, zh=how_zh + "。" + note_zh)
    return Generated(prompt, explanation, kind="numeric", answer=value, tolerance=0.0015)


@generator("linear-params")
def linear_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameter count of nn.Linear(d_in, d_out) with bias."""
    d_in = rng.choice([16, 64, 128, 256, 512, 768, 1024])
    d_out = rng.choice([10, 32, 128, 512, 1024, 3072])
    answer = d_in * d_out + d_out
    prompt = L10n(
        en=f"How many trainable parameters does a fully connected layer nn.Linear({d_in}, {d_out}) with bias have? (exact integer)",
        zh=f"带偏置的全连接层 nn.Linear({d_in}, {d_out}) 有多少个可训练参数?(精确整数)",
    )
    explanation = L10n(
        en=f"The weight matrix has one entry per (input, output) pair: {d_in} × {d_out} = {d_in * d_out}; the bias adds one number per output: {d_out}. Total {d_in * d_out} + {d_out} = {answer}.",
        zh=f"权重矩阵对每一对(输入, 输出)有一个数:{d_in} × {d_out} = {d_in * d_out};偏置每个输出一个:{d_out}。合计 {d_in * d_out} + {d_out} = {answer}。",
    )
    mistakes = (
        (float(d_in * d_out), L10n(en="You forgot the bias: one extra parameter per output unit.", zh="漏掉了偏置:每个输出单元还有一个偏置参数。")),
        (float(d_in * d_out + d_in), L10n(en="The bias has one entry per output, not per input.", zh="偏置的个数等于输出维度,而不是输入维度。")),
    )
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(m for m in mistakes if m[0] != answer))


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
        zh=f"{n}×{n} 的特征图经过卷积核 {k}×{k}、步幅 (stride) {s}、填充 (padding) {p} 的卷积。输出的高(= 宽)是多少?(整数)",
    )
    explanation = L10n(
        en=f"out = (n + 2p − k) / s + 1 = ({n} + {2 * p} − {k}) / {s} + 1 = {n + 2 * p - k} / {s} + 1 = {answer}.",
        zh=f"输出尺寸 = (n + 2p − k) / s + 1 = ({n} + {2 * p} − {k}) / {s} + 1 = {n + 2 * p - k} / {s} + 1 = {answer}。",
    )
    wrong = []
    no_pad = (n - k) // s + 1
    if no_pad != answer and p > 0:
        wrong.append((float(no_pad), L10n(en="You left out the padding: it adds p pixels on both sides (2p).", zh="忽略了填充:两侧各补 p 个像素,共 2p。")))
    no_stride = n + 2 * p - k + 1
    if s > 1 and no_stride != answer:
        wrong.append((float(no_stride), L10n(en="You ignored the stride: the kernel jumps s pixels at a time.", zh="忽略了步幅:卷积核每次移动 s 个像素。")))
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))


@generator("conv-params")
def conv_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameter count of nn.Conv2d(c_in, c_out, k) with bias."""
    c_in = rng.choice([1, 3, 16, 32, 64])
    c_out = rng.choice([8, 16, 32, 64, 128])
    k = rng.choice([1, 3, 5])
    answer = c_out * c_in * k * k + c_out
    prompt = L10n(
        en=f"How many trainable parameters does nn.Conv2d({c_in}, {c_out}, kernel_size={k}) (with bias) have? (exact integer)",
        zh=f"nn.Conv2d({c_in}, {c_out}, kernel_size={k})(带偏置)有多少个可训练参数?(精确整数)",
    )
    explanation = L10n(
        en=f"Each of the {c_out} filters spans all {c_in} input channels: {c_in} × {k} × {k} = {c_in * k * k} weights, plus 1 bias. {c_out} × ({c_in * k * k} + 1) = {answer}. The count does not depend on the image size: the same filter is shared across all positions (weight sharing).",
        zh=f"{c_out} 个卷积核中的每一个都覆盖全部 {c_in} 个输入通道:{c_in} × {k} × {k} = {c_in * k * k} 个权重,再加 1 个偏置。{c_out} × ({c_in * k * k} + 1) = {answer}。参数量与图像大小无关:同一个卷积核在所有位置共享(权值共享)。",
    )
    wrong = [(float(c_out * k * k + c_out), L10n(en="Each filter covers every input channel: multiply by c_in too.", zh="每个卷积核覆盖所有输入通道:还要乘以 c_in。"))]
    wrong.append((float(c_out * c_in * k * k), L10n(en="You forgot the bias: one per output channel.", zh="漏掉了偏置:每个输出通道一个。")))
    wrong = [w for w in wrong if w[0] != answer]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))


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
        zh=f"单层 PyTorch {name}(input_size={x}, hidden_size={h}) 有多少个参数?PyTorch 中每组权重(每个门以及候选/更新)都有两个偏置向量(b_ih 和 b_hh)。(精确整数)",
    )
    blocks_en = {"rnn": "1 block (the tanh update)", "gru": "3 blocks (reset gate, update gate, candidate)", "lstm": "4 blocks (input, forget, output gates and the candidate cell)"}[cell]
    blocks_zh = {"rnn": "1 组(tanh 更新)", "gru": "3 组(重置门、更新门、候选状态)", "lstm": "4 组(输入门、遗忘门、输出门和候选记忆)"}[cell]
    explanation = L10n(
        en=f"Each block has W_ih [{h}×{x}] = {h * x}, W_hh [{h}×{h}] = {h * h} and two biases 2×{h} = {2 * h}: {per} parameters. {name} has {blocks_en}: {gates} × {per} = {answer}.",
        zh=f"每组有 W_ih [{h}×{x}] = {h * x}、W_hh [{h}×{h}] = {h * h},以及两个偏置 2×{h} = {2 * h},共 {per} 个参数。{name} 有 {blocks_zh}:{gates} × {per} = {answer}。",
    )
    wrong = [(float(gates * (h * x + h * h + h)), L10n(en="PyTorch keeps two bias vectors per block (b_ih and b_hh), not one.", zh="PyTorch 每组有两个偏置向量(b_ih 和 b_hh),不是一个。"))]
    if gates > 1:
        wrong.append((float(per), L10n(en=f"That is one block; {name} has {gates} of them.", zh=f"这只是一组;{name} 有 {gates} 组。")))
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))


@generator("attention-shape")
def attention_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of the score matrix QKᵀ or of the attention output softmax(QKᵀ/√d_k)V."""
    what = str(params.get("what") or rng.choice(["scores", "output"]))
    b = rng.choice([1, 2, 4, 8, 16])
    tq = rng.choice([5, 10, 16, 32, 128])
    cross = rng.random() < 0.5
    tk = rng.choice([7, 12, 20, 64]) if cross else tq
    dk = rng.choice([32, 64, 128])
    dv = rng.choice([32, 64, 128])
    setup_en = f"Q has shape [{b}, {tq}, {dk}], K has shape [{b}, {tk}, {dk}] and V has shape [{b}, {tk}, {dv}]."
    setup_zh = f"Q 的形状为 [{b}, {tq}, {dk}],K 为 [{b}, {tk}, {dk}],V 为 [{b}, {tk}, {dv}]。"
    if what == "scores":
        answer = (b, tq, tk)
        prompt = L10n(
            en=f"{setup_en} What is the shape of the attention weights softmax(QKᵀ/√d_k)? (e.g. 2, 3, 4)",
            zh=f"{setup_zh}注意力权重 softmax(QKᵀ/√d_k) 的形状是什么?(例如 2, 3, 4)",
        )
        explanation = L10n(
            en=f"Kᵀ (last two axes swapped) is [{b}, {dk}, {tk}]; [{b}, {tq}, {dk}] @ [{b}, {dk}, {tk}] = [{b}, {tq}, {tk}]: one score per (query, key) pair. Scaling by √d_k and softmax over the last (key) axis keep the shape.",
            zh=f"Kᵀ(交换最后两维)为 [{b}, {dk}, {tk}];[{b}, {tq}, {dk}] @ [{b}, {dk}, {tk}] = [{b}, {tq}, {tk}]:每对(query, key)一个分数。除以 √d_k 和沿最后一维(key 维)做 softmax 都不改变形状。",
        )
    else:
        answer = (b, tq, dv)
        prompt = L10n(
            en=f"{setup_en} What is the shape of the output softmax(QKᵀ/√d_k)V? (e.g. 2, 3, 4)",
            zh=f"{setup_zh}输出 softmax(QKᵀ/√d_k)V 的形状是什么?(例如 2, 3, 4)",
        )
        explanation = L10n(
            en=f"The weights are [{b}, {tq}, {tk}] (one row per query); times V [{b}, {tk}, {dv}] gives [{b}, {tq}, {dv}]: each query gets a weighted average of the {tk} value vectors. The output has the queries' length and the values' width.",
            zh=f"权重为 [{b}, {tq}, {tk}](每个 query 一行),乘以 V [{b}, {tk}, {dv}] 得到 [{b}, {tq}, {dv}]:每个 query 得到 {tk} 个 value 向量的加权平均。输出的长度随 query,宽度随 value。",
        )
    return Generated(prompt, explanation, kind="shape", answer=answer)


@generator("attention-score")
def attention_score(rng: random.Random, params: dict[str, Any]) -> Generated:
    """One scaled dot-product score q·k / √d_k for small integer vectors."""
    d = rng.choice([4, 9, 16])
    q = [rng.randint(-2, 3) for _ in range(d)] if d <= 9 else [rng.randint(-1, 2) for _ in range(d)]
    k = [rng.randint(-2, 3) for _ in range(d)] if d <= 9 else [rng.randint(-1, 2) for _ in range(d)]
    dot = sum(a * b for a, b in zip(q, k))
    answer = dot / math.sqrt(d)
    qs, ks = ", ".join(map(str, q)), ", ".join(map(str, k))
    prompt = L10n(
        en=f"q = [{qs}], k = [{ks}] (d_k = {d}). What is the scaled dot-product score q·k / √d_k? (2 decimals)",
        zh=f"q = [{qs}],k = [{ks}](d_k = {d})。缩放点积分数 q·k / √d_k 是多少?(保留 2 位小数)",
    )
    terms = " + ".join(f"({a})({b})" for a, b in zip(q, k))
    explanation = L10n(
        en=f"q·k = {terms} = {dot}; √d_k = √{d} = {fmt(math.sqrt(d))}; {dot} / {fmt(math.sqrt(d))} = {fmt(answer, 3)}. If the components of q and k have mean 0 and variance 1, q·k has variance d_k; dividing by √d_k brings it back to about 1 however large d_k is, so softmax does not saturate.",
        zh=f"q·k = {terms} = {dot};√d_k = √{d} = {fmt(math.sqrt(d))};{dot} / {fmt(math.sqrt(d))} = {fmt(answer, 3)}。若 q、k 的各分量均值为 0、方差为 1,q·k 的方差就是 d_k;除以 √d_k 后,无论 d_k 多大,方差都回到 1 左右,softmax 就不会饱和。",
    )
    wrong = []
    if dot != answer:
        wrong.append((float(dot), L10n(en="You forgot to divide by √d_k.", zh="忘了除以 √d_k。")))
    if d != math.sqrt(d) and dot / d != answer and dot != 0:
        wrong.append((dot / d, L10n(en="The scale is √d_k, not d_k.", zh="缩放因子是 √d_k,不是 d_k。")))
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0.005, mistakes=tuple(wrong))


@generator("mha-split-shape")
def mha_split_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Shape of Q after splitting into heads and moving the head axis forward."""
    b = rng.choice([1, 2, 4, 8, 32])
    t = rng.choice([10, 16, 128, 512, 1024])
    h = rng.choice([4, 8, 12, 16, 32])
    head_dim = rng.choice([32, 64, 128])
    d = h * head_dim
    answer = (b, h, t, head_dim)
    prompt = L10n(
        en=f"Q has shape [{b}, {t}, {d}] (d_model = {d}) and there are {h} heads. After q.view(B, T, h, d_model // h).transpose(1, 2), what is its shape? (e.g. 2, 8, 10, 64)",
        zh=f"Q 的形状为 [{b}, {t}, {d}](d_model = {d}),共有 {h} 个头。执行 q.view(B, T, h, d_model // h).transpose(1, 2) 后形状是什么?(例如 2, 8, 10, 64)",
    )
    explanation = L10n(
        en=f"head_dim = d_model / h = {d} / {h} = {head_dim}. view gives [{b}, {t}, {h}, {head_dim}]; transpose(1, 2) swaps the sequence and head axes: [{b}, {h}, {t}, {head_dim}], so each head attends over the {t} positions independently.",
        zh=f"head_dim = d_model / h = {d} / {h} = {head_dim}。view 得到 [{b}, {t}, {h}, {head_dim}];transpose(1, 2) 交换序列维和头维:[{b}, {h}, {t}, {head_dim}],这样每个头各自在 {t} 个位置上做注意力。",
    )
    return Generated(prompt, explanation, kind="shape", answer=answer)


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
        zh=f"一个多头自注意力层 d_model = {d},共 {h} 个头;Q、K、V 和输出投影都是 d_model × d_model 的线性层({with_zh})。四个投影共有多少参数?(精确整数)",
    )
    bias_en = f" + 4 × {d} biases = {answer}" if bias else f" = {answer}"
    bias_zh = f" + 4 × {d} 个偏置 = {answer}" if bias else f" = {answer}"
    explanation = L10n(
        en=f"Four matrices of {d} × {d} = {d * d}: 4 × {d * d}{bias_en}. The number of heads does not matter: the heads only split the {d} columns into {h} groups of {d // h}.",
        zh=f"四个 {d} × {d} = {d * d} 的矩阵:4 × {d * d}{bias_zh}。头数不影响参数量:多头只是把 {d} 列分成 {h} 组,每组 {d // h} 列。",
    )
    wrong = [
        (float(3 * d * d + (3 * d if bias else 0)), L10n(en="Don't forget the output projection W_O: four matrices, not three.", zh="别忘了输出投影 W_O:是四个矩阵,不是三个。")),
        (float(h * 4 * d * d + (4 * d * h if bias else 0)), L10n(en="Heads don't multiply the parameters: each head uses a d_model/h slice of the same matrices.", zh="头数不会让参数翻倍:每个头只使用同一组矩阵中 d_model/h 宽的一段。")),
    ]
    if bias:
        wrong.append((float(4 * d * d), L10n(en="You forgot the four bias vectors (d_model each).", zh="漏掉了四个偏置向量(每个 d_model 个数)。")))
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(w for w in wrong if w[0] != answer))


@generator("ffn-params")
def ffn_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of a Transformer feed-forward block d → 4d → d with biases."""
    d = rng.choice([64, 128, 256, 512, 768, 1024])
    mult = int(params.get("mult", 4))
    hidden = mult * d
    answer = d * hidden + hidden + hidden * d + d
    prompt = L10n(
        en=f"A Transformer feed-forward block is Linear({d}, {hidden}) → GELU → Linear({hidden}, {d}), both with bias. How many parameters does it have? (exact integer)",
        zh=f"Transformer 前馈网络为 Linear({d}, {hidden}) → GELU → Linear({hidden}, {d}),两层都带偏置。共有多少参数?(精确整数)",
    )
    ratio = fmt(2 * mult / 4, 2)
    explanation = L10n(
        en=f"First layer {d} × {hidden} + {hidden} = {d * hidden + hidden}; second layer {hidden} × {d} + {d} = {hidden * d + d}; GELU has no parameters. Total {answer} (= 2·{mult}·d² + {mult}·d + d), about {ratio}× the attention projections (4·d²).",
        zh=f"第一层 {d} × {hidden} + {hidden} = {d * hidden + hidden};第二层 {hidden} × {d} + {d} = {hidden * d + d};GELU 没有参数。合计 {answer}(= 2·{mult}·d² + {mult}·d + d),约为注意力投影(4·d²)的 {ratio} 倍。",
    )
    wrong = [(float(2 * d * hidden), L10n(en="You forgot the biases (hidden + d numbers).", zh="漏掉了偏置(hidden + d 个数)。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))


@generator("causal-mask-count")
def causal_mask_count(rng: random.Random, params: dict[str, Any]) -> Generated:
    """How many (query, key) pairs a causal mask leaves visible in a T×T score matrix."""
    t = rng.randint(3, 64)
    answer = t * (t + 1) // 2
    prompt = L10n(
        en=f"A decoder processes a sequence of {t} tokens with a causal mask. How many of the {t}×{t} = {t * t} attention scores are NOT masked out (i.e. allowed)? (integer)",
        zh=f"解码器用因果掩码处理 {t} 个 token 的序列。{t}×{t} = {t * t} 个注意力分数中,有多少个没有被屏蔽(即允许关注)?(整数)",
    )
    explanation = L10n(
        en=f"Position i may attend to positions 0..i, itself included: 1 + 2 + … + {t} = {t}·{t + 1}/2 = {answer}. The other {t * t - answer} (the strict upper triangle) are set to −∞ before softmax.",
        zh=f"位置 i 可以关注位置 0..i(包括自己):1 + 2 + … + {t} = {t}·{t + 1}/2 = {answer}。其余 {t * t - answer} 个(严格上三角)在 softmax 之前被置为 −∞。",
    )
    wrong = [(float(t * (t - 1) // 2), L10n(en="Each token may attend to itself: include the diagonal.", zh="每个 token 可以关注它自己:要算上对角线。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))


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
        zh=f"正弦位置编码,d_model = {d}:PE(pos, 2i) = sin(pos / 10000^(2i/d)),PE(pos, 2i+1) = cos(pos / 10000^(2i/d))。PE({pos}, {j})(第 {j} 维,从 0 开始计数;角度用弧度)是多少?(保留 3 位小数)",
    )
    explanation = L10n(
        en=f"Dimension {j} is {'even' if j % 2 == 0 else 'odd'}, so it uses {func} with i = {i}. Frequency 1 / 10000^({2 * i}/{d}) = {fmt(1 / 10000 ** (2 * i / d), 6)}; angle = {pos} × that = {fmt(angle, 5)} rad; {func}({fmt(angle, 5)}) ≈ {value:.3f}.",
        zh=f"第 {j} 维是{'偶数' if j % 2 == 0 else '奇数'}维,所以用 {func},i = {i}。频率 1 / 10000^({2 * i}/{d}) = {fmt(1 / 10000 ** (2 * i / d), 6)};角度 = {pos} × 频率 = {fmt(angle, 5)} 弧度;{func}({fmt(angle, 5)}) ≈ {value:.3f}。",
    )
    return Generated(prompt, explanation, kind="numeric", answer=value, tolerance=0.0015)


@generator("mlm-mask-count")
def mlm_mask_count(rng: random.Random, params: dict[str, Any]) -> Generated:
    """BERT's 15% / 80-10-10 masking: how many tokens become [MASK]."""
    n = rng.choice([200, 400, 1000, 2000, 4000, 10000])
    selected = n * 15 // 100
    masked = selected * 8 // 10
    prompt = L10n(
        en=f"BERT's MLM selects 15% of the tokens for prediction; of those, 80% are replaced by [MASK], 10% by a random token and 10% left unchanged. In a batch of {n} tokens, how many (expected) are replaced by [MASK]? (integer)",
        zh=f"BERT 的 MLM 随机选出 15% 的 token 作为预测目标;其中 80% 替换为 [MASK],10% 替换为随机 token,10% 保持不变。在 {n} 个 token 中,期望有多少个被替换为 [MASK]?(整数)",
    )
    explanation = L10n(
        en=f"{n} × 0.15 = {selected} tokens are prediction targets; {selected} × 0.8 = {masked} of them become [MASK]. The loss is computed on all {selected} targets, including the {selected - masked} that were randomised or kept, so the model cannot assume only [MASK] positions matter.",
        zh=f"{n} × 0.15 = {selected} 个 token 是预测目标;其中 {selected} × 0.8 = {masked} 个变成 [MASK]。损失在全部 {selected} 个目标上计算(包括被随机替换或保持不变的 {selected - masked} 个),模型因此不能只盯着 [MASK] 位置。",
    )
    wrong = [(float(selected), L10n(en="15% are selected, but only 80% of those become [MASK].", zh="选中的是 15%,但其中只有 80% 被替换成 [MASK]。"))]
    return Generated(prompt, explanation, kind="numeric", answer=masked, tolerance=0, mistakes=tuple(wrong))


@generator("clip-negatives")
def clip_negatives(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Positive and negative pairs in CLIP's N×N image–text similarity matrix."""
    n = rng.choice([4, 8, 16, 32, 256, 1024])
    answer = n * n - n
    prompt = L10n(
        en=f"A CLIP training batch holds {n} matching image–text pairs. The loss uses the {n}×{n} matrix of image–text similarities. How many entries of that matrix correspond to non-matching image–text pairs (the negatives)? (integer)",
        zh=f"一个 CLIP 训练批次包含 {n} 对匹配的图文对。损失使用 {n}×{n} 的图文相似度矩阵。矩阵中有多少个元素对应不匹配的图文对(即负样本)?(整数)",
    )
    explanation = L10n(
        en=f"The {n} diagonal entries are the true pairs; every other entry pairs an image with another example's caption: {n}² − {n} = {answer}. Larger batches give more negatives for free, one reason CLIP trained with batches of 32,768.",
        zh=f"对角线上的 {n} 个元素是真正匹配的图文对;其余每个元素都把一张图与别的样本的文本配在一起:{n}² − {n} = {answer}。批次越大,负样本越多且几乎不增加成本,这也是 CLIP 使用 32,768 批大小的原因之一。",
    )
    wrong = [(float(n - 1), L10n(en="That is the negatives in one row; the matrix has n rows.", zh="这只是一行里的负样本;矩阵共有 n 行。")),
             (float(n * n), L10n(en="The diagonal holds the positive pairs: subtract them.", zh="对角线是正样本对:要减掉。"))]
    return Generated(prompt, explanation, kind="numeric", answer=answer, tolerance=0, mistakes=tuple(wrong))

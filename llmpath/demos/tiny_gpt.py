"""Pre-training in miniature: a GPT-2 trained from scratch on this course's own text.

Teaches: pre-training is next-token prediction (cross-entropy) over a corpus; the loss
and its exponential, perplexity, fall as the model learns; samples go from noise to text
that looks like the corpus; a model is a config plus weights (``save_pretrained`` /
``from_pretrained``). The architecture is ``transformers.GPT2LMHeadModel``, only smaller.

The vocabulary is a byte-level BPE of 384 tokens trained on the corpus itself (the
``tokenizers`` library, as for GPT-2, only smaller). It used to be one token per character
(nanoGPT's "shakespeare_char"): in a 90-second budget such a model sees ~1.4 M characters,
reaches ~1.5 nats a character and spends it on spelling — 28–34 % of its sampled words were
words of the course. With BPE pieces each step covers ~1.6× more text and a sample is made of
pieces of real words: 75–84 % (measured over 4 sampling seeds at temperature 0.6 and 0.5).
Validation is every tenth paragraph rather than the last 10 % of the text, which is one
topic (the last units) and measured a distribution shift instead of generalisation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("steps", int, 900, "training steps", "训练步数", low=1, high=20_000),
    Option("lr", float, 1e-2, "AdamW learning rate", "AdamW 学习率", low=1e-6, high=1.0),
    Option("batch_size", int, 32, "sequences per step", "每步的序列数", low=1, high=512),
    Option("block_size", int, 48, "context length in characters", "上下文长度（字符）", low=8, high=512),
    Option("layers", int, 2, "Transformer blocks", "Transformer 块数", low=1, high=12),
    Option("vocab_size", int, 384, "BPE vocabulary size (0 = one token per character)", "BPE 词表大小（0 表示每个字符一个词元）", low=0, high=4096),
    Option("temperature", float, 0.5, "sampling temperature", "采样温度", low=0.05, high=5.0),
    Option("sample_tokens", int, 80, "tokens to sample after training", "训练后采样的词元数", low=1, high=2_000),
]

UNK = "<unk>"


# -- the corpus ---------------------------------------------------------------------------------------


def course_text() -> str:
    """The English bodies of every curriculum section, joined (the course's own words)."""
    try:
        from llmpath.content.catalog import load_catalog

        catalog = load_catalog()
        parts = [section.body.en for unit in catalog.units for section in unit.sections if section.body.en]
    except Exception:  # content being edited or invalid: read the YAML directly, leniently
        parts = _raw_course_text()
    text = "\n\n".join(_plain(p) for p in parts if p and p.strip())
    if len(text) < 2_000:
        raise DemoError("the curriculum has too little English text to train on (need ≥ 2,000 characters)",
                        "课程中的英文文本太少，无法训练（至少需要 2,000 个字符）")
    return text


def _plain(markdown: str) -> str:
    """Keep the prose: drop code blocks, tables and Markdown marks, so a small model spends its
    few hundred steps on English words rather than on Python syntax and box drawing."""
    kept, in_fence = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith(("    ", "\t")) or line.lstrip().startswith("|"):
            continue
        line = line.strip().removeprefix("- ").removeprefix("* ")
        kept.append(line.replace("**", "").replace("`", ""))
    return "\n".join(kept).strip()


def _raw_course_text() -> list[str]:
    import yaml

    from llmpath.paths import builtin_content_root

    parts: list[str] = []
    for path in sorted((builtin_content_root() / "curriculum").glob("*/*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        for section in data.get("sections") or []:
            body = (section or {}).get("body") or {}
            if isinstance(body, dict) and isinstance(body.get("en"), str):
                parts.append(body["en"])
    return parts


def bpe_tokenizer(text: str, vocab_size: int) -> Any:
    """A byte-level BPE trained on ``text`` (GPT-2's scheme, ``vocab_size`` tokens), as a
    ``PreTrainedTokenizerFast``: any text encodes, and it saves and loads like any other."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=[UNK], show_progress=False)
    core.train_from_iterator([text], trainer)
    return PreTrainedTokenizerFast(tokenizer_object=core, unk_token=UNK, eos_token=UNK, pad_token=UNK)


def split_paragraphs(text: str) -> tuple[str, str]:
    """Every tenth paragraph for validation, the rest for training: both sample every unit."""
    paragraphs = text.split("\n\n")
    train = "\n\n".join(p for i, p in enumerate(paragraphs) if i % 10 != 9)
    val = "\n\n".join(p for i, p in enumerate(paragraphs) if i % 10 == 9)
    return train, val


def char_tokenizer(text: str) -> Any:
    """A character-level tokenizer as a ``PreTrainedTokenizerFast`` (saves and loads like any other)."""
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {UNK: 0, **{ch: i + 1 for i, ch in enumerate(sorted(set(text)))}}
    core = Tokenizer(models.WordLevel(vocab, unk_token=UNK))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")  # every character alone
    core.decoder = decoders.Fuse()  # join characters back without spaces
    return PreTrainedTokenizerFast(tokenizer_object=core, unk_token=UNK, eos_token=UNK, pad_token=UNK)


# -- from scratch: the loss -------------------------------------------------------------------------------


def next_token_loss(logits: Any, input_ids: Any) -> Any:
    """Mean cross-entropy of predicting token t+1 from tokens ≤ t: -log softmax(logits)[target].

    logits: (B, T, V); input_ids: (B, T). Position t predicts input_ids[:, t + 1].
    """
    logp = logits[:, :-1].log_softmax(dim=-1)  # (B, T-1, V)
    targets = input_ids[:, 1:]  # (B, T-1)
    return -logp.gather(-1, targets.unsqueeze(-1)).squeeze(-1).mean()


def batch(data: Any, batch_size: int, block_size: int, generator: Any) -> Any:
    """batch_size random windows of block_size tokens: (B, T)."""
    import torch

    starts = torch.randint(0, len(data) - block_size, (batch_size,), generator=generator)
    return torch.stack([data[s : s + block_size] for s in starts.tolist()])


def word_overlap(sample: str, vocabulary: set[str]) -> float:
    """Share of the sample's words (letters only, ≥ 2 long) that occur in the corpus: 0 for noise."""
    words = ["".join(ch for ch in w if ch.isalpha()).lower() for w in sample.split()]
    words = [w for w in words if len(w) >= 2]
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


def sample(model: Any, tokenizer: Any, prompt: str, n: int, temperature: float, seed: int, top_k: int = 20) -> str:
    """Sample n tokens; the context is cropped to the model's last n_positions tokens (nanoGPT style)."""
    import torch

    ids = tokenizer(prompt, return_tensors="pt").input_ids.to(model.device)  # (1, T)
    window = model.config.n_positions
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for _ in range(n):
            logits = model(input_ids=ids[:, -window:]).logits[0, -1] / temperature  # (V,)
            kth = torch.topk(logits, min(top_k, logits.numel())).values[-1]
            probs = logits.masked_fill(logits < kth, float("-inf")).softmax(-1).cpu()
            token = torch.multinomial(probs, 1, generator=gen).to(ids.device)
            ids = torch.cat([ids, token[None]], dim=1)
    return tokenizer.decode(ids[0].tolist())


def checkpoint_dir() -> Path:
    from llmpath.models import prepared_path

    return prepared_path("tiny-gpt")


@dataclass
class Setup:
    """Everything one training run needs (the demo and ``benchmarks/tiny_gpt.py`` share it)."""

    text: str
    tokenizer: Any
    train_data: Any       # (N_train,) token ids
    val_data: Any         # (N_val,)
    model: Any
    optimizer: Any
    schedule: Any
    generator: Any
    batch_size: int
    block_size: int


def training_setup(*, seed: int = 0, steps: int = 900, lr: float = 1e-2, batch_size: int = 32, block_size: int = 48,
                   layers: int = 2, vocab_size: int = 384, device: str = "cpu") -> Setup:
    import torch

    from llmpath.models import _quiet_transformers

    _quiet_transformers()
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    text = course_text()
    tokenizer = bpe_tokenizer(text, vocab_size) if vocab_size else char_tokenizer(text)
    train_text, val_text = split_paragraphs(text)
    train_data = torch.tensor(tokenizer(train_text).input_ids, dtype=torch.long)  # (N_train,)
    val_data = torch.tensor(tokenizer(val_text).input_ids, dtype=torch.long)
    if len(val_data) <= block_size + 1:
        raise DemoError(f"--block-size {block_size} is too long for this corpus", f"--block-size {block_size} 对这份语料来说太长了")
    config = GPT2Config(vocab_size=len(tokenizer), n_positions=block_size, n_embd=128, n_layer=layers, n_head=4, resid_pdrop=0.0,
                        embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=steps, pct_start=0.1)
    return Setup(text, tokenizer, train_data, val_data, model, optimizer, schedule, torch.Generator().manual_seed(seed),
                 batch_size, block_size)


def train(setup: Setup, steps: int, on_eval: Any = None, eval_every: int = 0) -> list[float]:
    """``steps`` AdamW steps on random training windows; the training losses. ``on_eval(step, loss)``
    is called every ``eval_every`` steps and at the last one."""
    import torch

    model, device = setup.model, setup.model.device
    losses: list[float] = []
    model.train()
    for step in range(steps):
        xb = batch(setup.train_data, setup.batch_size, setup.block_size, setup.generator).to(device)  # (B, T)
        loss = model(input_ids=xb, labels=xb).loss
        setup.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        setup.optimizer.step()
        if setup.schedule.last_epoch + 1 < setup.schedule.total_steps:
            setup.schedule.step()
        losses.append(loss.item())
        if on_eval and eval_every and (step % eval_every == 0 or step == steps - 1):
            on_eval(step, loss.item())
    model.eval()
    return losses


def val_loss(setup: Setup) -> float:
    import torch

    model = setup.model
    was_training = model.training
    model.eval()
    with torch.no_grad():
        vb = batch(setup.val_data, 32, setup.block_size, setup.generator).to(model.device)
        loss = model(input_ids=vb, labels=vb).loss.item()
    model.train(was_training)
    return loss


def run(ctx: DemoContext, *, steps: int, lr: float, batch_size: int, block_size: int, layers: int, vocab_size: int,
        temperature: float, sample_tokens: int) -> None:
    import torch

    ctx.heading("1. The corpus: this course", "1. 语料：本课程的文字")
    setup = training_setup(seed=ctx.seed, steps=steps, lr=lr, batch_size=batch_size, block_size=block_size, layers=layers,
                           vocab_size=vocab_size, device=ctx.torch_device())
    text, tokenizer, model, gen = setup.text, setup.tokenizer, setup.model, setup.generator
    train_data, val_data = setup.train_data, setup.val_data
    device = model.device
    vocabulary = {"".join(ch for ch in w if ch.isalpha()).lower() for w in text.split()}
    n_tokens = len(train_data) + len(val_data)
    if vocab_size:
        ctx.say(
            f"{len(text):,} characters of the curriculum's English text. A byte-level BPE learned on it has {len(tokenizer)} tokens (bytes, then merges of frequent pairs, as GPT-2's 50,257): the text becomes {n_tokens:,} tokens, {len(text) / n_tokens:.1f} characters each. Every tenth paragraph is held out to measure validation loss.",
            f"课程英文正文共 {len(text):,} 个字符。在它上面训练出的字节级 BPE 有 {len(tokenizer)} 个词元（先是字节，再合并高频字节对，和 GPT-2 的 50,257 个词元一样）：正文变成 {n_tokens:,} 个词元，平均每个 {len(text) / n_tokens:.1f} 个字符。每十段取一段留作验证集，用来计算验证损失。",
        )
    else:
        ctx.say(
            f"{len(text):,} characters of the curriculum's English text; {len(tokenizer) - 1} distinct characters form the vocabulary (one token per character). Every tenth paragraph is held out to measure validation loss.",
            f"课程英文正文共 {len(text):,} 个字符；{len(tokenizer) - 1} 个不同字符构成词表（每个字符一个词元）。每十段取一段留作验证集，用来计算验证损失。",
        )
    first_ids = train_data[:12].tolist()
    ctx.table("", [L10n("token", "词元"), "id"], [(repr(tokenizer.decode([i])), i) for i in first_ids])

    n_params = sum(p.numel() for p in model.parameters())
    ctx.heading("2. A GPT-2, only smaller", "2. 一个缩小版的 GPT-2")
    ctx.table("GPT2Config", [L10n("setting", "设置"), L10n("tiny", "迷你"), "GPT-2 small"], [
        ("n_layer", layers, 12), ("n_embd", 128, 768), ("n_head", 4, 12), ("n_positions", block_size, 1024), ("vocab_size", len(tokenizer), 50257), (L10n("parameters", "参数量"), f"{n_params / 1e6:.2f}M", "124M"),
    ])
    model.eval()
    before = sample(model, tokenizer, "The ", min(30, sample_tokens), temperature, ctx.seed)
    ctx.say(f"Before training (random weights), a sample:\n\n    {before!r}", f"训练前（随机权重）的采样：\n\n    {before!r}")

    xb = batch(train_data, batch_size, block_size, gen).to(device)
    with torch.no_grad():
        out = model(input_ids=xb, labels=xb)
    ctx.agree(L10n("next-token cross-entropy", "下一个词元的交叉熵"), next_token_loss(out.logits, xb), out.loss, reference_name="GPT2LMHeadModel(labels=...).loss", tolerance=1e-5, key="max_diff_next_token_cross_entropy")
    start_loss = float(out.loss)
    ctx.say(
        f"At the start the loss is {start_loss:.2f}, close to ln({len(tokenizer)}) = {math.log(len(tokenizer)):.2f}: a uniform guess over the vocabulary.",
        f"开始时损失为 {start_loss:.2f}，接近 ln({len(tokenizer)}) = {math.log(len(tokenizer)):.2f}：即在词表上均匀瞎猜。",
    )

    ctx.heading("3. Pre-training: predict the next token", "3. 预训练：预测下一个词元")
    val_losses: list[float] = []

    def evaluate(step: int, loss: float) -> None:
        val_losses.append(val_loss(setup))
        ctx.stream(f"  step {step + 1:>5}/{steps}  train {loss:.3f}  val {val_losses[-1]:.3f}\n")

    eval_every = max(1, steps // 15)
    t0 = time.perf_counter()
    train_losses = train(setup, steps, on_eval=evaluate, eval_every=eval_every)
    ctx.stream("", end=True)
    train_s = time.perf_counter() - t0
    tokens_per_s = steps * batch_size * block_size / train_s
    ctx.chart(L10n("loss (cross-entropy, nats per token)", "损失（交叉熵，每个词元的奈特）"), {L10n("train", "训练"): train_losses, L10n("validation", "验证"): val_losses}, x_label=L10n("step", "步"))
    ctx.chart(L10n("validation perplexity = exp(loss)", "验证困惑度 = exp（损失）"), {L10n("perplexity", "困惑度"): [math.exp(v) for v in val_losses]}, x_label=L10n("step", "步"), log_y=True)
    ctx.say(
        f"{steps} steps in {train_s:.1f} s ({tokens_per_s:,.0f} tokens a second). Validation perplexity went from {math.exp(val_losses[0]):.1f} to {math.exp(val_losses[-1]):.1f}: the model now hesitates between about {math.exp(val_losses[-1]):.0f} tokens instead of {len(tokenizer)}.",
        f"{steps} 步用时 {train_s:.1f} 秒（每秒 {tokens_per_s:,.0f} 个词元）。验证困惑度从 {math.exp(val_losses[0]):.1f} 降到 {math.exp(val_losses[-1]):.1f}：模型现在只在约 {math.exp(val_losses[-1]):.0f} 个词元之间犹豫，而不是 {len(tokenizer)} 个。",
    )

    ctx.heading("4. Samples after training", "4. 训练后的采样")
    after = sample(model, tokenizer, "The ", sample_tokens, temperature, ctx.seed)
    ctx.say(f"Temperature {temperature}, top-k 20, starting from `The `:\n\n    {after!r}", f"温度 {temperature}，top-k 20，从 `The ` 开始：\n\n    {after!r}")
    overlap_before, overlap_after = word_overlap(before[4:], vocabulary), word_overlap(after[4:], vocabulary)
    ctx.bars(L10n("share of sampled words that occur in the course", "采样出的词中在课程里出现过的比例"), [L10n("before training", "训练前"), L10n("after training", "训练后")], [overlap_before, overlap_after], fmt="{:.0%}")

    ctx.heading("5. save_pretrained → from_pretrained", "5. save_pretrained → from_pretrained")
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    reloaded = type(model).from_pretrained(str(folder)).to(device).eval()
    probe = batch(val_data, 2, block_size, gen).to(device)
    with torch.no_grad():
        a, b = model(input_ids=probe).logits, reloaded(input_ids=probe).logits
    ctx.agree("logits after reload", a, b, reference_name="the model before saving", tolerance=0.0, key="max_diff_reload_logits")
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    ctx.say(
        f"Saved to `{folder}` ({size / 1e6:.1f} MB: config.json, model.safetensors, tokenizer). `llmpath demo gpt2` uses it when no real model is available.",
        f"已保存到 `{folder}`（{size / 1e6:.1f} MB:config.json、model.safetensors、分词器）。没有真实模型时，`llmpath demo gpt2` 会用它。",
    )
    ctx.figures.update(
        corpus_chars=len(text), corpus_tokens=n_tokens, vocab_size=len(tokenizer), parameters=n_params, steps=steps, tokens_per_s=tokens_per_s,
        start_loss=start_loss, final_train_loss=train_losses[-1], first_val_loss=val_losses[0], final_val_loss=val_losses[-1],
        final_val_perplexity=math.exp(val_losses[-1]), train_s=train_s, sample_before=before, sample_after=after,
        word_overlap_before=overlap_before, word_overlap_after=overlap_after, checkpoint=str(folder),
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(train_losses, label="train", alpha=0.6)
        ax.plot([min(i * eval_every, steps - 1) for i in range(len(val_losses))], val_losses, "o-", label="validation")
        ax.set_xlabel("step"); ax.set_ylabel("cross-entropy (nats)"); ax.legend(); ax.set_title("tiny GPT-2 pre-training")
        ctx.savefig(fig)

"""Pre-training in miniature: a GPT-2 trained from scratch on this course's own text.

Teaches: pre-training is next-token prediction (cross-entropy) over a corpus; the loss
and its exponential, perplexity, fall as the model learns; samples go from noise to text
that looks like the corpus; a model is a config plus weights (``save_pretrained`` /
``from_pretrained``). The architecture is ``transformers.GPT2LMHeadModel``, only smaller
(nanoGPT's "shakespeare_char" recipe: a character vocabulary, so a small model learns
spelling and words in a few hundred steps instead of a 50k-token vocabulary).
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option

OPTIONS = [
    Option("steps", int, 900, "training steps", "训练步数", low=1, high=20_000),
    Option("lr", float, 1e-2, "AdamW learning rate", "AdamW 学习率", low=1e-6, high=1.0),
    Option("batch_size", int, 32, "sequences per step", "每步的序列数", low=1, high=512),
    Option("block_size", int, 48, "context length in characters", "上下文长度（字符）", low=8, high=512),
    Option("layers", int, 2, "Transformer blocks", "Transformer 块数", low=1, high=12),
    Option("temperature", float, 0.6, "sampling temperature", "采样温度", low=0.05, high=5.0),
    Option("sample_chars", int, 200, "characters to sample after training", "训练后采样的字符数", low=1, high=5_000),
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
        raise DemoError("the curriculum has too little English text to train on (need ≥ 2,000 characters)")
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
    """Sample n characters; the context is cropped to the model's last n_positions tokens (nanoGPT style)."""
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


def run(ctx: DemoContext, *, steps: int, lr: float, batch_size: int, block_size: int, layers: int, temperature: float, sample_chars: int) -> None:
    import torch

    from llmpath.models import _quiet_transformers

    _quiet_transformers()
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    gen = torch.Generator().manual_seed(ctx.seed)

    ctx.heading("1. The corpus: this course", "1. 语料：本课程的文字")
    text = course_text()
    tokenizer = char_tokenizer(text)
    data = torch.tensor(tokenizer(text).input_ids, dtype=torch.long)  # (N,)
    split = int(0.9 * len(data))
    train_data, val_data = data[:split], data[split:]
    if len(val_data) <= block_size + 1:
        raise DemoError(f"--block-size {block_size} is too long for this corpus")
    vocabulary = {"".join(ch for ch in w if ch.isalpha()).lower() for w in text.split()}
    ctx.say(
        f"{len(text):,} characters of the curriculum's English text; {len(tokenizer) - 1} distinct characters form the vocabulary (one token per character). 90% trains, the last 10% measures validation loss.",
        f"课程英文正文共 {len(text):,} 个字符；{len(tokenizer) - 1} 个不同字符构成词表（每个字符一个 token）。前 90% 用于训练，最后 10% 用来计算验证损失。",
    )
    ctx.table("", ["text", "ids"], [(repr(text[:24]), str(data[:24].tolist()))])

    config = GPT2Config(vocab_size=len(tokenizer), n_positions=block_size, n_embd=128, n_layer=layers, n_head=4, resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    ctx.heading("2. A GPT-2, only smaller", "2. 一个缩小版的 GPT-2")
    ctx.table("GPT2Config", ["setting", "tiny", "GPT-2 small"], [
        ("n_layer", layers, 12), ("n_embd", 128, 768), ("n_head", 4, 12), ("n_positions", block_size, 1024), ("vocab_size", len(tokenizer), 50257), ("parameters", f"{n_params / 1e6:.2f}M", "124M"),
    ])
    model.eval()
    before = sample(model, tokenizer, "The ", min(60, sample_chars), temperature, ctx.seed)
    ctx.say(f"Before training (random weights), a sample:\n\n    {before!r}", f"训练前（随机权重）的采样：\n\n    {before!r}")

    xb = batch(train_data, batch_size, block_size, gen).to(device)
    with torch.no_grad():
        out = model(input_ids=xb, labels=xb)
    ctx.agree("next-token cross-entropy", next_token_loss(out.logits, xb), out.loss, reference_name="GPT2LMHeadModel(labels=...).loss", tolerance=1e-5)
    start_loss = float(out.loss)
    ctx.say(
        f"At the start the loss is {start_loss:.2f}, close to ln({len(tokenizer)}) = {math.log(len(tokenizer)):.2f}: a uniform guess over the vocabulary.",
        f"开始时损失为 {start_loss:.2f}，接近 ln({len(tokenizer)}) = {math.log(len(tokenizer)):.2f}：即在词表上均匀瞎猜。",
    )

    ctx.heading("3. Pre-training: predict the next character", "3. 预训练：预测下一个字符")
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=steps, pct_start=0.1)
    train_losses: list[float] = []
    val_losses: list[float] = []
    eval_every = max(1, steps // 15)
    t0 = time.perf_counter()
    model.train()
    for step in range(steps):
        xb = batch(train_data, batch_size, block_size, gen).to(device)
        loss = model(input_ids=xb, labels=xb).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        train_losses.append(loss.item())
        if step % eval_every == 0 or step == steps - 1:
            model.eval()
            with torch.no_grad():
                vb = batch(val_data, 32, block_size, gen).to(device)
                val_losses.append(model(input_ids=vb, labels=vb).loss.item())
            model.train()
            ctx.stream(f"  step {step + 1:>5}/{steps}  train {train_losses[-1]:.3f}  val {val_losses[-1]:.3f}\n")
    ctx.stream("", end=True)
    train_s = time.perf_counter() - t0
    model.eval()
    ctx.chart("loss (cross-entropy, nats)", {"train": train_losses, "validation": val_losses}, x_label="step")
    ctx.chart("validation perplexity = exp(loss)", {"perplexity": [math.exp(v) for v in val_losses]}, x_label="step", log_y=True)
    ctx.say(
        f"{steps} steps in {train_s:.1f} s. Validation perplexity went from {math.exp(val_losses[0]):.1f} to {math.exp(val_losses[-1]):.2f}: the model now hesitates between about {math.exp(val_losses[-1]):.0f} characters instead of {len(tokenizer)}.",
        f"{steps} 步用时 {train_s:.1f} 秒。验证困惑度从 {math.exp(val_losses[0]):.1f} 降到 {math.exp(val_losses[-1]):.2f}：模型现在只在约 {math.exp(val_losses[-1]):.0f} 个字符之间犹豫，而不是 {len(tokenizer)} 个。",
    )

    ctx.heading("4. Samples after training", "4. 训练后的采样")
    after = sample(model, tokenizer, "The ", sample_chars, temperature, ctx.seed)
    ctx.say(f"Temperature {temperature}, top-k 20, starting from `The `:\n\n    {after!r}", f"温度 {temperature},top-k 20，从 `The ` 开始：\n\n    {after!r}")
    overlap_before, overlap_after = word_overlap(before[4:], vocabulary), word_overlap(after[4:], vocabulary)
    ctx.bars("share of sampled words that occur in the course", ["before training", "after training"], [overlap_before, overlap_after], fmt="{:.0%}")

    ctx.heading("5. save_pretrained → from_pretrained", "5. save_pretrained → from_pretrained")
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    reloaded = GPT2LMHeadModel.from_pretrained(str(folder)).to(device).eval()
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
        corpus_chars=len(text), vocab_size=len(tokenizer), parameters=n_params, steps=steps,
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

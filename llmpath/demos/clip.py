"""CLIP in miniature: align images and text with a contrastive loss, then classify by prompt.

Teaches: two encoders map an image and a caption into the same space; training pulls
each matching (image, caption) pair together and pushes the other pairs in the batch
apart with a symmetric InfoNCE loss (cross-entropy over the batch's similarity matrix,
both ways). Afterwards, classes can be recognised "zero-shot": embed one text prompt per
class and pick the prompt closest to the image, no classifier trained.
Source: Radford et al., "Learning Transferable Visual Models From Natural Language
Supervision" (CLIP, 2021), figure 3. Here: scikit-learn's 8×8 digits and a tiny
bag-of-words text encoder trained from scratch (the real CLIP: 400 M pairs, ViT + Transformer).
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, single_thread

OPTIONS = [
    Option("steps", int, 600, "training steps (10 image-caption pairs each)", "训练步数（每步 10 对图文）", low=1, high=50_000),
    Option("dim", int, 32, "size of the shared embedding space", "共享嵌入空间的维度", low=2, high=512),
    Option("lr", float, 0.003, "Adam learning rate", "Adam 学习率", low=1e-5, high=1.0),
]

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEMPLATES = (  # how captions describe an image during training
    "a handwritten {word}",
    "the number {word} written by hand",
    "a scan of the digit {digit}",
    "a small picture of a {word}",
    "an image showing {digit}",
)
PROMPT = "a photo of the digit {word}"  # the zero-shot prompt: a wording never seen in training


def info_nce(image_emb: np.ndarray, text_emb: np.ndarray, temperature: float) -> float:
    """Symmetric InfoNCE for N matching pairs (row i of each is a pair), embeddings L2-normalised.

    logits = I Tᵀ / τ (N, N); L = ½ [CE(rows → correct column i) + CE(columns → correct row i)],
    CE averaged over the batch, CE(logits, i) = −log softmax(logits)ᵢ.
    """
    logits = image_emb @ text_emb.T / temperature  # (N, N): similarity of every image with every caption

    def ce_diagonal(z: np.ndarray) -> float:
        z = z - z.max(axis=1, keepdims=True)
        log_softmax = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-np.mean(np.diag(log_softmax)))

    return 0.5 * (ce_diagonal(logits) + ce_diagonal(logits.T))


def tokenize(text: str, vocab: dict[str, int]) -> list[int]:
    return [vocab[w] for w in text.lower().split() if w in vocab]


def make_encoders(vocab_size: int, dim: int):
    """Image encoder: 64 pixels → 128 → dim. Text encoder: mean of word embeddings → dim."""
    import torch
    from torch import nn

    image_encoder = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, dim))

    class TextEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.wte = nn.EmbeddingBag(vocab_size, 64, mode="mean")  # bag of words: order is ignored
            self.proj = nn.Linear(64, dim)

        def forward(self, tokens: list[list[int]]):
            flat = torch.tensor([t for seq in tokens for t in seq], device=self.proj.weight.device)
            offsets = torch.tensor([0] + [len(s) for s in tokens[:-1]], device=flat.device).cumsum(0)
            return self.proj(self.wte(flat, offsets))  # (N, dim)

    return image_encoder, TextEncoder()


def run(ctx: DemoContext, *, steps: int, dim: int, lr: float) -> None:
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    torch.manual_seed(ctx.seed)
    rng = np.random.default_rng(ctx.seed)
    device = ctx.torch_device()
    digits = load_digits()
    x_tr, x_te, y_tr, y_te = train_test_split(digits.data.astype(np.float32) / 16.0, digits.target, test_size=0.3, random_state=ctx.seed, stratify=digits.target)
    words = sorted({w for t in TEMPLATES + (PROMPT,) for w in t.split() if "{" not in w} | set(WORDS) | {str(d) for d in range(10)})
    vocab = {w: i for i, w in enumerate(words)}

    ctx.heading("1. Pairs of images and captions", "1. 图片与文字描述配对")
    examples = [TEMPLATES[i % len(TEMPLATES)].format(word=WORDS[d], digit=d) for i, d in enumerate(y_tr[:4])]
    ctx.say(
        f"{len(x_tr)} training digits, each paired with a caption drawn from {len(TEMPLATES)} templates, e.g. "
        + ", ".join(f"“{e}”" for e in examples)
        + f". Vocabulary: {len(vocab)} words. The test prompt “{PROMPT.format(word='seven')}” uses a wording never seen in training.",
        f"{len(x_tr)} 张训练数字图片，每张配一句由 {len(TEMPLATES)} 个模板生成的英文描述，例如 "
        + "、".join(f"“{e}”" for e in examples)
        + f"。词表共 {len(vocab)} 个词。测试提示词“{PROMPT.format(word='seven')}”的措辞在训练中从未出现。",
    )

    ctx.heading("2. Two encoders, one space", "2. 两个编码器，一个空间")
    image_encoder, text_encoder = make_encoders(len(vocab), dim)
    image_encoder, text_encoder = image_encoder.to(device), text_encoder.to(device)
    log_scale = torch.nn.Parameter(torch.tensor(np.log(1 / 0.07), dtype=torch.float32, device=device))  # 1/τ, learned as in CLIP
    n_img = sum(p.numel() for p in image_encoder.parameters())
    n_txt = sum(p.numel() for p in text_encoder.parameters())
    ctx.say(
        f"Image encoder: 64 pixels → 128 → {dim} ({n_img:,} parameters). Text encoder: average of word embeddings → {dim} "
        f"({n_txt:,} parameters). Both outputs are L2-normalised, so a dot product is a cosine similarity. "
        "Each step takes one image of every digit (10 pairs), so every caption has exactly one match in the batch; "
        "the real CLIP uses 32,768 pairs per batch.",
        f"图像编码器：64 像素 → 128 → {dim}（{n_img:,} 个参数）。文本编码器：词嵌入取平均 → {dim}（{n_txt:,} 个参数）。"
        "两边输出都做 L2 归一化，点积就是余弦相似度。每步每个数字各取一张图（10 对），这样每句描述在批次中恰好有一个匹配；"
        "真正的 CLIP 每批 32,768 对。",
    )

    ctx.heading("3. The symmetric InfoNCE loss", "3. 对称 InfoNCE 损失")
    ctx.say(
        "logits = I Tᵀ / τ is a 10 × 10 similarity matrix; the right answers lie on the diagonal. The loss is the average of "
        "cross-entropy over rows (each image picks its caption) and over columns (each caption picks its image). "
        "Unlike a triplet loss there is no explicit margin: all the other pairs in the batch are the negatives. "
        "(K-Means also groups things, but CLIP learns alignment from pairs, not clusters.)",
        "logits = I Tᵀ / τ 是 10 × 10 的相似度矩阵，正确答案在对角线上。损失是按行（每张图选它的描述）和按列（每句描述选它的图）"
        "两次交叉熵的平均。与三元组损失不同，它没有显式的间隔（margin）：批次中其他所有配对都是负样本。"
        "（K-Means 也会把东西分组，但 CLIP 是从配对中学对齐，而不是聚类。）",
    )
    by_class = [np.flatnonzero(y_tr == d) for d in range(10)]
    params = [*image_encoder.parameters(), *text_encoder.parameters(), log_scale]
    opt = torch.optim.Adam(params, lr=lr)
    losses = []

    def batch():
        idx = np.array([rng.choice(members) for members in by_class])  # one image per digit
        captions = [TEMPLATES[rng.integers(len(TEMPLATES))].format(word=WORDS[d], digit=d) for d in range(10)]
        return torch.tensor(x_tr[idx], device=device), [tokenize(c, vocab) for c in captions]

    def embed(images, tokens):
        return F.normalize(image_encoder(images), dim=-1), F.normalize(text_encoder(tokens), dim=-1)  # (N, dim) each

    with single_thread():  # tiny tensors: extra threads only add synchronisation
        images, tokens = batch()
        with torch.no_grad():
            i_emb, t_emb = embed(images, tokens)
            logits = i_emb @ t_emb.T * log_scale.exp()
            ref = 0.5 * (F.cross_entropy(logits, torch.arange(10, device=device)) + F.cross_entropy(logits.T, torch.arange(10, device=device)))
        ours = info_nce(i_emb.cpu().double().numpy(), t_emb.cpu().double().numpy(), float(1 / log_scale.detach().exp()))
        ctx.agree(ctx.t("InfoNCE from scratch", "从零实现的 InfoNCE"), ours, float(ref), reference_name="torch.nn.functional.cross_entropy, both ways", tolerance=1e-5, key="max_diff_info_nce")
        for _ in range(steps):
            images, tokens = batch()
            i_emb, t_emb = embed(images, tokens)
            logits = i_emb @ t_emb.T * log_scale.exp()  # (10, 10)
            target = torch.arange(10, device=device)
            loss = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                log_scale.clamp_(0, np.log(100))  # CLIP caps 1/τ at 100
            losses.append(loss.item())
    ctx.chart(ctx.t("contrastive loss (log 10 ≈ 2.30 = guessing)", "对比损失（log 10 ≈ 2.30 = 瞎猜）"), {"loss": losses}, x_label=ctx.t("step", "步"))

    ctx.heading("4. Zero-shot classification by text prompts", "4. 用文本提示做零样本分类")
    prompts = [PROMPT.format(word=w) for w in WORDS]
    image_encoder.eval()
    text_encoder.eval()
    with torch.no_grad():
        img, txt = embed(torch.tensor(x_te, device=device), [tokenize(p, vocab) for p in prompts])
        probs = torch.softmax(img @ txt.T * log_scale.exp(), dim=-1).cpu().numpy()  # (N_test, 10)
    pred = probs.argmax(1)
    acc = float((pred == y_te).mean())
    ctx.say(
        f"Embed the 10 prompts “{PROMPT.format(word='zero')}” … “{PROMPT.format(word='nine')}”, embed each of the "
        f"{len(x_te)} held-out images, and pick the most similar prompt. Zero-shot accuracy: {acc:.1%} (chance 10%).",
        f"把 10 个提示词“{PROMPT.format(word='zero')}”…“{PROMPT.format(word='nine')}”编码，再编码 {len(x_te)} 张留出的测试图片，"
        f"为每张图选最相似的提示词。零样本准确率：{acc:.1%}（随机 10%）。",
    )
    ctx.bars(ctx.t("zero-shot accuracy per digit", "各数字的零样本准确率"), [WORDS[d] for d in range(10)], [float((pred[y_te == d] == d).mean()) for d in range(10)], fmt="{:.0%}")
    rows = []
    for i in range(5):
        top = np.argsort(-probs[i])[:2]
        rows.append([str(y_te[i]), f"“{prompts[top[0]]}” {probs[i, top[0]]:.0%}", f"“{prompts[top[1]]}” {probs[i, top[1]]:.0%}"])
    ctx.table(ctx.t("test images: the two closest prompts", "测试图片：最接近的两个提示词"), [ctx.t("label", "标签"), "1st", "2nd"], rows)
    ctx.figures.update(
        zero_shot_accuracy=round(acc, 4),
        first_loss=round(losses[0], 4),
        final_loss=round(float(np.mean(losses[-20:])), 4),
        temperature=round(float(1 / log_scale.detach().exp()), 4),
        vocab_size=len(vocab),
        steps=steps,
        device=device,
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        sims = np.stack([img.cpu().numpy()[y_te == d].mean(0) for d in range(10)]) @ txt.cpu().numpy().T
        fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 4))
        im = a0.imshow(sims, cmap="viridis")
        a0.set_xticks(range(10), WORDS, rotation=45)
        a0.set_ylabel("test images of digit")
        a0.set_title("mean cosine similarity: images × prompts")
        fig.colorbar(im, ax=a0)
        a1.plot(losses)
        a1.set_title("symmetric InfoNCE loss")
        ctx.savefig(fig)

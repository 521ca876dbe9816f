"""Fine-tuning an encoder for text classification: frozen features vs full fine-tuning.

Teaches: a pretrained encoder already turns sentences into useful vectors, so (a) a plain
logistic regression on frozen all-MiniLM-L6-v2 embeddings is a strong baseline; (b)
fine-tuning updates every weight of the encoder together with a new classification head
(small learning rate, a few epochs). Both are judged on the same held-out sentences with
accuracy and a confusion matrix. The data: 320 short sentences this project wrote, labelled
by course topic (math / ml / dl / tools), shipped as ``llmpath/demos/data/topics.csv``.
"""

from __future__ import annotations

import time
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.demos.hf_datasets import TOPICS as DATA  # the shipped topic set; its loader is the hf-datasets demo's
from llmpath.demos.hf_datasets import read_topic_csv as load_dataset  # noqa: F401 - the plain reader, for tests

OPTIONS = [
    Option("epochs", int, 3, "fine-tuning epochs", "微调轮数", low=0, high=50),
    Option("lr", float, 5e-5, "learning rate of the encoder (the head uses 20×)", "编码器学习率（分类头用 20 倍）", low=1e-7, high=1e-2),
    Option("batch_size", int, 16, "sentences per step", "每步句子数", low=1, high=256),
    Option("test_size", float, 0.25, "share of sentences held out for testing", "留作测试的句子比例", low=0.05, high=0.8),
]


def confusion(y_true: list[int], y_pred: list[int], n_classes: int) -> list[list[int]]:
    """counts[i][j] = how many sentences of class i were predicted as class j."""
    counts = [[0] * n_classes for _ in range(n_classes)]
    for t, p in zip(y_true, y_pred):
        counts[t][p] += 1
    return counts


class Classifier:
    """Encoder + mean pooling + a linear head: logits = W · mean_pool(BERT(x)) + b."""

    def __init__(self, encoder: Any, n_classes: int) -> None:
        import torch

        self.encoder = encoder
        self.head = torch.nn.Linear(encoder.config.hidden_size, n_classes)

    def parameters(self) -> list[Any]:
        return list(self.encoder.parameters()) + list(self.head.parameters())

    def __call__(self, enc: dict[str, Any]) -> Any:
        from llmpath.demos.bert import mean_pool

        hidden = self.encoder(**enc).last_hidden_state  # (B, T, H)
        return self.head(mean_pool(hidden, enc["attention_mask"]))  # (B, C)


def run(ctx: DemoContext, *, epochs: int, lr: float, batch_size: int, test_size: float) -> None:
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import confusion_matrix
    from sklearn.model_selection import train_test_split

    from llmpath.demos.bert import embed, load_minilm
    from llmpath.demos.hf_datasets import topic_columns

    torch.manual_seed(ctx.seed)
    texts, labels = topic_columns(DATA)  # load_dataset("csv"), as the hf-datasets demo shows
    classes = sorted(set(labels))
    y = [classes.index(label) for label in labels]
    x_train, x_test, y_train, y_test = train_test_split(texts, y, test_size=test_size, stratify=y, random_state=ctx.seed)
    if len(set(y_train)) < len(classes):
        raise DemoError("--test-size leaves a class without training sentences", "按这个 --test-size 划分后，有一个类别没有训练句子了")
    ctx.heading("1. The data", "1. 数据")
    ctx.say(
        f"{len(texts)} short English sentences written for this course, labelled by topic ({', '.join(classes)}; {len(texts) // len(classes)} each), read with `datasets.load_dataset(\"csv\", data_files=…)` (see `llmpath demo hf-datasets`). A stratified split keeps {len(x_train)} for training and holds out {len(x_test)}.",
        f"为本课程编写的 {len(texts)} 条英文短句，按主题标注（{', '.join(classes)}；每类 {len(texts) // len(classes)} 条），用 `datasets.load_dataset(\"csv\", data_files=…)` 读取（见 `llmpath demo hf-datasets`）。分层划分：{len(x_train)} 条训练，{len(x_test)} 条留作测试。",
    )
    ctx.table("", ["label", "example"], [(c, next(t for t, l in zip(texts, labels) if l == c)) for c in classes])

    tokenizer, encoder, _ = load_minilm()
    ctx.heading("2. (a) Frozen embeddings + logistic regression", "2. (a) 冻结嵌入 + 逻辑回归")
    t0 = time.perf_counter()
    e_train = embed(tokenizer, encoder, x_train).numpy()  # (N, 384)
    e_test = embed(tokenizer, encoder, x_test).numpy()
    probe = LogisticRegression(max_iter=2000, C=10.0).fit(e_train, y_train)
    pred_a = probe.predict(e_test).tolist()
    acc_a = float(np.mean(np.array(pred_a) == np.array(y_test)))
    cm_a = confusion(y_test, pred_a, len(classes))
    ctx.agree("confusion matrix (a)", cm_a, confusion_matrix(y_test, pred_a, labels=list(range(len(classes)))), reference_name="sklearn.metrics.confusion_matrix", tolerance=0, key="max_diff_confusion_matrix")
    ctx.heatmap(f"(a) frozen: accuracy {acc_a:.1%}  (rows: true, columns: predicted)", classes, classes, cm_a)
    ctx.say(
        f"The encoder is not changed at all: only {probe.coef_.size + probe.intercept_.size:,} numbers of a logistic regression are fitted on its 384-dim sentence vectors ({time.perf_counter() - t0:.1f} s).",
        f"编码器完全不变：只在 384 维句向量上拟合逻辑回归的 {probe.coef_.size + probe.intercept_.size:,} 个参数（用时 {time.perf_counter() - t0:.1f} 秒）。",
    )

    ctx.heading("3. (b) Fine-tuning the whole encoder", "3. (b) 微调整个编码器")
    device = ctx.torch_device()
    encoder.to(device).train()
    model = Classifier(encoder, len(classes))
    model.head.to(device)
    optimizer = torch.optim.AdamW([
        {"params": list(encoder.parameters()), "lr": lr},
        {"params": list(model.head.parameters()), "lr": lr * 20},
    ], weight_decay=0.01)
    n_trainable = sum(p.numel() for p in model.parameters())
    gen = torch.Generator().manual_seed(ctx.seed)
    losses: list[float] = []
    t0 = time.perf_counter()
    for epoch in range(epochs):
        order = torch.randperm(len(x_train), generator=gen).tolist()
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            enc = tokenizer([x_train[i] for i in rows], padding=True, truncation=True, return_tensors="pt").to(device)
            target = torch.tensor([y_train[i] for i in rows], device=device)
            loss = torch.nn.functional.cross_entropy(model(enc), target)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        ctx.stream(f"  epoch {epoch + 1}/{epochs}  last loss {losses[-1]:.3f}\n")
    ctx.stream("", end=True)
    tune_s = time.perf_counter() - t0
    encoder.eval()
    with torch.no_grad():
        enc = tokenizer(x_test, padding=True, truncation=True, return_tensors="pt").to(device)
        pred_b = model(enc).argmax(-1).tolist()
    acc_b = float(np.mean(np.array(pred_b) == np.array(y_test)))
    cm_b = confusion(y_test, pred_b, len(classes))
    if losses:
        ctx.chart("fine-tuning loss (cross-entropy)", {"train": losses}, x_label="step")
    ctx.heatmap(f"(b) fine-tuned: accuracy {acc_b:.1%}", classes, classes, cm_b)
    ctx.say(
        f"All {n_trainable / 1e6:.1f}M parameters were updated: {epochs} epochs, {len(losses)} steps, learning rate {lr:g} for the encoder and {lr * 20:g} for the new head, {tune_s:.1f} s on {device}.",
        f"全部 {n_trainable / 1e6:.1f}M 个参数都被更新：{epochs} 轮、{len(losses)} 步，编码器学习率 {lr:g}，新分类头 {lr * 20:g}，在 {device} 上用时 {tune_s:.1f} 秒。",
    )

    ctx.heading("4. Which to use", "4. 怎么选")
    ctx.bars("held-out accuracy", ["(a) frozen + logistic regression", "(b) fine-tuned encoder"], [acc_a, acc_b], fmt="{:.1%}")
    ctx.say(
        "With a few hundred labels, frozen embeddings are already strong, cheap and safe. Fine-tuning can win when the task differs from what the encoder was trained for and there is more data, but it costs far more compute, needs a small learning rate, and can overfit or forget. Parameter-efficient methods such as LoRA sit in between.",
        "只有几百条标注时，冻结嵌入已经很强，而且便宜、稳妥。当任务与编码器的训练目标差别较大、数据更多时，微调可能胜出，但计算代价高得多，需要小学习率，还可能过拟合或遗忘。LoRA 等参数高效方法介于两者之间。",
    )
    ctx.figures.update(
        classes=classes, n_sentences=len(texts), n_train=len(x_train), n_test=len(x_test),
        accuracy_frozen=acc_a, accuracy_finetuned=acc_b, confusion_frozen=cm_a, confusion_finetuned=cm_b,
        finetune_steps=len(losses), finetune_first_loss=losses[0] if losses else None, finetune_final_loss=losses[-1] if losses else None, finetune_s=tune_s,
    )

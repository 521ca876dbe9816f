"""Checks for masked-mean-pool-classify: the unit's worked example ([1, 2], [3, 4] and padding [9, 9] → [2, 3]),
[CLS] against the last token, the figure's logits 2.5, 0.3, −1.2, the unit's 200-article confusion matrix,
square shapes where a missing keepdims, an untransposed W or argmax over the batch pass without an error,
logits large enough to overflow exp (and, with the batch's single maximum, to underflow a whole row), a class that never occurs, and seeded batches."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import classify as classify_ref, evaluate as evaluate_ref, sentence_embedding as embedding_ref


# ---------------------------------------------------------------------- sentence_embedding

def _masked_sum(hidden, attention_mask):
    return (hidden * attention_mask[..., None]).sum(axis=1)


def _mean_over_padding(hidden, attention_mask, pooling="mean"):
    return hidden.mean(axis=1) if pooling == "mean" else embedding_ref(hidden, attention_mask, pooling)


def _sum_not_mean(hidden, attention_mask, pooling="mean"):
    return _masked_sum(hidden, attention_mask) if pooling == "mean" else embedding_ref(hidden, attention_mask, pooling)


def _mean_no_keepdims(hidden, attention_mask, pooling="mean"):
    if pooling != "mean":
        return embedding_ref(hidden, attention_mask, pooling)
    return _masked_sum(hidden, attention_mask) / attention_mask.sum(axis=1)     # (B, H) / (B,)


def _last_token(hidden, attention_mask, pooling="mean"):
    return hidden[:, -1] if pooling == "cls" else embedding_ref(hidden, attention_mask, pooling)


def _last_real_token(hidden, attention_mask, pooling="mean"):
    if pooling != "cls":
        return embedding_ref(hidden, attention_mask, pooling)
    return hidden[np.arange(hidden.shape[0]), attention_mask.sum(axis=1) - 1]


EMBEDDING_MISTAKES = (
    Mistake("mean_over_padding", _mean_over_padding),
    Mistake("mean_no_keepdims", _mean_no_keepdims),
    Mistake("sum_not_mean", _sum_not_mean),
    Mistake("last_token", _last_token),
    Mistake("last_real_token", _last_real_token),
)


# ---------------------------------------------------------------------- classify

def _softmax(logits, axis):
    e = np.exp(logits - logits.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _softmax_over_batch(embeddings, W, b):
    probs = _softmax(embeddings @ W.T + b, axis=0)
    return probs, probs.argmax(axis=1)


def _argmax_over_batch(embeddings, W, b):
    probs, _ = classify_ref(embeddings, W, b)
    return probs, probs.argmax(axis=0)


def _no_bias(embeddings, W, b):
    return classify_ref(embeddings, W, np.zeros_like(b))


def _weight_not_transposed(embeddings, W, b):
    probs = _softmax(embeddings @ W + b, axis=1)            # (B, H) @ (K, H): only runs when K == H
    return probs, probs.argmax(axis=1)


def _softmax_overflow(embeddings, W, b):
    e = np.exp(embeddings @ W.T + b)
    probs = e / e.sum(axis=1, keepdims=True)
    return probs, probs.argmax(axis=1)


def _softmax_batch_maximum(embeddings, W, b):
    logits = embeddings @ W.T + b
    e = np.exp(logits - logits.max())                       # one maximum for the whole batch
    probs = e / e.sum(axis=1, keepdims=True)
    return probs, probs.argmax(axis=1)


CLASSIFY_MISTAKES = (
    Mistake("softmax_overflow", _softmax_overflow),
    Mistake("softmax_batch_maximum", _softmax_batch_maximum),
    Mistake("softmax_over_batch", _softmax_over_batch),
    Mistake("weight_not_transposed", _weight_not_transposed),
    Mistake("no_bias", _no_bias),
    Mistake("argmax_over_batch", _argmax_over_batch),
)


# ---------------------------------------------------------------------- evaluate

def _confusion_transposed(y_true, y_pred, num_classes):
    accuracy, confusion = evaluate_ref(y_true, y_pred, num_classes)
    return accuracy, confusion.T


def _repeats_counted_once(y_true, y_pred, num_classes):
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    confusion[y_true, y_pred] += 1                          # fancy-index += adds 1 once per distinct pair
    return float(np.mean(y_true == y_pred)), confusion


def _classes_from_data(y_true, y_pred, num_classes):
    return evaluate_ref(y_true, y_pred, int(max(y_true.max(), y_pred.max())) + 1)


def _accuracy_as_count(y_true, y_pred, num_classes):
    _, confusion = evaluate_ref(y_true, y_pred, num_classes)
    return float(np.sum(y_true == y_pred)), confusion


EVALUATE_MISTAKES = (
    Mistake("accuracy_as_count", _accuracy_as_count),
    Mistake("confusion_transposed", _confusion_transposed),
    Mistake("repeats_counted_once", _repeats_counted_once),
    Mistake("classes_from_data", _classes_from_data),
)

# The unit's topic classifier on 200 news articles (rows: truth, columns: prediction).
UNIT_CONFUSION = np.array([[45, 2, 2, 1], [1, 48, 0, 1], [3, 0, 35, 12], [2, 1, 9, 38]])


def _labels_from_confusion(confusion, rng):
    pairs = [(t, p) for t in range(len(confusion)) for p in range(len(confusion)) for _ in range(confusion[t, p])]
    order = rng.gen.permutation(len(pairs))
    return np.array([pairs[i][0] for i in order]), np.array([pairs[i][1] for i in order])


def _padded(rng, lengths, T, H, scale=1.0):
    hidden = rng.normal(len(lengths), T, H, scale=scale)
    mask = (np.arange(T)[None, :] < np.asarray(lengths)[:, None]).astype(np.int64)   # 1 on the first lengths[b] tokens
    return hidden, mask


def cases():
    rng = Rng(7)
    eopts = {"mistakes": EMBEDDING_MISTAKES}
    hidden = np.array([[[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]], [[5.0, 6.0], [0.0, 2.0], [9.0, 9.0]]])
    mask = np.array([[1, 1, 0], [1, 0, 0]])
    yield Case(("the unit's example: [1, 2], [3, 4] and padding [9, 9] → [2, 3]", "单元中的例子：[1, 2]、[3, 4] 和填充 [9, 9] → [2, 3]"),
               "sentence_embedding", {"hidden": hidden, "attention_mask": mask, "pooling": "mean"},
               np.array([[2.0, 3.0], [5.0, 6.0]]), **eopts)
    yield Case(("the same batch, [CLS] pooling", "同一个批次，[CLS] 池化"), "sentence_embedding",
               {"hidden": hidden, "attention_mask": mask, "pooling": "cls"}, np.array([[1.0, 2.0], [5.0, 6.0]]), **eopts)
    h, m = _padded(rng, [6, 2, 4, 1], 6, 5)
    yield make_case(("a seeded padded batch (seed 7), B = 4, T = 6, H = 5, mean", "随机填充批次（种子 7），B = 4、T = 6、H = 5，平均池化"),
                    "sentence_embedding", embedding_ref, {"hidden": h, "attention_mask": m, "pooling": "mean"}, **eopts)
    h, m = _padded(rng, [5, 2, 3], 5, 4)
    yield make_case(("a seeded padded batch (seed 7), B = 3, T = 5, H = 4, [CLS]", "随机填充批次（种子 7），B = 3、T = 5、H = 4，[CLS]"),
                    "sentence_embedding", embedding_ref, {"hidden": h, "attention_mask": m, "pooling": "cls"}, **eopts)
    h, m = _padded(rng, [3, 1, 4], 4, 3)
    yield make_case(("B = H = 3: (B, H) / (B,) broadcasts without an error", "B = H = 3：(B, H) / (B,) 会不报错地广播"),
                    "sentence_embedding", embedding_ref, {"hidden": h, "attention_mask": m, "pooling": "mean"}, **eopts)

    copts = {"mistakes": CLASSIFY_MISTAKES, "outputs": ("probabilities", "labels"), "atol": 1e-9}
    # H = K = 3 so that an untransposed W runs and is named; the first row's logits are the figure's.
    W, b = np.array([[2.0, 1.0, 0.0], [0.3, 0.0, 1.0], [-1.0, 5.0, 2.0]]), np.array([0.5, 0.0, -0.2])
    yield Case(("the unit's figure: logits 2.5, 0.3, −1.2 (sports, tech, politics)", "单元插图：logits 2.5、0.3、−1.2（体育、科技、政治）"),
               "classify", {"embeddings": np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), "W": W, "b": b},
               (np.array([[0.880648613, 0.0975786477, 0.0217727393], [0.0352910838, 0.0078745052, 0.9568344111]]), np.array([0, 2])),
               **{**copts, "rtol": 1e-8})
    yield make_case(("B = H = K = 4: E @ W and argmax over the batch run without an error", "B = H = K = 4：E @ W 和沿批次取 argmax 都不会报错"),
                    "classify", classify_ref, {"embeddings": rng.normal(4, 4), "W": rng.normal(4, 4), "b": rng.normal(4)}, **copts)
    yield make_case(("large logits (800.5 and 719.5): exp overflows", "很大的 logits（800.5 与 719.5）：exp 会溢出"), "classify", classify_ref,
                    {"embeddings": np.array([[800.0, 0.0], [0.0, 750.0], [-300.0, 20.0]]), "W": np.array([[1.0, 0.5], [0.9, 1.0]]),
                     "b": np.array([0.5, -0.5])}, **copts)
    yield make_case(("a seeded head (seed 7): 6 sentences, H = 8, K = 4", "随机分类头（种子 7）：6 个句子，H = 8，K = 4"), "classify", classify_ref,
                    {"embeddings": rng.normal(6, 8), "W": rng.normal(4, 8), "b": rng.normal(4)}, **copts)

    vopts = {"mistakes": EVALUATE_MISTAKES, "outputs": ("accuracy", "confusion"), "rtol": 1e-12, "atol": 0.0}
    y_true, y_pred = _labels_from_confusion(UNIT_CONFUSION, rng)
    yield Case(("the unit's 200 news articles (world, sports, business, sci/tech)", "单元中的 200 篇新闻（国际、体育、财经、科技）"),
               "evaluate", {"y_true": y_true, "y_pred": y_pred, "num_classes": 4}, (0.83, UNIT_CONFUSION), **vopts)
    yield make_case(("class 3 never occurs: the matrix is still 4 × 4", "类别 3 从未出现：矩阵仍是 4 × 4"), "evaluate", evaluate_ref,
                    {"y_true": np.array([0, 1, 2, 2, 1, 0]), "y_pred": np.array([0, 2, 2, 1, 1, 0]), "num_classes": 4}, **vopts)
    yield make_case(("seeded labels (seed 7): 60 examples, 5 classes", "随机标签（种子 7）：60 个样本，5 个类别"), "evaluate", evaluate_ref,
                    {"y_true": rng.integers(0, 5, 60), "y_pred": rng.integers(0, 5, 60), "num_classes": 5}, **vopts)

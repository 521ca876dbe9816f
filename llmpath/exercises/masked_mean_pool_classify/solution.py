"""Text classification on a frozen BERT-style encoder — reference solution.

The encoder's last hidden states (B, T, H) become one sentence vector per row ([CLS] or the masked
mean), a linear head W·e + b with a stable softmax turns it into class probabilities, and the
predictions are scored with accuracy and a confusion matrix (rows: truth, columns: prediction).
"""

import numpy as np


def sentence_embedding(hidden, attention_mask, pooling="mean"):
    """hidden (B, T, H), attention_mask (B, T) of 0/1 → (B, H): the masked mean, or the [CLS] vector."""
    if pooling == "cls":
        return hidden[:, 0].copy()                           # [CLS] is always the first token, never padding
    m = attention_mask[..., None].astype(hidden.dtype)       # (B, T, 1): broadcasts over H
    return (hidden * m).sum(axis=1) / m.sum(axis=1)          # (B, H) / (B, 1): padding adds nothing


def classify(embeddings, W, b):
    """embeddings (B, H), W (K, H) as nn.Linear / coef_, b (K,) → (probabilities (B, K), labels (B,))."""
    logits = embeddings @ W.T + b                            # (B, K)
    shifted = logits - logits.max(axis=1, keepdims=True)     # each row's own maximum: exp cannot overflow
    e = np.exp(shifted)
    probs = e / e.sum(axis=1, keepdims=True)                 # softmax over the classes, per example
    return probs, probs.argmax(axis=1)


def evaluate(y_true, y_pred, num_classes):
    """Integer labels (N,) → (accuracy, confusion (num_classes, num_classes): rows truth, columns prediction)."""
    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(confusion, (y_true, y_pred), 1)                # add.at counts repeated (truth, prediction) pairs
    return float(np.mean(y_true == y_pred)), confusion


if __name__ == "__main__":
    hidden = np.array([[[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]]])
    print(sentence_embedding(hidden, np.array([[1, 1, 0]])))            # [[2. 3.]]
    print(classify(np.array([[1.0, 0.0]]), np.array([[2.0, 1.0], [0.3, 0.0], [-1.0, 5.0]]), np.array([0.5, 0.0, -0.2])))
    print(evaluate(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), 3))

import numpy as np


def sentence_embedding(hidden, attention_mask, pooling="mean"):
    """hidden (B, T, H), attention_mask (B, T) of 0/1 → (B, H): the masked mean, or the [CLS] vector."""
    # TODO: "cls" is one line; "mean" about 3 lines
    raise NotImplementedError


def classify(embeddings, W, b):
    """embeddings (B, H), W (K, H) as nn.Linear / coef_, b (K,) → (probabilities (B, K), labels (B,))."""
    # TODO: logits, a stable softmax over the classes, argmax (about 5 lines)
    raise NotImplementedError


def evaluate(y_true, y_pred, num_classes):
    """Integer labels (N,) → (accuracy, confusion (num_classes, num_classes): rows truth, columns prediction)."""
    # TODO: about 4 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python masked_mean_pool_classify.py
    hidden = np.array([[[1.0, 2.0], [3.0, 4.0], [9.0, 9.0]]])
    print(sentence_embedding(hidden, np.array([[1, 1, 0]])))            # [[2. 3.]]
    print(sentence_embedding(hidden, np.array([[1, 1, 0]]), "cls"))     # [[1. 2.]]
    W, b = np.array([[2.0, 1.0], [0.3, 0.0], [-1.0, 5.0]]), np.array([0.5, 0.0, -0.2])
    print(classify(np.array([[1.0, 0.0]]), W, b))    # ([[0.8806 0.0976 0.0218]], [0])
    print(evaluate(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), 3))   # (0.75, [[1 0 0] [0 1 1] [0 0 1]])

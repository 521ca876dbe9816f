"""CLIP's symmetric contrastive (InfoNCE) loss and zero-shot classification — reference solution.

Both encoders' outputs are L2-normalised so a dot product is a cosine; dividing by the temperature τ
(multiplying by the logit scale s = 1/τ) sharpens the softmax. The matching pairs sit on the diagonal
of the N × N logits, and the loss averages the cross-entropy of every row (image → its caption) and of
every column (caption → its image), each through a log-softmax that subtracts the maximum first.
"""

import numpy as np


def _unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)                               # float64 even for float32 embeddings
    return x / np.linalg.norm(x, axis=1, keepdims=True)          # (N, d) / (N, 1): every row to length 1


def _log_softmax(z: np.ndarray) -> np.ndarray:
    """Log-softmax along the last axis without exp overflowing: z − max − log Σ exp(z − max)."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def clip_loss(image_emb: np.ndarray, text_emb: np.ndarray, temperature: float) -> float:
    """image_emb, text_emb (N, d), pair i = (image i, text i) → the mean of both directions' cross-entropy."""
    logits = _unit_rows(image_emb) @ _unit_rows(text_emb).T / temperature    # (N, N), logitsᵢⱼ = cos(imageᵢ, textⱼ) / τ
    image_to_text = -np.mean(np.diag(_log_softmax(logits)))       # row i: image i picks its caption among N
    text_to_image = -np.mean(np.diag(_log_softmax(logits.T)))     # column j: caption j picks its image among N
    return float((image_to_text + text_to_image) / 2)


def zero_shot_probs(image_emb: np.ndarray, prompt_emb: np.ndarray, temperature: float) -> np.ndarray:
    """image_emb (M, d), prompt_emb (K, d), one prompt per class → (M, K): each image's softmax over the classes."""
    logits = _unit_rows(image_emb) @ _unit_rows(prompt_emb).T / temperature
    return np.exp(_log_softmax(logits))


if __name__ == "__main__":
    img = np.array([[2.0, 0.0], [0.0, 0.5]])
    txt = np.array([[3.0, 4.0], [0.0, 2.0]])
    print(clip_loss(img, txt, 0.5))                                  # 0.45406...
    prompts = np.array([[0.8, 0.6], [0.6, 0.8], [0.0, 1.0]])         # cat, dog, car
    print(zero_shot_probs(np.array([[1.0, 0.0]]), prompts, 0.1))     # [[0.8805 0.1192 0.0003]]

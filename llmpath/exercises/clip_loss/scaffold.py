import numpy as np


def clip_loss(image_emb: np.ndarray, text_emb: np.ndarray, temperature: float) -> float:
    """image_emb, text_emb (N, d), pair i = (image i, text i) → CLIP's symmetric contrastive loss (a float)."""
    # TODO: normalise, N × N logits, a stable log-softmax in both directions (about 8 lines)
    raise NotImplementedError


def zero_shot_probs(image_emb: np.ndarray, prompt_emb: np.ndarray, temperature: float) -> np.ndarray:
    """image_emb (M, d), prompt_emb (K, d), one prompt per class → (M, K): each image's probabilities over the classes."""
    # TODO: about 4 lines
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python clip_loss.py
    img = np.array([[2.0, 0.0], [0.0, 0.5]])
    txt = np.array([[3.0, 4.0], [0.0, 2.0]])
    print(clip_loss(img, txt, 0.5))                                  # 0.4540602...
    prompts = np.array([[0.8, 0.6], [0.6, 0.8], [0.0, 1.0]])         # "a photo of a cat / dog / car"
    print(zero_shot_probs(np.array([[1.0, 0.0]]), prompts, 0.1))     # [[0.8805 0.1192 0.0003]]

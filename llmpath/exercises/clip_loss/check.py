"""Checks for clip-loss: the hand-worked 2 × 2 batch of the task (embeddings not yet unit length), a
square batch where a missing keepdims broadcasts silently, CLIP's initial τ = 0.07 on a seeded batch,
perfect alignment, a single pair, and float32 embeddings at τ = 0.01 (s = 100, CLIP's cap) where a naive
softmax overflows and log(softmax) underflows; then zero-shot probabilities: the unit's cat/dog/car
example, a square case and a seeded one."""

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, make_case
from .solution import clip_loss as loss_ref, zero_shot_probs as probs_ref


def _normalised(x, how):
    """Rows to unit length the way a newcomer might; in the input's dtype, as a learner's code runs."""
    if how == "none":
        return x
    if how == "columns":
        return x / np.linalg.norm(x, axis=0, keepdims=True)
    if how == "whole":
        return x / np.linalg.norm(x)                      # no axis: one norm for the whole matrix
    if how == "no_keepdims":
        return x / np.linalg.norm(x, axis=1)              # (N, d) / (N,): column j divided by row j's norm
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _log_softmax(z, how):
    if how == "naive":                                    # exp(100) is inf in float32
        e = np.exp(z)
        return np.log(e / e.sum(axis=-1, keepdims=True))
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    if how == "log_of_softmax":                           # stable softmax, then log: a tiny probability underflows to 0
        return np.log(e / e.sum(axis=-1, keepdims=True))
    return shifted - np.log(e.sum(axis=-1, keepdims=True))


def _loss_variant(*, normalise="rows", scale="divide", directions="both", reduce="mean", half=True, softmax="stable"):
    def loss(image_emb, text_emb, temperature):
        cos = _normalised(image_emb, normalise) @ _normalised(text_emb, normalise).T
        logits = cos / temperature if scale == "divide" else cos * temperature
        per_row = -np.diag(_log_softmax(logits, softmax))
        per_column = -np.diag(_log_softmax(logits.T, softmax))
        pick = np.sum if reduce == "sum" else np.mean
        parts = {"rows": [pick(per_row)], "columns": [pick(per_column)], "both": [pick(per_row), pick(per_column)]}[directions]
        total = sum(parts)
        return float(total / 2 if half and directions == "both" else total)
    return loss


LOSS_MISTAKES = (
    Mistake("no_normalisation", _loss_variant(normalise="none")),
    Mistake("normalised_columns", _loss_variant(normalise="columns")),
    Mistake("norm_no_keepdims", _loss_variant(normalise="no_keepdims")),
    Mistake("whole_matrix_norm", _loss_variant(normalise="whole")),
    Mistake("times_temperature", _loss_variant(scale="multiply")),
    Mistake("rows_only", _loss_variant(directions="rows")),
    Mistake("columns_only", _loss_variant(directions="columns")),
    Mistake("doubled", _loss_variant(half=False)),      # the directions added; with N = 2 also what a sum over the pairs gives
    Mistake("sum_not_mean", _loss_variant(reduce="sum")),
    Mistake("naive_softmax", _loss_variant(softmax="naive")),
    Mistake("log_of_softmax", _loss_variant(softmax="log_of_softmax")),
)


def _probs_variant(*, normalise="rows", scale="divide", axis=-1):
    def probs(image_emb, prompt_emb, temperature):
        cos = _normalised(image_emb, normalise) @ _normalised(prompt_emb, normalise).T
        logits = {"divide": cos / temperature, "multiply": cos * temperature, "none": cos}[scale]
        e = np.exp(logits - logits.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)
    return probs


PROBS_MISTAKES = (
    Mistake("no_normalisation", _probs_variant(normalise="none")),
    Mistake("whole_matrix_norm", _probs_variant(normalise="whole")),
    Mistake("softmax_over_images", _probs_variant(axis=0)),
    Mistake("times_temperature", _probs_variant(scale="multiply")),
    Mistake("no_temperature", _probs_variant(scale="none")),
)


def _loss_case(name, image_emb, text_emb, temperature, rtol=1e-6):
    return make_case(name, "clip_loss", loss_ref, {"image_emb": image_emb, "text_emb": text_emb, "temperature": temperature},
                     mistakes=LOSS_MISTAKES, rtol=rtol, atol=1e-9)


def _probs_case(name, image_emb, prompt_emb, temperature):
    return make_case(name, "zero_shot_probs", probs_ref, {"image_emb": image_emb, "prompt_emb": prompt_emb, "temperature": temperature},
                     mistakes=PROBS_MISTAKES)


def _hard_float32_batch(rng):
    """4 float32 pairs: three captions close to their image (cos ≈ 0.98, logit ≈ 98 at τ = 0.01: exp overflows
    float32 above 88.7) and one caption pointing away from its image (its probability ≈ e^−130 underflows)."""
    images = rng.normal(4, 8)
    texts = images + rng.normal(4, 8, scale=0.2)
    texts[0] = -images[0] + rng.normal(8, scale=0.2)
    return images.astype(np.float32), texts.astype(np.float32)


def cases():
    rng = Rng(9)
    # unit rows: image 0 = [1, 0], image 1 = [0, 1], text 0 = [0.6, 0.8], text 1 = [0, 1]; logits / 0.5 = [[1.2, 0], [1.6, 2]]
    # rows: log(1 + e^−1.2) = 0.263282, log(1 + e^−0.4) = 0.513015; columns: log(1 + e^0.4) = 0.913015, log(1 + e^−2) = 0.126928
    # loss = ((0.263282 + 0.513015) / 2 + (0.913015 + 0.126928) / 2) / 2 = 0.454060
    yield Case(("the example in the task: N = 2, τ = 0.5, embeddings not yet of length 1", "题目中的例子：N = 2、τ = 0.5，嵌入长度还不是 1"),
               "clip_loss", {"image_emb": np.array([[2.0, 0.0], [0.0, 0.5]]), "text_emb": np.array([[3.0, 4.0], [0.0, 2.0]]), "temperature": 0.5},
               0.4540602458, mistakes=LOSS_MISTAKES)
    yield _loss_case(("N = d = 3: dividing by a norm without keepdims raises no error", "N = d = 3：不带 keepdims 地除以范数不会报错"),
                     rng.normal(3, 3), rng.normal(3, 3), 0.2)
    yield _loss_case(("a seeded batch (seed 9) at CLIP's initial temperature τ = 0.07: N = 8, d = 16", "随机批次（种子 9），CLIP 的初始温度 τ = 0.07：N = 8、d = 16"),
                     rng.normal(8, 16) * 3.0, rng.normal(8, 16), 0.07)
    aligned = np.eye(5, 6) * np.array([[1.0], [2.0], [0.5], [3.0], [1.5]])
    yield _loss_case(("perfect alignment: every caption points exactly at its image (τ = 0.05)", "完全对齐：每条文字都正好指向它的图（τ = 0.05）"),
                     aligned, aligned * 4.0, 0.05)
    yield Case(("a single pair: nothing to tell apart, the loss is 0", "只有一对：无从区分，损失为 0"), "clip_loss",
               {"image_emb": rng.normal(1, 4), "text_emb": rng.normal(1, 4), "temperature": 0.07}, 0.0, mistakes=LOSS_MISTAKES)
    images32, texts32 = _hard_float32_batch(rng)
    yield _loss_case(("float32 embeddings at τ = 0.01 (s = 100, CLIP's cap): logits near ±100 overflow a naive exp",
                      "τ = 0.01（s = 100，CLIP 的上限）下的 float32 嵌入：接近 ±100 的 logits 会让朴素的 exp 溢出"),
                     images32, texts32, 0.01, rtol=1e-4)

    # cos(image, cat) = 0.8, dog 0.6, car 0; / 0.1 → [8, 6, 0]; softmax = e^[8, 6, 0] / (e^8 + e^6 + 1)
    yield Case(("the unit's example: image [1, 0]; prompts cat, dog, car; τ = 0.1", "本单元的例子：图像 [1, 0]；提示 cat、dog、car；τ = 0.1"),
               "zero_shot_probs", {"image_emb": np.array([[1.0, 0.0]]), "prompt_emb": np.array([[0.8, 0.6], [0.6, 0.8], [0.0, 1.0]]),
                                   "temperature": 0.1},
               np.array([[0.880536902, 0.119167711, 0.000295387223]]), mistakes=PROBS_MISTAKES)
    yield _probs_case(("3 images, 3 prompts: a softmax over the wrong axis has the right shape", "3 张图、3 条提示：沿错误的轴做 softmax 形状也对"),
                      rng.normal(3, 5), rng.normal(3, 5) * 2.0, 0.1)
    yield _probs_case(("a seeded batch (seed 9): 4 images, 6 prompts, d = 8, τ = 0.01", "随机批次（种子 9）：4 张图、6 条提示、d = 8、τ = 0.01"),
                      rng.normal(4, 8), rng.normal(6, 8) * 0.3, 0.01)

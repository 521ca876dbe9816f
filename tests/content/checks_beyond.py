"""Independent recomputation of the beyond module's numeric answers.

The token counts are measured here with the real tokenizers on the unit's passages, so the figures
the text quotes (26 / 87 with GPT-2, 25 / 67 with SmolLM2) are checked, not copied.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np

ENGLISH = ("Language models read text as tokens, not as letters or words. "
           "A tokenizer splits every sentence into pieces from a fixed vocabulary.")
CHINESE = "语言模型把文本读成词元，而不是字母或单词。分词器把每个句子切成来自固定词表的片段。"


@lru_cache(maxsize=None)
def _gpt2_count(text: str) -> int:
    from llmpath.capstone.bpe import gpt2_tokenizer

    return len(gpt2_tokenizer().encode(text))


@lru_cache(maxsize=None)
def _smollm2_encoder():
    """The prepared folder's tokenizer.json when present (fast); otherwise the GGUF's (about 20 s)."""
    from llmpath.models import is_prepared, prepared_path, smollm2_gguf

    folder = prepared_path("smollm2-135m")
    if is_prepared(folder):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        return lambda text: tok.encode(text, add_special_tokens=False).ids
    from transformers import AutoTokenizer

    gguf = smollm2_gguf()
    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    return lambda text: tok(text, add_special_tokens=False).input_ids


def _smollm2_count(text: str) -> int:
    return len(_smollm2_encoder()(text))


def _first_round_pair_count(pair: tuple[str, str]) -> int:
    corpus = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    counts: Counter = Counter()
    for word, n in corpus.items():
        for a, b in zip(word, word[1:]):
            counts[(a, b)] += n
    return counts[pair]


def _kv_cache_bytes(layers: int, kv_heads: int, head_dim: int, tokens: int, bytes_per_value: int) -> int:
    """Keys and values (the 2), for every layer, KV head, head dimension and cached position."""
    return layers * 2 * kv_heads * head_dim * tokens * bytes_per_value


def _softmax(z, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(z, dtype=float) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def _int8_roundtrip(row):
    row = np.asarray(row, dtype=float)
    scale = np.abs(row).max() / 127
    q = np.clip(np.round(row / scale), -127, 127)
    return scale, q, q * scale


def _smollm2_parameter_count() -> int:
    """From SmolLM2-135M's shapes: tied embedding, 30 Llama blocks (GQA attention, SwiGLU, two RMSNorms), final norm."""
    vocab, d, ffn, layers, kv_dim = 49_152, 576, 1536, 30, 3 * 64
    block = d * d * 2 + d * kv_dim * 2 + 3 * d * ffn + 2 * d
    return vocab * d + layers * block + d


SMOLLM2 = {"layers": 30, "hidden": 576, "kv_dim": 3 * 64, "ffn": 1536}
LLAMA2_7B_PARAMETERS = 6_738_415_616


def _lora_weights(d_in: int, d_out: int, rank: int) -> int:
    """A (rank × d_in) and B (d_out × rank), counted from their shapes."""
    return rank * d_in + d_out * rank


def _lora_output(w, b, a, scale, x) -> np.ndarray:
    """h = W x + scale · B (A x), and the merged W′ x must agree."""
    w, b, a, x = (np.asarray(m, dtype=float) for m in (w, b, a, x))
    unmerged = w @ x + scale * (b @ (a @ x))
    merged = (w + scale * b @ a) @ x
    assert np.allclose(unmerged, merged)
    return unmerged


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _dpo_loss(beta: float, policy_chosen: float, policy_rejected: float, ref_chosen: float, ref_rejected: float) -> float:
    """−log σ(β · [(log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l))]), written with logaddexp."""
    margin = beta * ((policy_chosen - ref_chosen) - (policy_rejected - ref_rejected))
    return float(np.logaddexp(0.0, -margin))


def _cosine(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def _ranks_hit_rate(ranks, k: int) -> float:
    return sum(1 for r in ranks if r <= k) / len(ranks)


def _random_top_k_hit_rate(passages: int, k: int) -> float:
    """Exact: 1 − C(passages − 1, k) / C(passages, k), the chance the one right passage is among k drawn."""
    from math import comb

    return 1 - comb(passages - 1, k) / comb(passages, k)


def _chunk_starts(length: int, size: int, stride: int) -> list[int]:
    """Start positions of overlapping windows, adding windows until one reaches the end."""
    starts = [0]
    while starts[-1] + size < length:
        starts.append(starts[-1] + stride)
    return starts


def _perplexity(probabilities) -> float:
    return float(np.exp(-np.mean(np.log(probabilities))))


def _proportion_half_width(p: float, n: int, z: float = 1.96) -> float:
    return z * float(np.sqrt(p * (1 - p) / n))


CHECKS = {
    # tokenization
    "tokenization.gpt2-ratio": lambda: _gpt2_count(CHINESE) / _gpt2_count(ENGLISH),
    "tokenization.smollm2-ratio": lambda: _smollm2_count(CHINESE) / _smollm2_count(ENGLISH),
    "tokenization.pair-count": lambda: _first_round_pair_count(("w", "e")),
    "tokenization.byte-tokens": lambda: 10 * len("猫".encode("utf-8")),
    "tokenization.embedding-params": lambda: 49_152 * 576,
    "tokenization.context-characters": lambda: 1024 * len(CHINESE) / _gpt2_count(CHINESE),
    # inference
    "inference.smollm2-kv-per-token": lambda: _kv_cache_bytes(30, 3, 64, 1, 2),
    "inference.llama-kv-gib": lambda: _kv_cache_bytes(32, 32, 128, 4096, 2) / 2**30,
    "inference.no-cache-passes": lambda: sum(10 + i for i in range(256)),
    "inference.top-p-count": lambda: int(np.searchsorted(np.cumsum([0.730, 0.175, 0.086, 0.010]), 0.9) + 1),
    "inference.temperature-prob": lambda: float(_softmax(np.sort([2.0, 1.0, 0.5, -1.0])[::-1][:2], 0.7)[0]),
    "inference.int8-scale-code": lambda: float(_int8_roundtrip([0.423, -1.27, 0.051, 0.806])[1][3]),
    "inference.int8-max-error": lambda: 0.635 / 127 / 2,
    "inference.int8-megabytes": lambda: _smollm2_parameter_count() * 4 / 1e6,
    # peft-lora
    "peft-lora.one-matrix": lambda: _lora_weights(576, 576, 16),
    "peft-lora.smollm2-qv": lambda: SMOLLM2["layers"] * (_lora_weights(576, 576, 8) + _lora_weights(576, SMOLLM2["kv_dim"], 8)),
    "peft-lora.llama-share": lambda: 100 * 32 * 4 * _lora_weights(4096, 4096, 16) / LLAMA2_7B_PARAMETERS,
    "peft-lora.full-finetune-memory": lambda: LLAMA2_7B_PARAMETERS * (2 + 2 + 4 + 8) / 1e9,
    "peft-lora.merged-output": lambda: float(_lora_output(np.eye(2), [[1], [2]], [[0.5, -0.5]], 2, [3, 1])[1]),
    # alignment
    "alignment.bt-probability": lambda: _sigmoid(2.3 - 0.8),
    "alignment.rm-loss-wrong-order": lambda: -np.log(_sigmoid(0.2 - 1.2)),
    "alignment.sft-response-only": lambda: float(-np.mean(np.log([0.9, 0.9, 0.5, 0.25, 0.8][2:]))),
    "alignment.kl-penalised-reward": lambda: 1.5 - 0.2 * (-20 - (-24)),
    "alignment.dpo-relative": lambda: _dpo_loss(0.1, -12, -15, -13, -16),
    "alignment.dpo-beta": lambda: _dpo_loss(0.5, -12, -15, -14, -14),
    # rag
    "rag.cosine": lambda: _cosine([1, 2, 2], [2, 1, 2]),
    "rag.hit-at-3": lambda: _ranks_hit_rate([1, 4, 2, 1, 7, 3, 1, 2], 3),
    "rag.mrr": lambda: float(np.mean([1 / r for r in (1, 2, 4, 1)])),
    "rag.chance-baseline": lambda: _random_top_k_hit_rate(192, 3),
    "rag.chunk-count": lambda: len(_chunk_starts(650, 200, 150)),
    # evaluation
    "evaluation.perplexity-from-probs": lambda: _perplexity([0.25, 0.5, 0.125, 0.25]),
    "evaluation.uniform-perplexity": lambda: _perplexity(np.full(7, 1 / 49_152)),
    "evaluation.bits-per-byte": lambda: 60 * 2.5 / np.log(2) / 200,
    "evaluation.error-bar": lambda: 100 * _proportion_half_width(0.7, 500),
    "evaluation.hidden-subgroup": lambda: (0.85 * 800 + 0.5 * 200) / (800 + 200),
}

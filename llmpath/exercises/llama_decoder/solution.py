"""The whole decoder — reference solution: embedding → blocks → final RMSNorm → tied output head.

``Llama(cfg, weights)`` takes SmolLM2's weights by their transformers names
(``model.embed_tokens.weight``, ``model.layers.{i}.self_attn.q_proj.weight`` …, ``model.norm.weight``;
no ``lm_head.weight``: SmolLM2 ties the head to the embedding). ``cfg`` has ``layers``, ``heads``,
``kv_heads``, ``rope_theta`` and ``eps``.
"""

import torch

from decoder_block import decoder_block
from rmsnorm import rms_norm
from rope import rope_tables

LAYER_NAMES = {"wq": "self_attn.q_proj", "wk": "self_attn.k_proj", "wv": "self_attn.v_proj", "wo": "self_attn.o_proj",
               "w_gate": "mlp.gate_proj", "w_up": "mlp.up_proj", "w_down": "mlp.down_proj",
               "norm1": "input_layernorm", "norm2": "post_attention_layernorm"}


class Llama:
    def __init__(self, cfg, weights):
        self.cfg = cfg
        self.embed = weights["model.embed_tokens.weight"]                  # (V, D)
        self.head = weights.get("lm_head.weight", self.embed)             # tied: logits = h @ embedding.T
        self.norm = weights["model.norm.weight"]
        self.layers = [{key: weights[f"model.layers.{i}.{name}.weight"] for key, name in LAYER_NAMES.items()}
                       for i in range(cfg.layers)]

    def forward(self, ids, caches=None, start=0):
        """ids (B, T) → (logits (B, T, V), one (k, v) cache per block); ``start`` = tokens already in ``caches``."""
        x = self.embed[ids]                                                 # (B, T, D): a row per token id
        head_dim = self.embed.shape[1] // self.cfg.heads
        cos, sin = rope_tables(torch.arange(start, start + ids.shape[1]), head_dim, self.cfg.rope_theta)
        new_caches = []
        for i, layer in enumerate(self.layers):
            x, cache = decoder_block(x, layer, self.cfg, cos, sin, caches[i] if caches else None)
            new_caches.append(cache)
        return rms_norm(x, self.norm, self.cfg.eps) @ self.head.T, new_caches

import torch

from decoder_block import decoder_block   # your decoder_block.py (step 8), built on your steps 4–7
from rmsnorm import rms_norm              # your rmsnorm.py (step 4): for the final norm
from rope import rope_tables              # your rope.py (step 5): cos and sin for the positions of this call

# Your block's weight names → the names in SmolLM2's checkpoint, under model.layers.{i}.<name>.weight
LAYER_NAMES = {
    "wq": "self_attn.q_proj",
    "wk": "self_attn.k_proj",
    "wv": "self_attn.v_proj",
    "wo": "self_attn.o_proj",
    "w_gate": "mlp.gate_proj",
    "w_up": "mlp.up_proj",
    "w_down": "mlp.down_proj",
    "norm1": "input_layernorm",
    "norm2": "post_attention_layernorm",
}


class Llama:
    def __init__(self, cfg, weights):
        """cfg: .layers, .heads, .kv_heads, .rope_theta, .eps; weights: tensors by their transformers names."""
        self.cfg = cfg
        # TODO: your code here (about 5 lines)
        # 1. keep the token embedding (V, D), the final norm's gain, and the output head
        #    (SmolLM2 has no lm_head.weight of its own: its head is the embedding matrix, tied)
        # 2. one dict per block, cfg.layers of them: {key: weights[f"model.layers.{i}.{name}.weight"]}
        raise NotImplementedError

    def forward(self, ids, caches=None, start=0):
        """ids (B, T) → (logits (B, T, V), a list with each block's new (k, v) cache).

        ``start``: how many tokens the caches already hold (0 without caches).
        """
        # TODO: your code here (about 8 lines)
        # 1. look up the embedding rows of ids
        # 2. cos, sin for positions start … start + T - 1 (head width D // cfg.heads, theta cfg.rope_theta)
        # 3. every block in order, each with its own cache (None without caches); collect the new caches
        # 4. the final RMSNorm, then the head: logits = h @ head.T
        raise NotImplementedError


if __name__ == "__main__":
    # Try it on a tiny random model · 试一试（随机小模型）:  python llama_decoder.py
    from types import SimpleNamespace

    torch.manual_seed(0)
    V, D, H, Hkv, F, L = 50, 24, 6, 2, 48, 2
    Dh = D // H
    shapes = {"wq": (H * Dh, D), "wk": (Hkv * Dh, D), "wv": (Hkv * Dh, D), "wo": (D, H * Dh),
              "w_gate": (F, D), "w_up": (F, D), "w_down": (D, F), "norm1": (D,), "norm2": (D,)}
    weights = {"model.embed_tokens.weight": torch.randn(V, D), "model.norm.weight": torch.ones(D)}
    for i in range(L):
        for key, name in LAYER_NAMES.items():
            weights[f"model.layers.{i}.{name}.weight"] = torch.randn(*shapes[key]) * 0.2
    cfg = SimpleNamespace(layers=L, heads=H, kv_heads=Hkv, rope_theta=100000.0, eps=1e-5)
    model = Llama(cfg, weights)
    logits, caches = model.forward(torch.tensor([[1, 2, 3]]))
    print(logits.shape, len(caches))                      # torch.Size([1, 3, 50]) 2
    step, _ = model.forward(torch.tensor([[4]]), caches, start=3)
    full, _ = model.forward(torch.tensor([[1, 2, 3, 4]]))
    print(torch.allclose(step[0, -1], full[0, -1], atol=1e-5))   # True: the cache changes nothing but speed
    print("now: llmpath exercise check llama-decoder  (SmolLM2-135M's real weights)")

from gqa_attention import attention   # your gqa_attention.py (step 6), which imports your rope.py (step 5)
from rmsnorm import rms_norm          # your rmsnorm.py (step 4)
from swiglu import swiglu             # your swiglu.py (step 7)


def decoder_block(x, layer, cfg, cos, sin, cache=None):
    """One Llama decoder block: x (B, T, D) -> (y (B, T, D), the block's new (k, v) cache).

    layer: the weights by name (wq, wk, wv, wo, w_gate, w_up, w_down, norm1, norm2);
    cfg: .heads, .kv_heads and .eps.
    """
    # TODO: your code here (about 5 lines)
    # 1. normalise x with norm1, attend (pass cos, sin and the cache through), add the result to x
    # 2. normalise that sum with norm2, run the MLP, add its result too
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python decoder_block.py
    from types import SimpleNamespace

    import torch

    from rope import rope_tables

    torch.manual_seed(0)
    B, T, D, H, Hkv, F = 2, 5, 24, 6, 2, 48
    Dh = D // H
    layer = {"wq": torch.randn(H * Dh, D) * 0.2, "wk": torch.randn(Hkv * Dh, D) * 0.2, "wv": torch.randn(Hkv * Dh, D) * 0.2,
             "wo": torch.randn(D, H * Dh) * 0.2, "w_gate": torch.randn(F, D) * 0.2, "w_up": torch.randn(F, D) * 0.2,
             "w_down": torch.randn(D, F) * 0.2, "norm1": torch.ones(D), "norm2": torch.ones(D)}
    cfg = SimpleNamespace(heads=H, kv_heads=Hkv, eps=1e-5)
    cos, sin = rope_tables(torch.arange(T), Dh)
    y, (k, v) = decoder_block(torch.randn(B, T, D), layer, cfg, cos, sin)
    print(y.shape, k.shape)              # torch.Size([2, 5, 24]) torch.Size([2, 2, 5, 4])

import numpy as np
import torch

from top_k_top_p import top_k_filter, top_p_filter


def sample_next(logits, temperature=0.0, top_k=None, top_p=None, generator=None) -> int:
    """The next token id from one position's logits (V,): greedy when temperature is 0, else
    logits / temperature → top-k → top-p → softmax → torch.multinomial with ``generator``."""
    # TODO: your code here (about 10 lines; your top_k_filter / top_p_filter work on numpy arrays)
    raise NotImplementedError


@torch.no_grad()
def generate(model, prompt, new_tokens, use_cache=True, temperature=0.0, top_k=None, top_p=None, generator=None) -> list:
    """``new_tokens`` token ids after ``prompt`` (a list of ids); ``model.forward(ids, caches, start)``."""
    # TODO: your code here (about 12 lines: one forward over the prompt, then one token at a time)
    raise NotImplementedError


if __name__ == "__main__":
    # Try it · 试一试:  python kv_cache.py
    print(sample_next(torch.tensor([1.0, 3.0, 0.0, 2.0])))         # 1: greedy picks the largest logit
    g = torch.Generator().manual_seed(0)
    print([sample_next(torch.tensor([1.0, 3.0, 0.0, 2.0]), 1.0, top_k=2, generator=g) for _ in range(8)])  # only 1s and 3s

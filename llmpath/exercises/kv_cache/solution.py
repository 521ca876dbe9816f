"""Generation with a KV cache — reference solution.

Without a cache every new token runs the whole sequence through the model again: n new tokens cost
about n²/2 token-passes. With one, the prompt is run once (the "prefill"), and each later step feeds
only the newest token, whose keys and values join those kept from before. The one thing to get right
is the position: the new token sits at position len(prompt) + (tokens generated before it), and RoPE
must rotate it by that — ``start`` tells the model how many tokens its caches already hold.
"""

import numpy as np
import torch

from top_k_top_p import top_k_filter, top_p_filter


def sample_next(logits, temperature=0.0, top_k=None, top_p=None, generator=None) -> int:
    """The next token id from one position's logits (V,): greedy when temperature is 0, else
    logits / temperature → top-k → top-p → softmax → torch.multinomial with ``generator``."""
    if temperature == 0:
        return int(torch.argmax(logits))
    scaled = logits.detach().double().numpy() / temperature        # temperature first: it changes top-p's set
    if top_k is not None:
        scaled = top_k_filter(scaled, top_k)
    if top_p is not None:
        scaled = top_p_filter(scaled, top_p)
    probs = np.exp(scaled - scaled.max())
    probs = torch.from_numpy(probs / probs.sum())
    return int(torch.multinomial(probs, 1, generator=generator))


@torch.no_grad()
def generate(model, prompt, new_tokens, use_cache=True, temperature=0.0, top_k=None, top_p=None, generator=None) -> list:
    """``new_tokens`` token ids after ``prompt`` (a list of ids); ``model.forward(ids, caches, start)``."""
    logits, caches = model.forward(torch.tensor([prompt]))            # prefill: the whole prompt once
    out = []
    while True:
        out.append(sample_next(logits[0, -1], temperature, top_k, top_p, generator))
        if len(out) == new_tokens:
            return out
        if use_cache:   # only the newest token; it sits at position len(prompt) + len(out) - 1
            logits, caches = model.forward(torch.tensor([[out[-1]]]), caches, start=len(prompt) + len(out) - 1)
        else:
            logits, _ = model.forward(torch.tensor([prompt + out]))


if __name__ == "__main__":
    print(sample_next(torch.tensor([1.0, 3.0, 0.0, 2.0])))         # 1: greedy

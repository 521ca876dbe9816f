"""The capstone's reference model against transformers: forward time, logit agreement, and what the
KV cache buys (on demand, not in CI; needs the prepared SmolLM2: `llmpath models prepare`).

    python benchmarks/capstone.py [--new-tokens 64] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForCausalLM

    from llmpath.capstone.llama import load_smollm2
    from llmpath.models import prepare_smollm2

    torch.set_num_threads(args.threads)
    folder = prepare_smollm2()
    mine, tokenizer = load_smollm2(folder)
    theirs = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager").eval()
    ids = tokenizer("Large language models are trained on a huge amount of text, and", return_tensors="pt").input_ids
    with torch.no_grad():
        hf_s = timed(lambda: theirs(ids), args.runs)
        my_s = timed(lambda: mine.forward(ids), args.runs)
        diff = float((mine.forward(ids)[0] - theirs(ids).logits).abs().max())
    print(f"forward, {ids.shape[1]} tokens: transformers {hf_s * 1000:.0f} ms, reference {my_s * 1000:.0f} ms "
          f"({my_s / hf_s:.2f}×); max |logit difference| {diff:.2e}")
    prompt = ids[0].tolist()
    began = time.perf_counter()
    cached = mine.greedy(prompt, args.new_tokens)
    with_cache = time.perf_counter() - began
    began = time.perf_counter()
    plain = mine.greedy(prompt, args.new_tokens, use_cache=False)
    without = time.perf_counter() - began
    print(f"greedy, {args.new_tokens} new tokens: KV cache {with_cache:.1f} s, none {without:.1f} s "
          f"({without / with_cache:.1f}× faster); identical tokens: {cached == plain}")


if __name__ == "__main__":
    main()

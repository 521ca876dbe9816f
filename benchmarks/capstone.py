"""The capstone's reference model against transformers: forward time, logit agreement, and what the
KV cache buys (on demand, not in CI; needs the prepared SmolLM2: `llmpath models prepare`).

    python benchmarks/capstone.py [--new-tokens 64] [--threads 2]
    python benchmarks/capstone.py --new-tokens 256      # the kv-cache exercise's goal: >= 3x at 256 new tokens, 2 cores

On a busy machine measure with --threads 1: with 2 threads on 2 shared cores every small one-token
operation waits for the descheduled second thread (measured: one (1, 576) × (576, 1536) matmul took 8 ms
with 2 threads and 0.2 ms with 1), which slows the cached path far more than the uncached one.
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


KV_GOAL = 3.0     # issue 15: the KV cache's speed-up at 256 new tokens on 2 cores


def kv_cache_generate():
    """The kv-cache exercise's reference ``generate`` (it imports the learner's top_k_top_p: the reference stands in)."""
    import importlib.util

    from llmpath.exercises import top_k_top_p

    sys.modules.setdefault("top_k_top_p", importlib.import_module("llmpath.exercises.top_k_top_p.solution"))
    path = Path(top_k_top_p.__file__).parents[1] / "kv_cache" / "solution.py"
    spec = importlib.util.spec_from_file_location("_kv_cache_solution", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only-kv", action="store_true", help="only the kv-cache exercise's generate, with and without the cache")
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForCausalLM

    from llmpath.capstone.llama import load_smollm2
    from llmpath.models import prepare_smollm2

    torch.set_num_threads(args.threads)
    folder = prepare_smollm2()
    mine, tokenizer = load_smollm2(folder)
    ids = tokenizer("Large language models are trained on a huge amount of text, and", return_tensors="pt").input_ids
    prompt = ids[0].tolist()
    cached = None
    if not args.only_kv:
        theirs = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager").eval()
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
    generate = kv_cache_generate()
    times = {}
    tokens = {}
    for use_cache in (True, False):
        began = time.perf_counter()
        tokens[use_cache] = generate(mine, prompt, args.new_tokens, use_cache)
        times[use_cache] = time.perf_counter() - began
    speedup = times[False] / times[True]
    verdict = "goal met" if speedup >= KV_GOAL else "below the goal"
    print(f"kv-cache exercise's generate, {args.new_tokens} greedy tokens: {times[True]:.1f} s with the cache, "
          f"{times[False]:.1f} s without ({speedup:.1f}×; goal ≥ {KV_GOAL:.0f}× at 256 tokens: {verdict}); "
          f"identical tokens: {tokens[True] == tokens[False]}"
          + (f"; same as the reference model's greedy: {tokens[True] == cached}" if cached is not None else ""))


if __name__ == "__main__":
    main()

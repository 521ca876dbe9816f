"""tiny-gpt's training throughput and model-FLOPs utilisation (on demand, not in CI).

    python benchmarks/tiny_gpt.py [--steps 60] [--threads 2]

MFU = achieved model FLOP/s ÷ the machine's measured float32 matmul FLOP/s. Model FLOPs per
trained token follow the usual estimate (Kaplan et al. 2020; PaLM appendix B):
6·N for the weights' forward and backward passes plus 12·L·T·d for attention scores and their
weighted sums, with N the non-embedding parameters, L layers, T the context and d the width.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def matmul_flops(threads: int, n: int = 1024, runs: int = 20) -> float:
    """Measured float32 FLOP/s of an n×n matmul on this machine (the roofline MFU is judged against)."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    began = time.perf_counter()
    for _ in range(runs):
        a @ b
    return 2 * n**3 * runs / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import torch

    from llmpath.demos import tiny_gpt

    torch.set_num_threads(args.threads)
    peak = matmul_flops(args.threads)
    setup = tiny_gpt.training_setup(seed=0)
    model, cfg = setup.model, setup.model.config
    non_embedding = sum(p.numel() for name, p in model.named_parameters() if "wte" not in name and "wpe" not in name)
    flops_per_token = 6 * non_embedding + 12 * cfg.n_layer * cfg.n_positions * cfg.n_embd
    tiny_gpt.train(setup, steps=5)                      # warm-up: first steps allocate
    began = time.perf_counter()
    tiny_gpt.train(setup, steps=args.steps)
    seconds = time.perf_counter() - began
    tokens = args.steps * setup.batch_size * setup.block_size
    achieved = tokens * flops_per_token / seconds
    result = {"threads": args.threads, "matmul_gflops": round(peak / 1e9, 1), "tokens_per_s": round(tokens / seconds),
              "model_gflops_per_s": round(achieved / 1e9, 2), "mfu": round(achieved / peak, 4),
              "non_embedding_params": non_embedding, "flops_per_token": flops_per_token}
    print(json.dumps(result, indent=2))
    out = Path(__file__).parent / "results" / "tiny_gpt.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()

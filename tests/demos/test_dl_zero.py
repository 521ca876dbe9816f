"""ZeRO-1 and FSDP on two gloo ranks: each rank holds half the optimizer state, and training ends where one process ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from llmpath.demos.zero import HIDDEN, fp32_bytes_per_rank, local_bytes

# ZeroRedundancyOptimizer assigns whole tensors, largest first, to the rank holding the least. After the two
# 384×384 weights (one each) the largest tensor left is the first layer's 8×384 weight: the ranks can differ
# from an even split by at most its Adam moments (2 × 4 bytes per element) plus the 4-byte step counters.
SPLIT_SLACK = 8 * HIDDEN * 2 * 4 + 8 * 4


def check_figures(figures: dict) -> None:
    assert figures["world_size"] == 2 and figures["backend"] == "gloo" and figures["fsdp"] is True
    for run in ("zero1", "fsdp"):
        assert figures[f"max_diff_loss_{run}"] <= 1e-5
        assert figures[f"max_diff_weights_{run}"] <= 1e-5
    single = figures["bytes_single"]
    assert single["params"] == single["grads"] == 4 * figures["n_params"]
    assert single["optimizer"] >= 8 * figures["n_params"]  # exp_avg + exp_avg_sq, fp32, plus step counters
    zero1 = figures["bytes_zero1"]
    assert sum(r["optimizer"] for r in zero1) == single["optimizer"]  # a partition: nothing kept twice
    for r in zero1:
        assert abs(r["optimizer"] - single["optimizer"] / 2) <= SPLIT_SLACK
        assert r["params"] == single["params"] and r["grads"] == single["grads"]  # stage 1 keeps full copies
    assert sum(r["owned_tensors"] for r in zero1) == 8
    for r in figures["bytes_fsdp"]:  # stage 3: every tensor split along dim 0 (the 3-row output layer unevenly)
        for kind in ("params", "grads"):
            assert abs(r[kind] - single[kind] / 2) <= 4 * (HIDDEN + 1)
        assert abs(r["optimizer"] - single["optimizer"] / 2) <= 2 * 4 * (HIDDEN + 1) + 8 * 4


def test_fp32_formulas_halve_at_two_ranks():
    bytes_per_rank = fp32_bytes_per_rank(1000, 2)
    assert bytes_per_rank["DDP"] == 16_000
    assert bytes_per_rank["ZeRO-1"] == 12_000  # 4 + 4 + 8/2
    assert bytes_per_rank["ZeRO-2"] == 10_000  # 4 + (4 + 8)/2
    assert bytes_per_rank["ZeRO-3 / FSDP"] == 8_000


def test_local_bytes_counts_plain_tensors_and_skips_missing_gradients():
    import torch

    assert local_bytes([torch.zeros(3, 4), None, torch.zeros(5, dtype=torch.float16)]) == 48 + 10


@pytest.mark.slow
def test_demo_shards_state_and_matches_one_process(invoke):
    result = invoke("demo", "zero", "--json", "--steps", "2")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["launcher"] == "spawn"
    check_figures(figures)


@pytest.mark.slow
def test_runs_unchanged_under_torchrun():
    from llmpath.demos.data_parallel import free_port

    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", str(free_port()),
               "-m", "llmpath.demos.zero", "--json", "--steps", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout)
    assert figures["launcher"] == "torchrun"
    check_figures(figures)


def test_batch_not_divisible_by_ranks_is_refused(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "zero", "--json", "--batch", "63"])
    assert result.exit_code != 0 and "divisible" in result.stderr

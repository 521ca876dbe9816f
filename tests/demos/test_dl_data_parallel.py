"""Two gloo ranks with an all-reduce equal one process on the full batch."""

from __future__ import annotations

import json

import pytest

from llmpath.demos.data_parallel import zero_memory_gb


def test_zero_memory_matches_the_paper():
    # ZeRO paper, figure 1: Ψ = 7.5 B, N = 64 → 120 GB, 31.4 GB, 16.6 GB, 1.9 GB
    mem = zero_memory_gb(7.5, 64)
    assert mem["DDP"] == pytest.approx(120)
    assert mem["ZeRO-1"] == pytest.approx(31.4, abs=0.05)
    assert mem["ZeRO-2"] == pytest.approx(16.6, abs=0.05)
    assert mem["ZeRO-3 / FSDP"] == pytest.approx(1.875)


def test_demo_ranks_agree_with_single_process(invoke):
    result = invoke("demo", "data-parallel", "--seed", "0", "--json", "--steps", "3")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["world_size"] == 2 and figures["backend"] == "gloo"
    assert figures["max_diff_gradients"] <= 1e-5
    assert figures["max_diff_weights"] <= 1e-5
    assert figures["max_rank_weight_gap"] == 0.0
    a, b = figures["rank_losses_step1"]
    assert a != b  # different shards, different losses


def test_odd_batch_is_refused(runner):
    from llmpath.cli import app

    result = runner.invoke(app, ["demo", "data-parallel", "--json", "--batch", "63"])
    assert result.exit_code != 0 and "even" in result.stderr

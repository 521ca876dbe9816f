"""Heavy demos announce their time and memory on the detected hardware."""

from __future__ import annotations

from llmpath.demos.estimate import describe, estimate, is_heavy
from llmpath.demos.registry import DEMOS, get_demo


def test_heavy_demos_have_measurements():
    heavy = [d for d in DEMOS if d.budget_s >= 20]
    assert heavy and all(d.typical_s > 0 and d.memory_mb > 0 and is_heavy(d) for d in heavy)
    assert all(d.typical_s <= d.budget_s for d in DEMOS)


def test_more_cores_means_less_time_and_memory_warning():
    spec = get_demo("fine-tune")
    two = estimate(spec, cores=2, available_mb=64_000, gpu=False)
    eight = estimate(spec, cores=8, available_mb=64_000, gpu=False)
    assert two.seconds == spec.typical_s and eight.seconds < two.seconds
    tight = estimate(spec, cores=2, available_mb=500, gpu=False)
    assert not tight.memory_ok and "close other programs" in describe(spec, tight, "en")
    assert "首次" not in describe(spec, two, "zh")


def test_first_run_preparation_is_announced():
    spec = get_demo("gpt2")
    est = estimate(spec, cores=2, available_mb=64_000, gpu=True)
    text = describe(spec, est, "en", prepared=False)
    assert "one-time model preparation" in text and "NVIDIA GPU" in text


def test_demo_command_prints_the_estimate_first(invoke, monkeypatch):
    import llmpath.demos.runner as runner

    ran = []
    monkeypatch.setattr(runner, "run_demo", lambda demo_id, ctx, args=None, **kw: ran.append(demo_id) or {})
    result = invoke("demo", "fine-tune")
    assert result.exit_code == 0, result.output
    assert ran == ["fine-tune"]
    assert "should take about" in result.output and "GB of memory" in result.output
    light = invoke("demo", "tensors", "--json")
    assert "should take about" not in light.output

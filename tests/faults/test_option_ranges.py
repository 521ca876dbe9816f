"""Break 9: tracebacks on out-of-range option values and on a too-long path."""

from __future__ import annotations

import pytest

from tests.faults.helpers import assert_one_line_error, run_llmpath

LONG = "a" * 300


@pytest.mark.parametrize("args", [
    ["demo", "metrics", "--seed", "-5"],
    ["demo", "attention", "--seed", "-1"],
    ["demo", "multi-head", "--seed", "99999999999999999999999"],
    ["demo", "attention", "--seed", str(2**32)],
], ids=["metrics-negative", "attention-minus-one", "multi-head-huge", "one-past-uint32"])
def test_a_seed_out_of_range_is_one_line(tmp_path, args):
    line = assert_one_line_error(run_llmpath(*args, "--json", home=tmp_path / "home"), code=1)
    assert "--seed must be a whole number from 0 to 4294967295" in line


def test_the_largest_seed_works(invoke):
    result = invoke("demo", "entropy", "--seed", str(2**32 - 1), "--json")
    assert result.exit_code == 0 and '"seed": 4294967295' in result.output


def test_positional_encoding_at_its_smallest_width_runs(invoke):
    """--d-model 2 is inside the option's declared range (2 … 1024); it crashed on the chart."""
    result = invoke("demo", "positional-encoding", "--d-model", "2", "--max-len", "8", "--steps", "1", "--json")
    assert result.exit_code == 0 and '"d_model": 2' in result.output


@pytest.mark.parametrize("args", [["validate", LONG], ["--content", LONG, "topics"], ["validate", f"/tmp/{LONG}/x"],
                                  ["import", LONG], ["export", f"/tmp/{LONG}"]],
                         ids=["validate", "content", "validate-nested", "import", "export"])
def test_a_too_long_path_is_one_line(tmp_path, args):
    line = assert_one_line_error(run_llmpath(*args, home=tmp_path / "home"))
    assert "too long" in line


def test_a_too_long_content_path_from_the_environment_is_one_line(tmp_path):
    assert_one_line_error(run_llmpath("path", home=tmp_path / "home", LLMPATH_CONTENT=LONG))


def test_every_demo_default_is_inside_its_declared_range():
    """The sweep over every demo × boundary values (see the report) found only --d-model 2;
    this keeps each declared default valid, so `--options` never advertises a failing value."""
    from llmpath.demos.registry import DEMOS
    from llmpath.demos.runner import demo_options

    for spec in DEMOS:
        for option in demo_options(spec):
            option.check(option.default)
            if option.low is not None and option.high is not None:
                assert option.low <= option.high, (spec.id, option.name)

"""The 16 part-1 demos through the CLI: `--seed 0 --json` prints one JSON object whose key figures hold."""

from __future__ import annotations

import json

import pytest

# demo id → checks on its figures
CHECKS = {
    "tensors": lambda f: f["max_diff_inverse"] < 1e-10 and f["y_shape"] == [2, 4, 3],
    "eigen": lambda f: f["max_diff_top_eigenvalue"] < 1e-6 and f["max_diff_eigenvalues_by_deflation"] < 1e-4,
    "svd": lambda f: f["max_diff_eckart_young"] < 1e-8 and 0 < f["relative_error"] < 0.2 and f["compression_ratio"] < 0.1,
    "pca": lambda f: f["max_diff_principal_directions"] < 1e-8 and 0.2 < f["variance_2d"] < 0.4,
    "probability": lambda f: abs(f["sample_mean"] - 2.0) < 0.05 and f["max_diff_posterior_mean"] < 1e-4,
    "entropy": lambda f: f["max_diff_kl_p_q"] < 1e-12 and abs(f["perplexity"] - 2.718281828 ** f["token_loss"]) < 1e-9,
    "gradient-descent": lambda f: f["max_diff_minimum"] < 1e-6 and f["final_loss_gap"]["too_large"] is not None and f["final_loss_gap"]["too_large"] > 1e3,
    "optimizers": lambda f: f["max_diff_gradient"] < 1e-6 and f["test_accuracy_Adam"] > 0.9 and f["weight_norm_AdamW"] < f["weight_norm_Adam"],
    "vanishing-gradients": lambda f: f["max_diff_sigmoid"] < 1e-5 and f["max_diff_residual"] < 1e-5 and f["first_over_last"]["sigmoid"] < 1e-6,
    "regularization": lambda f: f["max_diff_lasso_weights"] < 1e-5 and f["best_degree"] < 12 and f["early_stop_epoch"] < 3000,
    "logistic-regression": lambda f: f["max_diff_test_probabilities"] < 1e-3 and f["accuracy"] > 0.9 and f["roc_auc"] > 0.95,
    "cross-validation": lambda f: f["max_diff_fold_scores"] == 0 and len(f["fold_scores"]) == 5 and f["test_accuracy"] > 0.85,
    "metrics": lambda f: f["max_diff_classification"] < 1e-12 and f["perplexity_a"] < f["perplexity_b"],
    "trees": lambda f: f["max_diff_root_impurity"] < 1e-9 and f["forest_test_accuracy"] > 0.9,
    "svm": lambda f: f["max_diff_w_and_b"] < 1e-3 and f["support_vectors"] == f["sklearn_support_vectors"],
    "kmeans": lambda f: f["max_diff_centres"] < 1e-8 and f["purity"] > 0.6,
}


@pytest.mark.parametrize("demo_id", list(CHECKS))
def test_demo_json(invoke, demo_id):
    result = invoke("demo", demo_id, "--seed", "0", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)  # nothing but the JSON object on stdout
    assert figures["demo"] == demo_id and figures["seed"] == 0
    assert CHECKS[demo_id](figures), figures
    diffs = {k: v for k, v in figures.items() if k.startswith("max_diff_")}
    assert diffs, "every demo shows at least one agreement with a reference"


def test_same_seed_same_numbers(invoke):
    a = json.loads(invoke("demo", "probability", "--seed", "3", "--json", "--n", "500").stdout)
    b = json.loads(invoke("demo", "probability", "--seed", "3", "--json", "--n", "500").stdout)
    c = json.loads(invoke("demo", "probability", "--seed", "4", "--json", "--n", "500").stdout)
    assert a == b and a["sample_mean"] != c["sample_mean"]


@pytest.mark.parametrize(
    ("demo_id", "args", "fragment"),
    [
        ("svd", ["--rank", "0"], "--rank must be between"),
        ("entropy", ["--temperature", "0"], "--temperature must be between"),
        ("gradient-descent", ["--lr", "abc"], "--lr expects a number"),
        ("cross-validation", ["--k", "1"], "--k must be between"),
        ("kmeans", ["--k", "999"], "--k must be between"),
        ("optimizers", ["--compare-torch", "maybe"], "--compare-torch must be one of"),
        ("tensors", ["--rank", "3"], "unknown option"),
    ],
)
def test_bad_option_is_one_line_error(invoke, demo_id, args, fragment):
    result = invoke("demo", demo_id, *args)
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_terminal_rendering(invoke):
    result = invoke("demo", "svd", "--rank", "5")
    assert result.exit_code == 0, result.output
    assert "Eckart–Young" in result.stdout and "✓" in result.stdout and "✗" not in result.stdout


def test_plot_is_saved(invoke, tmp_path):
    plot = tmp_path / "eigen.png"
    result = invoke("demo", "eigen", "--plot", str(plot), "--json")
    assert result.exit_code == 0, result.output
    assert plot.exists() and json.loads(result.stdout)["plot"] == str(plot)


def test_chinese_output(invoke):
    result = invoke("--lang", "zh", "demo", "entropy", "--temperature", "2")
    assert result.exit_code == 0 and "交叉熵" in result.stdout

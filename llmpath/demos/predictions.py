"""Predict, then run: a question asked before a demo computes its answer.

Each prediction is an ordinary quiz question (so it is graded, recorded and scheduled
like any other) whose answer the demo itself computes: ``figure`` names the key in the
demo's ``--json`` figures, and ``expected`` turns that figure into the reply that
question accepts. A test runs every demo and checks the two agree, so the content
cannot drift from the computation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Prediction:
    question: str  # a question id in the built-in quizzes
    figure: str  # the key of the demo's figures that holds the computed answer
    expected: Callable[[Any], str] = str  # figure value → a reply the question should grade correct
    options: tuple[tuple[str, object], ...] = ()  # demo options the question assumes


def _shape(value: Any) -> str:
    return ", ".join(str(v) for v in value)


PREDICTIONS: dict[str, Prediction] = {
    "tensors": Prediction("vectors-and-tensors.predict-linear-params", "parameters"),
    "gradient-descent": Prediction("gradient-descent.predict-divergence", "user_diverged",
                                   lambda diverged: "t" if diverged else "f", options=(("lr", 0.25),)),
    "attention": Prediction("attention.predict-score-std", "score_std_unscaled"),
    "multi-head": Prediction("multi-head-attention.predict-params", "n_params"),
    "transformer-block": Prediction("transformer-architecture.predict-block-shape", "output_shape", _shape),
    "activations": Prediction("neurons-and-activations.predict-sigmoid-chain", "sigmoid_chain"),
    "cnn": Prediction("cnn.predict-conv1-params", "conv1_params"),
    "svd": Prediction("eigen-and-svd.predict-svd-storage", "compression_ratio", options=(("rank", 20),)),
    "pca": Prediction("eigen-and-svd.predict-pca-variance", "variance_2d",
                      lambda share: "abcd"[min(range(4), key=lambda i: abs(share - (0.1, 0.3, 0.6, 0.9)[i]))]),
    "positional-encoding": Prediction("positional-encoding.predict-no-position", "accuracy_no_position",
                                      lambda accuracy: "a" if accuracy > 0.9 else "b"),
}


def show_number(value: Any) -> str:
    """A number as a person reads it: 27 not 27.0, 0.07816 not 0.0781615925058548 (4 significant digits)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return _shape(value) if isinstance(value, (list, tuple)) else str(value)
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
    return f"{value:.4g}"


def shown_reply(kind: str, reply: Any, stored: str, lang: str) -> str:
    """The learner's parsed reply, for the screen (``stored`` is what the progress file keeps)."""
    if kind == "numeric":
        return show_number(reply)
    if kind == "true_false":
        return ("对" if reply else "错") if lang == "zh" else ("true" if reply else "false")
    return stored


def prediction_for(demo_id: str) -> Prediction | None:
    return PREDICTIONS.get(demo_id)


def prediction_args(demo_id: str) -> list[str]:
    """The demo options a prediction question assumes, as CLI arguments."""
    prediction = prediction_for(demo_id)
    return [arg for name, value in (prediction.options if prediction else ()) for arg in (f"--{name}", str(value))]


def prediction_question_ids() -> set[str]:
    """Questions asked as a demo's prediction (placement leaves them for the demo)."""
    return {p.question for p in PREDICTIONS.values()}

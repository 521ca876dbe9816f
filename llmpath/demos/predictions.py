"""Predict, then run: a question asked before a demo computes its answer.

Each prediction is an ordinary quiz question (so it is graded, recorded and scheduled
like any other) whose answer the demo itself computes: ``figure`` names the key in the
demo's ``--json`` figures that must agree with the question's answer. A test runs every
demo and checks that agreement, so the content cannot drift from the computation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prediction:
    question: str  # a question id in the built-in quizzes
    figure: str  # the key of the demo's figures that holds the computed answer
    options: tuple[tuple[str, object], ...] = ()  # demo options the question assumes


PREDICTIONS: dict[str, Prediction] = {}


def prediction_for(demo_id: str) -> Prediction | None:
    return PREDICTIONS.get(demo_id)


def prediction_args(demo_id: str) -> list[str]:
    """The demo options a prediction question assumes, as CLI arguments."""
    prediction = prediction_for(demo_id)
    return [arg for name, value in (prediction.options if prediction else ()) for arg in (f"--{name}", str(value))]

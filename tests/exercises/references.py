"""The reference solution of an exercise as a module, for tests that hold it against a library."""

import importlib

from llmpath.exercises.registry import get_exercise


def reference_module(exercise_id: str):
    return importlib.import_module(f"llmpath.exercises.{get_exercise(exercise_id).package}.solution")

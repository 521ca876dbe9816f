"""The learner's own model, assembled from the capstone chain: llama-decoder's file and the files it ``uses``.

Each part is the learner's file once that exercise is passed, else its reference solution standing in
(the same rule, and the same function, as a check's ``uses:`` copying: :func:`core.companions_for`).
Nothing here imports torch or runs the learner's code: it only says which file is which and copies them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_EXERCISE = "llama-decoder"


@dataclass(frozen=True)
class Part:
    """One file of the assembled model."""

    exercise: str
    file_name: str
    source: Path
    theirs: bool          # the learner's own passed file (else the reference stood in)


def model_parts(progress: Any, extra: Any = ()) -> list[Part]:
    """Every file of the model, the steps first (rmsnorm … decoder-block) and llama_decoder.py last."""
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise

    spec = get_exercise(MODEL_EXERCISE, extra)
    parts = [Part(c.exercise, c.file_name, Path(c.source), not c.reference) for c in core.companions_for(progress, spec, extra)]
    own = core.confined(spec, core.entry_of(progress, spec).get("path"), core.exercise_folders())
    if core.status_of(progress, spec) == "passed" and own is not None and own.is_file():
        parts.append(Part(spec.id, spec.file_name, own, True))
    else:
        parts.append(Part(spec.id, spec.file_name, core.solution_path(spec), False))
    return parts


def copy_parts(parts: list[Part], folder: Path) -> None:
    """Put the files side by side, as a check's child gets them (so ``from rope import rope_tables`` works)."""
    for part in parts:
        shutil.copyfile(part.source, folder / part.file_name)

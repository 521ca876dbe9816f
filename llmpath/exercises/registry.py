"""Every exercise's id and unit, readable without importing any check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExerciseSpec:
    id: str
    unit: str
    title_en: str
    title_zh: str
    difficulty: int = 1

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


EXERCISES: tuple[ExerciseSpec, ...] = ()


def exercise_ids() -> list[str]:
    return [spec.id for spec in EXERCISES]

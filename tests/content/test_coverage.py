"""The built-in curriculum covers the source article: counts, types, concepts, links."""

from __future__ import annotations

import re
from collections import Counter

from llmpath.content.catalog import builtin_roots, validate
from llmpath.demos.registry import demo_ids
from llmpath.exercises.registry import EXERCISES

CATALOG, PROBLEMS = validate(builtin_roots())
QUESTIONS = list(CATALOG.questions.values())


def test_unit_and_question_counts():
    assert 25 <= len(CATALOG.units) <= 45
    assert len(QUESTIONS) >= 280
    per_unit = Counter(q.unit for q in QUESTIONS)
    thin = {u: per_unit[u] for u in CATALOG.units if per_unit[u] < 8}
    assert not thin, f"units with fewer than 8 questions: {thin}"


def test_question_mix():
    computed = sum(q.type in ("numeric", "generated") for q in QUESTIONS)
    assert computed / len(QUESTIONS) >= 0.30
    assert set(Counter(q.difficulty for q in QUESTIONS)) == {1, 2, 3}
    for unit in CATALOG.units:
        types = {q.type for q in CATALOG.questions_for(unit)}
        assert len(types) >= 3, f"{unit}: only {types}"


def test_targeted_feedback_on_at_least_60_questions():
    targeted = [q for q in QUESTIONS if q.mistakes or any(c.feedback for c in q.choices)]
    assert len(targeted) >= 60


def test_every_concept_is_quizzed_and_taught_in_both_languages():
    quizzed = {c for q in QUESTIONS for c in q.concepts}
    missing = sorted(set(CATALOG.concepts) - quizzed)
    assert not missing, f"concepts without a question: {missing}"
    for concept_id, (concept, unit_id) in CATALOG.concepts.items():
        unit = CATALOG.units[unit_id]
        text_en = " ".join(s.body.en + s.title.en for s in unit.sections).lower()
        words = [w for w in re.findall(r"[a-z0-9]+", concept.name.en.lower()) if len(w) > 2]
        assert any(w in text_en for w in words), f"{concept_id}: not in {unit_id}'s English text"
        text_zh = " ".join(s.body.zh + s.title.zh for s in unit.sections)
        assert re.search(r"[\u4e00-\u9fff]", text_zh), f"{unit_id}: no Chinese text"


def test_units_link_real_demos_and_every_exercise_is_linked():
    for unit in CATALOG.units.values():
        assert set(unit.demos) <= set(demo_ids())
    linked = {e for u in CATALOG.units.values() for e in u.exercises}
    assert {spec.id for spec in EXERCISES} <= linked
    practice = CATALOG.units_in("practice")
    assert practice and all(u.demos for u in practice)


def test_every_demo_is_used_by_some_unit():
    used = {d for u in CATALOG.units.values() for d in u.demos}
    assert set(demo_ids()) <= used, sorted(set(demo_ids()) - used)


def test_no_raw_latex_in_learner_text():
    pattern = re.compile(r"\\(frac|sum|sqrt|mathbf|cdot|left|right|begin)\b|\$\$")
    for unit in CATALOG.units.values():
        for section in unit.sections:
            for text in (section.body.en, section.body.zh):
                assert not pattern.search(text), f"{unit.id}/{section.id}: LaTeX"

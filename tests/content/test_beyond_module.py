"""The sixth module (beyond) meets the issue's bar: six units in order, ≥ 40 questions, ≥ 30 % computed,
a hint ladder and an explanation on every question, prerequisites that point back into the path."""

from __future__ import annotations

from llmpath.content.catalog import builtin_roots, validate

CATALOG, _ = validate(builtin_roots())
UNITS = CATALOG.units_in("beyond")
QUESTIONS = [q for u in UNITS for q in CATALOG.questions_for(u.id)]
ORDER = ["tokenization", "inference", "peft-lora", "alignment", "evaluation", "rag"]


def test_beyond_units_in_their_order():
    assert [u.id for u in UNITS] == ORDER
    assert [u.order for u in UNITS] == list(range(1, len(ORDER) + 1))


def test_beyond_has_enough_questions_and_enough_computed_ones():
    assert len(QUESTIONS) >= 40
    computed = [q for q in QUESTIONS if q.type in ("numeric", "generated")]
    assert len(computed) / len(QUESTIONS) >= 0.30


def test_beyond_every_question_has_a_hint_ladder_and_an_explanation():
    for q in QUESTIONS:
        assert len(q.hints) >= (2 if q.type in ("numeric", "generated") else 1), q.id
        assert q.explanation.en.strip() and q.explanation.zh.strip(), q.id
        assert all(h.en.strip() and h.zh.strip() for h in q.hints), q.id


def test_beyond_new_numeric_questions_name_typical_slips():
    new_units = set(ORDER[2:])
    numeric = [q for q in QUESTIONS if q.unit in new_units and q.type == "numeric"]
    assert numeric and all(q.mistakes for q in numeric), [q.id for q in numeric if not q.mistakes]
    for q in numeric:  # a slip's value is never the answer itself
        assert all(abs(m.value - q.answer) > q.tolerance for m in q.mistakes), q.id


def test_beyond_prerequisites_come_earlier_in_the_path():
    position = {u.id: i for i, u in enumerate(CATALOG.path_order())}
    for unit in UNITS:
        assert unit.prerequisites, unit.id
        assert all(position[p] < position[unit.id] for p in unit.prerequisites), unit.id

"""Every numeric answer in the built-in content is recomputed independently.

Each module's checks live in ``checks_<module>.py`` beside this file as
``CHECKS = {question_id: zero-argument function computing the answer}``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from llmpath.content.catalog import builtin_roots, validate

import tests.content as checks_package


def _all_checks() -> dict:
    checks: dict = {}
    for info in pkgutil.iter_modules(checks_package.__path__):
        if info.name.startswith("checks_"):
            module = importlib.import_module(f"tests.content.{info.name}")
            overlap = set(checks) & set(module.CHECKS)
            assert not overlap, f"checks defined twice: {sorted(overlap)}"
            checks.update(module.CHECKS)
    return checks


CATALOG, PROBLEMS = validate(builtin_roots())
CHECKS = _all_checks()
NUMERIC = sorted(q.id for q in CATALOG.questions.values() if q.type == "numeric")


def test_builtin_content_is_valid():
    assert PROBLEMS == []


@pytest.mark.parametrize("qid", NUMERIC)
def test_numeric_answer_is_recomputed(qid):
    question = CATALOG.questions[qid]
    assert qid in CHECKS, f"add CHECKS[{qid!r}] to tests/content/checks_<module>.py"
    computed = float(CHECKS[qid]())
    assert abs(computed - question.answer) <= max(question.tolerance, 1e-9), (
        f"{qid}: content says {question.answer}, computation gives {computed}"
    )
    for mistake in question.mistakes:
        assert abs(mistake.value - question.answer) > question.tolerance, f"{qid}: mistake {mistake.value} would be graded correct"


def test_no_stale_checks():
    stale = sorted(set(CHECKS) - set(NUMERIC))
    assert not stale, f"checks for questions that are not numeric (or no longer exist): {stale}"

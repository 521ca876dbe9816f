"""The capstone chain as data (llmpath/exercises/chains.yaml): loading, validation at path:line,
the learner's progress along it in `exercise list`, and the session's "build it yourself"."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rich.cells import cell_len

from llmpath.content.catalog import load_catalog
from llmpath.exercises.chains import chain_problems, chain_progress, load_chains, next_step_of, progress_words
from llmpath.exercises.registry import exercise_ids
from llmpath.progress import Progress, empty_progress
from llmpath.session import build_it_yourself
from llmpath.status import complete

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def test_the_built_in_chain_names_only_exercises_in_order():
    chains = load_chains()
    chain = chains.get("build-an-llm")
    assert chain is not None and chain.title("en") and chain.title("zh") != chain.title("en")
    assert chain_problems(chains, exercise_ids()) == []
    steps = list(chain.steps)
    assert {"top-k-top-p", "kv-cache", "lm-training", "llama-decoder"} <= set(steps) and len(steps) == len(set(steps))
    order = {"bpe-train": 1, "bpe-tokenizer": 2, "gpt2-tokenizer": 3, "rmsnorm": 4, "rope": 5, "gqa-attention": 6, "swiglu": 7,
             "decoder-block": 8, "llama-decoder": 9, "top-k-top-p": 10, "kv-cache": 11, "lm-training": 12,
             "lora": 13, "dpo-loss": 14, "int8-quantize": 15}     # CHAIN.md's order
    known = [step for step in steps if step in order]
    assert known == sorted(known, key=order.get)


def _write(tmp_path, text):
    path = tmp_path / "chains.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_id_is_a_located_problem_with_a_suggestion(tmp_path):
    path = _write(tmp_path, """format_version: 1
chains:
  - id: demo
    title: {en: A chain, zh: 一条链}
    parts:
      - name: {en: sampling, zh: 采样}
        steps: [top-k-top-p,
                top-k-top]
""")
    problems = chain_problems(load_chains(path), exercise_ids())
    assert [(p.line, "unknown exercise 'top-k-top'" in p.message, "top-k-top-p" in p.message) for p in problems] == [(8, True, True)]
    assert str(problems[0]).startswith(f"{path}:8:")


def test_malformed_chains_are_problems_not_crashes(tmp_path):
    path = _write(tmp_path, """format_version: 1
chains:
  - id: demo
    title: {en: A chain}
    parts:
      - name: {en: sampling, zh: 采样}
        steps: [softmax, softmax]
        colour: red
  - id: Bad Id
    title: {en: x, zh: 叉}
    parts: []
""")
    chains = load_chains(path)
    messages = [f"{p.line}: {p.message}" for p in chains.problems]
    assert any(m.startswith("4:") and "missing translation 'zh'" in m for m in messages), messages
    assert any(m.startswith("7:") and "listed twice" in m for m in messages), messages
    assert any(m.startswith("8:") and "unknown field 'colour'" in m for m in messages), messages
    assert any("chain id must be a lowercase id" in m for m in messages), messages
    assert chains.chains == []
    broken = _write(tmp_path, "chains: [unclosed\n")
    assert load_chains(broken).problems and load_chains(broken).chains == []


def test_progress_words_per_part_in_both_languages(tmp_path):
    chain = load_chains(_write(tmp_path, """format_version: 1
chains:
  - id: demo
    title: {en: A chain, zh: 一条链}
    parts:
      - name: {en: tokenizer, zh: 分词器}
        steps: [softmax, cross-entropy]
      - name: {en: attention, zh: 注意力}
        steps: [attention]
      - name: {en: block, zh: 解码块}
        steps: [layernorm]
""")).get("demo")
    statuses = {"softmax": "passed", "cross-entropy": "passed", "attention": "passed", "layernorm": "failing"}
    words = progress_words(chain_progress(chain, statuses))
    assert [w.en for w in words] == ["your tokenizer ✓", "your attention ✓", "your block ✗"]
    statuses["cross-entropy"] = "started"
    assert [w.zh for w in progress_words(chain_progress(chain, statuses))] == ["分词器 1/2", "注意力 ✓", "解码块 ✗"]
    assert next_step_of(chain, statuses, exercise_ids()) == "cross-entropy"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_list_groups_the_chain_under_its_title_within_80_columns(invoke, monkeypatch, lang):
    monkeypatch.setenv("COLUMNS", "80")
    chain = load_chains().get("build-an-llm")
    out = invoke("--lang", lang, "exercise", "list").output
    lines = out.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), [line for line in lines if cell_len(line) > 80]
    heading = next(i for i, line in enumerate(lines) if chain.title(lang) in line)
    below = "\n".join(lines[heading:])
    positions = [below.find(step) for step in chain.steps if step in exercise_ids()]
    assert -1 not in positions and positions == sorted(positions)       # the chain's steps, in order, under its title
    assert ("Your own model so far: your " if lang == "en" else "你自己的模型：") in below
    assert "top-k-top-p" not in "\n".join(lines[:heading])              # not listed twice


def test_list_shows_a_passed_step_with_a_tick(invoke, isolated_home):
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore

    store = ProgressStore(progress_file())
    store.update(lambda p: p.data.setdefault("exercises", {}).update({"top-k-top-p": {"status": "passed"}}))
    out = invoke("exercise", "list").output
    assert "your sampling ✓" in out


def test_the_session_offers_the_chain_once_the_practice_units_are_done():
    catalog = load_catalog()
    progress = Progress(empty_progress(T0))
    practice = catalog.units_in("practice")
    for unit in practice[:-1]:
        complete(progress, catalog, unit.id, T0)
    assert build_it_yourself(progress, catalog, practice[-1]) is None           # one practice unit still open
    complete(progress, catalog, practice[-1].id, T0)
    assert build_it_yourself(progress, catalog, practice[-1]) == "build-an-llm"
    other = next(u for u in catalog.path_order() if u.module != "practice")
    assert build_it_yourself(progress, catalog, other) is None                  # only after a practice unit


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_build_it_yourself_screen_points_to_the_chain(lang, isolated_home, capsys):
    from types import SimpleNamespace

    from llmpath.cli.steps import build_it_yourself as screen
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore

    current = SimpleNamespace(lang=lang, store=ProgressStore(progress_file()), content_dirs=())
    screen(current, "build-an-llm")
    out = " ".join(capsys.readouterr().out.split())
    chain = load_chains().get("build-an-llm")
    first = next_step_of(chain, {}, exercise_ids())
    assert chain.title(lang) in out and f"llmpath exercise start {first}" in out
    assert ("Build it yourself" if lang == "en" else "自己动手") in out

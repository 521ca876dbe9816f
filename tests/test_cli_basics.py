"""Every command exists, has --help, and behaves on the built-in content."""

from __future__ import annotations

import json

import pytest

from llmpath import __version__

COMMANDS = [
    ["start"], ["quiz"], ["review"], ["demo"], ["exercise"], ["path"], ["topics"], ["progress"],
    ["reset"], ["export"], ["import"], ["validate"], ["models"], ["config"], ["doctor"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_has_help(invoke, command):
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_version(invoke):
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_topics_json_lists_every_unit_in_path_order(invoke):
    result = invoke("topics", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    ids = [row["id"] for row in rows]
    assert "vectors-and-tensors" in ids
    assert len(ids) == len(set(ids))
    assert all(row["state"] == "not_started" for row in rows)


def test_topics_in_chinese(invoke):
    result = invoke("--lang", "zh", "topics", "--json")
    titles = {row["id"]: row["title"] for row in json.loads(result.output)}
    assert titles["vectors-and-tensors"] == "向量、矩阵与张量"


def test_lang_from_environment(invoke, monkeypatch):
    monkeypatch.setenv("LLMPATH_LANG", "zh_CN.UTF-8")
    titles = {row["id"]: row["title"] for row in json.loads(invoke("topics", "--json").output)}
    assert titles["vectors-and-tensors"] == "向量、矩阵与张量"


def test_bad_lang_is_one_line(invoke):
    result = invoke("--lang", "fr", "topics")
    assert result.exit_code != 0
    assert "--lang must be en or zh" in result.output
    assert "Traceback" not in result.output


def test_path_tree_and_json(invoke):
    assert "vectors-and-tensors" in invoke("path").output
    tree = json.loads(invoke("path", "--json").output)
    assert [m["id"] for m in tree][:2] == ["math", "ml"]


def test_unknown_topic_suggests_nearest(invoke):
    result = invoke("reset", "vectors-and-tensor", "--yes")
    assert result.exit_code == 0  # a unique prefix resolves
    result = invoke("reset", "vectrs-and-tensors", "--yes")
    assert result.exit_code == 2
    assert "did you mean vectors-and-tensors" in result.output
    assert "Traceback" not in result.output


def test_unknown_demo_suggests(invoke):
    result = invoke("demo", "tensor")
    assert result.exit_code in (0, 2)  # 'tensor' is a unique prefix of 'tensors'
    result = invoke("demo", "atention")
    assert result.exit_code == 2
    assert "attention" in result.output


def test_validate_builtin_content_is_clean(invoke):
    # --quick: every built-in scaffold and reference runs in the real sandbox in tests/exercises/test_checks.py
    # (the same run_check validate uses) and once more, whole, in test_startup_imports' `validate`
    result = invoke("validate", "--quick")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok:")


def test_reset_requires_confirmation_when_not_a_terminal(invoke):
    result = invoke("reset")
    assert result.exit_code == 1
    assert "--yes" in result.output


def test_export_import_round_trip(invoke, tmp_path):
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore
    from llmpath.clock import system_clock

    store = ProgressStore(progress_file())
    store.update(lambda p: p.record_answer("vectors-and-tensors.dot-product", given="12", correct=True, seconds=3.0, flags="q", when=system_clock()))
    target = tmp_path / "export.json"
    assert invoke("export", str(target)).exit_code == 0
    assert invoke("reset", "--yes").exit_code == 0
    assert store.load().answers == []
    result = invoke("import", str(target))
    assert result.exit_code == 0, result.output
    assert store.load().answers[0][0] == "vectors-and-tensors.dot-product"


def test_import_refuses_invalid_file_and_keeps_progress(invoke, tmp_path):
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore
    from llmpath.clock import system_clock

    store = ProgressStore(progress_file())
    store.update(lambda p: p.record_answer("q1", given="1", correct=True, seconds=1, flags="q", when=system_clock()))
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "answers": "nope"}')
    result = invoke("import", str(bad))
    assert result.exit_code == 1
    assert "not a valid llmpath progress export" in result.output
    assert len(store.load().answers) == 1


def test_content_pack_adds_units(invoke, tmp_path):
    pack = tmp_path / "pack"
    (pack / "curriculum" / "math").mkdir(parents=True)
    (pack / "curriculum" / "math" / "extra.yaml").write_text(
        "id: extra-unit\nmodule: math\norder: 99\nminutes: 5\ntitle: {en: Extra, zh: 额外}\n"
        "objectives: [{en: A, zh: 甲}]\nsections: [{id: s, title: {en: A, zh: 甲}, body: {en: A, zh: 甲}}]\nkey_terms: []\n",
        encoding="utf-8",
    )
    ids = [r["id"] for r in json.loads(invoke("--content", str(pack), "topics", "--json").output)]
    assert "extra-unit" in ids


def test_broken_content_pack_gives_located_error_not_traceback(invoke, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yaml").write_text("id: x\n  bad: [\n", encoding="utf-8")
    result = invoke("--content", str(pack), "topics")
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
    assert "Traceback" not in result.output

"""Errors and notices honour `--lang zh` (issue 13, "one language per screen").

Each case runs the CLI in Chinese and checks the one error or notice line: it has Chinese, it has
no English sentence (three ASCII words in a row once code, paths, options and quoted values are
taken out), the exit code is the usual one and there is no traceback. The English line of the
same case is checked too, so a case cannot pass by printing nothing. The sweep at the end reads
the package's source: every learner-facing error raised with an English literal carries its
Chinese line.
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest

import llmpath

CJK = re.compile(r"[\u4e00-\u9fff]")
# What may stay ASCII on a Chinese line: `code`, 'quoted' or "quoted" values, --options, paths, numbers.
NOT_PROSE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|--[\w-]+|\S*[/\\]\S*|\S+\.(?:json|py|png|svg|pdf)\b")
ENGLISH_RUN = re.compile(r"\b[A-Za-z]+(?:[ ,;:]+[A-Za-z]+){2,}\b")
SPACED_CJK = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")
HALF_WIDTH = re.compile(r"[\u4e00-\u9fff][,:;()?!]|[,:;()?!][\u4e00-\u9fff]")
PREFIXES = {"zh": ("错误：", "提示："), "en": ("error: ", "note: ")}


def english_sentence(line: str) -> str | None:
    """The first run of three or more ASCII words outside code, paths, options and quotes; None if there is none."""
    match = ENGLISH_RUN.search(NOT_PROSE.sub(" ", line))
    return match.group(0) if match else None


def reported_lines(result, lang: str) -> list[str]:
    """The error and notice lines of a run (Rich may wrap a long one: the continuation is joined back)."""
    lines, current = [], None
    for raw in result.output.splitlines():
        if raw.startswith(PREFIXES[lang]):
            current = raw
            lines.append(current)
        elif current is not None and raw.strip() and not raw.startswith(" " * 4):
            lines[-1] += raw.strip() if lang == "zh" else " " + raw.strip()
        else:
            current = None
    return lines


def assert_chinese_line(result, code: int, fragment: str) -> str:
    assert "Traceback" not in result.output
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in reported_lines(result, "zh") if fragment in line]
    assert lines, f"no line with {fragment!r} in:\n{result.output}"
    line = lines[0]
    assert CJK.search(line[3:]), line
    assert english_sentence(line) is None, f"English in a Chinese line: {english_sentence(line)!r} in {line!r}"
    assert not SPACED_CJK.search(line), f"a space between two Chinese characters: {line!r}"
    assert not HALF_WIDTH.search(line), f"half-width punctuation next to Chinese: {line!r}"
    return line


def test_the_english_detector_finds_sentences_and_spares_code():
    assert english_sentence("错误：--rank must be between 1 and 427, got 0") == "must be between"
    assert english_sentence("错误：/tmp/x/a b c 是一个文件夹；导入需要 `llmpath export for me` 写出的文件") is None
    assert english_sentence("错误：--rank 必须在 1 到 427 之间，收到的是 'not a number'") is None


# -- the cases -------------------------------------------------------------------------------------

def _progress_path() -> Path:
    from llmpath.paths import progress_file

    return progress_file()


def _fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "export.json"
    os.mkfifo(path)
    return str(path)


def _sparse(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: past the 50 MB limit, no disk used
    return str(path)


def _not_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    return str(path)


def _corrupt_progress(tmp_path):
    _progress_path().parent.mkdir(parents=True, exist_ok=True)
    _progress_path().write_bytes(b"\x00garbage{")


def _invalid_fields(tmp_path):
    _progress_path().parent.mkdir(parents=True, exist_ok=True)
    _progress_path().write_text(json.dumps({"schema_version": 1, "answers": [], "settings": {"desired_retention": "high"}}))


def _invalid_import_fields(tmp_path):
    path = tmp_path / "incoming.json"
    path.write_text(json.dumps({"schema_version": 1, "answers": [], "settings": {"desired_retention": "high"}}))
    return str(path)


# id: (arguments, or a function of tmp_path giving the last argument; exit code; a fragment of the line in zh / en)
CASES = {
    "option-not-a-number": (["demo", "svd", "--rank", "abc"], 1, "--rank", "expects a whole number"),
    "option-out-of-range": (["demo", "svd", "--rank", "0"], 1, "--rank", "must be between"),
    "option-choice": (["demo", "attention", "--mask", "sideways"], 1, "--mask", "must be one of"),
    "option-unknown": (["demo", "svd", "--bogus", "1"], 1, "--bogus", "unknown option"),
    "option-without-value": (["demo", "svd", "--rank"], 1, "--rank", "needs a value"),
    "seed-out-of-range": (["demo", "svd", "--seed", "-5"], 1, "--seed", "--seed must be"),
    "device": (["demo", "svd", "--device", "tpu"], 1, "--device", "--device must be"),
    "plot-extension": (["demo", "svd", "--plot", "out.txt"], 1, "--plot", "--plot needs"),
    "quiz-type": (["quiz", "vectors-and-tensors", "--type", "essay"], 1, "--type", "--type must be"),
    "set-lang": (["config", "--set-lang", "fr"], 1, "--set-lang", "--set-lang must be"),
    "import-folder": (["import", lambda tmp: str(tmp)], 1, "文件夹", "is a folder"),
    "import-fifo": (["import", _fifo], 1, "管道", "not a regular file"),
    "import-too-large": (["import", _sparse], 1, "50 MB", "50 MB"),
    "import-not-json": (["import", _not_json], 1, "JSON", "not a valid llmpath progress export"),
    "import-missing": (["import", lambda tmp: str(tmp / "nowhere.json")], 1, "nowhere.json", "no such file"),
    "import-invalid-fields": (["import", _invalid_import_fields], 0, "desired_retention", "left out of the import"),
    "exercise-without-file": (["exercise", "check", "softmax"], 1, "exercise start softmax", "no exercise file"),
    "exercise-timeout": (["exercise", "check", "softmax", "--timeout", "0"], 1, "--timeout", "--timeout must be"),
    "reset-unconfirmed": (["reset"], 1, "--yes", "without confirmation"),
    "unknown-topic": (["quiz", "no-such-unit"], 2, "no-such-unit", "unknown topic"),
    "content-path-too-long": (["--content", "p" * 300, "topics"], 1, "路径太长", "cannot use"),
}

SETUPS = {"corrupt-progress": _corrupt_progress, "invalid-fields": _invalid_fields}
SETUP_CASES = {  # a broken progress file: the next command repairs it and says so
    "corrupt-progress": ("JSON", "was unreadable"),
    "invalid-fields": ("desired_retention", "had invalid fields"),
}


def _arguments(spec, tmp_path) -> list[str]:
    return [part(tmp_path) if callable(part) else part for part in spec]


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_error_line_is_chinese(invoke, tmp_path, case):
    spec, code, zh_fragment, en_fragment = CASES[case]
    args = _arguments(spec, tmp_path)
    assert_chinese_line(invoke("--lang", "zh", *args), code, zh_fragment)
    english = invoke("--lang", "en", *args)  # the same facts in English, with the English text tests rely on
    assert english.exit_code == code and any(en_fragment in line for line in reported_lines(english, "en")), english.output


@pytest.mark.parametrize("case", sorted(SETUP_CASES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_progress_repair_notice_is_in_the_learners_language(invoke, tmp_path, case, lang):
    SETUPS[case](tmp_path)
    result = invoke("--lang", lang, "progress")
    zh_fragment, en_fragment = SETUP_CASES[case]
    if lang == "zh":
        line = assert_chinese_line(result, 0, zh_fragment)
        assert line.startswith("提示：") and ("保存为" in line or "移到" in line), line  # where the original is kept
    else:
        assert result.exit_code == 0 and any(en_fragment in line for line in reported_lines(result, "en")), result.output


def test_a_locked_progress_file_is_reported_in_chinese(invoke, monkeypatch):
    from filelock import FileLock

    from llmpath import progress
    from llmpath.progress import ProgressStore

    monkeypatch.setattr(progress, "LOCK_TIMEOUT_S", 0.2)
    store = ProgressStore(_progress_path())
    store.path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(store.lock_path)):  # another llmpath holds it
        result = invoke("--lang", "zh", "config", "--set-lang", "zh")
    assert_chinese_line(result, 1, "锁定")


def test_a_repair_that_cannot_be_saved_says_both_in_chinese(invoke, monkeypatch, tmp_path):
    from filelock import FileLock

    from llmpath import progress
    from llmpath.progress import ProgressStore

    _invalid_fields(tmp_path)
    monkeypatch.setattr(progress, "LOCK_TIMEOUT_S", 0.2)
    with FileLock(str(ProgressStore(_progress_path()).lock_path)):
        result = invoke("--lang", "zh", "progress")
    line = assert_chinese_line(result, 0, "无法修复")
    assert "锁定" in line and "desired_retention" in line


def test_interrupted_is_reported_in_chinese(invoke, monkeypatch):
    from llmpath.progress import ProgressStore

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(ProgressStore, "load", interrupted)
    line = assert_chinese_line(invoke("--lang", "zh", "progress"), 130, "中断")
    assert "进度已保存" in line


def test_input_ended_is_reported_in_chinese(invoke, monkeypatch):
    from llmpath.progress import ProgressStore

    def ended(self):
        raise EOFError

    monkeypatch.setattr(ProgressStore, "load", ended)
    assert_chinese_line(invoke("--lang", "zh", "progress"), 1, "输入已结束")


def test_a_bad_lang_option_answers_in_the_saved_language(invoke, monkeypatch):
    monkeypatch.setenv("LLMPATH_LANG", "zh")
    assert_chinese_line(invoke("--lang", "fr", "topics"), 1, "--lang")
    monkeypatch.delenv("LLMPATH_LANG")
    assert "--lang must be en or zh" in invoke("--lang", "fr", "topics").output


def test_model_errors_carry_chinese(monkeypatch):
    from llmpath import models

    with pytest.raises(models.ModelUnavailable) as caught:
        models.choose_causal_lm(str(Path("/") / "no such folder!"))
    assert CJK.search(caught.value.text("zh")) and english_sentence(caught.value.text("zh")) is None
    with pytest.raises(models.ModelUnavailable) as caught:
        models.exercise_model_folder("no-such-model")
    assert english_sentence(caught.value.text("zh")) is None and "no-such-model" in caught.value.text("zh")


def test_os_reasons_are_translated():
    import errno

    from llmpath.errors import os_reason

    denied = PermissionError(errno.EACCES, "Permission denied")
    assert os_reason(denied) == "Permission denied" and os_reason(denied, "zh") == "没有权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device"), "zh") == "磁盘空间不足"


# -- the sweep -------------------------------------------------------------------------------------

PACKAGE = Path(llmpath.__file__).parent

# Raised with an English literal and no Chinese on purpose: a learner never reads these.
ALLOWED = {
    ("exercises/core.py", "not passed"): "a guard for callers, which check the status first",
}


def learner_error_classes() -> set[str]:
    """LlmpathError and every class in the package that derives from it, by name (a fixed point over the source)."""
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases}
                bases.setdefault(node.name, set()).update(names)
    found = {"LlmpathError"}
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def literal_text(node: ast.expr) -> str | None:
    """The text of a string literal or f-string (its fixed parts), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.Subscript):  # "…"[:200]
        return literal_text(node.value)
    return None


def english_only_raises() -> list[tuple[str, int, str]]:
    classes = learner_error_classes()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in classes or not node.exc.args:
                continue
            text = literal_text(node.exc.args[0])
            has_zh = len(node.exc.args) > 1 or any(k.arg == "zh" for k in node.exc.keywords)
            if text is not None and re.search(r"[A-Za-z]{2}", text) and not has_zh:
                found.append((relative, node.lineno, text))
    return found


def test_the_sweep_knows_the_learner_error_classes():
    assert {"LlmpathError", "ProgressError", "DemoError", "ModelUnavailable", "UnknownTopicError"} <= learner_error_classes()


def test_every_learner_error_with_an_english_literal_has_chinese():
    missing = [f"{path}:{line}: {text!r}" for path, line, text in english_only_raises() if (path, text) not in ALLOWED]
    assert not missing, "raise these with a Chinese line too (zh=…), or allow them here with a reason:\n" + "\n".join(missing)


def test_the_allow_list_has_no_stale_entries():
    present = {(path, text) for path, _, text in english_only_raises()}
    assert set(ALLOWED) <= present, set(ALLOWED) - present


# -- Click's own usage errors ------------------------------------------------------------------------

@pytest.mark.parametrize("args,fragment", [
    (["demo", "attention", "--seed", "abc"], "'--seed' 的值无效：'abc' 不是有效的整数。"),
    (["quizz"], "没有命令 'quizz'。你是想输入 'quiz' 吗？"),
    (["quiz", "--bogus"], "没有选项 --bogus"),
    (["demo", "attention", "--seed"], "选项 '--seed' 需要一个值。"),
    (["topics", "extra"], "多出了无法识别的参数（extra）。"),
    (["config", "--retention", "5"], "'--retention' 的值无效：5.0 不在范围"),
])
def test_click_usage_errors_speak_chinese(tmp_path, args, fragment):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("LLMPATH_LANG",)}
    env.update(LLMPATH_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="100")
    zh = subprocess.run([sys.executable, "-m", "llmpath", "--lang", "zh", *args], capture_output=True, text=True, env=env, timeout=60)
    assert zh.returncode == 2 and fragment in zh.stderr, zh.stderr
    assert "Error:" not in zh.stderr and "Usage:" not in zh.stderr and "Traceback" not in zh.stderr
    en = subprocess.run([sys.executable, "-m", "llmpath", "--lang", "en", *args], capture_output=True, text=True, env=env, timeout=60)
    assert en.returncode == 2 and "Error:" in en.stderr   # English mode keeps Click's words


def test_an_unknown_click_message_keeps_its_words_after_a_chinese_lead_in():
    from llmpath.cli.usage_zh import message_zh

    assert message_zh("Something Click says one day.") == "命令行用法有误：Something Click says one day."
    assert message_zh("Missing argument 'TOPIC'.") == "缺少参数 'TOPIC'。"

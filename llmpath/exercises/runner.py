"""The child process that checks one learner file: ``python -I runner.py PACKAGE FILE RESULT …``.

It limits its own memory, CPU time and file size first, captures what the learner's
code prints, imports the exercise's check module and the learner's file, runs the
check and writes one JSON result. Anything the learner's code does — raise, loop,
print a flood, exit — ends up as a result or as a dead child the parent explains;
it never reaches the learner's terminal. Imports stay minimal: the start-up time of
this process is the cost of every check.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

OUTPUT_KEEP = 4000  # characters of the learner's own prints kept for the report


class CappedStream(io.TextIOBase):
    """Keeps the first ``OUTPUT_KEEP`` characters written and counts the rest."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        self.total += len(text)
        if self.kept < OUTPUT_KEEP:
            piece = text[: OUTPUT_KEEP - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    def flush(self) -> None:
        pass

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        body = "".join(self.parts)
        if self.total > self.kept:
            body += f"\n… ({self.total - self.kept} more characters)"
        return body


MAX_PROCESSES = 512  # per user, threads included; far above what any exercise needs


def set_limits(memory_mb: int, memory_kind: str, cpu_s: int, output_mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on Unix: the parent's wall-clock limit still applies
        return
    limits = [(resource.RLIMIT_CPU, cpu_s), (resource.RLIMIT_FSIZE, output_mb * 1024 * 1024)]
    if hasattr(resource, "RLIMIT_NPROC"):  # a fork bomb hits this (not for root, who is exempt)
        limits.append((resource.RLIMIT_NPROC, MAX_PROCESSES))
    if memory_mb > 0:
        kind = resource.RLIMIT_DATA if memory_kind == "data" else resource.RLIMIT_AS
        limits.append((kind, memory_mb * 1024 * 1024))
    for which, value in limits:
        try:
            soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):
            pass


def write_result(path: str, result: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False)
    os.replace(tmp, path)


def load_learner(path: str):
    """Import the learner's file as a module; raise Failure with a located message."""
    import importlib.util

    from llmpath.exercises.checking import Failure, Learner, describe_exception, learner_frame

    name = Path(path).stem
    spec = importlib.util.spec_from_file_location(f"_learner_{name}", path)
    if spec is None or spec.loader is None:
        raise Failure("import", (f"cannot load {path} as Python", f"无法把 {path} 作为 Python 文件加载"))
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        line = (exc.text or "").strip()
        raise Failure("import", (f"syntax error in your file at line {exc.lineno}: {exc.msg}",
                                 f"你的文件第 {exc.lineno} 行有语法错误:{exc.msg}"),
                      where=f"line {exc.lineno}: {line}" if line else f"line {exc.lineno}") from None
    except ModuleNotFoundError as exc:
        missing = exc.name or "?"
        raise Failure("import", (f"your file imports '{missing}', which is not installed here",
                                 f"你的文件导入了 '{missing}',但这里没有安装它"),
                      why=("the exercises need only numpy (and torch for torch-mlp); remove the import or check its spelling",
                           "练习只需要 numpy(torch-mlp 需要 torch);请删掉这个导入或检查拼写"),
                      where=learner_frame(exc, path)) from None
    except MemoryError:
        raise Failure("memory", ("your file ran out of memory while loading", "加载你的文件时内存不足")) from None
    except SystemExit as exc:
        raise Failure("import", (f"your file called exit({exc.code!r}) while loading; keep top-level code under `if __name__ == \"__main__\":`",
                                 f"你的文件在加载时调用了 exit({exc.code!r});请把顶层代码放在 `if __name__ == \"__main__\":` 下面")) from None
    except Exception as exc:  # noqa: BLE001 - report any error raised at import
        raise Failure("import", (f"your file raised {describe_exception(exc)} while loading",
                                 f"加载你的文件时抛出了异常 {describe_exception(exc)}"),
                      where=learner_frame(exc, path)) from None
    return Learner(module, path)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="llmpath-exercise-runner")
    parser.add_argument("package")
    parser.add_argument("file")
    parser.add_argument("result")
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--memory-kind", choices=("as", "data"), default="as")
    parser.add_argument("--cpu-s", type=int, default=30)
    parser.add_argument("--output-mb", type=int, default=8)
    args = parser.parse_args(argv)
    set_limits(args.memory_mb, args.memory_kind, args.cpu_s, args.output_mb)

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    learner_dir = str(Path(args.file).resolve().parent)
    sys.path.append(learner_dir)  # lets a learner import their own other files, never shadowing a library

    captured = CappedStream()
    real_stdout, real_stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = captured
    result: dict
    try:
        import importlib

        from llmpath.exercises import checking
        from llmpath.exercises.checking import Failure, run_cases

        checking.OUTPUT_LIMIT_MB = args.output_mb

        checks = importlib.import_module(f"llmpath.exercises.{args.package}.check")
        case_file = args.result + ".case"

        def on_case(index: int, case) -> None:
            try:
                with open(case_file, "w", encoding="utf-8") as handle:
                    json.dump({"index": index, "en": case.name[0], "zh": case.name[1]}, handle, ensure_ascii=False)
            except OSError:
                pass

        try:
            learner = load_learner(str(Path(args.file).resolve()))
            for name in getattr(checks, "FUNCTIONS", ()):
                learner.function(name)
            if hasattr(checks, "check"):
                count = checks.check(learner, on_case)
            else:
                count = run_cases(learner, checks.cases(), on_case)
            result = {"status": "passed", "cases": count}
        except Failure as failure:
            result = failure.to_json()
        except MemoryError:
            result = {"status": "failed", "kind": "memory", "message_en": "ran out of memory", "message_zh": "内存不足"}
    except BaseException as exc:  # noqa: BLE001 - the checker itself failed: say so, never hang
        import traceback

        result = {"status": "error", "kind": "internal",
                  "message_en": f"the checker failed: {type(exc).__name__}: {exc}",
                  "message_zh": f"检查程序出错:{type(exc).__name__}: {exc}",
                  "traceback": traceback.format_exc()[-3000:]}
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    result["output"] = captured.text()
    write_result(args.result, result)
    sys.stdout.flush()
    os._exit(0)  # skip atexit handlers and threads the learner's code may have left behind


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

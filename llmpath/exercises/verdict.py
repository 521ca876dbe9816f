"""The verdict: what the child's events mean, decided in this process from plain data.

Imported by :func:`llmpath.exercises.sandbox.run_check` once the child is starting (it brings
numpy, which the parent needs for the reference anyway).
"""

from __future__ import annotations

import signal
from pathlib import Path
from types import ModuleType
from typing import Any

from llmpath.exercises import channel
from llmpath.exercises.checking import (
    Call,
    Case,
    Failure,
    Raised,
    Returned,
    call_failure,
    check_returned,
    fmt_args,
    load_failure,
    missing_failure,
)
from llmpath.exercises.registry import ExerciseSpec
from llmpath.exercises.outcome import OUTPUT_MB, TAIL_CHARS, CheckOutcome
from llmpath.exercises.registry import load_check
from llmpath.i18n import L10n


def plan(check: ModuleType) -> tuple[list[Case] | None, list[Call] | None, list[dict[str, Any]]]:
    """The cases (or probe steps) and the calls the child must make, inputs encoded."""
    if hasattr(check, "judge"):
        steps = list(check.calls())
        sent = [{"probe": step.probe, "func": None, "args": [[k, channel.encode(v)] for k, v in step.args.items()]}
                for step in steps if step.probe]
        return None, steps, sent
    cases = list(check.cases())
    sent = [{"probe": None, "func": case.func, "args": [[k, channel.encode(v)] for k, v in case.args.items()]} for case in cases]
    return cases, None, sent


def read_verdict(spec: ExerciseSpec, cases: list[Case] | None, steps: list[Call] | None, results: Path, finished: Any,
                 limit: float, memory: int, messages: dict[str, L10n]) -> CheckOutcome:
    """Read the child's results file (untrusted) and decide."""
    try:
        events = channel.read_events(results)
        outcome = verdict(spec, cases, steps, events, finished, limit, memory, messages)
    except channel.Untrusted as exc:
        outcome = _untrusted(spec, str(exc))
    outcome.output = _clean(outcome.output)
    return outcome


def verdict(spec: ExerciseSpec, cases: list[Case] | None, steps: list[Call] | None, events: list[dict[str, Any]],
             finished: Any, limit: float, memory: int, messages: dict[str, L10n],
             failures: list[Failure] | None = None) -> CheckOutcome:
    """What the events the child wrote mean; ``failures`` (tests) also receives the bilingual Failure."""
    end = next((e for e in events if e["event"] == "end"), None)
    output = channel.text_field(end, "output", limit=8000) if end else None
    raw_output = finished.output[-TAIL_CHARS:] if finished.output else ""
    shown_output = output if output is not None else raw_output
    first = events[0] if events else None

    def fail(failure: Failure) -> CheckOutcome:
        if failures is not None:
            failures.append(failure)
        return _from_failure(spec, failure, shown_output)

    if first is not None and first["event"] == "load_error":
        return fail(load_failure(_raised(first.get("error"))))
    if first is not None and first["event"] == "loaded":
        functions = first.get("functions")
        if not isinstance(functions, dict):
            raise channel.Untrusted("the list of functions is not a mapping")
        for name in spec.functions:
            if functions.get(name) != "ok":
                return fail(missing_failure(name, str(functions.get(name))))
    elif first is not None:
        raise channel.Untrusted("the results do not start the way the harness starts them")
    results = dict(channel.events_by_index(events))
    total = len(cases) if cases is not None else len(steps or [])
    returned: list[Any] = []
    summary: tuple[str, str] | None = None
    if cases is not None:
        for index, case in enumerate(cases):
            if index not in results:
                return _missing_result(spec, case.name, index, finished, limit, memory, shown_output)
            result = _outcome(results[index])
            try:
                if isinstance(result, Raised):
                    raise call_failure(result, f"{case.func}()", case=case.name, inputs=fmt_args(case.args))
                check_returned(case, result, messages)
                returned.append(result.value)
            except Failure as failure:
                failure.case_index = index + 1
                return fail(failure)
    else:
        assert steps is not None
        sent_index = 0
        step_outcomes: list[Any] = []
        for index, step in enumerate(steps):
            if not step.probe:
                step_outcomes.append(Returned(None))
                continue
            if sent_index not in results:
                # judge what came back so far: an earlier step may already have failed
                try:
                    _judge_partial(spec, step_outcomes, steps, messages)
                except Failure as failure:
                    return fail(failure)
                return _missing_result(spec, step.name, index, finished, limit, memory, shown_output)
            step_outcomes.append(_outcome(results[sent_index]))
            sent_index += 1
        try:
            total = load_check(spec).judge(step_outcomes, messages)
        except Failure as failure:
            return fail(failure)
        returned = [o.value for o in step_outcomes if isinstance(o, Returned)]
        if isinstance(total, tuple):   # (steps, (en, zh)): a measurement to show beside the pass (llama-decoder's timing)
            total, summary = total
    if end is None or finished.timed_out or finished.returncode != 0:
        return _from_death(spec, finished, limit=limit, memory_mb=memory, case=None, case_index=None, output=shown_output)
    en, zh = f"all {total} checks passed", f"全部 {total} 项检查通过"
    if summary:
        en, zh = en + f"; {summary[0]}", zh + f"；{summary[1]}"
    report = _after_pass(spec, returned)
    if report:
        en, zh = en + "\n" + report[0], zh + "\n" + report[1]
    message = L10n(en, zh)
    return CheckOutcome(spec.id, True, "passed", message, cases=total, output=shown_output)


def _after_pass(spec: ExerciseSpec, returned: list[Any]) -> tuple[str, str] | None:
    """What a pass measured, if the check says (``after_pass(values) -> (en, zh)``, values = the learner's
    results in case order, or the probe steps' results), e.g. gpt2-tokenizer's token counts; a line of its own under the verdict."""
    report = getattr(load_check(spec), "after_pass", None)
    if report is None or not returned:
        return None
    try:
        text = report(returned)
    except Exception:  # noqa: BLE001 - a report is a bonus: it never turns a pass into an error
        return None
    return L10n(*text) if text else None


def _judge_partial(spec: ExerciseSpec, outcomes: list[Any], steps: list[Call], messages: dict[str, L10n]) -> None:
    """Judge the probe steps that finished before the child died (their failure is the one to report)."""
    check = load_check(spec)
    padded = outcomes + [None] * (len(steps) - len(outcomes))
    try:
        check.judge(padded, messages)
    except Failure as failure:
        if failure.case_index is not None and failure.case_index <= len(outcomes):
            raise
    except Exception:  # noqa: BLE001 - a step with no result: nothing earlier failed
        pass


def _raised(error: Any) -> Raised:
    if not isinstance(error, dict):
        raise channel.Untrusted("an error that is not a mapping")
    kind = channel.text_field(error, "kind", limit=20, optional=False)
    line = channel.int_field(error, "line")
    return Raised(kind=kind or "exception", type=_clean(channel.text_field(error, "type", limit=100) or "Exception"),
                  message=_clean(channel.text_field(error, "message", limit=400) or ""), line=line,
                  code=_clean(channel.text_field(error, "code", limit=300) or "") or None,
                  exit_code=_clean(channel.text_field(error, "exit_code", limit=60) or "None"),
                  module=_clean(channel.text_field(error, "module", limit=100) or "?"))


def _outcome(event: dict[str, Any] | None) -> Returned | Raised | None:
    if event is None:
        return None
    if event["event"] == "raised":
        return _raised(event.get("error"))
    after = event.get("args_after", [])
    if not isinstance(after, list):
        raise channel.Untrusted("the arguments after the call are not a list")
    args_after = {}
    for pair in after:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
            raise channel.Untrusted("an argument after the call is not a (name, value) pair")
        args_after[pair[0]] = channel.decode(pair[1])
    warning = channel.text_field(event, "warning", limit=300)
    return Returned(channel.decode(event.get("result")), args_after, _clean(warning) if warning else None)


def _missing_result(spec: ExerciseSpec, case_name: L10n, index: int, finished: Any, limit: float,
                    memory: int, output: str) -> CheckOutcome:
    """No result for this case: the child died (or was stopped) while running it, or never got there."""
    if finished.timed_out or finished.returncode not in (0, None) or finished.signal is not None:
        return _from_death(spec, finished, limit=limit, memory_mb=memory, case=L10n(*case_name), case_index=index + 1, output=output)
    return _untrusted(spec, f"no result for case {index + 1}")


def _untrusted(spec: ExerciseSpec, reason: str) -> CheckOutcome:
    return CheckOutcome(spec.id, False, "untrusted",
                        L10n(f"the check could not read what your code's process returned ({reason}); nothing was recorded as passed",
                             f"无法读取你的代码所在进程返回的结果（{reason}）；没有记录为通过"),
                        why=L10n("does your code write files named like the check's, print from a thread, or end the process itself?",
                                 "你的代码是否写了与检查同名的文件、在线程中输出，或自行结束了进程？"))


def _from_failure(spec: ExerciseSpec, failure: Failure, output: str) -> CheckOutcome:
    return CheckOutcome(
        spec.id, False, failure.kind, failure.message, why=failure.why, case=failure.case,
        case_index=failure.case_index, inputs=failure.inputs, expected=failure.expected, got=_clean(failure.got) if failure.got else None,
        where=failure.where, note=failure.note, mistake=failure.mistake, output=output,
    )


def _from_death(spec: ExerciseSpec, finished: Any, *, limit: float, memory_mb: int, case: L10n | None,
                case_index: int | None, output: str) -> CheckOutcome:
    """The child ended without a complete result: say why in words."""
    during = L10n(f" (while running case '{case.en}')", f"（运行用例「{case.zh}」时）") if case else L10n("", "")
    sig = finished.signal
    returncode = finished.returncode
    if finished.timed_out or sig == getattr(signal, "SIGXCPU", -1):
        kind = "timeout"
        message = L10n(f"your code ran for more than {limit:g} s and was stopped{during.en}",
                       f"你的代码运行超过 {limit:g} 秒，已被终止{during.zh}")
        why = L10n("an infinite loop, or a loop that waits on something that never comes? (a slow machine can use --timeout)",
                   "是不是有死循环，或在等待永远不会到来的东西？（机器较慢时可以用 --timeout 放宽时间）")
    elif sig == getattr(signal, "SIGXFSZ", -1):
        kind = "output"
        output_mb = getattr(spec, "output_mb", OUTPUT_MB)
        message = L10n(f"your code wrote more than {output_mb} MB of output and was stopped{during.en}",
                       f"你的代码输出超过 {output_mb} MB，已被终止{during.zh}")
        why = L10n("remove the large print (print shapes, not whole arrays)", "去掉大量输出（打印形状，而不是整个数组）")
    elif sig is not None:
        kind = "crash"
        name = _signal_name(sig)
        message = L10n(f"the checker process crashed ({name}){during.en}", f"检查进程崩溃了（{name}）{during.zh}")
        why = L10n(f"your code may have used too much memory (limit {memory_mb} MiB) or crashed the interpreter",
                   f"你的代码可能用了太多内存（上限 {memory_mb} MiB）或让解释器崩溃了")
    else:
        kind = "crash"
        message = L10n(f"the checker process exited with code {returncode} before finishing{during.en}",
                       f"检查进程在完成前以退出码 {returncode} 结束{during.zh}")
        why = L10n("does your code call os._exit() or kill its own process?", "你的代码是否调用了 os._exit() 或结束了自身进程？")
    return CheckOutcome(spec.id, False, kind, message, why=why, case=case, case_index=case_index, output=output)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _clean(text: str) -> str:
    """Text from the child, fit for a terminal: no escape sequences or control characters."""
    return clean_terminal_text(text)


try:  # the shared helper, once it is merged; a minimal local one until then
    from llmpath.textsafe import clean_terminal_text  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the merge order
    import re as _re

    _ESCAPES = _re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]")
    _CONTROLS = _re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

    def clean_terminal_text(text: str) -> str:
        """Drop terminal escape sequences and control characters; keep newlines and tabs."""
        return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))

"""The check engine: call the learner's function on fixed and random cases, compare with
the reference, and name the typical mistake when the answer matches one.

This module runs inside the sandboxed child process (``runner.py``) and imports only
numpy, so a check starts quickly. Every message is carried in both languages; the
parent picks one.

A check module (``llmpath/exercises/<id>/check.py``) defines ``FUNCTIONS`` (the names
the learner's file must define) and either ``cases()`` — an iterable of :class:`Case` —
or ``check(learner)`` for checks that are not "same inputs, same outputs" (torch-mlp).
"""

from __future__ import annotations

import copy
import errno
import math
import traceback
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Text = tuple[str, str]  # (English, 简体中文)
OUTPUT_LIMIT_MB = 8      # set by the runner: how much the child may write before writes fail


# ---------------------------------------------------------------------- failures

class Failure(Exception):
    """The learner's code did not pass; everything the learner needs to fix it.

    ``kind`` is one of: todo, missing, import, exception, mismatch, mutated, memory.
    """

    def __init__(self, kind: str, message: Text, *, why: Text | None = None, case: Text | None = None,
                 inputs: str | None = None, expected: str | None = None, got: str | None = None,
                 where: str | None = None, note: str | None = None) -> None:
        super().__init__(message[0])
        self.kind = kind
        self.message = message
        self.why = why
        self.case = case
        self.inputs = inputs
        self.expected = expected
        self.got = got
        self.where = where
        self.note = note
        self.case_index: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "failed", "kind": self.kind,
            "message_en": self.message[0], "message_zh": self.message[1],
            "why_en": self.why[0] if self.why else None, "why_zh": self.why[1] if self.why else None,
            "case_en": self.case[0] if self.case else None, "case_zh": self.case[1] if self.case else None,
            "case_index": self.case_index,
            "input": self.inputs, "expected": self.expected, "got": self.got,
            "where": self.where, "note": self.note,
        }


@dataclass(frozen=True)
class Mistake:
    """A typical wrong solution: ``fn`` computes its output from the case's arguments."""

    en: str
    zh: str
    fn: Callable[..., Any]


@dataclass
class Case:
    """One call of the learner's ``func`` with ``args`` and the reference answer."""

    name: Text
    func: str
    args: dict[str, Any]
    expected: Any
    mistakes: Sequence[Mistake] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    outputs: tuple[str, ...] | None = None     # names of the parts of a tuple result
    canonical: Callable[[Any, Any], Any] | None = None  # (got, expected) -> got in the expected's convention (PCA signs)
    extra: Callable[[Any], Text | None] | None = None    # more checks on an otherwise correct result
    compare: Callable[[Any, Any], Text | None] | None = None  # replaces `mismatch` for results that are not arrays
    show: Callable[[Any], str] | None = None             # how to print a result (default: fmt)

    def render(self, value: Any) -> str:
        if self.show is not None:
            try:
                return self.show(value)
            except Exception:  # noqa: BLE001 - a malformed result is shown plainly
                pass
        return fmt(value)

    def differs(self, got: Any, expected: Any) -> Text | None:
        if self.compare is not None:
            return self.compare(got, expected)
        return mismatch(got, expected, rtol=self.rtol, atol=self.atol)

    def same(self, got: Any, expected: Any) -> bool:
        try:
            return self.differs(got, expected) is None
        except Exception:  # noqa: BLE001 - what we cannot compare is not a match
            return False


def make_case(name: Text, func: str, reference: Callable[..., Any], args: dict[str, Any], **options: Any) -> Case:
    """A case whose expected value is ``reference(*args)`` (on copies, so a sloppy reference cannot leak)."""
    expected = reference(*copy.deepcopy(list(args.values())))
    return Case(name=name, func=func, args=args, expected=expected, **options)


# ---------------------------------------------------------------------- formatting

def fmt(value: Any, limit: int = 400) -> str:
    """A compact, readable rendering: arrays with their shape, floats to 4–6 digits."""
    if isinstance(value, np.ndarray):
        return _fmt_array(value, limit)
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return _fmt_float(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, tuple) and value and all(isinstance(v, (np.ndarray, float, int, np.generic)) for v in value):
        return "(" + ", ".join(fmt(v, limit // max(1, len(value))) for v in value) + ")"
    if hasattr(value, "shape") and hasattr(value, "detach"):  # a torch tensor, without importing torch
        return "tensor " + _fmt_array(value.detach().cpu().numpy(), limit)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fmt_float(v: float) -> str:
    if math.isnan(v) or math.isinf(v):
        return str(v)
    return f"{v:.6g}"


def _fmt_array(a: np.ndarray, limit: int) -> str:
    if a.dtype == object:
        return f"object array of shape {tuple(a.shape)}"
    body = np.array2string(a, precision=4, suppress_small=True, threshold=24, edgeitems=2, max_line_width=88, separator=" ")
    if len(body) > limit:
        body = body[: limit - 1] + "…"
    if a.ndim <= 1:
        body = " ".join(body.split())
    dtype = "" if a.dtype.kind in "fc" and a.dtype.itemsize == 8 else f", {a.dtype}"
    return f"{body}  (shape {tuple(a.shape)}{dtype})"


def fmt_args(args: dict[str, Any]) -> str:
    parts = [f"{name} = {fmt(value, 300)}" for name, value in args.items()]
    return "\n".join(parts)


def shape_text(shape: Sequence[int]) -> str:
    return str(tuple(int(s) for s in shape))


# ---------------------------------------------------------------------- comparing

def _as_array(value: Any) -> np.ndarray | None:
    if hasattr(value, "detach") and hasattr(value, "numpy"):
        value = value.detach().cpu().numpy()
    if isinstance(value, (np.ndarray, np.generic, int, float, bool, list, tuple)):
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError):
            return None
        return arr if arr.dtype != object else None
    return None


def _type_name(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {shape_text(value.shape)}"
    return type(value).__name__


def _neg_inf_like(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Treat a huge negative number (−1e9, finfo.min) as −inf where −inf is expected: both mask."""
    if got.dtype.kind != "f" or not np.isneginf(expected).any():
        return got
    return np.where(np.isneginf(expected) & (got <= -1e9), -np.inf, got)


def mismatch(got: Any, expected: Any, *, rtol: float, atol: float) -> Text | None:
    """``None`` if ``got`` matches ``expected``; otherwise what differs, in words (en, zh)."""
    if isinstance(expected, (tuple, list)) and not isinstance(expected, np.ndarray) and _is_structured(expected):
        if not isinstance(got, (tuple, list)):
            return (f"expected {len(expected)} values, got {_type_name(got)}", f"应返回 {len(expected)} 个值,实际得到 {_type_name(got)}")
        if len(got) != len(expected):
            return (f"expected {len(expected)} values, got {len(got)}", f"应返回 {len(expected)} 个值,实际返回了 {len(got)} 个")
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = mismatch(g, e, rtol=rtol, atol=atol)
            if problem:
                return (f"item {i}: {problem[0]}", f"第 {i} 项:{problem[1]}")
        return None
    if got is None:
        return ("your function returned None — is a `return` missing?", "函数返回了 None —— 是不是漏了 `return`?")
    exp = np.asarray(expected)
    arr = _as_array(got)
    if arr is None:
        what = "an array" if exp.ndim else "a number"
        what_zh = "数组" if exp.ndim else "一个数"
        return (f"expected {what}, got {_type_name(got)}", f"应返回{what_zh},实际得到 {_type_name(got)}")
    if exp.ndim == 0 and arr.ndim != 0 and arr.size != 1:
        return (f"expected a single number, got an array of shape {shape_text(arr.shape)}",
                f"应返回一个数,实际得到形状为 {shape_text(arr.shape)} 的数组")
    if exp.ndim == 0:
        arr = arr.reshape(())
    if arr.shape != exp.shape:
        en = f"expected shape {shape_text(exp.shape)}, got {shape_text(arr.shape)}"
        zh = f"期望形状 {shape_text(exp.shape)},实际得到 {shape_text(arr.shape)}"
        if sorted(arr.shape) == sorted(exp.shape) and arr.ndim > 1:
            en += " (the same sizes in another order: are two axes swapped?)"
            zh += "(尺寸相同但顺序不同:是不是两个轴弄反了?)"
        return (en, zh)
    if exp.dtype.kind == "f" and arr.dtype == bool:
        return ("expected numbers, got booleans: convert with .astype(float)", "应返回数值而不是布尔值:用 .astype(float) 转换")
    if exp.dtype == bool and arr.dtype != bool:
        return (f"expected a boolean array (dtype bool), got dtype {arr.dtype}", f"应返回布尔数组(dtype bool),实际 dtype 为 {arr.dtype}")
    if exp.dtype.kind in "iu" and arr.dtype.kind not in "iub":
        return (f"expected integers, got dtype {arr.dtype}", f"应返回整数,实际 dtype 为 {arr.dtype}")
    if exp.dtype == bool:
        bad = np.argwhere(arr != exp)
        if bad.size:
            idx = tuple(int(i) for i in bad[0])
            return (f"wrong at index {idx}: expected {exp[idx]}, got {arr[idx]} ({len(bad)} of {exp.size} entries differ)",
                    f"位置 {idx} 不对:期望 {exp[idx]},得到 {arr[idx]}(共 {exp.size} 个中有 {len(bad)} 个不同)")
        return None
    if arr.dtype.kind not in "biufc":
        return (f"expected numbers, got dtype {arr.dtype}", f"应返回数值,实际 dtype 为 {arr.dtype}")
    arr = _neg_inf_like(arr.astype(float) if arr.dtype.kind in "biu" else arr, exp.astype(float) if exp.dtype.kind in "biu" else exp)
    expf = exp.astype(float)
    close = np.isclose(arr, expf, rtol=rtol, atol=atol, equal_nan=True)
    if close.all():
        return None
    bad_finite = ~np.isfinite(arr) & np.isfinite(expf)
    if bad_finite.any():
        idx = tuple(int(i) for i in np.argwhere(bad_finite)[0])
        where = f" at index {idx}" if arr.ndim else ""
        where_zh = f"在位置 {idx} " if arr.ndim else ""
        if np.isneginf(arr[idx]) and np.isneginf(expf).any():  # a masking problem, not an overflow
            return (f"got -inf{where} where {_fmt_float(float(expf[idx]))} was expected",
                    f"{where_zh}得到 -inf,而期望 {_fmt_float(float(expf[idx]))}")
        return (f"got {arr[idx]}{where} where {_fmt_float(float(expf[idx]))} was expected — something overflowed or divided by zero",
                f"{where_zh}得到 {arr[idx]},而期望 {_fmt_float(float(expf[idx]))} —— 有数值溢出或除以了零")
    with np.errstate(all="ignore"):
        diff = np.where(close, 0.0, np.abs(np.nan_to_num(arr - expf, nan=np.inf, posinf=np.inf, neginf=np.inf)))
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape)) if diff.ndim else ()
    wrong = int((~close).sum())
    if arr.ndim == 0:
        return (f"expected {_fmt_float(float(expf))}, got {_fmt_float(float(arr))}", f"期望 {_fmt_float(float(expf))},得到 {_fmt_float(float(arr))}")
    return (f"wrong values: at index {idx} expected {_fmt_float(float(expf[idx]))}, got {_fmt_float(float(arr[idx]))} "
            f"({wrong} of {expf.size} entries differ)",
            f"数值不对:位置 {idx} 期望 {_fmt_float(float(expf[idx]))},得到 {_fmt_float(float(arr[idx]))}"
            f"(共 {expf.size} 个中有 {wrong} 个不同)")


def _is_structured(value: Any) -> bool:
    """A tuple/list of results (arrays, numbers, tuples) rather than a list of numbers."""
    return any(isinstance(v, (np.ndarray, tuple, list)) for v in value) or isinstance(value, tuple)


def matches(got: Any, other: Any, *, rtol: float, atol: float) -> bool:
    try:
        return mismatch(got, other, rtol=rtol, atol=atol) is None
    except Exception:  # noqa: BLE001 - a mistake's output we cannot compare is simply not a match
        return False


def _parts(value: Any, outputs: tuple[str, ...] | None) -> list[tuple[str | None, Any]]:
    if outputs and isinstance(value, (tuple, list)) and len(value) == len(outputs):
        return list(zip(outputs, value))
    return [(None, value)]


# ---------------------------------------------------------------------- calling

def learner_frame(exc: BaseException, learner_file: str | None) -> str | None:
    """'line 12: x = np.exp(x)' for the deepest frame inside the learner's file."""
    if not learner_file:
        return None
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == learner_file:
            found = frame
    if found is None:
        return None
    code = (found.line or "").strip()
    return f"line {found.lineno}" + (f": {code}" if code else "")


def describe_exception(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:299] + "…"


class Learner:
    """The learner's loaded module plus where it came from (for tracebacks)."""

    def __init__(self, module: Any, path: str | None) -> None:
        self.module = module
        self.path = path

    def function(self, name: str) -> Callable[..., Any]:
        fn = getattr(self.module, name, None)
        if fn is None:
            raise Failure("missing", (f"your file does not define {name}() — keep the name from the scaffold",
                                      f"你的文件里没有定义 {name}() —— 请保留练习模板中的函数名"))
        if not callable(fn):
            raise Failure("missing", (f"{name} in your file is not a function", f"你的文件中的 {name} 不是函数"))
        return fn

    def call(self, name: str, args: dict[str, Any], case: Text | None = None) -> tuple[Any, str | None]:
        """Call ``name`` with copies of ``args``; returns (result, first warning or None)."""
        fn = self.function(name)
        copies = copy.deepcopy(args)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with np.errstate(all="warn"):
                    result = fn(*copies.values())
            except NotImplementedError as exc:
                raise Failure("todo", (f"{name}() is not written yet: replace the `raise NotImplementedError` under `# TODO` with your code",
                                       f"{name}() 还没有实现:把 `# TODO` 下面的 `raise NotImplementedError` 换成你的代码"),
                              case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
            except MemoryError:
                raise Failure("memory", (f"{name}() ran out of memory", f"{name}() 内存不足"), case=case,
                              inputs=fmt_args(args)) from None
            except SystemExit as exc:
                raise Failure("exception", (f"{name}() called exit({exc.code!r}); return a value instead",
                                            f"{name}() 调用了 exit({exc.code!r});请返回结果而不是退出"),
                              case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
            except OSError as exc:
                if exc.errno == errno.EFBIG:  # RLIMIT_FSIZE: Python ignores SIGXFSZ, so the write fails instead
                    raise Failure("output", (f"{name}() wrote more than {OUTPUT_LIMIT_MB} MB of output",
                                             f"{name}() 的输出超过了 {OUTPUT_LIMIT_MB} MB"),
                                  why=("remove the large print (print shapes, not whole arrays)", "去掉大量输出(打印形状,而不是整个数组)"),
                                  case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
                raise Failure("exception", (f"{name}() raised {describe_exception(exc)}", f"{name}() 抛出了异常 {describe_exception(exc)}"),
                              case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
            except RecursionError as exc:
                raise Failure("exception", (f"{name}() recursed too deeply (RecursionError)", f"{name}() 递归太深(RecursionError)"),
                              case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
            except Exception as exc:  # noqa: BLE001 - any error in the learner's code is reported, not raised
                raise Failure("exception", (f"{name}() raised {describe_exception(exc)}", f"{name}() 抛出了异常 {describe_exception(exc)}"),
                              case=case, inputs=fmt_args(args), where=learner_frame(exc, self.path)) from None
        for arg_name, original in args.items():
            if isinstance(original, np.ndarray) and isinstance(copies[arg_name], np.ndarray):
                if copies[arg_name].shape != original.shape or not np.array_equal(copies[arg_name], original, equal_nan=True):
                    raise Failure("mutated", (f"{name}() changed its argument `{arg_name}` in place",
                                              f"{name}() 原地修改了参数 `{arg_name}`"),
                                  why=("the caller's array must stay as it was: work on a copy or build a new array "
                                       "(e.g. `x = x - m` instead of `x -= m`, `np.maximum(x, 0)` instead of `x[x < 0] = 0`)",
                                       "调用者的数组必须保持不变:在副本上计算或生成新数组(例如用 `x = x - m` 而不是 `x -= m`,"
                                       "用 `np.maximum(x, 0)` 而不是 `x[x < 0] = 0`)"),
                                  case=case, inputs=fmt_args(args))
        note = None
        for w in caught:
            note = f"{w.category.__name__}: {w.message}"
            break
        return result, note


def run_cases(learner: Learner, cases: Iterable[Case], on_case: Callable[[int, Case], None] | None = None) -> int:
    """Run every case; raise :class:`Failure` at the first one that fails. Returns the number run."""
    count = 0
    for count, case in enumerate(cases, start=1):
        if on_case:
            on_case(count, case)
        try:
            check_case(learner, case)
        except Failure as failure:
            failure.case_index = count
            raise
    return count


def check_case(learner: Learner, case: Case) -> None:
    got, note = learner.call(case.func, case.args, case.name)
    if case.canonical is not None:
        try:
            got = case.canonical(got, case.expected)
        except Exception:  # noqa: BLE001 - leave it to the comparison to explain
            pass
    problem = case.differs(got, case.expected)
    if problem is None:
        if case.extra is not None:
            extra = case.extra(got)
            if extra:
                raise Failure("mismatch", extra, case=case.name, inputs=fmt_args(case.args), got=case.render(got), note=note)
        return
    why = diagnose(got, case)
    # For a tuple result, show only the first part that is wrong, by its name.
    shown_got, shown_exp = got, case.expected
    if case.outputs and isinstance(got, (tuple, list)) and len(got) == len(case.outputs):
        for label, got_part, exp_part in zip(case.outputs, got, case.expected):
            part = mismatch(got_part, exp_part, rtol=case.rtol, atol=case.atol)
            if part:
                problem = (f"{label}: {part[0]}", f"{label}:{part[1]}")
                shown_got, shown_exp = got_part, exp_part
                break
    raise Failure("mismatch", problem, why=why, case=case.name, inputs=fmt_args(case.args),
                  expected=case.render(shown_exp), got=case.render(shown_got), note=note)


def diagnose(got: Any, case: Case) -> Text | None:
    """The first typical mistake whose output equals the learner's (on the first wrong part)."""
    exp_parts = _parts(case.expected, case.outputs)
    got_parts = _parts(got, case.outputs)
    target = None
    if len(got_parts) == len(exp_parts) > 1:
        for i, ((_, e), (_, g)) in enumerate(zip(exp_parts, got_parts)):
            if not matches(g, e, rtol=case.rtol, atol=case.atol):
                target = i
                break
    for mistake in case.mistakes:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                wrong = mistake.fn(*copy.deepcopy(list(case.args.values())))
            if case.canonical is not None:
                wrong = case.canonical(wrong, case.expected)
        except Exception:  # noqa: BLE001 - a mistake that cannot run on this case does not apply
            continue
        if case.same(wrong, case.expected):
            continue  # this mistake makes no difference on this case
        if target is None:
            if case.same(got, wrong):
                return (mistake.en, mistake.zh)
            continue
        wrong_parts = _parts(wrong, case.outputs)
        if len(wrong_parts) == len(got_parts) and matches(got_parts[target][1], wrong_parts[target][1], rtol=case.rtol, atol=case.atol):
            return (mistake.en, mistake.zh)
    return None


@dataclass
class Rng:
    """Seeded random inputs: the same every run, so a failure can be reproduced."""

    seed: int = 0
    gen: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        self.gen = np.random.default_rng(self.seed)

    def normal(self, *shape: int, scale: float = 1.0) -> np.ndarray:
        return self.gen.normal(scale=scale, size=shape)

    def integers(self, low: int, high: int, *shape: int) -> np.ndarray:
        return self.gen.integers(low, high, size=shape)

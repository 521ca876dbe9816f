"""The check engine: compare what the learner's code returned with the reference, and name the
typical mistake when the answer matches one.

Everything here runs in the parent process, which never imports the learner's code: the
child (``harness.py``) only computes outputs for the inputs it is given, and the values it
returns arrive here as plain data (``channel.py``). Every message is carried in both
languages; the caller picks one.

A check module (``llmpath/exercises/<id>/check.py``) defines ``cases()`` — an iterable of
:class:`Case` whose expected values the parent computes with the reference — or, for checks
that are not "same inputs, same outputs" (torch-mlp), ``PROBE``, ``calls()`` and
``judge(outcomes, messages)``. A :class:`Mistake` names its message; the texts live in the
exercise's ``exercise.yaml`` under ``mistakes:``.
"""

from __future__ import annotations

import copy
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from llmpath.exercises import channel, harness
from llmpath.exercises.channel import Opaque
from llmpath.i18n import L10n

Text = L10n  # (English, 简体中文); a check may write a plain (en, zh) pair, made L10n where it enters


def as_text(pair: Any) -> L10n | None:
    """An (en, zh) pair as the one bilingual type (None stays None)."""
    return None if pair is None else L10n(*pair)


# ---------------------------------------------------------------------- failures

class Failure(Exception):
    """The learner's code did not pass; everything the learner needs to fix it.

    ``kind`` is one of: todo, missing, import, exception, mismatch, mutated, memory, output, untrusted.
    """

    def __init__(self, kind: str, message: Text, *, why: Text | None = None, case: Text | None = None,
                 inputs: str | None = None, expected: str | None = None, got: str | None = None,
                 where: str | None = None, note: str | None = None, mistake: str | None = None) -> None:
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
        self.mistake = mistake          # the name of the typical mistake recognised, if any
        self.case_index: int | None = None

    # A check may assign a plain (en, zh) pair later (``failure.why = (…, …)``): stored as L10n all the same.
    @property
    def message(self) -> L10n:
        return self._message

    @message.setter
    def message(self, pair: Any) -> None:
        self._message = L10n(*pair)

    @property
    def why(self) -> L10n | None:
        return self._why

    @why.setter
    def why(self, pair: Any) -> None:
        self._why = as_text(pair)

    @property
    def case(self) -> L10n | None:
        return self._case

    @case.setter
    def case(self, pair: Any) -> None:
        self._case = as_text(pair)


@dataclass(frozen=True)
class Mistake:
    """A typical wrong solution: ``fn`` computes its output from the case's arguments.

    ``name`` keys its message in ``exercise.yaml`` (``mistakes: {name: {en: …, zh: …}}``).
    """

    name: str
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

    def __post_init__(self) -> None:
        self.name = L10n(*self.name)

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


def _fmt_float(v: float, digits: int = 6) -> str:
    if math.isnan(v) or math.isinf(v):
        return str(v)
    return f"{v:.{digits}g}"


def _short_g(v: float) -> str:
    """2 significant digits with a plain exponent: 6e-9, 1.4e-6, 0.25."""
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m.group(1) == "-" else "") + m.group(2), f"{v:.2g}")


def differing_pair(expected: float, got: float) -> tuple[str, str, str]:
    """Both numbers with as many digits as it takes to tell them apart, and the errors.

    ``("0.004308861", "0.004308855", "abs 6.1e-9, rel 1.4e-6")`` where 6 digits would print
    the same "0.00430886" twice.
    """
    digits = 6
    while digits < 17 and _fmt_float(expected, digits) == _fmt_float(got, digits):
        digits += 1
    error = abs(got - expected)
    errors = f"abs {_short_g(error)}"
    if expected != 0 and math.isfinite(error):
        errors += f", rel {_short_g(error / abs(expected))}"
    return _fmt_float(expected, digits), _fmt_float(got, digits), errors


def _errors_zh(errors: str) -> str:
    """differing_pair's "abs 6e-9, rel 1.4e-6" in Chinese."""
    return errors.replace("abs ", "绝对误差 ").replace(", rel ", "，相对误差 ")


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
    """``name = value`` lines; a value printed on several lines (a matrix) keeps its columns under its first line."""
    parts = []
    for name, value in args.items():
        head = f"{name} = "
        parts.append(head + fmt(value, 300).replace("\n", "\n" + " " * len(head)))
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
    if isinstance(value, Opaque):   # not plain data: only its type name came back from the child
        return value.type_name
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
            return (f"expected {len(expected)} values, got {_type_name(got)}", f"应返回 {len(expected)} 个值，实际得到 {_type_name(got)}")
        if len(got) != len(expected):
            return (f"expected {len(expected)} values, got {len(got)}", f"应返回 {len(expected)} 个值，实际返回了 {len(got)} 个")
        for i, (g, e) in enumerate(zip(got, expected)):
            problem = mismatch(g, e, rtol=rtol, atol=atol)
            if problem:
                return (f"item {i}: {problem[0]}", f"第 {i} 项：{problem[1]}")
        return None
    if got is None:
        return ("your function returned None — is a `return` missing?", "函数返回了 None ——是不是漏了 `return`？")
    exp = np.asarray(expected)
    arr = _as_array(got)
    if arr is None:
        what = "an array" if exp.ndim else "a number"
        what_zh = "数组" if exp.ndim else "一个数"
        return (f"expected {what}, got {_type_name(got)}", f"应返回{what_zh}，实际得到 {_type_name(got)}")
    if exp.ndim == 0 and arr.ndim != 0 and arr.size != 1:
        return (f"expected a single number, got an array of shape {shape_text(arr.shape)}",
                f"应返回一个数，实际得到形状为 {shape_text(arr.shape)} 的数组")
    if exp.ndim == 0:
        arr = arr.reshape(())
    if arr.shape != exp.shape:
        en = f"expected shape {shape_text(exp.shape)}, got {shape_text(arr.shape)}"
        zh = f"期望形状 {shape_text(exp.shape)}，实际得到 {shape_text(arr.shape)}"
        if sorted(arr.shape) == sorted(exp.shape) and arr.ndim > 1:
            en += " (the same sizes in another order: are two axes swapped?)"
            zh += "（尺寸相同但顺序不同：是不是两个轴弄反了？）"
        return (en, zh)
    if exp.dtype.kind == "f" and arr.dtype == bool:
        return ("expected numbers, got booleans: convert with .astype(float)", "应返回数值而不是布尔值：用 .astype(float) 转换")
    if exp.dtype == bool and arr.dtype != bool:
        return (f"expected a boolean array (dtype bool), got dtype {arr.dtype}", f"应返回布尔数组（dtype bool），实际 dtype 为 {arr.dtype}")
    if exp.dtype.kind in "iu" and arr.dtype.kind not in "iub":
        return (f"expected integers, got dtype {arr.dtype}", f"应返回整数，实际 dtype 为 {arr.dtype}")
    if exp.dtype == bool:
        bad = np.argwhere(arr != exp)
        if bad.size:
            idx = tuple(int(i) for i in bad[0])
            return (f"wrong at index {idx}: expected {exp[idx]}, got {arr[idx]} ({len(bad)} of {exp.size} entries differ)",
                    f"位置 {idx} 不对：期望 {exp[idx]}，得到 {arr[idx]}（共 {exp.size} 个中有 {len(bad)} 个不同）")
        return None
    if arr.dtype.kind not in "biufc":
        return (f"expected numbers, got dtype {arr.dtype}", f"应返回数值，实际 dtype 为 {arr.dtype}")
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
                    f"{where_zh}得到 -inf，而期望 {_fmt_float(float(expf[idx]))}")
        return (f"got {arr[idx]}{where} where {_fmt_float(float(expf[idx]))} was expected — something overflowed or divided by zero",
                f"{where_zh}得到 {arr[idx]}，而期望 {_fmt_float(float(expf[idx]))} ——有数值溢出或除以了零")
    with np.errstate(all="ignore"):
        diff = np.where(close, 0.0, np.abs(np.nan_to_num(arr - expf, nan=np.inf, posinf=np.inf, neginf=np.inf)))
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape)) if diff.ndim else ()
    wrong = int((~close).sum())
    if arr.ndim == 0:
        want, have, errors = differing_pair(float(expf), float(arr))
        return (f"expected {want}, got {have} ({errors})", f"期望 {want}，得到 {have}（{_errors_zh(errors)}）")
    want, have, errors = differing_pair(float(expf[idx]), float(arr[idx]))
    return (f"wrong values: at index {idx} expected {want}, got {have} ({errors}; {wrong} of {expf.size} entries differ)",
            f"数值不对：位置 {idx} 期望 {want}，得到 {have}（{_errors_zh(errors)}；共 {expf.size} 个中有 {wrong} 个不同）")


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


# ---------------------------------------------------------------------- what came back

@dataclass
class Call:
    """One step of a probe-driven check (torch-mlp): ``probe`` is the function in the exercise's
    ``probe.py`` the child calls with ``args``; ``None`` for a step judged from earlier results."""

    name: Text
    probe: str | None
    args: dict[str, Any]
    shown: str | None = None    # the inputs as the learner reads them

    def __post_init__(self) -> None:
        self.name = L10n(*self.name)



@dataclass
class Returned:
    """One call that returned: its value and the arguments it was given (arrays; lists, tuples and dicts
    of plain data too), as they were after the call."""

    value: Any
    args_after: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None


@dataclass
class Raised:
    """One call (or the import) that raised, as the child described it."""

    kind: str                  # todo, exception, memory, recursion, exit, output, syntax, module
    type: str = "Exception"
    message: str = ""
    line: int | None = None
    code: str | None = None
    exit_code: str | None = None
    module: str | None = None

    @property
    def where(self) -> str | None:
        if self.line is None:
            return None
        return f"line {self.line}" + (f": {self.code}" if self.code else "")

    @property
    def described(self) -> str:
        text = f"{self.type}: {self.message}" if self.message else self.type
        text = " ".join(text.split())
        return text if len(text) <= 300 else text[:299] + "…"


OUTPUT_LIMIT_MB = 8   # the child's file-size limit, named in the message when it is hit


def call_failure(error: Raised, what: str, *, case: Text | None = None, inputs: str | None = None) -> Failure:
    """The failure for a call of ``what`` (e.g. ``softmax()``) that raised."""
    where = error.where
    if error.kind == "todo":
        return Failure("todo", (f"{what} is not written yet: replace the `raise NotImplementedError` under `# TODO` with your code",
                                f"{what} 还没有实现：把 `# TODO` 下面的 `raise NotImplementedError` 换成你的代码"),
                       case=case, inputs=inputs, where=where)
    if error.kind == "memory":
        return Failure("memory", (f"{what} ran out of memory", f"{what} 内存不足"), case=case, inputs=inputs, where=where)
    if error.kind == "exit":
        return Failure("exception", (f"{what} called exit({error.exit_code}); return a value instead",
                                     f"{what} 调用了 exit({error.exit_code})；请返回结果而不是退出"),
                       case=case, inputs=inputs, where=where)
    if error.kind == "output":
        return Failure("output", (f"{what} wrote more than {OUTPUT_LIMIT_MB} MB of output",
                                  f"{what} 的输出超过了 {OUTPUT_LIMIT_MB} MB"),
                       why=("remove the large print (print shapes, not whole arrays)", "去掉大量输出（打印形状，而不是整个数组）"),
                       case=case, inputs=inputs, where=where)
    if error.kind == "recursion":
        return Failure("exception", (f"{what} recursed too deeply (RecursionError)", f"{what} 递归太深（RecursionError）"),
                       case=case, inputs=inputs, where=where)
    return Failure("exception", (f"{what} raised {error.described}", f"{what} 抛出了异常 {error.described}"),
                   case=case, inputs=inputs, where=where)


def probe_data(outcome: Any, call: Any, what: str) -> dict[str, Any]:
    """The dict a probe step returned, or the failure: the learner's code raised (``call_failure``), or
    what came back is not the probe's dict (untrusted). ``call`` is the step's :class:`Call`."""
    if isinstance(outcome, Raised):
        raise call_failure(outcome, what, case=call.name, inputs=call.shown)
    value = outcome.value if isinstance(outcome, Returned) else None
    if not isinstance(value, dict):
        raise Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"),
                      case=call.name, inputs=call.shown)
    return value


def judge_steps(steps: Sequence[Any], outcomes: Sequence[Any], judge_one: Callable[[int, Any, Any], Any]) -> tuple[int, Any]:
    """A probe-driven check's ``judge``: ``judge_one(index, call, outcome)`` for each step in order (1-based),
    the first Failure raised numbered by its step. Returns (steps, the last report a step gave, or None)."""
    report = None
    for index, (call, outcome) in enumerate(zip(steps, outcomes), start=1):
        try:
            report = judge_one(index, call, outcome) or report
        except Failure as failure:
            failure.case_index = failure.case_index or index
            raise
    return len(steps), report


def load_failure(error: Raised) -> Failure:
    """The failure for a learner's file that could not be imported."""
    where = error.where
    if error.kind == "syntax":
        return Failure("import", (f"syntax error in your file at line {error.line}: {error.message}",
                                  f"你的文件第 {error.line} 行有语法错误：{error.message}"), where=where)
    if error.kind == "module":
        missing = error.module or "?"
        return Failure("import", (f"your file imports '{missing}', which is not installed here",
                                  f"你的文件导入了 '{missing}'，但这里没有安装它"),
                       why=("the exercises need only numpy (and torch for torch-mlp); only your exercise file (and the files "
                            "its exercise uses) is copied for the check: remove the import or check its spelling",
                            "练习只需要 numpy（torch-mlp 需要 torch）；检查时只复制你的练习文件（以及练习用到的文件）："
                            "请删掉这个导入或检查拼写"), where=where)
    if error.kind == "memory":
        return Failure("memory", ("your file ran out of memory while loading", "加载你的文件时内存不足"), where=where)
    if error.kind == "exit":
        return Failure("import", (f"your file called exit({error.exit_code}) while loading; keep top-level code under `if __name__ == \"__main__\":`",
                                  f"你的文件在加载时调用了 exit({error.exit_code})；请把顶层代码放在 `if __name__ == \"__main__\":` 下面"),
                       where=where)
    if error.kind == "output":
        return call_failure(error, "your file")
    return Failure("import", (f"your file raised {error.described} while loading", f"加载你的文件时抛出了异常 {error.described}"),
                   where=where)


def missing_failure(name: str, state: str) -> Failure:
    if state == "not_callable":
        return Failure("missing", (f"{name} in your file is not a function", f"你的文件中的 {name} 不是函数"))
    return Failure("missing", (f"your file does not define {name}() — keep the name from the scaffold",
                               f"你的文件里没有定义 {name}() ——请保留练习模板中的函数名"))


MUTATED_WHY: Text = (
    "the caller's array must stay as it was: work on a copy or build a new array "
    "(e.g. `x = x - m` instead of `x -= m`, `np.maximum(x, 0)` instead of `x[x < 0] = 0`)",
    "调用者的数组必须保持不变：在副本上计算或生成新数组（例如用 `x = x - m` 而不是 `x -= m`，"
    "用 `np.maximum(x, 0)` 而不是 `x[x < 0] = 0`）")


MUTATED_CONTAINER_WHY: Text = (
    "the caller's list (or dict), and any array in it, must stay as it was: build new ones (`s[:n]`, `s + [pad] * k`, "
    "`sorted(s)`, `g.copy()`, `g / n`) instead of changing them (`del s[n:]`, `s.append(...)`, `s.sort()`, `g /= n`)",
    "调用者的列表（或字典）以及其中的数组都必须保持不变：另建新的（`s[:n]`、`s + [pad] * k`、`sorted(s)`、`g.copy()`、`g / n`），"
    "而不是修改它们（`del s[n:]`、`s.append(...)`、`s.sort()`、`g /= n`）")


def _as_the_child_returns(value: Any) -> Any:
    """``value`` as it comes back from the child when the learner's code leaves it alone: sent, decoded
    there, encoded again (long strings cut, dict keys as text, over-long lists opaque) and decoded here."""
    return channel.decode(harness.encode(harness.decode(channel.encode(value))))


def _same_data(before: Any, after: Any) -> bool:
    """Plain data equal in type, structure and value (NaN equal to NaN), as an in-place change is judged."""
    if isinstance(before, Opaque) or isinstance(after, Opaque):   # Opaque is equal to nothing: compare the names
        return isinstance(before, Opaque) and isinstance(after, Opaque) and before.type_name == after.type_name
    if type(before) is not type(after):
        return False
    if isinstance(before, np.ndarray):
        return before.shape == after.shape and before.dtype == after.dtype and \
            bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
    if isinstance(before, (list, tuple)):
        return len(before) == len(after) and all(_same_data(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(_same_data(before[k], after[k]) for k in before)
    if isinstance(before, (float, np.floating)) and math.isnan(before):
        return bool(math.isnan(after))
    return bool(before == after)


def _mutated(case: Case, arg_name: str, why: Text) -> Failure:
    return Failure("mutated", (f"{case.func}() changed its argument `{arg_name}` in place",
                               f"{case.func}() 原地修改了参数 `{arg_name}`"),
                   why=why, case=case.name, inputs=fmt_args(case.args))


def check_returned(case: Case, returned: Returned, messages: Mapping[str, Text]) -> None:
    """Raise :class:`Failure` unless ``returned`` is the right answer for ``case``.

    ``messages`` maps a mistake's name to its text (from ``exercise.yaml``).
    """
    name = case.func
    for arg_name, original in case.args.items():
        after = returned.args_after.get(arg_name)
        if isinstance(original, np.ndarray):
            if not isinstance(after, np.ndarray) or after.shape != original.shape or \
                    not np.array_equal(after, original, equal_nan=original.dtype.kind in "fc"):
                raise _mutated(case, arg_name, MUTATED_WHY)
        elif type(original) in (list, tuple, dict) and arg_name in returned.args_after:
            # The harness returns these for function calls, not to a probe; compared as they come back untouched
            # (a check that judges a probe's data itself may pass the very arguments as args_after).
            if after is not original and not _same_data(_as_the_child_returns(original), after):
                raise _mutated(case, arg_name, MUTATED_CONTAINER_WHY)
    got, note = returned.value, returned.warning
    if case.canonical is not None:
        try:
            got = case.canonical(got, case.expected)
        except Exception:  # noqa: BLE001 - leave it to the comparison to explain
            pass
    try:
        problem = case.differs(got, case.expected)
    except Exception:  # noqa: BLE001 - a value the comparison cannot handle is wrong, never right
        problem = (f"the check could not compare what {name}() returned ({_type_name(got)})",
                   f"无法比较 {name}() 的返回值（{_type_name(got)}）")
    if problem is None:
        if case.extra is not None:
            extra = case.extra(got)
            if extra:
                raise Failure("mismatch", extra, case=case.name, inputs=fmt_args(case.args), got=case.render(got), note=note)
        return
    mistake = diagnose(got, case)
    why = messages.get(mistake) if mistake else None
    # For a tuple result, show only the first part that is wrong, by its name.
    shown_got, shown_exp = got, case.expected
    if case.outputs and isinstance(got, (tuple, list)) and len(got) == len(case.outputs):
        for label, got_part, exp_part in zip(case.outputs, got, case.expected):
            part = mismatch(got_part, exp_part, rtol=case.rtol, atol=case.atol)
            if part:
                problem = (f"{label}: {part[0]}", f"{label}：{part[1]}")
                shown_got, shown_exp = got_part, exp_part
                break
    raise Failure("mismatch", problem, why=why, case=case.name, inputs=fmt_args(case.args),
                  expected=case.render(shown_exp), got=case.render(shown_got), note=note, mistake=mistake)


def diagnose(got: Any, case: Case) -> str | None:
    """The name of the first typical mistake whose output equals the learner's (on the first wrong part)."""
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
                return mistake.name
            continue
        wrong_parts = _parts(wrong, case.outputs)
        if len(wrong_parts) == len(got_parts) and matches(got_parts[target][1], wrong_parts[target][1], rtol=case.rtol, atol=case.atol):
            return mistake.name
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

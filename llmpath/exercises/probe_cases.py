"""Checks of functions that take torch tensors (the capstone's model steps), judged with the usual cases.

The child's harness passes numpy arrays; a learner's ``rms_norm`` wants tensors. So each case is
sent to a function of the exercise's ``probe.py``, which turns the arrays into tensors, calls the
learner's function and returns its result (tensors travel back as arrays). Here, in the parent,
each result is judged exactly like a plain case (:func:`checking.check_returned`: shapes, values,
the typical mistake it matches, arguments changed in place), against expected values computed with
numpy (``llama_numpy``), so this process never imports torch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from llmpath.exercises.checking import Call, Case, Failure, Raised, Returned, Text, call_failure, check_returned, fmt

__all__ = ["ProbeCase", "probe_calls", "judge_cases", "mistake_names", "describe_args"]


@dataclass
class ProbeCase:
    """A case run through ``probe`` (a function of probe.py taking the case's arguments by name)."""

    probe: str
    case: Case
    shape_why: Text | None = None     # what the shapes should be, shown when the result's shape is wrong


def probe_calls(cases: Sequence[ProbeCase]) -> list[Call]:
    return [Call(item.case.name, item.probe, item.case.args, describe_args(item.case.args)) for item in cases]


def mistake_names(cases: Sequence[ProbeCase]) -> tuple[str, ...]:
    """Every typical mistake the cases can name, for ``llmpath validate``."""
    return tuple(sorted({mistake.name for item in cases for mistake in item.case.mistakes}))


def describe_args(args: dict[str, Any]) -> str:
    """The inputs as the learner reads them: small arrays in full, large ones by shape and dtype."""
    lines = []
    for name, value in args.items():
        lines.append(f"{name} = {_describe(value)}")
    return "\n".join(lines)


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.size <= 12:
            return fmt(value, 200)
        return f"{value.dtype} {tuple(value.shape)}"   # a tensor of this dtype and shape
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_describe(item)}" for key, item in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_describe(item) for item in value) + ")"
    return fmt(value, 120)


def judge_cases(cases: Sequence[ProbeCase], outcomes: Sequence[Any], messages: dict[str, Text]) -> int:
    """Judge the cases in order; raise :class:`Failure` at the first one that fails. Returns their number.

    An outcome of ``None`` (the child died before that case) ends the judging quietly: the caller
    explains the death.
    """
    for index, (item, outcome) in enumerate(zip(cases, outcomes), start=1):
        if outcome is None:
            break
        try:
            _judge_one(item, outcome, messages)
        except Failure as failure:
            failure.case_index = index
            raise
    return len(cases)


def _judge_one(item: ProbeCase, outcome: Any, messages: dict[str, Text]) -> None:
    case = item.case
    inputs = describe_args(case.args)
    what = f"{case.func}()"
    if isinstance(outcome, Raised):
        failure = call_failure(outcome, what, case=case.name, inputs=inputs)
        if failure.kind == "exception":
            failure.why = failure.why or explain_exception(outcome.message, item.shape_why)
        raise failure
    if not isinstance(outcome, Returned):
        raise Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"),
                      case=case.name, inputs=inputs)
    if isinstance(outcome.value, dict) and "not_tensor" in outcome.value:
        got = str(outcome.value["not_tensor"])[:100]
        raise Failure("mismatch", (f"{what} must return torch tensors, got {got}", f"{what} 必须返回 torch 张量，实际得到 {got}"),
                      why=("the next steps compute with your result in torch: keep it a tensor (no .numpy(), no np.*)",
                           "后面的步骤会用 torch 继续计算你的结果：请保持为张量（不要 .numpy()，不要用 np.*）"),
                      case=case.name, inputs=inputs)
    try:
        check_returned(case, outcome, messages)
    except Failure as failure:
        failure.inputs = inputs
        if failure.why is None and failure.kind == "mismatch" and "shape" in failure.message[0]:
            failure.why = item.shape_why
        raise


_EXCEPTIONS: tuple[tuple[str, Text], ...] = (
    (r"mat1 and mat2 shapes cannot be multiplied|size mismatch, got input",
     ("the weights are in nn.Linear's layout (out_features, in_features): a projection is x @ w.T, not x @ w",
      "权重采用 nn.Linear 的布局 (out_features, in_features)：投影是 x @ w.T，而不是 x @ w")),
    (r"is invalid for input of size|view size is not compatible",
     ("a reshape did not fit: split the projection into heads as (B, T, heads, Dh), then transpose(1, 2) to (B, heads, T, Dh); "
      "after transpose use reshape (or .contiguous().view)",
      "reshape 的形状对不上：先把投影拆成 (B, T, heads, Dh)，再 transpose(1, 2) 成 (B, heads, T, Dh)；"
      "transpose 之后要用 reshape（或 .contiguous().view）")),
    (r"expected m1 and m2 to have the same dtype|expected scalar type|found dtype",
     ("two tensors have different dtypes: keep everything float32 (torch.arange(..., dtype=torch.float32), positions.float())",
      "两个张量的 dtype 不同：全部保持 float32（torch.arange(..., dtype=torch.float32)、positions.float()）")),
    (r"received an invalid combination of arguments|must be Tensor, not",
     ("the arguments arrive as torch tensors: use torch functions (torch.cat, torch.rsqrt …), not numpy ones",
      "参数是 torch 张量：请用 torch 的函数（torch.cat、torch.rsqrt……），而不是 numpy 的")),
)


_BROADCAST = r"must match the size of tensor|shapes cannot be broadcast|not broadcastable"


def explain_exception(message: str, shapes: Text | None = None) -> Text | None:
    """A hint for the usual torch errors of these steps (mostly shapes), from the exception's message;
    ``shapes`` says what the shapes should be (the exercise's own words), for a broadcast that failed."""
    for pattern, why in _EXCEPTIONS:
        if re.search(pattern, message):
            return why
    if re.search(_BROADCAST, message):
        en, zh = shapes or (None, None)
        return ("two shapes do not broadcast (print them with .shape)" + (f"; {en}" if en else ""),
                "两个形状无法广播（用 .shape 把它们打印出来）" + (f"；{zh}" if zh else ""))
    return None

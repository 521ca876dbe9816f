"""Checks for int8-quantize: the hand-worked matrix, dequantization, an all-zero row, an outlier row that
per-tensor scaling ruins, seeded square matrices, then SmolLM2-135M with every linear weight quantized by
the learner's functions: perplexity on a held-out text within PPL_BOUND of float32's, and the memory saved.

Each case is called through ``probe.py`` and judged here with the reference like a plain case; the model
step's per-token losses come back as data and the perplexities are computed here.
"""

import math

import numpy as np

from llmpath import models
from llmpath.exercises.checking import Call, Case, Failure, Mistake, Raised, Returned, call_failure, check_returned, fmt, fmt_args, make_case
from .solution import dequantize_int8 as dequantize_ref, quantize_int8 as quantize_ref

PROBE = "probe.py"
PPL_BOUND = 0.015          # int8 perplexity at most 1.5 % above float32's (measured: +0.5 %; per-tensor scaling: +2.6 %)
SAMPLE = "model.layers.0.self_attn.k_proj.weight"

HELD_OUT = (
    "The old mill stood at the edge of the village, where the river bent sharply to the east before running on toward "
    "the sea. For more than a hundred years it had ground the wheat of every farm in the valley, and the families who "
    "worked it had passed the trade from parents to children. In the spring, when the snow melted in the hills, the water "
    "rose so high that the great wheel turned day and night, and the miller slept only a few hours at a time. In late "
    "summer the river grew slow and shallow, and the children of the village waded across it to reach the orchards on "
    "the far bank.\nWhen the railway reached the town in the next valley, cheaper flour began to arrive by train, and one "
    "by one the farmers stopped bringing their grain. The last miller kept the doors open for a few more years, mostly "
    "out of habit, repairing the wheel with wood from the fallen trees along the bank. After he died, the building was "
    "empty for a long time. Today it is a small museum, and on the first Sunday of every month volunteers open the "
    "sluice gate so that visitors can watch the wheel turn again and hear the stones rumble, just as they did when the "
    "whole valley depended on them.\n")


def _quantize(w, *, axis=1, steps=127.0, clamp=True, rounding=np.rint, inverted=False):
    w = np.asarray(w, dtype=np.float32)
    absmax = np.abs(w).max(axis=axis, keepdims=True) if axis is not None else np.abs(w).max(keepdims=True)
    scale = np.where(absmax > 0, absmax / steps, 1.0).astype(np.float32)
    scaled = rounding(w / scale)
    q = (np.clip(scaled, -127, 127) if clamp else scaled).astype(np.int8)
    scale = np.broadcast_to(scale, w.shape)[:, 0] if axis != 0 else scale[0]
    return q, (1.0 / scale).astype(np.float32) if inverted else np.ascontiguousarray(scale)


QUANTIZE_MISTAKES = (
    Mistake("per_tensor", lambda w: _quantize(w, axis=None)),
    Mistake("per_column", lambda w: _quantize(w, axis=0)),
    Mistake("scale_255", lambda w: _quantize(w, steps=255.0)),
    Mistake("no_clamp", lambda w: _quantize(w, steps=128.0, clamp=False)),
    Mistake("scale_128", lambda w: _quantize(w, steps=128.0)),
    Mistake("truncate", lambda w: _quantize(w, rounding=np.trunc)),
    Mistake("floor", lambda w: _quantize(w, rounding=np.floor)),
    Mistake("scale_inverted", lambda w: _quantize(w, inverted=True)),
)
DEQUANTIZE_MISTAKES = (
    Mistake("scale_on_columns", lambda q, scale: q.astype(np.float32) * np.asarray(scale, np.float32)[None, :]),
    Mistake("dequantize_divides", lambda q, scale: q.astype(np.float32) / np.asarray(scale, np.float32)[:, None]),
)
MISTAKE_NAMES = tuple(dict.fromkeys(m.name for m in QUANTIZE_MISTAKES + DEQUANTIZE_MISTAKES))


def _int8_result(got):
    """A right result must store q as int8 (1 byte each) and one scale per row."""
    q = got[0] if isinstance(got, (tuple, list)) and got else None
    if isinstance(q, np.ndarray) and q.dtype != np.int8:
        return (f"q has dtype {q.dtype}: store it as int8 (.astype(np.int8)), 1 byte per weight — that is the memory saved",
                f"q 的 dtype 是 {q.dtype}：要存成 int8（.astype(np.int8)），每个权重 1 字节——省下的内存就来自这里")
    return None


def _quantize_case(name, w, **options):
    return make_case(name, "quantize_int8", quantize_ref, {"w": w}, mistakes=QUANTIZE_MISTAKES, outputs=("q", "scale"),
                     rtol=1e-6, atol=0.0, extra=_int8_result, **options)


def _seeded(seed, shape, outlier_row=None):
    w = np.random.default_rng(seed).normal(scale=0.05, size=shape).astype(np.float32)
    if outlier_row is not None:
        w[outlier_row] *= 40.0                   # one channel with large values, as real LLM weights have
    return w


def cases():
    worked = np.array([[0.4, -1.0, 0.25], [2.0, 0.1, -0.3]], dtype=np.float32)
    q_worked = np.array([[51, -127, 32], [127, 6, -19]], dtype=np.int8)
    scale_worked = np.array([1 / 127, 2 / 127], dtype=np.float32)
    yield Case(("the worked matrix of the task", "任务中算过的矩阵"), "quantize_int8", {"w": worked}, (q_worked, scale_worked),
               mistakes=QUANTIZE_MISTAKES, outputs=("q", "scale"), rtol=1e-6, atol=0.0, extra=_int8_result)
    yield make_case(("dequantize the worked matrix", "反量化算过的矩阵"), "dequantize_int8", dequantize_ref,
                    {"q": q_worked, "scale": scale_worked}, mistakes=DEQUANTIZE_MISTAKES, rtol=1e-6, atol=1e-9)
    yield _quantize_case(("an all-zero row gets scale 1 and q 0", "全零的行：scale 为 1，q 为 0"),
                         np.array([[0.0, 0.0, 0.0, 0.0], [1.0, -2.0, 3.0, -0.5]], dtype=np.float32))
    yield _quantize_case(("an outlier row among small ones, (8, 16) (seed 1)", "小数值中夹着一行离群值，(8, 16)（种子 1）"),
                         _seeded(1, (8, 16), outlier_row=3))
    square = _seeded(2, (12, 12), outlier_row=0)
    yield _quantize_case(("a square matrix (12, 12) (seed 2)", "方阵 (12, 12)（种子 2）"), square)
    q, scale = quantize_ref(square)
    yield make_case(("dequantize the square matrix", "反量化这个方阵"), "dequantize_int8", dequantize_ref,
                    {"q": q, "scale": scale}, mistakes=DEQUANTIZE_MISTAKES, rtol=1e-6, atol=1e-9)
    yield _quantize_case(("a wide matrix (4, 64) (seed 3)", "宽矩阵 (4, 64)（种子 3）"), _seeded(3, (4, 64)))


def _model_folder():
    """The prepared SmolLM2 folder (the sandbox prepared it before this runs; here it is only named)."""
    return str(models.prepared_path(models.EXERCISE_MODELS["smollm2"]))


def calls():
    all_cases = list(cases())
    steps = [Call(case.name, "run", {"function": case.func, **case.args}, fmt_args(case.args)) for case in all_cases]
    gate = [[case.args["w"], *case.expected] for case in all_cases if case.func == "quantize_int8"]
    steps.append(Call((f"SmolLM2-135M with int8 linear weights: perplexity within {PPL_BOUND:.1%} of float32",
                       f"线性层权重为 int8 的 SmolLM2-135M：困惑度与 float32 相差不超过 {PPL_BOUND:.1%}"), "smollm2",
                      {"folder": _model_folder(), "text": HELD_OUT, "gate": gate, "sample": SAMPLE},
                      f"every weight of model.layers.* quantized and dequantized with your functions; {len(HELD_OUT)} characters of held-out English"))
    return steps


def judge(outcomes, messages):
    steps, all_cases = calls(), list(cases())
    for index, (case, outcome) in enumerate(zip(all_cases, outcomes), start=1):
        try:
            if isinstance(outcome, Raised):
                failure = call_failure(outcome, f"{case.func}()", case=case.name, inputs=fmt_args(case.args))
                if case.func == "dequantize_int8" and "broadcast" in outcome.message:   # (out, in) times a (1, out) row
                    failure.why = messages.get("scale_on_columns")
                raise failure
            if not isinstance(outcome, Returned):
                raise _untrusted(case.name)
            check_returned(case, outcome, messages)
        except Failure as failure:
            failure.case_index = index
            raise
    try:
        _judge_model(steps[-1], outcomes[len(all_cases)])
    except Failure as failure:
        failure.case_index = len(steps)
        raise
    return len(steps)


def _untrusted(case):
    return Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"), case=case)


def _judge_model(call, outcome):
    if isinstance(outcome, Raised):
        raise call_failure(outcome, "quantizing SmolLM2 with quantize_int8()", case=call.name, inputs=call.shown)
    data = outcome.value if isinstance(outcome, Returned) else None
    if not isinstance(data, dict):
        raise _untrusted(call.name)
    if data.get("skipped") is True:
        raise Failure("mismatch", ("quantize_int8() gave a different answer when called again on the same matrices",
                                   "对同样的矩阵再次调用时，quantize_int8() 给出了不同的结果"),
                      why=("keep no state between calls: compute everything from w", "不要在调用之间保留状态：一切都由 w 计算"), case=call.name)
    nll_float, nll_int8, sample = data.get("nll_float"), data.get("nll_int8"), data.get("sample")
    if not (isinstance(nll_float, np.ndarray) and isinstance(nll_int8, np.ndarray) and nll_float.shape == nll_int8.shape
            and nll_float.ndim == 1 and nll_float.size > 100 and isinstance(sample, list) and len(sample) == 3):
        raise _untrusted(call.name)
    w, q, scale = sample
    q_ref, scale_ref = quantize_ref(w)
    if not (isinstance(q, np.ndarray) and q.shape == q_ref.shape and isinstance(scale, np.ndarray) and scale.shape == scale_ref.shape):
        raise _untrusted(call.name)
    off = np.abs(q.astype(np.int64) - q_ref.astype(np.int64))
    if off.max() > 1 or (off > 0).mean() > 1e-3 or not np.allclose(scale, scale_ref, rtol=1e-5, atol=0):
        raise Failure("mismatch", (f"on SmolLM2's {SAMPLE} your q differs from absmax per-row quantization "
                                   f"({int((off > 0).sum())} of {off.size} values)",
                                   f"在 SmolLM2 的 {SAMPLE} 上，你的 q 与按行 absmax 量化的结果不同（{off.size} 个中有 {int((off > 0).sum())} 个）"),
                      case=call.name, inputs=call.shown, expected=fmt(q_ref), got=fmt(q))
    ppl_float, ppl_int8 = math.exp(float(nll_float.mean())), math.exp(float(nll_int8.mean()))
    if not (math.isfinite(ppl_int8) and ppl_int8 <= ppl_float * (1 + PPL_BOUND)):
        raise Failure("mismatch", (f"int8 perplexity {ppl_int8:.4g} is more than {PPL_BOUND:.1%} above float32's {ppl_float:.4g}",
                                   f"int8 困惑度 {ppl_int8:.4g} 比 float32 的 {ppl_float:.4g} 高出 {PPL_BOUND:.1%} 以上"),
                      why=("dequantize_int8 must give back q * scale per row, as float32", "dequantize_int8 必须按行返回 q * scale，类型为 float32"),
                      case=call.name, inputs=call.shown)
    float_bytes, int_bytes, params = data.get("float_bytes"), data.get("int_bytes"), data.get("linear_params")
    if not all(isinstance(v, int) and v > 0 for v in (float_bytes, int_bytes, params)) or float_bytes != 4 * params:
        raise _untrusted(call.name)
    if int_bytes > 0.26 * float_bytes:
        raise Failure("mismatch", (f"the quantized weights take {int_bytes / 1e6:.1f} MB of {float_bytes / 1e6:.1f} MB: "
                                   "int8 should take about a quarter",
                                   f"量化后的权重占 {int_bytes / 1e6:.1f} MB（原为 {float_bytes / 1e6:.1f} MB）：int8 应只占约四分之一"),
                      why=("return q as np.int8 and one float32 scale per row", "q 要以 np.int8 返回，每行一个 float32 的 scale"), case=call.name)

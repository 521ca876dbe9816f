"""Checks for clip-grad-norm: the unit's worked gradients ([3, 0] and [0, 4, 12], global norm 13), a
norm below max_norm (left alone), tensors each under max_norm whose global norm is over it (where
per-tensor clipping changes nothing), an exploding gradient, and seeded parameters of several shapes.

The gradients arrive as a list of arrays; ``probe.py`` calls the learner's function in the child and
reports which of the caller's arrays it changed (the harness only sees array arguments). The results
are judged here like plain cases, with the usual mistakes named.
"""

from functools import lru_cache

import numpy as np

from llmpath.exercises.checking import Case, Failure, Mistake, Returned, Rng, fmt, make_case
from llmpath.exercises.probe_cases import ProbeCase, judge_cases, probe_calls
from .solution import clip_grad_norm as clip_ref, global_grad_norm as norm_ref

PROBE = "probe.py"
IN_PLACE = "in_place"                 # named by the probe's report, not by a mistake's output


def _per_tensor_norms(grads):
    return [float(np.linalg.norm(g)) for g in grads]


def _sum_of_norms(grads):
    return float(sum(np.linalg.norm(g) for g in grads))


def _squared(grads):
    return float(sum(np.sum(g * g) for g in grads))


NORM_MISTAKES = (
    Mistake("per_tensor_norms", _per_tensor_norms),
    Mistake("sum_of_norms", _sum_of_norms),
    Mistake("squared_norm", _squared),
)


def _clip_each_tensor(grads, max_norm):
    clipped = [clip_ref([g], max_norm)[0][0] for g in grads]
    return clipped, norm_ref(grads)


def _clip_values(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads], norm_ref(grads)


def _always_scaled(grads, max_norm):
    total = norm_ref(grads)
    return [g * (max_norm / (total + 1e-6)) for g in grads], total


def _norm_after(grads, max_norm):
    clipped, _ = clip_ref(grads, max_norm)
    return clipped, norm_ref(clipped)


def _sum_of_norms_clip(grads, max_norm):
    total = _sum_of_norms(grads)
    scale = min(1.0, max_norm / (total + 1e-6))
    return [g * scale for g in grads], total


CLIP_MISTAKES = (
    Mistake("clip_each_tensor", _clip_each_tensor),
    Mistake("clip_values", _clip_values),
    Mistake("always_scaled", _always_scaled),
    Mistake("norm_after", _norm_after),
    Mistake("sum_of_norms", _sum_of_norms_clip),
)


def _show_grads(grads, prefix=""):
    """One line per array, by its index in the list: a list of arrays is not one 2-D array."""
    return "\n".join(f"{prefix}[{i}] = {fmt(np.asarray(g), 240)}" for i, g in enumerate(grads))


def _show_result(value):
    if isinstance(value, (list, tuple)) and value and all(isinstance(g, np.ndarray) for g in value):
        return _show_grads(value, "clipped")
    return fmt(value)


def _inputs(args):
    lines = [_show_grads(args["grads"], "grads")]
    if "max_norm" in args:
        lines.append(f"max_norm = {fmt(args['max_norm'])}")
    return "\n".join(lines)


def _norm_case(name, grads, expected=None):
    opts = {"mistakes": NORM_MISTAKES}
    if expected is None:
        return ProbeCase("global_grad_norm", make_case(name, "global_grad_norm", norm_ref, {"grads": grads}, **opts))
    return ProbeCase("global_grad_norm", Case(name, "global_grad_norm", {"grads": grads}, expected, **opts))


def _clip_case(name, grads, max_norm, expected=None):
    opts = {"mistakes": CLIP_MISTAKES, "outputs": ("clipped", "total_norm"), "show": _show_result}
    args = {"grads": grads, "max_norm": max_norm}
    if expected is None:
        return ProbeCase("clip_grad_norm", make_case(name, "clip_grad_norm", clip_ref, args, **opts))
    return ProbeCase("clip_grad_norm", Case(name, "clip_grad_norm", args, expected, **opts))


@lru_cache(maxsize=1)
def _cases():
    rng = Rng(29)
    worked = [np.array([3.0, 0.0]), np.array([0.0, 4.0, 12.0])]
    shapes = ((4, 3), (3,), (2, 2, 2))
    seeded = [rng.normal(*shape, scale=1.5) for shape in shapes]
    s = 1.0 / (13.0 + 1e-6)
    return (
        _norm_case(("the unit's example: [3, 0] and [0, 4, 12]", "本单元的例子：[3, 0] 和 [0, 4, 12]"), worked, 13.0),
        _norm_case(("a matrix, a vector and a 3-D array (seed 29)", "一个矩阵、一个向量和一个三维数组（种子 29）"), seeded),
        _clip_case(("the unit's example, max_norm = 1: every entry divided by 13", "本单元的例子，max_norm = 1：每个元素都除以 13"),
                   worked, 1.0, ([np.array([3.0 * s, 0.0]), np.array([0.0, 4.0 * s, 12.0 * s])], 13.0)),
        _clip_case(("norm 0.5 below max_norm = 1: unchanged", "范数 0.5 低于 max_norm = 1：保持不变"),
                   [np.array([0.3, 0.4]), np.array([[0.0]])], 1.0, ([np.array([0.3, 0.4]), np.array([[0.0]])], 0.5)),
        _clip_case(("each tensor has norm 1 < 1.2, all together √2 > 1.2", "每个张量的范数都是 1 < 1.2，合起来是 √2 > 1.2"),
                   [np.array([0.6, 0.8]), np.array([0.8, -0.6])], 1.2),
        _clip_case(("an exploding gradient, norm about 1e4 (seed 29)", "梯度爆炸，范数约为 1e4（种子 29）"),
                   [rng.normal(5, 4, scale=2000.0), rng.normal(4, scale=2000.0)], 1.0),
        _clip_case(("seeded parameters of three shapes, max_norm = 2 (seed 29)", "三种形状的随机参数，max_norm = 2（种子 29）"),
                   [g.copy() for g in seeded], 2.0),
    )


def calls():
    return probe_calls(_cases())


def _mutated(item, changed, messages):
    func = item.case.func
    which = ", ".join(f"grads[{int(i)}]" for i in changed[:4])
    return Failure("mutated", (f"{func}() changed the caller's gradients in place ({which})",
                               f"{func}() 原地修改了调用者的梯度（{which}）"),
                   why=messages.get(IN_PLACE), case=item.case.name, inputs=_inputs(item.case.args), mistake=IN_PLACE)


def judge(outcomes, messages):
    """The probe's dicts unwrapped into the learner's results, judged in order; the first call that changed
    its inputs fails as in_place, at its own place in the order."""
    cases = _cases()
    results = []
    for index, (item, outcome) in enumerate(zip(cases, outcomes)):
        if isinstance(outcome, Returned) and isinstance(outcome.value, dict) and "result" in outcome.value:
            changed = outcome.value.get("changed") or []
            if changed:
                _judge(cases[:index], results, messages)          # an earlier case fails first, as it would
                failure = _mutated(item, changed, messages)
                failure.case_index = index + 1
                raise failure
            outcome = Returned(value=outcome.value["result"], args_after={}, warning=outcome.warning)
        results.append(outcome)
    return _judge(cases, results, messages)


def _judge(cases, outcomes, messages):
    try:
        return judge_cases(cases, outcomes, messages)
    except Failure as failure:
        index = (failure.case_index or 1) - 1
        if index < len(cases):
            failure.inputs = _inputs(cases[index].case.args)
        raise


MISTAKE_NAMES = tuple(sorted({m.name for m in NORM_MISTAKES + CLIP_MISTAKES} | {IN_PLACE}))

"""Checks for dpo-loss: hand-worked pairs, policy equal to the reference (loss log 2), a seeded batch, margins
so large that a naive sigmoid overflows or rounds to 0, and a beta sweep whose table the child prints.

Each case is called through ``probe.py`` (so the sweep can print from the child); the parent judges every
result with the reference exactly as a plain case would be judged, typical mistakes included.
"""

import numpy as np

from llmpath.exercises.checking import Call, Case, Failure, Mistake, Raised, Returned, call_failure, check_returned, fmt_args, make_case, mismatch
from .solution import dpo_loss as loss_ref, dpo_margins as margins_ref

PROBE = "probe.py"
SWEEP_BETAS = (0.01, 0.1, 0.5, 1.0, 5.0)


def _margins(pc, pr, rc, rr, beta, *, swap=False, reference=True, with_beta=True, ref_sign=-1.0):
    chosen = pc + ref_sign * rc if reference else pc
    rejected = pr + ref_sign * rr if reference else pr
    gap = (rejected - chosen) if swap else (chosen - rejected)
    return (beta if with_beta else 1.0) * gap


def _softplus_neg(m):
    return np.logaddexp(0.0, -m)


def _naive(m):
    return -np.log(1.0 / (1.0 + np.exp(-m)))


MARGIN_MISTAKES = (
    Mistake("swapped", lambda pc, pr, rc, rr, beta: _margins(pc, pr, rc, rr, beta, swap=True)),
    Mistake("no_reference", lambda pc, pr, rc, rr, beta: _margins(pc, pr, rc, rr, beta, reference=False)),
    Mistake("no_beta", lambda pc, pr, rc, rr, beta: _margins(pc, pr, rc, rr, beta, with_beta=False)),
    Mistake("reference_added", lambda pc, pr, rc, rr, beta: _margins(pc, pr, rc, rr, beta, ref_sign=1.0)),
)

LOSS_MISTAKES = (
    Mistake("naive_sigmoid", lambda pc, pr, rc, rr, beta: float(np.mean(_naive(_margins(pc, pr, rc, rr, beta))))),
    Mistake("swapped", lambda pc, pr, rc, rr, beta: float(np.mean(_softplus_neg(_margins(pc, pr, rc, rr, beta, swap=True))))),
    Mistake("no_reference", lambda pc, pr, rc, rr, beta: float(np.mean(_softplus_neg(_margins(pc, pr, rc, rr, beta, reference=False))))),
    Mistake("beta_outside", lambda pc, pr, rc, rr, beta: float(np.mean(beta * _softplus_neg(_margins(pc, pr, rc, rr, 1.0))))),
    Mistake("no_beta", lambda pc, pr, rc, rr, beta: float(np.mean(_softplus_neg(_margins(pc, pr, rc, rr, beta, with_beta=False))))),
    Mistake("sum_not_mean", lambda pc, pr, rc, rr, beta: float(np.sum(_softplus_neg(_margins(pc, pr, rc, rr, beta))))),
    Mistake("log_sigmoid_sign", lambda pc, pr, rc, rr, beta: float(np.mean(-_softplus_neg(_margins(pc, pr, rc, rr, beta))))),
)
MISTAKE_NAMES = tuple(dict.fromkeys(m.name for m in MARGIN_MISTAKES + LOSS_MISTAKES))


def _pairs(pc, pr, rc, rr, beta):
    return {"policy_chosen": np.array(pc, dtype=float), "policy_rejected": np.array(pr, dtype=float),
            "ref_chosen": np.array(rc, dtype=float), "ref_rejected": np.array(rr, dtype=float), "beta": beta}


def _seeded_batch(seed, n):
    """Summed log-probs of whole answers (tens of nats), the policy a little past the reference."""
    rng = np.random.default_rng(seed)
    ref_chosen, ref_rejected = -rng.normal(60, 15, n), -rng.normal(60, 15, n)
    return (ref_chosen + rng.normal(0.5, 2.0, n), ref_rejected + rng.normal(-0.5, 2.0, n), ref_chosen, ref_rejected)


def cases():
    """The cases in order (the parent's reference values; a hand-worked `expected` where the task works it)."""
    worked = _pairs([-10.0], [-12.0], [-11.0], [-14.0], 0.5)   # gains 1 and 2 nats: margin 0.5 * (1 - 2) = -0.5
    out = [Case(("the worked pair of the task: margin", "任务中算过的那一对：margin"), "dpo_margins", worked,
                np.array([-0.5]), mistakes=MARGIN_MISTAKES),
           Case(("the worked pair of the task: loss log(1 + e^0.5)", "任务中算过的那一对：损失 log(1 + e^0.5)"), "dpo_loss",
                dict(worked), float(np.log1p(np.exp(0.5))), mistakes=LOSS_MISTAKES)]
    same = _pairs([-5.0, -7.0, -20.0], [-6.0, -3.0, -18.0], [-5.0, -7.0, -20.0], [-6.0, -3.0, -18.0], 2.0)
    out.append(Case(("policy equal to the reference: loss log 2", "策略与参考模型相同：损失为 log 2"), "dpo_loss", same,
                    float(np.log(2.0)), mistakes=LOSS_MISTAKES))
    for seed, beta in ((3, 0.1), (4, 0.5)):
        batch = _pairs(*_seeded_batch(seed, 8), beta)
        out.append(make_case((f"8 seeded pairs, beta = {beta} (seed {seed}): margins", f"8 个种子偏好对，beta = {beta}（种子 {seed}）：margin"),
                             "dpo_margins", margins_ref, batch, mistakes=MARGIN_MISTAKES))
        out.append(make_case((f"8 seeded pairs, beta = {beta} (seed {seed}): loss", f"8 个种子偏好对，beta = {beta}（种子 {seed}）：损失"),
                             "dpo_loss", loss_ref, dict(batch), mistakes=LOSS_MISTAKES))
    wrong = _pairs([-900.0, -1200.0], [-100.0, -150.0], [-500.0, -600.0], [-500.0, -600.0], 1.0)   # margins -800, -1050
    out.append(make_case(("confidently wrong: margins -800 and -1050", "非常自信地排错：margin 为 -800 和 -1050"), "dpo_loss",
                         loss_ref, wrong, mistakes=LOSS_MISTAKES))
    right = _pairs([-100.0, -150.0], [-180.0, -270.0], [-100.0, -150.0], [-100.0, -150.0], 0.5)   # margins 40, 60
    out.append(make_case(("confidently right: margins 40 and 60, loss about 2e-18", "非常自信地排对：margin 为 40 和 60，损失约 2e-18"),
                         "dpo_loss", loss_ref, right, mistakes=LOSS_MISTAKES, rtol=1e-6, atol=0.0))
    return out


def _sweep_batch():
    return dict(zip(("policy_chosen", "policy_rejected", "ref_chosen", "ref_rejected"), _seeded_batch(11, 64)))


def calls():
    steps = [Call(case.name, "run", {"function": case.func, **case.args}, fmt_args(case.args)) for case in cases()]
    steps.append(Call(("the beta trade-off on 64 seeded pairs", "64 个种子偏好对上 β 的权衡"), "beta_sweep",
                      {**_sweep_batch(), "betas": np.array(SWEEP_BETAS)}, f"64 pairs (seed 11), beta = {', '.join(map(str, SWEEP_BETAS))}"))
    return steps


def judge(outcomes, messages):
    """Each case as a plain check would judge it, then the sweep; raise Failure at the first wrong step."""
    steps, all_cases = calls(), cases()
    for index, (case, outcome) in enumerate(zip(all_cases, outcomes), start=1):
        try:
            if isinstance(outcome, Raised):
                raise call_failure(outcome, f"{case.func}()", case=case.name, inputs=fmt_args(case.args))
            if not isinstance(outcome, Returned):
                raise Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"), case=case.name)
            check_returned(case, outcome, messages)
        except Failure as failure:
            failure.case_index = index
            raise
    _judge_sweep(steps[-1], outcomes[len(all_cases)], len(steps))
    return len(steps)


def _judge_sweep(call, outcome, index):
    try:
        if isinstance(outcome, Raised):
            raise call_failure(outcome, "dpo_loss()", case=call.name, inputs=call.shown)
        value = outcome.value if isinstance(outcome, Returned) else None
        if not isinstance(value, dict) or not isinstance(value.get("losses"), list) or not isinstance(value.get("margins"), list):
            raise Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"), case=call.name)
        batch = _sweep_batch()
        for beta, loss, margins in zip(SWEEP_BETAS, value["losses"], value["margins"]):
            for what, got, want in (("dpo_margins", margins, margins_ref(*batch.values(), beta)),
                                    ("dpo_loss", loss, loss_ref(*batch.values(), beta))):
                problem = mismatch(got, want, rtol=1e-6, atol=1e-9)
                if problem:
                    raise Failure("mismatch", (f"{what}() at beta = {beta}: {problem[0]}", f"beta = {beta} 时 {what}()：{problem[1]}"),
                                  case=call.name, inputs=call.shown)
    except Failure as failure:
        failure.case_index = index
        raise

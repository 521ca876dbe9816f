"""Checks for lm-training: each piece on fixed and seeded cases, then a small model trained with all four.

The learner's functions run in the child through ``probe.py`` (they take torch tensors). Every
expected value is recomputed here with numpy in float64 — the same numbers as torch's own
F.cross_entropy, torch.optim.AdamW, clip_grad_norm_ and LinearLR + CosineAnnealingLR
(tests/exercises/test_lm_training.py holds these references to torch) — so the parent never imports
torch. The training step's validation losses are computed here too, from the weights the child returns.
"""

import math

import numpy as np

from llmpath.exercises.checking import Call, Case, Failure, Mistake, Returned, check_returned, fmt, judge_steps, probe_data

PROBE = "probe.py"
NAMES = ("embed", "pos", "wq", "wk", "wv", "wo", "w1", "w2", "head")    # probe.NAMES
CHARS = "\n" + "".join(chr(i) for i in range(32, 127))                  # + one id for every other character
TRAIN = {"dim": 48, "context": 64, "batch": 16, "steps": 200, "max_lr": 1e-2, "warmup_steps": 20, "min_lr": 1e-3,
         "weight_decay": 0.1, "max_norm": 1.0, "seed": 0, "every": 50}
VAL_THRESHOLD = 2.9       # nats per character; the reference reaches about 2.71 (a unigram model: 3.48)
TIME_BUDGET_S = 60.0      # the training loop itself; the reference takes about 5 s on one core
VAL_WINDOWS = 64


# ---------------------------------------------------------------------- references (float64 numpy)

def _log_softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _ce(logits, targets):
    logp = _log_softmax(logits.reshape(-1, logits.shape[-1]).astype(np.float64))
    return float(-logp[np.arange(logp.shape[0]), targets.reshape(-1)].mean())


def lm_loss_ref(logits, ids):
    return _ce(logits[:, :-1], ids[:, 1:])


def _adamw(params, grads, lr, betas, eps, weight_decay, *, l2=False, bias_correction=True, decay_lr=True, eps_inside=False):
    b1, b2 = betas
    ps = [p.astype(np.float64).copy() for p in params]
    m = [np.zeros_like(p) for p in ps]
    v = [np.zeros_like(p) for p in ps]
    after = []
    for t, step_grads in enumerate(grads, start=1):
        for i, g in enumerate(step_grads):
            if l2:
                g = g + weight_decay * ps[i]                       # Adam with L2: the decay goes through m and v
            else:
                ps[i] = ps[i] * (1 - (lr if decay_lr else 1.0) * weight_decay)
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            m_hat = m[i] / (1 - b1 ** t) if bias_correction else m[i]
            v_hat = v[i] / (1 - b2 ** t) if bias_correction else v[i]
            denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
            ps[i] = ps[i] - lr * m_hat / denom
        after.append([p.copy() for p in ps])
    return after


def adamw_ref(params, grads, lr, betas, eps, weight_decay):
    return _adamw(params, grads, lr, betas, eps, weight_decay)


def _clip(grads, max_norm, *, per_tensor=False, always=False, report_after=False):
    grads = [g.astype(np.float64) for g in grads]
    if per_tensor:
        out = [g * min(1.0, max_norm / (np.sqrt((g ** 2).sum()) + 1e-6)) for g in grads]
        total = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
    else:
        total = math.sqrt(sum(float((g ** 2).sum()) for g in grads))
        scale = max_norm / (total + 1e-6)
        out = [g * (scale if always or scale < 1.0 else 1.0) for g in grads]
    if report_after:
        total = math.sqrt(sum(float((g ** 2).sum()) for g in out))
    return [total, out]


def clip_ref(grads, max_norm):
    return _clip(grads, max_norm)


def _lr(step, max_lr, warmup, total, min_lr, *, warmup_on=True, from_zero=False, ignore_min=False, over_total=False):
    floor = 0.0 if ignore_min else min_lr
    if warmup_on and step < warmup:
        return max_lr * (step if from_zero else step + 1) / warmup
    if step >= total:
        return min_lr
    start = warmup if warmup_on and not over_total else 0
    progress = (step - start) / (total - start)
    return floor + 0.5 * (max_lr - floor) * (1 + math.cos(math.pi * progress))


def schedule_ref(steps, max_lr, warmup_steps, total_steps, min_lr, **how):
    return np.array([_lr(s, max_lr, warmup_steps, total_steps, min_lr, **how) for s in steps])


# ---------------------------------------------------------------------- typical mistakes (as code)

LOSS_MISTAKES = (
    Mistake("no_shift", lambda logits, ids: _ce(logits, ids)),
    Mistake("shift_reversed", lambda logits, ids: _ce(logits[:, 1:], ids[:, :-1])),
    Mistake("loss_sum", lambda logits, ids: lm_loss_ref(logits, ids) * ids.shape[0] * (ids.shape[1] - 1)),
)
ADAMW_MISTAKES = (
    Mistake("adam_l2", lambda *a: _adamw(*a, l2=True)),
    Mistake("no_bias_correction", lambda *a: _adamw(*a, bias_correction=False)),
    Mistake("decay_without_lr", lambda *a: _adamw(*a, decay_lr=False)),
    Mistake("eps_inside_sqrt", lambda *a: _adamw(*a, eps_inside=True)),
)
CLIP_MISTAKES = (
    Mistake("per_tensor_clip", lambda *a: _clip(*a, per_tensor=True)),
    Mistake("always_scale", lambda *a: _clip(*a, always=True)),
    Mistake("norm_after_clip", lambda *a: _clip(*a, report_after=True)),
)
SCHEDULE_MISTAKES = (
    Mistake("no_warmup", lambda *a: schedule_ref(*a, warmup_on=False)),
    Mistake("warmup_from_zero", lambda *a: schedule_ref(*a, from_zero=True)),
    Mistake("cosine_ignores_min", lambda *a: schedule_ref(*a, ignore_min=True)),
    Mistake("cosine_over_total", lambda *a: schedule_ref(*a, over_total=True)),
)
MISTAKE_NAMES = tuple(m.name for group in (LOSS_MISTAKES, ADAMW_MISTAKES, CLIP_MISTAKES, SCHEDULE_MISTAKES) for m in group)


# ---------------------------------------------------------------------- inputs

def course_ids():
    """The course's own English lesson text as character ids (printable ASCII and newline; every other character one id)."""
    from llmpath.content.catalog import load_catalog

    catalog = load_catalog()
    text = "\n\n".join(section.body.en for unit in catalog.path_order() for section in unit.sections)
    index = {ch: i for i, ch in enumerate(CHARS)}
    return np.array([index.get(ch, len(CHARS)) for ch in text], dtype=np.int64)


def _split():
    ids = course_ids()
    cut = int(len(ids) * 0.9)
    return ids[:cut], ids[cut:]


def _inputs():
    rng = np.random.default_rng(12)
    fixed_logits = np.array([[[2.0, 0.0, -1.0], [0.0, 3.0, 0.0], [1.0, 1.0, 1.0], [-2.0, 0.0, 2.0]]])
    fixed_ids = np.array([[0, 1, 2, 0]])
    seeded_logits, seeded_ids = rng.normal(size=(2, 6, 7)) * 2.0, rng.integers(0, 7, size=(2, 6))
    adam_fixed = {"params": [np.array([1.0, -2.0, 0.5])], "grads": [[np.array([0.5, 0.1, -0.3])]],
                  "lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.1}
    shapes = ((3, 4), (5,))
    adam_seeded = {"params": [rng.normal(size=s) for s in shapes],
                   "grads": [[rng.normal(size=s) * 0.1 for s in shapes] for _ in range(4)],
                   "lr": 0.01, "betas": [0.8, 0.95], "eps": 1e-6, "weight_decay": 0.5}
    clip_cases = [
        (("global norm 5 clipped to 1", "全局范数 5 裁剪到 1"), [np.array([3.0, 0.0]), np.array([[4.0]])], 1.0),
        (("norm 0.5 below the limit 1: unchanged", "范数 0.5 低于上限 1：不变"), [np.array([0.3, 0.0]), np.array([0.4])], 1.0),
        (("three tensors, max_norm 2 (seed 12)", "三个张量，max_norm 2（种子 12）"),
         [rng.normal(size=(4, 3)), rng.normal(size=(6,)) * 0.1, rng.normal(size=(2, 2)) * 3.0], 2.0),
    ]
    return fixed_logits, fixed_ids, seeded_logits, seeded_ids, adam_fixed, adam_seeded, clip_cases


SCHEDULE = {"steps": list(range(0, 23)), "max_lr": 1e-3, "warmup_steps": 5, "total_steps": 20, "min_lr": 1e-4}


def calls():
    fixed_logits, fixed_ids, seeded_logits, seeded_ids, adam_fixed, adam_seeded, clip_cases = _inputs()
    out = [
        Call(("lm_loss: a hand-made (1, 4, 3) batch", "lm_loss：手工构造的 (1, 4, 3) 批次"), "loss",
             {"logits": fixed_logits, "ids": fixed_ids}, "logits (1, 4, 3) = " + fmt(fixed_logits) + "\nids = " + fmt(fixed_ids)),
        Call(("lm_loss: a batch (2, 6, 7) (seed 12)", "lm_loss：批次 (2, 6, 7)（种子 12）"), "loss",
             {"logits": seeded_logits, "ids": seeded_ids}, "logits (2, 6, 7), ids = " + fmt(seeded_ids)),
        Call(("adamw_step: one update of one tensor", "adamw_step：一个张量更新一步"), "adamw", adam_fixed,
             "params = [1, -2, 0.5], grad = [0.5, 0.1, -0.3], lr 0.1, betas (0.9, 0.999), eps 1e-8, weight_decay 0.1"),
        Call(("adamw_step: 4 updates of two tensors (seed 12)", "adamw_step：两个张量更新 4 步（种子 12）"), "adamw", adam_seeded,
             "params (3, 4) and (5,), lr 0.01, betas (0.8, 0.95), eps 1e-6, weight_decay 0.5, steps 1..4"),
    ]
    for name, grads, max_norm in clip_cases:
        out.append(Call(name, "clip", {"grads": grads, "max_norm": max_norm},
                        "grads = " + ", ".join(fmt(g, 120) for g in grads) + f", max_norm = {max_norm}"))
    out.append(Call(("lr_at: warm-up 5, total 20, steps 0..22", "lr_at：预热 5 步，共 20 步，第 0..22 步"), "schedule", SCHEDULE,
                    "max_lr 1e-3, warmup_steps 5, total_steps 20, min_lr 1e-4"))
    train_ids, _ = _split()
    args = dict(TRAIN, ids=train_ids, vocab=len(CHARS) + 1)
    out.append(Call(("train a small model on the course's text", "用课程文本训练一个小模型"), "train", args,
                    f"{len(train_ids)} characters, {TRAIN['steps']} steps, batch {TRAIN['batch']} × {TRAIN['context']}"))
    return out


# ---------------------------------------------------------------------- judging

def _judge_case(call, name, reference, args, got, mistakes, **options):
    case = Case(name=call.name, func=name, args=args, expected=reference(*args.values()), mistakes=mistakes, **options)
    try:
        check_returned(case, Returned(got, args_after=args), {})
    except Failure as failure:
        failure.inputs = call.shown
        raise


def judge(outcomes, messages):
    """Every step in order; the first failure is raised. Returns (steps, the loss curve as a report)."""
    try:
        return judge_steps(calls(), outcomes, lambda index, call, outcome: _judge_step(call, outcome, messages))
    except Failure as failure:
        if failure.mistake and failure.why is None:   # its cases are judged without the messages (_judge_case)
            failure.why = messages.get(failure.mistake)
        raise


def _judge_step(call, outcome, messages):
    if call.probe == "loss":
        data = probe_data(outcome, call, "lm_loss()")
        if not data.get("tensor"):
            raise Failure("mismatch", ("lm_loss() must return a torch tensor (a scalar), so that .backward() works",
                                       "lm_loss() 必须返回 torch 张量（标量），这样才能调用 .backward()"), case=call.name, inputs=call.shown)
        value = data.get("value")
        if not isinstance(value, np.ndarray) or value.size != 1:
            shape = getattr(value, "shape", "?")
            raise Failure("mismatch", (f"lm_loss() must return one number (shape ()), got shape {shape}",
                                       f"lm_loss() 必须返回一个数（形状 ()），实际形状 {shape}"),
                          why=("average over every (position, next token) pair: B × (T − 1) of them, not per row or per position",
                               "对所有（位置，下一个词元）对求平均：共 B × (T − 1) 对，而不是按行或按位置"), case=call.name, inputs=call.shown)
        if not data.get("requires_grad") or not data.get("grad_reached"):
            raise Failure("mismatch", ("the loss does not lead back to the logits: no gradient would reach the model",
                                       "损失无法回溯到 logits：梯度到不了模型"),
                          why=("compute it with torch operations on the logits, without .detach(), .item() or numpy",
                               "用 torch 运算直接在 logits 上计算，不要用 .detach()、.item() 或 numpy"), case=call.name, inputs=call.shown)
        _judge_case(call, "lm_loss", lm_loss_ref, {"logits": call.args["logits"], "ids": call.args["ids"]},
                    float(value.reshape(())), LOSS_MISTAKES, rtol=1e-6, atol=1e-9)
    elif call.probe == "adamw":
        data = probe_data(outcome, call, "adamw_step()")
        _judge_adamw(call, data.get("after"))
    elif call.probe == "clip":
        data = probe_data(outcome, call, "clip_grad_norm()")
        if data.get("norm") is None:
            raise Failure("mismatch", ("clip_grad_norm() must return the total norm before clipping, as a number",
                                       "clip_grad_norm() 必须返回裁剪前的总范数（一个数）"), case=call.name, inputs=call.shown)
        _judge_case(call, "clip_grad_norm", clip_ref, {"grads": call.args["grads"], "max_norm": call.args["max_norm"]},
                    [data["norm"], data.get("grads")], CLIP_MISTAKES, rtol=1e-7, atol=1e-9, outputs=("norm", "grads"))
    elif call.probe == "schedule":
        data = probe_data(outcome, call, "lr_at()")
        got = np.array(data.get("lrs"), dtype=np.float64) if isinstance(data.get("lrs"), list) else None
        _judge_case(call, "lr_at", schedule_ref, dict(SCHEDULE), got, SCHEDULE_MISTAKES, rtol=1e-9, atol=1e-12)
    elif call.probe == "train":
        return _judge_training(call, probe_data(outcome, call, "training"))
    return None


def _judge_adamw(call, got):
    """Tensor by tensor, update by update: the first wrong one is shown, with the mistake that explains it."""
    args = {k: call.args[k] for k in ("params", "grads", "lr", "betas", "eps", "weight_decay")}
    expected = adamw_ref(*args.values())
    if not (isinstance(got, list) and len(got) == len(expected) and all(isinstance(g, list) and len(g) == len(e) for g, e in zip(got, expected))):
        raise Failure("untrusted", ("the check could not read the tensors after your updates", "无法读取你更新后的张量"), case=call.name)
    for t, (got_step, want_step) in enumerate(zip(got, expected)):
        for i in range(len(want_step)):
            part = lambda fn, t=t, i=i: (lambda *a: fn(*a)[t][i])           # noqa: E731 - one tensor of one update
            name = (f"{call.name[0]} — tensor {i} after update {t + 1}", f"{call.name[1]}——第 {t + 1} 次更新后的张量 {i}")
            case = Case(name=name, func="adamw_step", args=args, expected=want_step[i], rtol=1e-7, atol=1e-10,
                        mistakes=[Mistake(m.name, part(m.fn)) for m in ADAMW_MISTAKES])
            try:
                check_returned(case, Returned(got_step[i], args_after=args), {})
            except Failure as failure:
                failure.inputs = call.shown
                raise


def _judge_training(call, data):
    if data.get("problem") == "loss":
        raise Failure("mismatch", ("during training lm_loss() returned something without a gradient",
                                   "训练时 lm_loss() 返回的结果没有梯度"), case=call.name)
    snapshots, seconds = data.get("snapshots"), data.get("seconds")
    want = TRAIN["steps"] // TRAIN["every"] + 1
    if not isinstance(snapshots, list) or len(snapshots) != want or not isinstance(seconds, float):
        raise Failure("untrusted", ("the check could not read the trained weights", "无法读取训练后的权重"), case=call.name)
    _, val_ids = _split()
    curve = [validation_loss([_array(a) for a in snap], val_ids) for snap in snapshots]
    shown = " → ".join(f"{loss:.3f}" for loss in curve)
    at = ", ".join(str(i * TRAIN["every"]) for i in range(want))
    if not all(math.isfinite(x) for x in curve) or curve[-1] >= VAL_THRESHOLD:
        raise Failure("mismatch", (f"the validation loss did not fall below {VAL_THRESHOLD} in {TRAIN['steps']} steps: {shown}",
                                   f"{TRAIN['steps']} 步内验证损失没有降到 {VAL_THRESHOLD} 以下：{shown}"),
                      why=("your pieces pass their own cases: do they work together? the loss must go through "
                           "clip_grad_norm before adamw_step, and lr_at is called with the step from 0",
                           "各部分单独都通过了：它们能一起工作吗？先 clip_grad_norm 再 adamw_step，lr_at 的步数从 0 开始"),
                      case=call.name, inputs=call.shown)
    if seconds > TIME_BUDGET_S:
        raise Failure("mismatch", (f"training took {seconds:.0f} s, more than the budget of {TIME_BUDGET_S:.0f} s",
                                   f"训练用了 {seconds:.0f} 秒，超过了 {TIME_BUDGET_S:.0f} 秒的预算"),
                      why=("keep the pieces vectorised: no Python loop over elements, no .item() per element",
                           "保持向量化：不要逐元素用 Python 循环，也不要逐元素调用 .item()"), case=call.name)
    return (f"validation loss at steps {at}: {shown} (below {VAL_THRESHOLD} ✓), {TRAIN['steps']} steps in {seconds:.1f} s",
            f"第 {at} 步的验证损失：{shown}（低于 {VAL_THRESHOLD} ✓），{TRAIN['steps']} 步用时 {seconds:.1f} 秒")


def _array(value):
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        raise Failure("untrusted", ("the check could not read the trained weights", "无法读取训练后的权重"))
    return value.astype(np.float64)


def _norm(x):
    return x / np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + 1e-5)


def forward(weights, ids):
    """probe.forward in numpy: embedding + positions, one causal attention block, an MLP, the head."""
    w = dict(zip(NAMES, weights))
    T, D = ids.shape[1], w["embed"].shape[1]
    h = w["embed"][ids] + w["pos"][:T]
    n = _norm(h)
    q, k, v = n @ w["wq"], n @ w["wk"], n @ w["wv"]
    scores = q @ np.swapaxes(k, -1, -2) / math.sqrt(D)
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    att = np.exp(scores - scores.max(axis=-1, keepdims=True))
    att /= att.sum(axis=-1, keepdims=True)
    h = h + (att @ v) @ w["wo"]
    h = h + np.maximum(_norm(h) @ w["w1"], 0.0) @ w["w2"]
    return _norm(h) @ w["head"]


def validation_loss(weights, val_ids):
    """Shifted cross-entropy on VAL_WINDOWS fixed windows of the held-out text (the last 10 % of it)."""
    context = TRAIN["context"]
    shapes = {"embed": (len(CHARS) + 1, TRAIN["dim"]), "pos": (context, TRAIN["dim"])}
    for name, w in zip(NAMES, weights):
        if name in shapes and w.shape != shapes[name]:
            raise Failure("untrusted", ("the check could not read the trained weights", "无法读取训练后的权重"))
    starts = np.random.default_rng(5).integers(0, len(val_ids) - context, size=VAL_WINDOWS)
    x = np.stack([val_ids[s:s + context] for s in starts])
    with np.errstate(all="ignore"):
        return lm_loss_ref(forward(weights, x), x)

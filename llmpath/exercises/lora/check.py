"""Checks for lora: construction (A random, B zero, base frozen, only A and B trainable), the output at step 0,
the forward pass with known A and B on 2-D and 3-D inputs, merge and unmerge exact to 1e-6, gradients at the
first step, and a short fine-tune of a tiny network whose held-out loss must fall.

The learner's layer runs in the child through ``probe.py``; every expected value is recomputed here with numpy
from the weights the probe returns, the fine-tune's held-out loss included (from the merged weights).
"""

import numpy as np

from llmpath.exercises.checking import Call, Failure, Raised, Returned, call_failure, fmt, judge_steps

PROBE = "probe.py"
IN, OUT, R, ALPHA = 6, 5, 2, 4.0
SCALE = ALPHA / R
EXACT = 1e-6                  # merge and unmerge must restore the weights to this (float32 arithmetic)
CLOSE = dict(rtol=1e-5, atol=1e-5)
FT_R, FT_ALPHA, FT_STEPS, FT_LR = 4, 8.0, 150, 1e-2
FT_REQUIRED_DROP = 0.8        # the held-out MSE must fall by at least 80 %

MISTAKE_NAMES = ("b_not_zero", "a_zero", "base_trainable", "scale_inverted", "no_scale", "scale_alpha",
                 "merge_no_scale", "forward_after_merge", "unmerge_no_scale")


def _inputs():
    rng = np.random.default_rng(5)
    return {"x0": rng.normal(size=(4, IN)).astype(np.float32), "x3": rng.normal(size=(2, 3, IN)).astype(np.float32),
            "A": rng.normal(size=(R, IN)).astype(np.float32), "B": rng.normal(size=(OUT, R)).astype(np.float32),
            "xg": rng.normal(size=(7, 8)).astype(np.float32)}


def _tanh_net(X, W1, b1, W2, b2):
    return np.tanh(X @ W1.T + b1) @ W2.T + b2


def _task():
    """A 'pretrained' network and a new task that differs from it by a low-rank change plus a little full-rank noise."""
    rng = np.random.default_rng(7)
    D, H = 32, 64
    W1, b1 = rng.normal(size=(H, D)) / np.sqrt(D), 0.1 * rng.normal(size=H)
    W2, b2 = rng.normal(size=(D, H)) / np.sqrt(H), 0.1 * rng.normal(size=D)

    def shift(o, i):
        low_rank = rng.normal(size=(o, 2)) @ rng.normal(size=(2, i)) * 0.5 / np.sqrt(i)
        return low_rank + 0.1 * rng.normal(size=(o, i)) / np.sqrt(i)

    T1, T2 = W1 + shift(H, D), W2 + shift(D, H)
    X_train, X_held = rng.normal(size=(512, D)), rng.normal(size=(256, D))
    f32 = lambda a: a.astype(np.float32)
    return {"W1": f32(W1), "b1": f32(b1), "W2": f32(W2), "b2": f32(b2),
            "X_train": f32(X_train), "Y_train": f32(_tanh_net(X_train, T1, b1, T2, b2)),
            "X_held": f32(X_held), "Y_held": f32(_tanh_net(X_held, T1, b1, T2, b2)),
            "r": FT_R, "alpha": FT_ALPHA, "steps": FT_STEPS, "lr": FT_LR}


def calls():
    i = _inputs()
    built = f"LoRALinear(nn.Linear({IN}, {OUT}), r={R}, alpha={ALPHA:g})"
    return [
        Call(("build " + built, "构造 " + built), "build",
             {"in_features": IN, "out_features": OUT, "r": R, "alpha": ALPHA, "seed": 0, "slot": "a"}, built),
        Call(("at step 0 the output is the base layer's", "第 0 步的输出就是原层的输出"), "forward", {"x": i["x0"], "slot": "a"},
             "x = " + fmt(i["x0"], 300)),
        Call(("forward with known A and B on (4, 6)", "给定 A、B 后对 (4, 6) 前向计算"), "forward_with",
             {"x": i["x0"], "A": i["A"], "B": i["B"], "slot": "a"}, f"x = {fmt(i['x0'], 200)}\nA = {fmt(i['A'], 200)}\nB = {fmt(i['B'], 200)}"),
        Call(("forward with known A and B on a 3-D input (2, 3, 6)", "给定 A、B 后对三维输入 (2, 3, 6) 前向计算"), "forward_with",
             {"x": i["x3"], "A": i["A"], "B": i["B"], "slot": "a"}, "x: (2, 3, 6)"),
        Call(("merge() folds the update into W", "merge() 把更新并入 W"), "merge", {"x": i["x3"], "slot": "a"}, "after the previous step"),
        Call(("unmerge() restores W", "unmerge() 恢复 W"), "unmerge", {"x": i["x3"], "slot": "a"}, "after merge()"),
        Call(("build LoRALinear(nn.Linear(8, 3), r=4, alpha=16) for gradients", "构造用于求梯度的 LoRALinear(nn.Linear(8, 3), r=4, alpha=16)"),
             "build", {"in_features": 8, "out_features": 3, "r": 4, "alpha": 16.0, "seed": 1, "slot": "g"},
             "LoRALinear(nn.Linear(8, 3), r=4, alpha=16)"),
        Call(("gradients at the first step", "第一步的梯度"), "gradients", {"x": i["xg"], "slot": "g"}, "x: (7, 8), loss = sum(out ** 2)"),
        Call(("fine-tune a tiny network with LoRA; the held-out loss must fall", "用 LoRA 微调一个小网络；留出集损失必须下降"),
             "fine_tune", _task(), f"tanh network 32 -> 64 -> 32, LoRA r = {FT_R} on both layers, {FT_STEPS} Adam steps, 512 training / 256 held-out examples"),
    ]


def _fail(message, why=None, **where):
    return Failure("mismatch", message, why=why, **where)


def _untrusted(call):
    return Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"), case=call.name)


def _data(outcome, call, what):
    if isinstance(outcome, Raised):
        failure = call_failure(outcome, what, case=call.name, inputs=call.shown)
        if "Module.__init__()" in failure.message[0]:
            failure.why = ("call super().__init__() first, before assigning any parameter", "先调用 super().__init__()，再给任何参数赋值")
        raise failure
    value = outcome.value if isinstance(outcome, Returned) else None
    if not isinstance(value, dict):
        raise _untrusted(call)
    if value.get("tensor") is False:
        got = str(value.get("type", "?"))[:100]
        raise _fail((f"forward() must return a tensor, got {got}", f"forward() 必须返回张量，实际得到 {got}"), case=call.name, inputs=call.shown)
    return value


def _array(value, shape, call):
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or tuple(value.shape) != tuple(shape):
        raise _untrusted(call)
    return value


def _compare(got, want, call, variants, messages, what="output", **tolerance):
    """Raise a Failure naming the first variant that ``got`` matches, unless it matches ``want``."""
    tolerance = tolerance or CLOSE
    if got.shape != want.shape:
        raise _fail((f"expected shape {want.shape}, got {got.shape}", f"期望形状 {want.shape}，实际得到 {got.shape}"),
                    ("x @ A.T has shape (..., r) and (x @ A.T) @ B.T has shape (..., out): keep the leading axes",
                     "x @ A.T 的形状是 (..., r)，(x @ A.T) @ B.T 的形状是 (..., out)：保留前导轴"),
                    case=call.name, inputs=call.shown, expected=fmt(want), got=fmt(got))
    if np.allclose(got, want, **tolerance):
        return
    name = next((n for n, v in variants if not np.allclose(v, want, **tolerance) and np.allclose(got, v, **tolerance)), None)
    with np.errstate(all="ignore"):
        diff = np.nan_to_num(np.abs(got - want), nan=np.inf)
    idx = tuple(int(k) for k in np.unravel_index(int(np.argmax(diff)), diff.shape))
    raise _fail((f"wrong {what}: at index {idx} expected {want[idx]:.7g}, got {got[idx]:.7g}",
                 f"{what}不对：位置 {idx} 期望 {want[idx]:.7g}，得到 {got[idx]:.7g}"),
                messages.get(name) if name else None, case=call.name, inputs=call.shown, expected=fmt(want), got=fmt(got), mistake=name)


def judge(outcomes, messages):
    state = {}
    return judge_steps(calls(), outcomes, lambda index, call, outcome: _judge_step(index, call, outcome, state, messages))


def _check_built(info, call, messages, in_features, out_features, r):
    if info.get("is_module") is not True:
        raise _fail(("LoRALinear must subclass nn.Module", "LoRALinear 必须继承 nn.Module"), case=call.name, inputs=call.shown)
    if not info.get("base_is_given"):
        raise _fail(("keep the given layer as self.base", "把传入的层保存为 self.base"), case=call.name, inputs=call.shown)
    if not (info.get("A_parameter") and info.get("B_parameter")):
        raise _fail(("self.A and self.B must be nn.Parameter", "self.A 和 self.B 必须是 nn.Parameter"),
                    ("wrap the tensors: self.A = nn.Parameter(torch.randn(r, in_features) …); a plain tensor is not trained",
                     "要包装张量：self.A = nn.Parameter(torch.randn(r, in_features) …)；普通张量不会被训练"), case=call.name, inputs=call.shown)
    A, B = info.get("A"), info.get("B")
    if not isinstance(A, np.ndarray) or not isinstance(B, np.ndarray):
        raise _untrusted(call)
    if A.shape != (r, in_features) or B.shape != (out_features, r):
        raise _fail((f"expected A of shape {(r, in_features)} and B of shape {(out_features, r)}, got {A.shape} and {B.shape}",
                     f"A 的形状应为 {(r, in_features)}，B 的形状应为 {(out_features, r)}，实际为 {A.shape} 和 {B.shape}"),
                    ("A maps the input down to r numbers (r, in); B maps them up to the output (out, r), like nn.Linear's (out, in)",
                     "A 把输入降到 r 维 (r, in)；B 再升到输出维 (out, r)，与 nn.Linear 的 (out, in) 布局一致"), case=call.name, inputs=call.shown)
    if np.any(B != 0):
        raise _fail(("B must start at zero", "B 的初始值必须全为零"), messages.get("b_not_zero"), case=call.name, inputs=call.shown,
                    got="B = " + fmt(B), mistake="b_not_zero")
    if not np.all(np.isfinite(A)) or np.all(A == 0):
        raise _fail(("A must start random, not zero", "A 的初始值必须是随机数，不能为零"), messages.get("a_zero"), case=call.name,
                    inputs=call.shown, got="A = " + fmt(A), mistake="a_zero")
    if any(info.get("base_trainable") or []):
        raise _fail(("the base layer's weight and bias must be frozen", "原层的权重和偏置必须冻结"), messages.get("base_trainable"),
                    case=call.name, inputs=call.shown, mistake="base_trainable")
    trainable = info.get("trainable")
    if not isinstance(trainable, list):
        raise _untrusted(call)
    count, want = sum(n for _, n in trainable if isinstance(n, int)), r * (in_features + out_features)
    if count != want:
        raise _fail((f"expected {want} trainable parameters (A and B), found {count}", f"应有 {want} 个可训练参数（A 和 B），实际有 {count} 个"),
                    case=call.name, inputs=call.shown)


def _judge_step(index, call, outcome, state, messages):
    probe = call.probe
    if probe == "build":
        info = _data(outcome, call, "LoRALinear(…)")
        a = call.args
        _check_built(info, call, messages, a["in_features"], a["out_features"], a["r"])
        W = _array(info.get("W"), (a["out_features"], a["in_features"]), call)
        b = _array(info.get("b"), (a["out_features"],), call)
        state[a["slot"]] = {"W": W, "b": b, "A": info["A"], "scale": a["alpha"] / a["r"]}
    elif probe == "forward":
        s = state["a"]
        x = call.args["x"].astype(np.float64)
        got = _array(_data(outcome, call, "LoRALinear.forward()").get("out"), (x.shape[0], OUT), call)
        base = x @ s["W"].T + s["b"]
        if not np.allclose(got, base, **CLOSE):
            raise _fail(("at step 0 the layer must give exactly the base layer's output", "第 0 步时该层的输出必须与原层完全相同"),
                        ("with B = 0 the update scale * (x @ A.T) @ B.T is zero: return self.base(x) plus it",
                         "B = 0 时更新 scale * (x @ A.T) @ B.T 为零：返回 self.base(x) 加上它"),
                        case=call.name, inputs=call.shown, expected=fmt(base), got=fmt(got))
    elif probe == "forward_with":
        s = state["a"]
        x, A, B = (call.args[k].astype(np.float64) for k in ("x", "A", "B"))
        data = _data(outcome, call, "LoRALinear.forward()")
        got = data.get("out")
        if not isinstance(got, np.ndarray) or got.dtype.kind != "f":
            raise _untrusted(call)
        base, update = x @ s["W"].T + s["b"], (x @ A.T) @ B.T
        variants = (("scale_inverted", base + (R / ALPHA) * update), ("no_scale", base + update), ("scale_alpha", base + ALPHA * update))
        _compare(got, base + SCALE * update, call, variants, messages)
        s["A"], s["B"], s["out"] = A, B, base + SCALE * update
    elif probe in ("merge", "unmerge"):
        s = state["a"]
        data = _data(outcome, call, f"LoRALinear.{probe}()")
        W_after = _array(data.get("W"), (OUT, IN), call)
        got = _array(data.get("out"), s["out"].shape, call)
        update = s["B"] @ s["A"]
        if probe == "merge":
            variants = (("merge_no_scale", s["W"] + update),)
            _compare(W_after, s["W"] + SCALE * update, call, variants, messages, what="merged weight", rtol=0.0, atol=EXACT)
            x = call.args["x"].astype(np.float64)
            twice = s["out"] + SCALE * (x @ s["A"].T) @ s["B"].T
            _compare(got, s["out"], call, (("forward_after_merge", twice),), messages, what="output after merge()")
        else:
            variants = (("unmerge_no_scale", s["W"] + (SCALE - 1.0) * update),)
            _compare(W_after, s["W"], call, variants, messages, what="weight after unmerge()", rtol=0.0, atol=EXACT)
            _compare(got, s["out"], call, (), messages, what="output after unmerge()")
    elif probe == "gradients":
        data = _data(outcome, call, "LoRALinear.forward()")
        if data.get("requires_grad") is not True:
            raise _fail(("the output does not require grad", "输出不需要梯度"),
                        ("A and B must be nn.Parameter and used in forward(); no .detach() or torch.no_grad() there",
                         "A 和 B 必须是 nn.Parameter 并在 forward() 中用到；那里不要用 .detach() 或 torch.no_grad()"), case=call.name)
        if data.get("W") is not None:
            raise _fail(("a gradient reached the frozen base weight", "梯度传到了被冻结的原权重"), messages.get("base_trainable"),
                        case=call.name, mistake="base_trainable")
        gB = data.get("B")
        if not isinstance(gB, np.ndarray) or not np.all(np.isfinite(gB)) or not np.any(gB != 0):
            raise _fail(("B received no gradient at the first step", "第一步时 B 没有得到梯度"), messages.get("a_zero"), case=call.name,
                        mistake="a_zero")
        x = call.args["x"].astype(np.float64)
        g = state["g"]
        out = x @ g["W"].T + g["b"]                                   # B = 0: the output is the base layer's
        want_gB = g["scale"] * (2 * out).T @ (x @ g["A"].T)          # d sum(out^2) / dB
        _compare(_array(gB, want_gB.shape, call), want_gB, call, (), messages, what="gradient of B", rtol=1e-4, atol=1e-4)
    elif probe == "fine_tune":
        _judge_fine_tune(call, _data(outcome, call, "the fine-tune with LoRALinear"))


def _judge_fine_tune(call, data):
    task = call.args
    merged, biases, adapters = data.get("merged"), data.get("biases"), data.get("adapters")
    if not (isinstance(merged, list) and len(merged) == 2 and isinstance(adapters, list) and len(adapters) == 2
            and isinstance(biases, list) and len(biases) == 2):
        raise _untrusted(call)
    layers = (("W1", "b1"), ("W2", "b2"))
    for (w_name, b_name), W_merged, bias, pair in zip(layers, merged, biases, adapters):
        W, b = task[w_name].astype(np.float64), task[b_name].astype(np.float64)
        W_merged, bias = _array(W_merged, W.shape, call), _array(bias, b.shape, call)
        if not (isinstance(pair, list) and len(pair) == 2):
            raise _untrusted(call)
        A, B = _array(pair[0], (FT_R, W.shape[1]), call), _array(pair[1], (W.shape[0], FT_R), call)
        if not np.allclose(bias, b, rtol=0.0, atol=EXACT) or not np.allclose(W_merged, W + (FT_ALPHA / FT_R) * B @ A, rtol=1e-5, atol=1e-5):
            raise _fail(("the base weights changed during the fine-tune: only A and B may be trained",
                         "微调过程中原权重改变了：只能训练 A 和 B"),
                        ("freeze them in __init__: for p in self.base.parameters(): p.requires_grad_(False)",
                         "在 __init__ 中冻结它们：for p in self.base.parameters(): p.requires_grad_(False)"), case=call.name, inputs=call.shown)
    X, Y = task["X_held"].astype(np.float64), task["Y_held"].astype(np.float64)
    before = float(np.mean((_tanh_net(X, task["W1"], task["b1"], task["W2"], task["b2"]) - Y) ** 2))
    after = float(np.mean((_tanh_net(X, merged[0], biases[0], merged[1], biases[1]) - Y) ** 2))
    if not after <= (1.0 - FT_REQUIRED_DROP) * before:
        raise _fail((f"the held-out MSE fell only from {before:.4g} to {after:.4g} (it must fall by {FT_REQUIRED_DROP:.0%})",
                     f"留出集 MSE 只从 {before:.4g} 降到 {after:.4g}（至少要下降 {FT_REQUIRED_DROP:.0%}）"),
                    ("B starts at zero, so it needs A random to get a gradient; check that forward() uses A and B with the scale alpha / r",
                     "B 从零开始，A 必须随机初始化 B 才能得到梯度；检查 forward() 是否用到了 A、B 以及缩放 alpha / r"),
                    case=call.name, inputs=call.shown)

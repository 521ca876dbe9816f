"""Checks for torch-mlp: construction, registered layers and parameter count, the forward pass against the
module's own weights, the typical activation mistakes, gradients reaching every parameter, and learning.

The learner's model runs in the child through ``probe.py``, which returns its weights and outputs as
data; everything expected is recomputed here from those weights with numpy (no torch in the parent).
"""

import numpy as np

from llmpath.exercises.checking import Call, Failure, fmt, judge_steps, probe_data

PROBE = "probe.py"
SGD_STEPS = 30
SGD_LR = 0.1

_SHAPES = (((5, 4), "forward on a batch (5, 4)", "对批次 (5, 4) 前向计算"),
           ((1, 4), "forward on one example (1, 4)", "对单个样本 (1, 4) 前向计算"),
           ((2, 3, 4), "forward on a 3-D input (2, 3, 4)", "对三维输入 (2, 3, 4) 前向计算"))


def _inputs():
    rng = np.random.default_rng(0)
    xs = [(rng.normal(size=shape) * 2.0).astype(np.float32) for shape, _, _ in _SHAPES]
    grad_x = rng.normal(size=(6, 4)).astype(np.float32)
    X = rng.normal(size=(64, 2)).astype(np.float32)
    y = np.sign(X[:, :1] * X[:, 1:]).astype(np.float32)
    return xs, grad_x, X, y


def calls():
    xs, grad_x, X, y = _inputs()
    out = [Call(("build MLP(4, 8, 3)", "构造 MLP(4, 8, 3)"), "build",
                {"in_features": 4, "hidden": 8, "out_features": 3, "seed": 0, "slot": "a"}, "MLP(in_features=4, hidden=8, out_features=3)"),
           Call(("its layers and parameters", "它的层和参数"), None, {}, "MLP(in_features=4, hidden=8, out_features=3)")]
    out += [Call((en, zh), "forward", {"x": x, "slot": "a"}, "x = " + fmt(x, 300)) for x, (_, en, zh) in zip(xs, _SHAPES)]
    out.append(Call(("gradients reach every parameter", "梯度传到每个参数"), "gradients", {"x": grad_x, "slot": "a"}, "x = " + fmt(grad_x, 300)))
    out.append(Call(("build MLP(2, 16, 1) for training", "构造用于训练的 MLP(2, 16, 1)"), "build",
                    {"in_features": 2, "hidden": 16, "out_features": 1, "seed": 1, "slot": "b"}, "MLP(in_features=2, hidden=16, out_features=1)"))
    out.append(Call(("a few SGD steps lower the loss", "几步 SGD 让损失下降"), "train",
                    {"X": X, "y": y, "slot": "b", "steps": SGD_STEPS, "lr": SGD_LR}, "x: (64, 2)"))
    return out


def _fail(message, why=None, **where):
    return Failure("mismatch", message, why=why, **where)


def _relu(z):
    return np.maximum(z, 0.0)


def _forward(weights, x):
    w1, b1, w2, b2 = weights
    h = x.astype(np.float64) @ w1.T + (b1 if b1 is not None else 0.0)
    return lambda act=_relu, last=lambda z: z: last(act(h) @ w2.T + (b2 if b2 is not None else 0.0))


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


VARIANTS = (
    ("no_nonlinearity", lambda f: f(lambda z: z)),
    ("relu_after_last", lambda f: f(_relu, _relu)),
    ("softmax_output", lambda f: f(_relu, _softmax)),
    ("sigmoid", lambda f: f(lambda z: 1 / (1 + np.exp(-z)))),
    ("tanh", lambda f: f(np.tanh)),
    ("relu_moved_after", lambda f: f(lambda z: z, _relu)),
)
MISTAKE_NAMES = tuple(name for name, _ in VARIANTS)   # for `llmpath validate`: each has a message in exercise.yaml


def _data(outcome, call, what):
    """The probe's dict for one call, or the failure the learner's code caused."""
    try:
        value = probe_data(outcome, call, what)
    except Failure as failure:
        if "Module.__init__()" in failure.message[0]:
            failure.why = ("call super().__init__() first in MLP.__init__, before assigning any layer",
                           "在 MLP.__init__ 中先调用 super().__init__()，再给任何层赋值")
        raise
    if value.get("tensor") is False:
        got = str(value.get("type", "?"))[:100]
        raise _fail((f"forward() must return a tensor, got {got}", f"forward() 必须返回张量，实际得到 {got}"),
                    case=call.name, inputs=call.shown)
    return value


def _array(value, shape=None):
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or (shape is not None and value.shape != shape):
        raise Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"))
    return value


def _weights(info, sizes):
    (i, h, o) = sizes
    weights = info.get("weights")
    if not isinstance(weights, list) or len(weights) != 4:
        raise Failure("untrusted", ("the check could not read your model's weights", "无法读取你的模型的权重"))
    w1, b1, w2, b2 = weights
    return (_array(w1, (h, i)), None if b1 is None else _array(b1, (h,)), _array(w2, (o, h)), None if b2 is None else _array(b2, (o,)))


def judge(outcomes, messages):
    """Go through the steps in order; raise Failure at the first one that fails. Returns (steps, None)."""
    steps = calls()
    return judge_steps(steps, outcomes, lambda index, call, outcome: _judge_step(index, call, outcome, outcomes, steps, messages))


def _judge_step(index, call, outcome, outcomes, steps, messages):
    if index == 1:
        info = _data(outcome, call, "MLP(…)")
        if info.get("is_module") is not True:
            raise _fail(("MLP must subclass nn.Module: class MLP(nn.Module)", "MLP 必须继承 nn.Module：class MLP(nn.Module)"),
                        case=call.name, inputs=call.shown)
    elif index == 2:
        info = outcomes[0].value
        _check_layers(info, call)
    elif call.probe == "forward":
        info = _weights(outcomes[0].value, (4, 8, 3))
        data = _data(outcome, call, "MLP.forward()")
        x = steps[index - 1].args["x"]
        want = _forward(info, x)()
        got = _array(data.get("out"))
        if got.shape != want.shape:
            raise _fail((f"expected shape {want.shape}, got {got.shape}", f"期望形状 {want.shape}，实际得到 {got.shape}"),
                        ("nn.Linear works on the last axis and keeps all leading axes: do not flatten or reshape x",
                         "nn.Linear 作用在最后一个轴上并保留所有前导轴：不要展平或 reshape x"),
                        case=call.name, inputs=call.shown, expected=fmt(want), got=fmt(got))
        if np.allclose(got, want, rtol=1e-5, atol=1e-6):
            return
        f = _forward(info, x)
        with np.errstate(all="ignore"):
            name = next((name for name, variant in VARIANTS
                         if np.allclose(got, variant(f), rtol=1e-5, atol=1e-6)), None)
        diff = np.abs(got - want)
        idx = tuple(int(i) for i in np.unravel_index(int(np.nanargmax(diff)), diff.shape))
        raise _fail((f"wrong output: at index {idx} expected {want[idx]:.6g}, got {got[idx]:.6g}",
                     f"输出不对：位置 {idx} 期望 {want[idx]:.6g}，得到 {got[idx]:.6g}"),
                    messages.get(name) if name else None, case=call.name, inputs=call.shown,
                    expected=fmt(want), got=fmt(got))
    elif call.probe == "gradients":
        data = _data(outcome, call, "MLP.forward()")
        if data.get("requires_grad") is not True:
            raise _fail(("the output does not require grad: the graph was cut", "输出不需要梯度：计算图被切断了"),
                        ("remove .detach(), .numpy()/torch.tensor(…) round trips and torch.no_grad() from forward()",
                         "去掉 forward() 里的 .detach()、.numpy()/torch.tensor(…) 来回转换以及 torch.no_grad()"), case=call.name)
        grads = data.get("grads")
        if not isinstance(grads, list) or not grads:
            raise Failure("untrusted", ("the check could not read your model's gradients", "无法读取你的模型的梯度"), case=call.name)
        missing = []
        for pair in grads:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise Failure("untrusted", ("the check could not read your model's gradients", "无法读取你的模型的梯度"), case=call.name)
            name, grad = pair
            if not isinstance(grad, np.ndarray) or grad.dtype.kind != "f" or not np.isfinite(grad).all():
                missing.append(name[:60])
        if missing:
            raise _fail((f"no gradient reached {', '.join(missing)}", f"梯度没有传到 {', '.join(missing)}"),
                        ("every layer must be used in forward(), on the path from x to the output",
                         "每一层都必须在 forward() 中、位于从 x 到输出的路径上"), case=call.name)
    elif call.probe == "build":
        info = _data(outcome, call, "MLP(…)")
        _check_layers(info, call, sizes=(2, 16, 1))
    elif call.probe == "train":
        data = _data(outcome, call, "MLP.forward()")
        before = _weights({"weights": data.get("before")}, (2, 16, 1))
        after = _weights({"weights": data.get("after")}, (2, 16, 1))
        X, y = call.args["X"], call.args["y"]
        first = float(np.mean((_forward(before, X)() - y) ** 2))
        last = float(np.mean((_forward(after, X)() - y) ** 2))
        if not last < first:
            raise _fail((f"the loss did not go down in {SGD_STEPS} SGD steps ({first:.4g} → {last:.4g})",
                         f"{SGD_STEPS} 步 SGD 之后损失没有下降（{first:.4g} → {last:.4g}）"),
                        ("are the layers created anew in forward()? then the optimizer never sees them",
                         "是不是在 forward() 里重新创建了层？那样优化器永远看不到它们"), case=call.name)


def _check_layers(info, call, sizes=(4, 8, 3)):
    i, h, o = sizes
    if info.get("is_module") is not True:
        raise _fail(("MLP must subclass nn.Module: class MLP(nn.Module)", "MLP 必须继承 nn.Module：class MLP(nn.Module)"),
                    case=call.name, inputs=call.shown)
    if not info.get("n_params"):
        raise _fail(("your model has no registered parameters", "你的模型没有登记任何参数"),
                    ("assign the layers to attributes in __init__ (self.fc1 = nn.Linear(…)); layers in a plain Python list "
                     "are invisible to PyTorch (use nn.ModuleList or nn.Sequential), and layers created in forward() are new every call",
                     "在 __init__ 里把层赋值给属性（self.fc1 = nn.Linear(…)）；放在普通 Python 列表里的层 PyTorch 看不到"
                     "（请用 nn.ModuleList 或 nn.Sequential），在 forward() 里创建的层每次调用都是新的"), case=call.name, inputs=call.shown)
    shapes = info.get("shapes")
    if not isinstance(shapes, list) or not all(isinstance(s, list) and len(s) == 2 and all(isinstance(d, int) for d in s) for s in shapes):
        raise Failure("untrusted", ("the check could not read your model's layers", "无法读取你的模型的层"), case=call.name)
    if len(shapes) != 2:
        raise _fail((f"expected exactly two nn.Linear layers, found {len(shapes)}", f"应恰好有两个 nn.Linear 层，实际找到 {len(shapes)} 个"),
                    case=call.name, inputs=call.shown)
    if [tuple(s) for s in shapes] != [(h, i), (o, h)]:
        raise _fail(("the layers have the wrong sizes", "层的尺寸不对"),
                    ("nn.Linear(in, out) stores its weight as (out, in): expect fc1 = nn.Linear(in_features, hidden) and "
                     "fc2 = nn.Linear(hidden, out_features), in that order",
                     "nn.Linear(in, out) 的权重形状是 (out, in)：应为 fc1 = nn.Linear(in_features, hidden)、"
                     "fc2 = nn.Linear(hidden, out_features)，且按这个顺序"),
                    case=call.name, inputs=call.shown, expected=f"weights {(h, i)} and {(o, h)}",
                    got=f"weights {tuple(shapes[0])} and {tuple(shapes[1])}")
    count = info.get("count")
    want = i * h + h + h * o + o
    if count != want:
        raise _fail((f"expected {want} parameters, found {count}", f"应有 {want} 个参数，实际有 {count} 个"),
                    ("only the two Linear layers (with their biases) should hold parameters", "只有两个 Linear 层（含偏置）应该有参数"),
                    case=call.name, inputs=call.shown)
    _weights(info, sizes)

"""Checks for torch-mlp: construction, registered layers and parameter count, the forward pass against the
module's own weights, the typical activation mistakes, and gradients reaching every parameter."""

import torch
from torch import nn

from llmpath.exercises.checking import Failure, Learner, fmt

FUNCTIONS = ("MLP",)


class _Case:
    def __init__(self, en, zh):
        self.name = (en, zh)


def _fail(message, why=None, *, case=None, inputs=None, expected=None, got=None, where=None):
    return Failure("mismatch", message, why=why, case=case, inputs=inputs, expected=expected, got=got, where=where)


def _forward(learner: Learner, model, x, case, inputs):
    try:
        return model(x)
    except NotImplementedError as exc:
        from llmpath.exercises.checking import learner_frame
        raise Failure("todo", ("MLP.forward() is not written yet: replace the `raise NotImplementedError` under `# TODO` with your code",
                               "MLP.forward() 还没有实现:把 `# TODO` 下面的 `raise NotImplementedError` 换成你的代码"),
                      case=case, inputs=inputs, where=learner_frame(exc, learner.path)) from None
    except Exception as exc:  # noqa: BLE001
        from llmpath.exercises.checking import describe_exception, learner_frame
        raise Failure("exception", (f"MLP.forward() raised {describe_exception(exc)}", f"MLP.forward() 抛出了异常 {describe_exception(exc)}"),
                      case=case, inputs=inputs, where=learner_frame(exc, learner.path)) from None


def check(learner: Learner, on_case=None) -> int:
    """Run the checks in order; a failure carries the number of the step it happened in."""
    progress = {"steps": 0}

    def step(en, zh):
        progress["steps"] += 1
        if on_case:
            on_case(progress["steps"], _Case(en, zh))
        return (en, zh)

    try:
        _check(learner, step)
        return progress["steps"]
    except Failure as failure:
        failure.case_index = failure.case_index or progress["steps"]
        if failure.kind == "exception" and "Module.__init__()" in failure.message[0] and not failure.why:
            failure.why = ("call super().__init__() first in MLP.__init__, before assigning any layer",
                           "在 MLP.__init__ 中先调用 super().__init__(),再给任何层赋值")
        raise


def _check(learner: Learner, step) -> None:
    torch.manual_seed(0)
    torch.set_num_threads(1)

    # 1. construction
    case = step("build MLP(4, 8, 3)", "构造 MLP(4, 8, 3)")
    inputs = "MLP(in_features=4, hidden=8, out_features=3)"
    model, _ = learner.call("MLP", {"in_features": 4, "hidden": 8, "out_features": 3}, case)
    if not isinstance(model, nn.Module):
        raise _fail(("MLP must subclass nn.Module: class MLP(nn.Module)", "MLP 必须继承 nn.Module:class MLP(nn.Module)"), case=case, inputs=inputs)

    # 2. registered layers
    case = step("its layers and parameters", "它的层和参数")
    params = list(model.parameters())
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    if not params:
        raise _fail(("your model has no registered parameters", "你的模型没有登记任何参数"),
                    ("assign the layers to attributes in __init__ (self.fc1 = nn.Linear(…)); layers in a plain Python list "
                     "are invisible to PyTorch (use nn.ModuleList or nn.Sequential), and layers created in forward() are new every call",
                     "在 __init__ 里把层赋值给属性(self.fc1 = nn.Linear(…));放在普通 Python 列表里的层 PyTorch 看不到"
                     "(请用 nn.ModuleList 或 nn.Sequential),在 forward() 里创建的层每次调用都是新的"), case=case, inputs=inputs)
    if len(linears) != 2:
        raise _fail((f"expected exactly two nn.Linear layers, found {len(linears)}", f"应恰好有两个 nn.Linear 层,实际找到 {len(linears)} 个"),
                    case=case, inputs=inputs)
    fc1, fc2 = linears
    shapes = (tuple(fc1.weight.shape), tuple(fc2.weight.shape))
    if shapes != ((8, 4), (3, 8)):
        raise _fail(("the layers have the wrong sizes", "层的尺寸不对"),
                    ("nn.Linear(in, out) stores its weight as (out, in): expect fc1 = nn.Linear(in_features, hidden) and "
                     "fc2 = nn.Linear(hidden, out_features), in that order",
                     "nn.Linear(in, out) 的权重形状是 (out, in):应为 fc1 = nn.Linear(in_features, hidden)、"
                     "fc2 = nn.Linear(hidden, out_features),且按这个顺序"),
                    case=case, inputs=inputs, expected="weights (8, 4) and (3, 8)", got=f"weights {shapes[0]} and {shapes[1]}")
    count = sum(p.numel() for p in params)
    if count != 4 * 8 + 8 + 8 * 3 + 3:
        raise _fail((f"expected {4 * 8 + 8 + 8 * 3 + 3} parameters, found {count}", f"应有 {4 * 8 + 8 + 8 * 3 + 3} 个参数,实际有 {count} 个"),
                    ("only the two Linear layers (with their biases) should hold parameters", "只有两个 Linear 层(含偏置)应该有参数"),
                    case=case, inputs=inputs)

    # 3. forward against the model's own weights
    def expected_of(x):
        with torch.no_grad():
            return fc2(torch.relu(fc1(x)))

    for en, zh, shape in (("forward on a batch (5, 4)", "对批次 (5, 4) 前向计算", (5, 4)),
                          ("forward on one example (1, 4)", "对单个样本 (1, 4) 前向计算", (1, 4)),
                          ("forward on a 3-D input (2, 3, 4)", "对三维输入 (2, 3, 4) 前向计算", (2, 3, 4))):
        case = step(en, zh)
        x = torch.randn(*shape) * 2.0
        inputs = "x = " + fmt(x, 300)
        out = _forward(learner, model, x, case, inputs)
        if not isinstance(out, torch.Tensor):
            raise _fail((f"forward() must return a tensor, got {type(out).__name__}", f"forward() 必须返回张量,实际得到 {type(out).__name__}"),
                        case=case, inputs=inputs)
        want = expected_of(x)
        if tuple(out.shape) != tuple(want.shape):
            raise _fail((f"expected shape {tuple(want.shape)}, got {tuple(out.shape)}", f"期望形状 {tuple(want.shape)},实际得到 {tuple(out.shape)}"),
                        ("nn.Linear works on the last axis and keeps all leading axes: do not flatten or reshape x",
                         "nn.Linear 作用在最后一个轴上并保留所有前导轴:不要展平或 reshape x"),
                        case=case, inputs=inputs, expected=fmt(want), got=fmt(out))
        got = out.detach()
        if torch.allclose(got, want, rtol=1e-5, atol=1e-6):
            continue
        with torch.no_grad():
            variants = (
                (fc2(fc1(x)), ("there is no nonlinearity between the layers: apply ReLU to the first layer's output "
                               "(two Linear layers in a row are just one linear map)",
                               "两层之间没有非线性:要对第一层的输出应用 ReLU(两个相连的 Linear 层等价于一个线性映射)")),
                (torch.relu(fc2(torch.relu(fc1(x)))), ("do not apply ReLU after the last layer: return raw scores (logits), which may be negative",
                                                       "最后一层之后不要再加 ReLU:应返回可以为负的原始分数(logits)")),
                (torch.softmax(fc2(torch.relu(fc1(x))), dim=-1), ("return raw scores (logits), not a softmax: the loss applies it",
                                                                  "应返回原始分数(logits),不要做 softmax:损失函数会处理")),
                (fc2(torch.sigmoid(fc1(x))), ("use ReLU between the layers, not sigmoid", "两层之间要用 ReLU,而不是 sigmoid")),
                (fc2(torch.tanh(fc1(x))), ("use ReLU between the layers, not tanh", "两层之间要用 ReLU,而不是 tanh")),
                (torch.relu(fc2(fc1(x))), ("the ReLU belongs between the two layers, not after the second one",
                                           "ReLU 应放在两层之间,而不是第二层之后")),
            )
        why = next((text for value, text in variants if value.shape == got.shape and torch.allclose(got, value, rtol=1e-5, atol=1e-6)), None)
        diff = (got - want).abs()
        idx = tuple(int(i) for i in torch.nonzero(diff == diff.max())[0])
        raise _fail((f"wrong output: at index {idx} expected {want[idx].item():.6g}, got {got[idx].item():.6g}",
                     f"输出不对:位置 {idx} 期望 {want[idx].item():.6g},得到 {got[idx].item():.6g}"),
                    why, case=case, inputs=inputs, expected=fmt(want), got=fmt(got))

    # 4. gradients reach every parameter
    case = step("gradients reach every parameter", "梯度传到每个参数")
    model.zero_grad()
    x = torch.randn(6, 4)
    out = _forward(learner, model, x, case, "x = " + fmt(x, 300))
    if not out.requires_grad:
        raise _fail(("the output does not require grad: the graph was cut", "输出不需要梯度:计算图被切断了"),
                    ("remove .detach(), .numpy()/torch.tensor(…) round trips and torch.no_grad() from forward()",
                     "去掉 forward() 里的 .detach()、.numpy()/torch.tensor(…) 来回转换以及 torch.no_grad()"), case=case)
    out.pow(2).sum().backward()
    missing = [name for name, p in model.named_parameters() if p.grad is None or not torch.isfinite(p.grad).all()]
    if missing:
        raise _fail((f"no gradient reached {', '.join(missing)}", f"梯度没有传到 {', '.join(missing)}"),
                    ("every layer must be used in forward(), on the path from x to the output", "每一层都必须在 forward() 中、位于从 x 到输出的路径上"),
                    case=case)

    # 5. a fresh model learns: a few SGD steps lower the loss
    case = step("a few SGD steps lower the loss", "几步 SGD 让损失下降")
    torch.manual_seed(1)
    model, _ = learner.call("MLP", {"in_features": 2, "hidden": 16, "out_features": 1}, case)
    X = torch.randn(64, 2)
    y = (X[:, :1] * X[:, 1:]).sign()
    params = list(model.parameters())  # plain SGD by hand: torch.optim would import torch._dynamo (seconds)
    losses = []
    for _ in range(30):
        for p in params:
            p.grad = None
        loss = ((_forward(learner, model, X, case, "x: (64, 2)") - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                if p.grad is not None:
                    p -= 0.1 * p.grad
        losses.append(loss.item())
    if not losses[-1] < losses[0]:
        raise _fail((f"the loss did not go down in 30 SGD steps ({losses[0]:.4g} → {losses[-1]:.4g})",
                     f"30 步 SGD 之后损失没有下降({losses[0]:.4g} → {losses[-1]:.4g})"),
                    ("are the layers created anew in forward()? then the optimizer never sees them",
                     "是不是在 forward() 里重新创建了层?那样优化器永远看不到它们"), case=case)
    return None

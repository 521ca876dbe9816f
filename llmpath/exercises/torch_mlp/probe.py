"""torch-mlp's probe: runs in the child, next to a copy of the learner's file, and returns plain data.

It builds the learner's ``MLP``, runs it and reads its layers, weights and gradients; it
decides nothing. The parent (``check.py``) recomputes every expected value from the
weights returned here, with numpy, and compares.
"""

import torch
from torch import nn

_models = {}


def _linears(model):
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def _weights(model):
    """[W1, b1, W2, b2] of the two Linear layers, as float64 arrays (None for a missing bias)."""
    out = []
    for layer in _linears(model):
        out.append(layer.weight.detach().double().numpy().copy())
        out.append(None if layer.bias is None else layer.bias.detach().double().numpy().copy())
    return out


def build(module, in_features, hidden, out_features, seed, slot):
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    model = module.MLP(in_features, hidden, out_features)
    _models[slot] = model
    if not isinstance(model, nn.Module):
        return {"is_module": False, "type": type(model).__name__}
    params = list(model.parameters())
    linears = _linears(model)
    return {"is_module": True, "n_params": len(params), "count": int(sum(p.numel() for p in params)),
            "shapes": [list(layer.weight.shape) for layer in linears],
            "weights": _weights(model) if len(linears) == 2 else []}


def _run(model, x):
    out = model(torch.from_numpy(x))
    if not isinstance(out, torch.Tensor):
        return None, {"tensor": False, "type": type(out).__name__}
    return out, None


def forward(module, x, slot):
    out, problem = _run(_models[slot], x)
    return problem or {"tensor": True, "out": out.detach().double().numpy()}


def gradients(module, x, slot):
    model = _models[slot]
    model.zero_grad()
    out, problem = _run(model, x)
    if problem:
        return problem
    if not out.requires_grad:
        return {"tensor": True, "requires_grad": False}
    out.pow(2).sum().backward()
    grads = [[name, None if p.grad is None else p.grad.detach().double().numpy()] for name, p in model.named_parameters()]
    return {"tensor": True, "requires_grad": True, "grads": grads}


def train(module, X, y, slot, steps, lr):
    """Plain SGD by hand (torch.optim would import torch._dynamo: seconds); the weights before and after."""
    model = _models[slot]
    before = _weights(model)
    params = list(model.parameters())
    target = torch.from_numpy(y)
    for _ in range(steps):
        for p in params:
            p.grad = None
        out, problem = _run(model, X)
        if problem:
            return problem
        ((out - target) ** 2).mean().backward()
        with torch.no_grad():
            for p in params:
                if p.grad is not None:
                    p -= lr * p.grad
    return {"before": before, "after": _weights(model)}

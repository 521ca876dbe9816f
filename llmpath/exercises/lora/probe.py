"""The child's side of the lora check: build the learner's LoRALinear, run it, merge and unmerge it, and
fine-tune a tiny two-layer network with it.

Every function returns plain data (weights, outputs, gradients, losses); the parent recomputes every
expected value from those weights with numpy. ``fine_tune`` prints what the fine-tune achieved: the
check's output.
"""

import torch
from torch import nn

_layers = {}


def _array(t):
    return None if t is None else t.detach().double().numpy().copy()


def _tensor(a):
    return torch.from_numpy(a).float()


def build(module, in_features, out_features, r, alpha, seed, slot):
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    base = nn.Linear(in_features, out_features)
    layer = module.LoRALinear(base, r, alpha)
    _layers[slot] = layer
    if not isinstance(layer, nn.Module):
        return {"is_module": False}
    A, B = getattr(layer, "A", None), getattr(layer, "B", None)
    scale = getattr(layer, "scale", None)
    return {"is_module": True,
            "A": _array(A) if isinstance(A, torch.Tensor) else None, "B": _array(B) if isinstance(B, torch.Tensor) else None,
            "A_parameter": isinstance(A, nn.Parameter), "B_parameter": isinstance(B, nn.Parameter),
            "base_is_given": getattr(layer, "base", None) is base,
            "W": _array(base.weight), "b": _array(base.bias),
            "base_trainable": [bool(p.requires_grad) for p in base.parameters()],
            "trainable": [[name, int(p.numel())] for name, p in layer.named_parameters() if p.requires_grad],
            "scale": float(scale) if isinstance(scale, (int, float)) else None}


def _out(layer, x):
    out = layer(_tensor(x))
    if not isinstance(out, torch.Tensor):
        return {"tensor": False, "type": type(out).__name__}
    return {"tensor": True, "out": _array(out)}


def forward(module, x, slot):
    return _out(_layers[slot], x)


def forward_with(module, x, A, B, slot):
    """Give A and B known values (B no longer zero), then run forward."""
    layer = _layers[slot]
    with torch.no_grad():
        layer.A.copy_(_tensor(A))
        layer.B.copy_(_tensor(B))
    return _out(layer, x)


def merge(module, x, slot):
    layer = _layers[slot]
    layer.merge()
    return {**_out(layer, x), "W": _array(layer.base.weight)}


def unmerge(module, x, slot):
    layer = _layers[slot]
    layer.unmerge()
    return {**_out(layer, x), "W": _array(layer.base.weight)}


def gradients(module, x, slot):
    layer = _layers[slot]
    layer.zero_grad()
    out = layer(_tensor(x))
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        return {"requires_grad": False}
    out.pow(2).sum().backward()
    grad = lambda p: None if p is None or p.grad is None else _array(p.grad)
    return {"requires_grad": True, "A": grad(getattr(layer, "A", None)), "B": grad(getattr(layer, "B", None)),
            "W": grad(layer.base.weight)}


def _adam(params, steps, lr, loss_fn):
    """Adam by hand (torch.optim imports torch._dynamo: seconds of start-up)."""
    first = [torch.zeros_like(p) for p in params]
    second = [torch.zeros_like(p) for p in params]
    for step in range(1, steps + 1):
        for p in params:
            p.grad = None
        loss_fn().backward()
        with torch.no_grad():
            for p, m, v in zip(params, first, second):
                if p.grad is None:
                    continue
                m.mul_(0.9).add_(p.grad, alpha=0.1)
                v.mul_(0.999).addcmul_(p.grad, p.grad, value=0.001)
                p -= lr * (m / (1 - 0.9 ** step)) / ((v / (1 - 0.999 ** step)).sqrt() + 1e-8)


def fine_tune(module, W1, b1, W2, b2, X_train, Y_train, X_held, Y_held, r, alpha, steps, lr):
    """A 'pretrained' tanh network (the given weights) adapted to a new task with LoRA on both layers."""
    torch.manual_seed(2)
    first, second = nn.Linear(W1.shape[1], W1.shape[0]), nn.Linear(W2.shape[1], W2.shape[0])
    with torch.no_grad():
        for layer, w, b in ((first, W1, b1), (second, W2, b2)):
            layer.weight.copy_(_tensor(w))
            layer.bias.copy_(_tensor(b))
    net = nn.Sequential(module.LoRALinear(first, r, alpha), nn.Tanh(), module.LoRALinear(second, r, alpha))
    X, Y, Xh, Yh = (_tensor(a) for a in (X_train, Y_train, X_held, Y_held))
    held_mse = lambda: float(((net(Xh) - Yh) ** 2).mean())
    with torch.no_grad():
        before = held_mse()
    trainable = [p for p in net.parameters() if p.requires_grad]
    _adam(trainable, steps, lr, lambda: ((net(X) - Y) ** 2).mean())
    with torch.no_grad():
        after = held_mse()
    adapters = [[_array(net[i].A), _array(net[i].B)] for i in (0, 2)]
    for i in (0, 2):
        net[i].merge()
    n_trainable, n_total = sum(p.numel() for p in trainable), sum(p.numel() for p in net.parameters())
    print(f"LoRA fine-tune · LoRA 微调 (r = {r}, alpha = {alpha:g}, {steps} Adam steps): "
          f"{n_trainable:,} of {n_total:,} parameters trained ({100 * n_trainable / n_total:.1f} %)")
    print(f"  held-out MSE · 留出集 MSE: {before:.4f} -> {after:.4f} "
          f"({100 * (after - before) / before:+.1f} %)")
    return {"before": before, "after": after, "adapters": adapters, "trainable": int(n_trainable), "total": int(n_total),
            "merged": [_array(net[i].base.weight) for i in (0, 2)],
            "biases": [_array(net[i].base.bias) for i in (0, 2)]}

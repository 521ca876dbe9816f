"""lm-training's probe: runs in the child next to a copy of the learner's file and returns plain data.

It turns the check's numpy inputs into tensors, calls the learner's functions and returns what they
gave back; ``train`` runs a small causal Transformer on the course's text with the learner's four
pieces and returns the weights at a few checkpoints. It decides nothing: the parent (``check.py``)
recomputes every expected value, the validation losses included, from the data returned here.
"""

import time

import torch

NAMES = ("embed", "pos", "wq", "wk", "wv", "wo", "w1", "w2", "head")   # check.py's forward reads them in this order


def _out(value):
    if isinstance(value, torch.Tensor):
        return {"tensor": True, "value": value.detach().double().numpy().copy(), "requires_grad": value.requires_grad}
    if isinstance(value, (int, float)):
        return {"tensor": False, "value": float(value)}
    return {"tensor": False, "type": type(value).__name__}


def loss(module, logits, ids):
    torch.set_num_threads(1)
    x = torch.from_numpy(logits).requires_grad_()
    out = module.lm_loss(x, torch.from_numpy(ids))
    data = _out(out)
    if isinstance(out, torch.Tensor) and out.requires_grad and out.numel() == 1:
        out.sum().backward()
        data["grad_reached"] = x.grad is not None
    return data


def adamw(module, params, grads, lr, betas, eps, weight_decay):
    """``grads[t][i]`` is the gradient of tensor i at update t + 1; the tensors after every update."""
    torch.set_num_threads(1)
    ps = [torch.from_numpy(p.copy()) for p in params]
    m = [torch.zeros_like(p) for p in ps]
    v = [torch.zeros_like(p) for p in ps]
    after = []
    for t, step_grads in enumerate(grads, start=1):
        module.adamw_step(ps, [torch.from_numpy(g.copy()) for g in step_grads], m, v, t, lr, tuple(betas), eps, weight_decay)
        after.append([p.double().numpy().copy() for p in ps])
    return {"after": after}


def clip(module, grads, max_norm):
    torch.set_num_threads(1)
    gs = [torch.from_numpy(g.copy()) for g in grads]
    norm = module.clip_grad_norm(gs, max_norm)
    norm = float(norm) if isinstance(norm, (int, float, torch.Tensor)) and getattr(norm, "numel", lambda: 1)() == 1 else None
    return {"norm": norm, "grads": [g.double().numpy().copy() for g in gs]}


def schedule(module, steps, max_lr, warmup_steps, total_steps, min_lr):
    return {"lrs": [float(module.lr_at(s, max_lr, warmup_steps, total_steps, min_lr)) for s in steps]}


def _norm(x):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5)


def forward(w, ids):
    """The small model: embedding + positions, one causal self-attention block and an MLP, x @ W layout."""
    T, D = ids.shape[1], w["embed"].shape[1]
    h = w["embed"][ids] + w["pos"][:T]
    n = _norm(h)
    q, k, v = n @ w["wq"], n @ w["wk"], n @ w["wv"]
    scores = (q @ k.transpose(-2, -1)) / D ** 0.5
    scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    h = h + (torch.softmax(scores, dim=-1) @ v) @ w["wo"]
    h = h + torch.relu(_norm(h) @ w["w1"]) @ w["w2"]
    return _norm(h) @ w["head"]


def _init(vocab, dim, context, seed):
    g = torch.Generator().manual_seed(seed)
    shapes = {"embed": (vocab, dim), "pos": (context, dim), "wq": (dim, dim), "wk": (dim, dim), "wv": (dim, dim),
              "wo": (dim, dim), "w1": (dim, 4 * dim), "w2": (4 * dim, dim), "head": (dim, vocab)}
    scales = {"embed": 1.0, "pos": 0.1, "w2": (4 * dim) ** -0.5}
    return {name: (torch.randn(*shapes[name], generator=g) * scales.get(name, dim ** -0.5)).requires_grad_() for name in NAMES}


def _snapshot(w):
    return [w[name].detach().numpy().astype("float32").copy() for name in NAMES]


def train(module, ids, vocab, dim, context, batch, steps, max_lr, warmup_steps, min_lr, weight_decay, max_norm, seed, every):
    """Train with the learner's lm_loss, clip_grad_norm, lr_at and adamw_step; weights every ``every`` steps."""
    torch.set_num_threads(1)
    w = _init(vocab, dim, context, seed)
    params = [w[name] for name in NAMES]
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    data = torch.from_numpy(ids)
    g = torch.Generator().manual_seed(seed + 1)
    snapshots, losses, lrs = [_snapshot(w)], [], []
    began = time.perf_counter()
    for step in range(steps):
        starts = torch.randint(0, len(data) - context, (batch,), generator=g)
        x = torch.stack([data[s:s + context] for s in starts.tolist()])
        for p in params:
            p.grad = None
        out = module.lm_loss(forward(w, x), x)
        if not isinstance(out, torch.Tensor) or not out.requires_grad:
            return {"problem": "loss"}
        out.backward()
        grads = [p.grad for p in params]
        module.clip_grad_norm(grads, max_norm)
        lr = float(module.lr_at(step, max_lr, warmup_steps, steps, min_lr))
        module.adamw_step(params, grads, m, v, step + 1, lr, (0.9, 0.95), 1e-8, weight_decay)
        losses.append(float(out.detach()))
        lrs.append(lr)
        if (step + 1) % every == 0:
            snapshots.append(_snapshot(w))
    return {"losses": losses, "lrs": lrs, "snapshots": snapshots, "seconds": time.perf_counter() - began}

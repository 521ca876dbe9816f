"""Typical wrong solutions, one or more per exercise, and a phrase the check's explanation must contain.

Each entry: (label, source of the learner's file, phrase expected in the failure's "why" — or, when the
mistake is not recognised by name, in its message).
"""

WRONG: dict[str, list[tuple[str, str, str]]] = {
    "softmax": [
        ("no max subtraction", """
import numpy as np
def softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)
""", "subtract the maximum"),
        ("no keepdims", """
import numpy as np
def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis))
    return e / np.sum(e, axis=axis)
""", "keepdims"),
        ("in place", """
import numpy as np
def softmax(x, axis=-1):
    x -= x.max(axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)
""", "in place"),
        ("global max", """
import numpy as np
def softmax(x, axis=-1):
    e = np.exp(x - x.max())
    return e / e.sum(axis=axis, keepdims=True)
""", "each row's own maximum"),
    ],
    "cross-entropy": [
        ("log of softmax", """
import numpy as np
def cross_entropy(logits, targets):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(np.mean(-np.log(p[np.arange(len(targets)), targets])))
""", "underflowed"),
        ("sum not mean", """
import numpy as np
def cross_entropy(logits, targets):
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return float(np.sum(lse - logits[np.arange(len(targets)), targets]))
""", "mean over the batch"),
        ("per example", """
import numpy as np
def cross_entropy(logits, targets):
    m = logits.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    return lse - logits[np.arange(len(targets)), targets]
""", "one loss per example"),
    ],
    "gradient-step": [
        ("no factor 2", """
import numpy as np
def mse_gradient(w, X, y):
    return X.T @ (X @ w - y) / len(y)
def gradient_step(w, X, y, lr):
    return w - lr * mse_gradient(w, X, y)
""", "factor 2"),
        ("ascent", """
import numpy as np
def mse_gradient(w, X, y):
    return 2 * X.T @ (X @ w - y) / len(y)
def gradient_step(w, X, y, lr):
    return w + lr * mse_gradient(w, X, y)
""", "uphill"),
        ("in place update", """
import numpy as np
def mse_gradient(w, X, y):
    return 2 * X.T @ (X @ w - y) / len(y)
def gradient_step(w, X, y, lr):
    w -= lr * mse_gradient(w, X, y)
    return w
""", "in place"),
    ],
    "adam-step": [
        ("no bias correction", """
import numpy as np
def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return param - lr * m / (np.sqrt(v) + eps), m, v
""", "bias correction"),
        ("eps inside sqrt", """
import numpy as np
def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return param - lr * m_hat / np.sqrt(v_hat + eps), m, v
""", "inside the square root"),
        ("returns corrected moments", """
import numpy as np
def adam_step(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m = m / (1 - beta1 ** t)
    v = v / (1 - beta2 ** t)
    return param - lr * m / (np.sqrt(v) + eps), m, v
""", "raw moments"),
    ],
    "pca-svd": [
        ("not centered", """
import numpy as np
def pca(X, k):
    U, S, Vt = np.linalg.svd(X, full_matrices=False)
    return X @ Vt[:k].T, Vt[:k]
""", "not centered"),
        ("columns of Vt", """
import numpy as np
def pca(X, k):
    Xc = X - X.mean(axis=0)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    comps = Vt[:, :k].T
    return Xc @ comps.T, comps
""", "rows"),
    ],
    "kfold-indices": [
        ("drop remainder", """
import numpy as np
def kfold_indices(n, k):
    size = n // k
    out = []
    for i in range(k):
        test = np.arange(i * size, (i + 1) * size)
        out.append((np.setdiff1d(np.arange(n), test), test))
    return out
""", "never in a test fold"),
        ("remainder last", """
import numpy as np
def kfold_indices(n, k):
    size = n // k
    out = []
    for i in range(k):
        end = (i + 1) * size if i < k - 1 else n
        test = np.arange(i * size, end)
        out.append((np.setdiff1d(np.arange(n), test), test))
    return out
""", "first n % k folds"),
        ("train includes test", """
import numpy as np
def kfold_indices(n, k):
    return [(np.arange(n), t) for t in np.array_split(np.arange(n), k)]
""", "leaks"),
    ],
    "precision-recall-f1": [
        ("swapped", """
import numpy as np
def precision_recall_f1(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    r = tp / (tp + fp) if tp + fp else 0.0
    p = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
""", "swapped"),
        ("nan on zero division", """
import numpy as np
def precision_recall_f1(y_true, y_pred):
    tp = float(np.sum((y_pred == 1) & (y_true == 1)))
    fp = float(np.sum((y_pred == 1) & (y_true == 0)))
    fn = float(np.sum((y_pred == 0) & (y_true == 1)))
    p = np.float64(tp) / (tp + fp)
    r = np.float64(tp) / (tp + fn)
    f = 2 * p * r / (p + r)
    return p, r, f
""", "0 / 0"),
        ("arithmetic mean", """
import numpy as np
def precision_recall_f1(y_true, y_pred):
    tp = np.sum((y_pred == 1) & (y_true == 1))
    fp = np.sum((y_pred == 1) & (y_true == 0))
    fn = np.sum((y_pred == 0) & (y_true == 1))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return float(p), float(r), float((p + r) / 2)
""", "harmonic mean"),
    ],
    "bleu": [
        ("no clipping", """
import math
from collections import Counter
def grams(t, n):
    return Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))
def bleu(candidate, references, max_n=4):
    if not candidate:
        return 0.0
    logp = 0.0
    for n in range(1, max_n + 1):
        c = grams(candidate, n)
        allref = set()
        for r in references:
            allref |= set(grams(r, n))
        hit = sum(v for g, v in c.items() if g in allref)
        total = sum(c.values())
        if total == 0 or hit == 0:
            return 0.0
        logp += math.log(hit / total) / max_n
    c = len(candidate)
    r = min((len(x) for x in references), key=lambda L: (abs(L - c), L))
    bp = 1.0 if c > r else math.exp(1 - r / c)
    return bp * math.exp(logp)
""", "not clipped"),
        ("no brevity penalty", """
import math
from collections import Counter
def grams(t, n):
    return Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))
def bleu(candidate, references, max_n=4):
    if not candidate:
        return 0.0
    logp = 0.0
    for n in range(1, max_n + 1):
        c = grams(candidate, n)
        mx = Counter()
        for r in references:
            for g, v in grams(r, n).items():
                mx[g] = max(mx[g], v)
        hit = sum(min(v, mx[g]) for g, v in c.items())
        total = sum(c.values())
        if total == 0 or hit == 0:
            return 0.0
        logp += math.log(hit / total) / max_n
    return math.exp(logp)
""", "brevity penalty is missing"),
    ],
    "relu": [
        ("in place relu", """
import numpy as np
def relu(x):
    x[x < 0] = 0
    return x
def relu_grad(x):
    return (x > 0).astype(float)
""", "in place"),
        ("grad at zero", """
import numpy as np
def relu(x):
    return np.maximum(x, 0.0)
def relu_grad(x):
    return (x >= 0).astype(float)
""", "x > 0, not x >= 0"),
        ("grad is relu", """
import numpy as np
def relu(x):
    return np.maximum(x, 0.0)
def relu_grad(x):
    return np.maximum(x, 0.0)
""", "not relu(x) itself"),
    ],
    "attention": [
        ("no scaling", """
import numpy as np
def attention(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s)
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ v, w
""", "not divided by √d_k"),
        ("softmax over queries", """
import numpy as np
def attention(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    s = s - s.max(axis=-2, keepdims=True)
    w = np.exp(s)
    w = w / w.sum(axis=-2, keepdims=True)
    return w @ v, w
""", "wrong axis"),
        ("mask inverted", """
import numpy as np
def attention(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        s = np.where(mask, -np.inf, s)
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s)
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ v, w
""", "inverted"),
        ("mask after softmax", """
import numpy as np
def attention(q, k, v, mask=None):
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    s = s - s.max(axis=-1, keepdims=True)
    w = np.exp(s)
    w = w / w.sum(axis=-1, keepdims=True)
    if mask is not None:
        w = w * mask
    return w @ v, w
""", "after the softmax"),
    ],
    "multi-head-split": [
        ("reshape only", """
import numpy as np
def split_heads(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, n_heads, T, C // n_heads)
def merge_heads(x):
    B, H, T, d = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * d)
""", "reshaped straight"),
        ("no transpose", """
import numpy as np
def split_heads(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, T, n_heads, C // n_heads)
def merge_heads(x):
    B, H, T, d = x.shape
    return x.transpose(0, 2, 1, 3).reshape(B, T, H * d)
""", "swap axes 1 and 2"),
        ("merge without transpose", """
import numpy as np
def split_heads(x, n_heads):
    B, T, C = x.shape
    return x.reshape(B, T, n_heads, C // n_heads).transpose(0, 2, 1, 3)
def merge_heads(x):
    B, H, T, d = x.shape
    return x.reshape(B, T, H * d)
""", "put T before H"),
    ],
    "layernorm": [
        ("wrong axis", """
import numpy as np
def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=0, keepdims=True)
    var = x.var(axis=0, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
""", "wrong axis"),
        ("unbiased variance", """
import numpy as np
def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True, ddof=1)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta
""", "biased variance"),
        ("eps outside", """
import numpy as np
def layer_norm(x, gamma, beta, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    return gamma * (x - mean) / (x.std(axis=-1, keepdims=True) + eps) + beta
""", "inside the square root"),
    ],
    "causal-mask": [
        ("transposed", """
import numpy as np
def causal_mask(t):
    return np.triu(np.ones((t, t), dtype=bool))
def mask_scores(scores):
    return np.where(causal_mask(scores.shape[-1]), scores, -np.inf)
""", "transposed"),
        ("int mask", """
import numpy as np
def causal_mask(t):
    return np.tril(np.ones((t, t)))
def mask_scores(scores):
    return np.where(causal_mask(scores.shape[-1]) > 0, scores, -np.inf)
""", "boolean"),
        ("zeros instead of -inf", """
import numpy as np
def causal_mask(t):
    return np.tril(np.ones((t, t), dtype=bool))
def mask_scores(scores):
    return scores * causal_mask(scores.shape[-1])
""", "set them to -inf"),
    ],
    "positional-encoding": [
        ("sin cos swapped", """
import numpy as np
def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    i = np.arange(0, d_model, 2)[None, :]
    a = pos / 10000 ** (i / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.cos(a)
    pe[:, 1::2] = np.sin(a)
    return pe
""", "swapped"),
        ("halves", """
import numpy as np
def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    i = np.arange(0, d_model, 2)[None, :]
    a = pos / 10000 ** (i / d_model)
    return np.concatenate([np.sin(a), np.cos(a)], axis=1)
""", "interleaved"),
        ("exponent i/d", """
import numpy as np
def positional_encoding(seq_len, d_model):
    pos = np.arange(seq_len)[:, None]
    i = np.arange(d_model // 2)[None, :]
    a = pos / 10000 ** (i / d_model)
    pe = np.zeros((seq_len, d_model))
    pe[:, 0::2] = np.sin(a)
    pe[:, 1::2] = np.cos(a)
    return pe
""", "2i / d_model"),
    ],
    "torch-mlp": [
        ("no activation", """
import torch
from torch import nn
class MLP(nn.Module):
    def __init__(self, in_features, hidden, out_features):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, out_features)
    def forward(self, x):
        return self.fc2(self.fc1(x))
""", "no nonlinearity"),
        ("layers in a list", """
import torch
from torch import nn
class MLP(nn.Module):
    def __init__(self, in_features, hidden, out_features):
        super().__init__()
        self.layers = [nn.Linear(in_features, hidden), nn.Linear(hidden, out_features)]
    def forward(self, x):
        return self.layers[1](torch.relu(self.layers[0](x)))
""", "ModuleList"),
        ("relu on output", """
import torch
from torch import nn
class MLP(nn.Module):
    def __init__(self, in_features, hidden, out_features):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU(), nn.Linear(hidden, out_features), nn.ReLU())
    def forward(self, x):
        return self.net(x)
""", "after the last layer"),
        ("no super init", """
import torch
from torch import nn
class MLP(nn.Module):
    def __init__(self, in_features, hidden, out_features):
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, out_features)
    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
""", "super().__init__()"),
    ],
    "logistic-gradient": [
        ("sign flipped", """
import numpy as np
def logistic_loss_and_grad(w, b, X, y):
    z = X @ w + b
    p = 1 / (1 + np.exp(-z))
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    return loss, X.T @ (y - p) / len(y), float(np.mean(y - p))
""", "sign is flipped"),
        ("naive loss", """
import numpy as np
def logistic_loss_and_grad(w, b, X, y):
    z = X @ w + b
    p = 1 / (1 + np.exp(-z))
    loss = float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))
    return loss, X.T @ (p - y) / len(y), float(np.mean(p - y))
""", "logaddexp"),
        ("squared-error gradient", """
import numpy as np
def logistic_loss_and_grad(w, b, X, y):
    z = X @ w + b
    p = 1 / (1 + np.exp(-z))
    loss = float(np.mean(np.logaddexp(0, z) - y * z))
    err = (p - y) * p * (1 - p)
    return loss, X.T @ err / len(y), float(np.mean(err))
""", "p(1 - p) cancels"),
    ],
    "top-k-top-p": [
        ("top-p drops the crossing token", """
import numpy as np
def top_k_filter(logits, k):
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., -k, None]
    return np.where(logits < kth, -np.inf, logits)
def top_p_filter(logits, p):
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs = e / e.sum(axis=-1, keepdims=True)
    order = np.argsort(-logits, axis=-1)
    sp = np.take_along_axis(probs, order, -1)
    keep_sorted = np.cumsum(sp, -1) <= p
    keep = np.empty_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, -1)
    return np.where(keep, logits, -np.inf)
""", "crosses p"),
        ("top-k zeros", """
import numpy as np
def top_k_filter(logits, k):
    out = np.zeros_like(logits)
    idx = np.argsort(-logits, axis=-1)[..., :k]
    np.put_along_axis(out, idx, np.take_along_axis(logits, idx, -1), -1)
    return out
def top_p_filter(logits, p):
    raise NotImplementedError
""", "not 0"),
        ("top-p unsorted", """
import numpy as np
def top_k_filter(logits, k):
    if k >= logits.shape[-1]:
        return logits.copy()
    kth = np.sort(logits, axis=-1)[..., -k, None]
    return np.where(logits < kth, -np.inf, logits)
def top_p_filter(logits, p):
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs = e / e.sum(axis=-1, keepdims=True)
    cum = np.cumsum(probs, -1)
    return np.where(cum - probs < p, logits, -np.inf)
""", "sort the probabilities"),
    ],
}

# Right answers written differently from the reference: the checks must accept them.
ALSO_RIGHT: dict[str, str] = {
    "pca-svd": """
import numpy as np
def pca(X, k):
    Xc = X - X.mean(axis=0)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    comps = -Vt[:k]                    # the opposite signs are just as right
    return Xc @ comps.T, comps
""",
    "causal-mask": """
import numpy as np
def causal_mask(t):
    i = np.arange(t)
    return i[:, None] >= i[None, :]
def mask_scores(scores):
    out = scores.copy()
    out[..., ~causal_mask(scores.shape[-1])] = -1e9   # a huge negative number masks as well as -inf
    return out
""",
    "kfold-indices": """
def kfold_indices(n, k):
    import numpy as np
    folds = np.array_split(np.arange(n), k)
    return [(np.concatenate([f for j, f in enumerate(folds) if j != i]), folds[i]) for i in range(k)]
""",
}


def _more_from_sibling_files() -> None:
    """``wrong_<group>.py`` files beside this one add their own WRONG / ALSO_RIGHT entries (one file per
    group of exercises, e.g. the capstone chain's, so they grow without touching this one)."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("wrong_*.py")):
        if path.stem == "wrong_solutions":
            continue
        module = importlib.import_module(f"tests.exercises.{path.stem}")
        for eid, items in getattr(module, "WRONG", {}).items():
            assert eid not in WRONG, f"{path.name}: wrong solutions of {eid} are already listed"
            WRONG[eid] = items
        ALSO_RIGHT.update(getattr(module, "ALSO_RIGHT", {}))


_more_from_sibling_files()

"""Independent recomputation of the math module's numeric answers.

Each check recomputes the answer from the data in the question's prompt, with NumPy
where that is the natural tool, never by copying the stored answer.
"""

import math

import numpy as np


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max())
    return e / e.sum()


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _sigmoid_derivative_max():
    xs = np.linspace(-10, 10, 200001)  # includes x = 0 exactly
    s = _sigmoid(xs)
    return float((s * (1 - s)).max())


def _cosine_lr(t, total, lr_max, lr_min=0.0):
    return lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * t / total))


def _adam_first_step(g, lr, b1=0.9, b2=0.999):
    m = (1 - b1) * g
    v = (1 - b2) * g * g
    m_hat, v_hat = m / (1 - b1), v / (1 - b2)
    return abs(lr * m_hat / math.sqrt(v_hat))


def _momentum_limit(beta, g=1.0, steps=2000):
    v = 0.0
    for _ in range(steps):
        v = beta * v + g
    return v / g


def _layernorm(x):
    x = np.asarray(x, dtype=float)
    return (x - x.mean()) / np.sqrt(x.var())  # population variance, eps ≈ 0


def _clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    return g * (max_norm / norm) if norm > max_norm else g


def _clip_global_norm(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_: one norm over every tensor, one shared scale factor."""
    total = float(np.sqrt(sum(np.sum(np.square(g)) for g in grads)))
    scale = min(1.0, max_norm / total)
    return [np.asarray(g) * scale for g in grads]


def _dropout_expectation(x, p):
    """Average the two outcomes of inverted dropout: kept and rescaled by 1/(1 − p), or zeroed."""
    return (1 - p) * (x / (1 - p)) + p * 0.0


def _independent_var(combine, var_x, var_y, n=400_000):
    """Simulate independent X, Y with the given variances, combine them, and read the variance (rounded)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(n) * np.sqrt(var_x)
    y = rng.standard_normal(n) * np.sqrt(var_y)
    return round(float(np.var(combine(x, y))), 1)


def _std_of_mean(sigma, n):
    """Exact: the mean of n i.i.d. variables has variance σ²/n (Bienaymé); computed from a covariance matrix."""
    weights = np.full(n, 1 / n)
    cov = np.eye(n) * sigma**2
    return float(np.sqrt(weights @ cov @ weights))


def _beta_mode(a, b):
    """The peak of the Beta(a, b) density, found on a fine grid."""
    p = np.linspace(1e-6, 1 - 1e-6, 1_000_001)
    return float(p[np.argmax((a - 1) * np.log(p) + (b - 1) * np.log(1 - p))])


def _batch_factor_to_halve_noise():
    """Smallest integer k with std(mean of kB) ≤ ½ · std(mean of B), from the 1/√B law written as a covariance."""
    k = 1
    while _std_of_mean(1.0, 4 * k) > 0.5 * _std_of_mean(1.0, 4) + 1e-12:
        k += 1
    return k


CHECKS = {
    # vectors-and-tensors
    "vectors-and-tensors.dot-product": lambda: float(np.dot([1, 2, 3], [4, -5, 6])),
    "vectors-and-tensors.matmul-entry": lambda: float((np.array([[1, 2], [3, 4]]) @ np.array([[0, 1], [5, -2]]))[1, 0]),
    "vectors-and-tensors.determinant": lambda: float(round(np.linalg.det(np.array([[4.0, 2.0], [6.0, 3.0]])), 9)),
    "vectors-and-tensors.numel": lambda: float(np.zeros((4, 256, 1024), dtype=np.int8).size),
    "vectors-and-tensors.vector-norm": lambda: float(np.linalg.norm([2.0, -3.0, 6.0])),
    "vectors-and-tensors.scores-numel": lambda: float((np.zeros((2, 8, 64)) @ np.zeros((2, 8, 64)).transpose(0, 2, 1)).size),
    # eigen-and-svd
    "eigen-and-svd.triangular-eigen": lambda: float(np.linalg.eigvals(np.array([[5.0, 7.0], [0.0, -2.0]])).real.sum()),
    "eigen-and-svd.singular-values": lambda: float(np.linalg.svd(np.array([[0.0, -4.0], [1.0, 0.0]]), compute_uv=False)[0]),
    "eigen-and-svd.rank-k-error": lambda: (lambda s: float(np.linalg.norm(np.diag(s) - np.diag(np.where(np.arange(4) < 2, s, 0.0)))))(np.array([6.0, 4.0, 2.0, 1.0])),
    "eigen-and-svd.explained-variance": lambda: (lambda ev: float(np.sort(ev)[::-1][:2].sum() / ev.sum()))(np.array([5.0, 2.0, 2.0, 1.0])),
    "eigen-and-svd.eigen-power": lambda: float(np.linalg.norm(np.linalg.matrix_power(np.diag([0.9, 0.3]), 10) @ np.array([1.0, 0.0]))),
    "eigen-and-svd.lora-params": lambda: float(np.zeros((4096, 16)).size + np.zeros((16, 4096)).size),
    # probability-basics
    "probability-basics.die-expectation": lambda: float(np.dot(np.arange(1, 7), [0.1] * 5 + [0.5])),
    "probability-basics.bernoulli-variance": lambda: float(np.var(np.r_[np.ones(9), np.zeros(1)])),  # exact 90% / 10% population
    "probability-basics.scaled-variance": lambda: float(np.var(3 * np.array([-2.0, 2.0]) + 10)),  # a variable with Var = 4
    "probability-basics.he-init-std": lambda: float(np.sqrt(2 / 2048)),
    "probability-basics.difference-variance": lambda: _independent_var(lambda x, y: x - y, 3.0, 5.0),
    "probability-basics.mean-std": lambda: _std_of_mean(10.0, 25),
    # mle-and-bayes
    "mle-and-bayes.coin-mle": lambda: float(np.linspace(0, 1, 100001)[np.argmax(13 * np.log(np.linspace(1e-9, 1 - 1e-9, 100001)) + 7 * np.log(1 - np.linspace(1e-9, 1 - 1e-9, 100001)))]),
    "mle-and-bayes.nll-per-token": lambda: float(-np.mean(np.log([0.5, 0.2, 0.8]))),
    "mle-and-bayes.beta-prior": lambda: (lambda k, n, a, b: (k + a - 1) / (n + a + b - 2))(0, 8, 2, 2),
    "mle-and-bayes.false-alarms": lambda: float(round((10_000 - 0.02 * 10_000) * 0.03)),
    "mle-and-bayes.beta-posterior": lambda: _beta_mode(2 + 3, 2 + 1),
    # entropy-and-cross-entropy
    "entropy-and-cross-entropy.temperature": lambda: float(_softmax(np.array([2.0, 0.0]) / 0.5)[0]),
    "entropy-and-cross-entropy.initial-loss": lambda: float(-np.log(np.full(32000, 1 / 32000))[0]),
    "entropy-and-cross-entropy.kl-value": lambda: (lambda p, q: float(np.sum(p * np.log(p / q))))(np.array([0.8, 0.2]), np.array([0.5, 0.5])),
    "entropy-and-cross-entropy.ppl-from-loss": lambda: float(np.exp(2.3)),
    "entropy-and-cross-entropy.onehot-ce": lambda: float(-np.sum(np.array([0, 1, 0]) * np.log([0.7, 0.2, 0.1]))),
    # gradient-descent
    "gradient-descent.partial-derivative": lambda: (lambda h: ((2**2 * (5 + h) + 3 * (5 + h)) - (2**2 * (5 - h) + 3 * (5 - h))) / (2 * h))(1e-4),
    "gradient-descent.oscillation": lambda: (lambda w: w - 0.75 * 2 * w)(8.0 - 0.75 * 2 * 8.0),
    "gradient-descent.iterations-per-epoch": lambda: float(len(np.array_split(np.arange(50000), np.arange(128, 50000, 128)))),
    "gradient-descent.vector-step": lambda: float((np.array([1.0, 2.0]) - 0.1 * np.array([2 * 1.0, 6 * 2.0]))[1]),
    "gradient-descent.batch-noise": lambda: _batch_factor_to_halve_noise(),
    # optimizers
    "optimizers.momentum-terminal": lambda: round(_momentum_limit(0.95), 6),
    "optimizers.adam-first-step": lambda: _adam_first_step(0.004, 0.001),
    "optimizers.cosine-lr": lambda: _cosine_lr(3000, 9000, 6e-4) / 1e-4,
    "optimizers.adam-memory": lambda: 3e9 * 2 * np.dtype(np.float32).itemsize / 1e9,
    "optimizers.warmup-lr": lambda: 6e-4 * 1200 / 4000 / 1e-4,
    "optimizers.decay-factor": lambda: float(np.prod(np.full(1000, 1 - 1e-3 * 0.1))),
    # training-stability
    "training-stability.sigmoid-bound": _sigmoid_derivative_max,
    "training-stability.clip-norm": lambda: float(_clip_by_norm([6.0, 8.0], 2.0)[0]),
    "training-stability.layernorm-value": lambda: float(_layernorm([2.0, 4.0, 6.0, 8.0])[0]),
    "training-stability.dropout-scale": lambda: 1 / (1 - 0.2),
    "training-stability.exploding-growth": lambda: float(np.linalg.norm(np.prod(np.full(20, 1.3)) * np.array([0.3, 0.4]))),  # a norm-0.5 vector
    "training-stability.clip-global-norm": lambda: _clip_global_norm([[3.0, 0.0], [0.0, 4.0, 12.0]], 1.0)[1][2],
    "training-stability.dropout-expectation": lambda: _dropout_expectation(3.0, 0.25),
}


def _divergence_threshold(curvature_coef: float) -> float:
    """Smallest η for which GD on L(w) = a·w² stops shrinking |w| (bisection on the growth factor)."""
    lo, hi = 1e-9, 10.0
    for _ in range(200):
        mid = (lo + hi) / 2
        w = 1.0
        w_next = w - mid * (2 * curvature_coef * w)  # gradient of a·w² is 2a·w
        if abs(w_next) < abs(w):
            lo = mid
        else:
            hi = mid
    return hi


CHECKS["gradient-descent.stability-limit"] = lambda: _divergence_threshold(3.0)

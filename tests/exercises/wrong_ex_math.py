"""Typical wrong solutions of the math module's exercises (ex-math; see wrong_solutions.py for the format)."""

COSINE_TOP_K = '''
def top_k_neighbours(queries, keys, k):
    return np.argsort(-pairwise_cosine(queries, keys), axis=1)[:, :k]
'''

COSINE_RIGHT = '''
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    na = np.maximum(np.linalg.norm(a, axis=1, keepdims=True), eps)
    nb = np.maximum(np.linalg.norm(b, axis=1, keepdims=True), eps)
    return (a / na) @ (b / nb).T
'''

MLE_RIGHT = '''
import math
import numpy as np
def gaussian_mle(x):
    mu = float(np.mean(x))
    return mu, float(np.mean((x - mu) ** 2))
'''

NLL_RIGHT = '''
def gaussian_nll(x, mu, sigma2):
    return len(x) / 2 * math.log(2 * math.pi * sigma2) + float(np.sum((x - mu) ** 2)) / (2 * sigma2)
'''

POSTERIOR_RIGHT = '''
def beta_posterior(alpha, beta, heads, tails):
    a, b = alpha + heads, beta + tails
    return a, b, a / (a + b), 0.5 if a == b == 1 else (a - 1) / (a + b - 2)
'''


def _posterior(body):
    return MLE_RIGHT + NLL_RIGHT + "\ndef beta_posterior(alpha, beta, heads, tails):\n" + body


MOMENTS_RIGHT = '''
import numpy as np
def expectation_variance(values, probs):
    p = probs / probs.sum()
    mean = float(np.sum(values * p))
    var = float(np.sum((values - mean) ** 2 * p))
    return mean, var, var ** 0.5
'''

SAMPLE_RIGHT = '''
def sample_categorical(probs, u):
    cdf = np.cumsum(probs) / probs.sum()
    return np.searchsorted(cdf, u, side="right")
'''

EMPIRICAL_RIGHT = '''
def empirical_distribution(samples, k):
    return np.bincount(samples, minlength=k) / len(samples)
'''


def _sampling(moments=MOMENTS_RIGHT, sample=SAMPLE_RIGHT, empirical=EMPIRICAL_RIGHT):
    return "import numpy as np\n" + moments + sample + empirical


NORM_RIGHT = '''
import numpy as np
def global_grad_norm(grads):
    return float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
'''


def _clipping(body):
    return NORM_RIGHT + "\ndef clip_grad_norm(grads, max_norm):\n" + body


CLIP_RIGHT_BODY = """
    total = global_grad_norm(grads)
    if total > max_norm:
        return [g * (max_norm / (total + 1e-6)) for g in grads], total
    return [g.copy() for g in grads], total
"""

WRONG = {
    "clip-grad-norm": [
        ("one norm per tensor", """
import numpy as np
def global_grad_norm(grads):
    return [float(np.linalg.norm(g)) for g in grads]
def clip_grad_norm(grads, max_norm):
    total = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    scale = min(1.0, max_norm / (total + 1e-6))
    return [g * scale for g in grads], total
""", "one norm per array"),
        ("sum of the norms", """
import numpy as np
def global_grad_norm(grads):
    return float(sum(np.linalg.norm(g) for g in grads))
def clip_grad_norm(grads, max_norm):
    total = global_grad_norm(grads)
    scale = min(1.0, max_norm / (total + 1e-6))
    return [g * scale for g in grads], total
""", "added up the arrays' norms"),
        ("squared norm", """
import numpy as np
def global_grad_norm(grads):
    return float(sum((g ** 2).sum() for g in grads))
""" + _clipping(CLIP_RIGHT_BODY)[len(NORM_RIGHT):], "square root"),
        ("each tensor clipped by its own norm", _clipping("""
    total = global_grad_norm(grads)
    out = []
    for g in grads:
        n = float(np.linalg.norm(g))
        out.append(g * (max_norm / (n + 1e-6)) if n > max_norm else g.copy())
    return out, total
"""), "its own norm"),
        ("clip_grad_value", _clipping("""
    return [np.clip(g, -max_norm, max_norm) for g in grads], global_grad_norm(grads)
"""), "clip_grad_value_"),
        ("scaled below the threshold", _clipping("""
    total = global_grad_norm(grads)
    return [g * max_norm / (total + 1e-6) for g in grads], total
"""), "below max_norm"),
        ("norm after clipping", _clipping("""
    total = global_grad_norm(grads)
    if total > max_norm:
        grads = [g * (max_norm / (total + 1e-6)) for g in grads]
    return [g.copy() for g in grads], global_grad_norm(grads)
"""), "norm after clipping"),
        ("in place, as torch's clip_grad_norm_", _clipping("""
    total = global_grad_norm(grads)
    if total > max_norm:
        for g in grads:
            g *= max_norm / (total + 1e-6)
    return grads, total
"""), "g *= scale"),
        ("the caller's list rewritten", _clipping("""
    total = global_grad_norm(grads)
    if total > max_norm:
        for i in range(len(grads)):
            grads[i] = grads[i] * (max_norm / (total + 1e-6))
    return grads, total
"""), "in place"),
    ],
    "categorical-sampling": [
        ("unweighted mean", _sampling(moments="""
def expectation_variance(values, probs):
    return float(np.mean(values)), float(np.var(values)), float(np.std(values))
"""), "equal weights"),
        ("weights not normalised", _sampling(moments="""
def expectation_variance(values, probs):
    mean = float(values @ probs)
    var = float(((values - mean) ** 2) @ probs)
    return mean, var, abs(var) ** 0.5
"""), "divide them by their sum"),
        ("E[X^2] - E[X]", _sampling(moments="""
def expectation_variance(values, probs):
    p = probs / probs.sum()
    mean = float(np.sum(values * p))
    var = float(np.sum(values ** 2 * p) - mean)
    return mean, var, abs(var) ** 0.5
"""), "the mean squared"),
        ("variance and std swapped", _sampling(moments="""
def expectation_variance(values, probs):
    p = probs / probs.sum()
    mean = float(np.sum(values * p))
    var = float(np.sum((values - mean) ** 2 * p))
    return mean, var ** 0.5, var
"""), "swapped"),
        ("searchsorted side left", _sampling(sample="""
def sample_categorical(probs, u):
    return np.searchsorted(np.cumsum(probs) / probs.sum(), u)
"""), 'side="right"'),
        ("u <= cdf with argmax", _sampling(sample="""
def sample_categorical(probs, u):
    cdf = np.cumsum(probs / probs.sum())
    return np.argmax(u[:, None] <= cdf[None, :], axis=1)
"""), 'side="right"'),
        ("cdf not normalised", _sampling(sample="""
def sample_categorical(probs, u):
    return np.minimum(np.searchsorted(np.cumsum(probs), u, side="right"), len(probs) - 1)
"""), "cdf / cdf[-1]"),
        ("interval starts", _sampling(sample="""
def sample_categorical(probs, u):
    p = probs / probs.sum()
    starts = np.cumsum(p) - p
    return (u[:, None] >= starts[None, :]).sum(axis=1)
"""), "one too high"),
        ("greedy", _sampling(sample="""
def sample_categorical(probs, u):
    return np.full(u.shape, np.argmax(probs))
"""), "greedy"),
        ("uniform over outcomes", _sampling(sample="""
def sample_categorical(probs, u):
    return np.floor(u * len(probs)).astype(int)
"""), "same probability 1/K"),
        ("counts", _sampling(empirical="""
def empirical_distribution(samples, k):
    return np.bincount(samples, minlength=k)
"""), "number of draws"),
        ("bincount without minlength", _sampling(empirical="""
def empirical_distribution(samples, k):
    return np.bincount(samples) / len(samples)
"""), "minlength=k"),
        ("np.unique", _sampling(empirical="""
def empirical_distribution(samples, k):
    _, counts = np.unique(samples, return_counts=True)
    return counts / samples.size
"""), "np.unique"),
        ("divided by k", _sampling(empirical="""
def empirical_distribution(samples, k):
    return np.bincount(samples, minlength=k) / k
"""), "divided the counts by k"),
        ("np.histogram with k bins over the range of the draws", _sampling(empirical="""
def empirical_distribution(samples, k):
    return np.histogram(samples, bins=k)[0] / len(samples)
"""), "np.histogram"),
    ],
    "gaussian-mle-beta-posterior": [
        ("n - 1 variance", """
import math
import numpy as np
def gaussian_mle(x):
    return float(np.mean(x)), float(np.var(x, ddof=1))
""" + NLL_RIGHT + POSTERIOR_RIGHT, "divided by n − 1"),
        ("standard deviation", """
import math
import numpy as np
def gaussian_mle(x):
    return float(np.mean(x)), float(np.std(x))
""" + NLL_RIGHT + POSTERIOR_RIGHT, "standard deviation"),
        ("not centred", """
import math
import numpy as np
def gaussian_mle(x):
    return float(np.mean(x)), float(np.mean(x ** 2))
""" + NLL_RIGHT + POSTERIOR_RIGHT, "without subtracting the mean"),
        ("log-likelihood, not its negative", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    return -len(x) / 2 * math.log(2 * math.pi * sigma2) - float(np.sum((x - mu) ** 2)) / (2 * sigma2)
""" + POSTERIOR_RIGHT, "returned the log-likelihood"),
        ("mean NLL", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    return float(np.mean(0.5 * np.log(2 * np.pi * sigma2) + (x - mu) ** 2 / (2 * sigma2)))
""" + POSTERIOR_RIGHT, "sum over all n points"),
        ("no 2 pi", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    return len(x) / 2 * math.log(sigma2) + float(np.sum((x - mu) ** 2)) / (2 * sigma2)
""" + POSTERIOR_RIGHT, "2π is missing"),
        ("no one half", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    return len(x) / 2 * math.log(2 * math.pi * sigma2) + float(np.sum((x - mu) ** 2)) / sigma2
""" + POSTERIOR_RIGHT, "2σ²"),
        ("sigma2 taken for sigma", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    var = sigma2 ** 2
    return len(x) / 2 * math.log(2 * math.pi * var) + float(np.sum((x - mu) ** 2)) / (2 * var)
""" + POSTERIOR_RIGHT, "squared sigma2 again"),
        ("heads and tails swapped", _posterior("""
    a, b = alpha + tails, beta + heads
    return a, b, a / (a + b), 0.5 if a == b == 1 else (a - 1) / (a + b - 2)
"""), "swapped"),
        ("MAP = mean", _posterior("""
    a, b = alpha + heads, beta + tails
    return a, b, a / (a + b), a / (a + b)
"""), "posterior mean"),
        ("MAP = MLE", _posterior("""
    a, b = alpha + heads, beta + tails
    return a, b, a / (a + b), heads / (heads + tails) if heads + tails else 0.5
"""), "ignores the prior"),
        ("prior mean", _posterior("""
    a, b = alpha + heads, beta + tails
    return a, b, alpha / (alpha + beta), 0.5 if a == b == 1 else (a - 1) / (a + b - 2)
"""), "prior's"),
        ("the log normaliser once, not n times", MLE_RIGHT + """
def gaussian_nll(x, mu, sigma2):
    return 0.5 * math.log(2 * math.pi * sigma2) + float(np.sum((x - mu) ** 2)) / (2 * sigma2)
""" + POSTERIOR_RIGHT, "each of the n points"),
        ("0 / 0 on a flat posterior", _posterior("""
    a, b = alpha + heads, beta + tails
    return a, b, a / (a + b), float(np.float64(a - 1) / (a + b - 2))
"""), "0 / 0"),
    ],
    "cosine-similarity": [
        ("raw dot product", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    return a @ b.T
""" + COSINE_TOP_K, "raw dot product"),
        ("transposed result", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    na = np.maximum(np.linalg.norm(a, axis=1, keepdims=True), eps)
    nb = np.maximum(np.linalg.norm(b, axis=1, keepdims=True), eps)
    return (b / nb) @ (a / na).T
""" + COSINE_TOP_K, "transposed"),
        ("columns normalised", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    na = np.maximum(np.linalg.norm(a, axis=0, keepdims=True), eps)
    nb = np.maximum(np.linalg.norm(b, axis=0, keepdims=True), eps)
    return (a / na) @ (b / nb).T
""" + COSINE_TOP_K, "length of each row"),
        ("nan for a zero row", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    return a @ b.T / np.outer(np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1))
""" + COSINE_TOP_K, "0 / 0"),
        ("only a normalised", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    return (a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), eps)) @ b.T
""" + COSINE_TOP_K, "not those of b"),
        ("squared norms", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    na = np.maximum(np.sum(a * a, axis=1, keepdims=True), eps)
    nb = np.maximum(np.sum(b * b, axis=1, keepdims=True), eps)
    return (a / na) @ (b / nb).T
""" + COSINE_TOP_K, "square root"),
        ("ranked by the dot product", COSINE_RIGHT + """
def top_k_neighbours(queries, keys, k):
    return np.argsort(-(queries @ keys.T), axis=1)[:, :k]
""", "raw dot product"),
        ("ascending order", COSINE_RIGHT + """
def top_k_neighbours(queries, keys, k):
    return np.argsort(pairwise_cosine(queries, keys), axis=1)[:, :k]
""", "least similar"),
        ("right keys, least similar first", COSINE_RIGHT + """
def top_k_neighbours(queries, keys, k):
    return np.argsort(pairwise_cosine(queries, keys), axis=1)[:, -k:]
""", "most similar key must come first"),
        ("values instead of indices", COSINE_RIGHT + """
def top_k_neighbours(queries, keys, k):
    return np.sort(pairwise_cosine(queries, keys), axis=1)[:, ::-1][:, :k]
""", "indices"),
        ("row lengths without keepdims: (N, d) / (N,) does not broadcast", """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    na = np.maximum(np.linalg.norm(a, axis=1), eps)
    nb = np.maximum(np.linalg.norm(b, axis=1), eps)
    return (a / na) @ (b / nb).T
""" + COSINE_TOP_K, "broadcast"),
    ],
}

# Right answers written differently from the references: the checks must accept them.
ALSO_RIGHT = {
    "clip-grad-norm": """
import numpy as np
def global_grad_norm(grads):
    return float(np.linalg.norm(np.concatenate([g.ravel() for g in grads])))
def clip_grad_norm(grads, max_norm):
    total = global_grad_norm(grads)
    coef = min(max_norm / (total + 1e-6), 1.0)         # torch's clamp: always multiplies, by 1 below the threshold
    return [coef * g for g in grads], total
""",
    "categorical-sampling": """
import numpy as np
def expectation_variance(values, probs):
    p = probs / np.sum(probs)
    mean = float(p @ values)
    var = float(p @ values ** 2 - mean ** 2)          # E[X²] − E[X]²
    return mean, var, float(np.sqrt(var))
def sample_categorical(probs, u):
    cdf = np.cumsum(probs) / np.sum(probs)
    return np.argmax(u[:, None] < cdf[None, :], axis=1)   # the first k with u < cdf[k]
def empirical_distribution(samples, k):
    return (samples[:, None] == np.arange(k)[None, :]).mean(axis=0)
""",
    "gaussian-mle-beta-posterior": """
import math
import numpy as np
def gaussian_mle(x):
    return float(np.mean(x)), float(np.var(x))          # np.var divides by n (ddof=0)
def gaussian_nll(x, mu, sigma2):
    n = x.size
    return 0.5 * n * (math.log(2 * math.pi) + math.log(sigma2)) + 0.5 * float(((x - mu) ** 2).sum()) / sigma2
def beta_posterior(alpha, beta, heads, tails):
    a, b = alpha + heads, beta + tails
    if a + b == 2:
        return a, b, 0.5, 0.5
    return a, b, a / (a + b), (a - 1) / (a + b - 2)
""",
    "cosine-similarity": """
import numpy as np
def pairwise_cosine(a, b, eps=1e-8):
    dots = np.einsum("nd,md->nm", a, b)
    lengths = np.outer(np.sqrt((a ** 2).sum(axis=1)), np.sqrt((b ** 2).sum(axis=1)))
    return dots / np.maximum(lengths, eps)          # eps on the product of the norms, as older torch did
def top_k_neighbours(queries, keys, k):
    sims = pairwise_cosine(queries, keys)
    return np.argsort(sims, axis=1)[:, ::-1][:, :k]
""",
}


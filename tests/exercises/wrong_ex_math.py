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


WRONG = {
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
    ],
}

# Right answers written differently from the references: the checks must accept them.
ALSO_RIGHT = {
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

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

WRONG = {
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

"""Vectors, matrices and the [batch, seq_len, hidden_dim] tensors every LLM layer works on.

Teaches: a dot product is a sum of products; matmul is many dot products; transpose swaps
axes; an inverse undoes a matrix; broadcasting stretches size-1 axes; a linear layer
y = x W + b applies the same W to every token of every sequence in a batch.
The loops below are the definitions; numpy's vectorised versions must give the same numbers.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("batch", int, 2, "sequences in the batch", "批大小（序列条数）", low=1, high=64),
    Option("seq_len", int, 4, "tokens per sequence", "每条序列的词元数", low=1, high=128),
    Option("hidden", int, 8, "hidden size (numbers per token)", "隐藏维度（每个词元的数字个数）", low=1, high=256),
    Option("out", int, 3, "output size of the linear layer", "线性层输出维度", low=1, high=256),
]


def dot(a: np.ndarray, b: np.ndarray) -> float:
    """a · b = Σᵢ aᵢ bᵢ."""
    total = 0.0
    for x, y in zip(a, b):
        total += float(x) * float(y)
    return total


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """C[i, j] = Σₖ A[i, k] B[k, j]: row i of A dotted with column j of B."""
    n, k = a.shape
    k2, m = b.shape
    if k != k2:
        raise ValueError(f"inner sizes differ: {a.shape} @ {b.shape}")
    c = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            c[i, j] = dot(a[i, :], b[:, j])
    return c


def transpose(a: np.ndarray) -> np.ndarray:
    """Aᵀ[j, i] = A[i, j]."""
    n, m = a.shape
    t = np.zeros((m, n))
    for i in range(n):
        for j in range(m):
            t[j, i] = a[i, j]
    return t


def inverse(a: np.ndarray) -> np.ndarray:
    """Gauss–Jordan elimination with partial pivoting: [A | I] → [I | A⁻¹]."""
    n = a.shape[0]
    aug = np.hstack([a.astype(float), np.eye(n)])
    for col in range(n):
        pivot = col + int(np.argmax(np.abs(aug[col:, col])))
        if abs(aug[pivot, col]) < 1e-12:
            raise np.linalg.LinAlgError("matrix is singular")
        aug[[col, pivot]] = aug[[pivot, col]]
        aug[col] /= aug[col, col]
        for row in range(n):
            if row != col:
                aug[row] -= aug[row, col] * aug[col]
    return aug[:, n:]


def linear_layer(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """y[b, t, :] = x[b, t, :] @ W + bias, one token at a time. x: (B, T, H), W: (H, O) → (B, T, O)."""
    batch, seq, _ = x.shape
    y = np.zeros((batch, seq, w.shape[1]))
    for i in range(batch):
        for t in range(seq):
            y[i, t] = matmul(x[i, t][None, :], w)[0] + b
    return y


def run(ctx: DemoContext, *, batch: int, seq_len: int, hidden: int, out: int) -> None:
    rng = np.random.default_rng(ctx.seed)

    ctx.heading("1. Vectors and the dot product", "1. 向量与点积")
    a = rng.integers(-3, 4, size=4).astype(float)
    b = rng.integers(-3, 4, size=4).astype(float)
    d = dot(a, b)
    ctx.say(
        "A vector is a list of numbers. The dot product multiplies them pairwise and adds: a · b = Σᵢ aᵢbᵢ. "
        "It is large when the vectors point the same way; attention scores are dot products.",
        "向量就是一列数字。点积（dot product）把对应位置相乘再相加：a · b = Σᵢ aᵢbᵢ。"
        "两个向量方向越一致，点积越大；注意力分数就是点积。",
    )
    ctx.table("a · b", ["", "0", "1", "2", "3", "Σ"], [["a", *a.astype(int), ""], ["b", *b.astype(int), ""], ["a×b", *(a * b).astype(int), int(d)]])
    ctx.agree(L10n("dot product", "点积"), d, np.dot(a, b), reference_name="numpy.dot", tolerance=1e-12)
    ctx.figures["dot"] = d

    ctx.heading("2. Matrices: multiply, transpose, invert", "2. 矩阵：乘法、转置、求逆")
    m = rng.integers(-2, 3, size=(3, 3)).astype(float) + 3 * np.eye(3)
    n = rng.integers(-2, 3, size=(3, 2)).astype(float)
    prod = matmul(m, n)
    ctx.say(
        "Matrix multiplication C = A B takes every row of A and dots it with every column of B, "
        "so a (3×3) @ (3×2) gives (3×2): the inner sizes must match.",
        "矩阵乘法 C = A B：A 的每一行与 B 的每一列做点积，所以 (3×3) @ (3×2) 得到 (3×2)；中间的维度必须相同。",
    )
    ctx.table("A", ["", "c0", "c1", "c2"], [[f"r{i}", *row.astype(int)] for i, row in enumerate(m)])
    ctx.table("B", ["", "c0", "c1"], [[f"r{i}", *row.astype(int)] for i, row in enumerate(n)])  # both operands, then the product
    ctx.table("A @ B", ["", "c0", "c1"], [[f"r{i}", *row.astype(int)] for i, row in enumerate(prod)])
    ctx.agree(L10n("matmul", "矩阵乘法"), prod, m @ n, reference_name="numpy @", tolerance=1e-12)
    ctx.agree(L10n("transpose", "转置"), transpose(n), n.T, reference_name="numpy .T", tolerance=0.0)
    inv = inverse(m)
    ctx.say(
        "The inverse A⁻¹ undoes A: A⁻¹ A = I. We find it by Gauss–Jordan elimination "
        "(row operations that turn [A | I] into [I | A⁻¹]). Training never inverts big matrices — "
        "it is slow and unstable — but the idea explains solving linear systems.",
        "逆矩阵 A⁻¹ 抵消 A 的作用：A⁻¹ A = I。我们用高斯-若尔当消元求它（把 [A | I] 行变换成 [I | A⁻¹]）。"
        "训练中几乎从不对大矩阵求逆（又慢又不稳定），但这一思想解释了如何解线性方程组。",
    )
    ctx.table("A⁻¹", ["", "c0", "c1", "c2"], [[f"r{i}", *np.round(row, 4)] for i, row in enumerate(inv)])
    ctx.agree(L10n("inverse", "逆矩阵"), inv, np.linalg.inv(m), reference_name="numpy.linalg.inv", tolerance=1e-10)
    ctx.figures["identity_error"] = float(np.max(np.abs(inv @ m - np.eye(3))))

    ctx.heading("3. Broadcasting", "3. 广播")
    col = np.arange(3.0)[:, None]
    row = np.array([10.0, 20.0, 30.0, 40.0])[None, :]
    ctx.say(
        "Shapes (3, 1) + (1, 4) → (3, 4): numpy repeats each size-1 axis to match the other. "
        "This is how one bias vector is added to every token at once.",
        "形状 (3, 1) + (1, 4) → (3, 4):numpy 把长度为 1 的轴复制到与另一方相同。"
        "一个偏置向量就是这样一次加到所有词元上的。",
    )
    ctx.table("(3,1) + (1,4)", ["", *[f"+{int(v)}" for v in row[0]]], [[f"{int(c)}", *(c + row[0]).astype(int)] for c in col[:, 0]])

    ctx.heading("4. A batch of token vectors: [batch, seq_len, hidden_dim]", "4. 一批词元向量：[batch, seq_len, hidden_dim]")
    x = rng.normal(size=(batch, seq_len, hidden))
    w = rng.normal(scale=1 / np.sqrt(hidden), size=(hidden, out))
    bias = rng.normal(scale=0.1, size=out)
    ctx.say(
        f"An LLM layer sees a tensor x of shape [batch={batch}, seq_len={seq_len}, hidden_dim={hidden}]: "
        f"{batch} sequences × {seq_len} tokens × {hidden} numbers per token. A linear layer with W of shape "
        f"({hidden}, {out}) maps every token vector separately: y = x W + b has shape [{batch}, {seq_len}, {out}]. "
        f"It has {hidden * out + out} parameters, shared by all {batch * seq_len} tokens.",
        f"LLM 的一层看到的是形状为 [batch={batch}, seq_len={seq_len}, hidden_dim={hidden}] 的张量 x:"
        f"{batch} 条序列 × 每条 {seq_len} 个词元 × 每个词元 {hidden} 个数字。权重 W 形状为（{hidden}, {out}）的线性层"
        f"对每个词元向量分别变换：y = x W + b，形状为 [{batch}, {seq_len}, {out}]。"
        f"它有 {hidden * out + out} 个参数，被全部 {batch * seq_len} 个词元共享。",
    )
    y = linear_layer(x, w, bias)
    ctx.table(
        L10n("shapes", "形状"),
        [L10n("tensor", "张量"), L10n("shape", "形状"), L10n("numbers", "数字个数")],
        [["x", str(list(x.shape)), x.size], ["W", str(list(w.shape)), w.size], ["b", str(list(bias.shape)), bias.size], ["y", str(list(y.shape)), y.size]],
    )
    ctx.table(
        L10n("y[0] (first sequence)", "y[0]（第一条序列）"),
        [L10n("token", "词元"), *[f"o{j}" for j in range(min(out, 6))]],
        [[f"t{t}", *np.round(y[0, t, :6], 4)] for t in range(min(seq_len, 6))],
        more_rows=seq_len > 6, more_columns=out > 6,
    )
    ref = x @ w + bias  # (B, T, H) @ (H, O) + (O,) → (B, T, O), broadcasting the bias
    ctx.agree(L10n("linear layer", "线性层"), y, ref, reference_name="numpy x @ W + b", tolerance=1e-10)
    ctx.say(
        "Flattening (B, T, H) to (B·T, H), multiplying, and reshaping back gives the same numbers: "
        "a linear layer treats tokens independently. Mixing information *between* tokens is attention's job.",
        "把 (B, T, H) 展平成 (B·T, H) 再相乘、再变回原形，结果完全一样：线性层独立处理每个词元。"
        "在词元*之间*交换信息是注意力的工作。",
    )
    flat = (x.reshape(-1, hidden) @ w + bias).reshape(batch, seq_len, out)
    ctx.figures["flatten_diff"] = float(np.max(np.abs(flat - ref)))
    ctx.figures["x_shape"] = list(x.shape)
    ctx.figures["y_shape"] = list(y.shape)
    ctx.figures["parameters"] = hidden * out + out

"""Positional encodings: how a Transformer knows word order.

Teaches: attention alone treats a sentence as a bag of tokens (shuffling the input only
shuffles the output: permutation equivariance), so position must be added to each
embedding. Sinusoidal encodings PE(pos, 2i) = sin(pos / 10000^(2i/d)),
PE(pos, 2i+1) = cos(pos / 10000^(2i/d)) (Vaswani et al. 2017, section 3.5) have no
parameters, work at any length, and PE(pos + k) is a rotation of PE(pos); learned
encodings (BERT, GPT-2) are a trainable table, one row per position up to a fixed maximum.
"""

from __future__ import annotations

import numpy as np

from llmpath.demos.base import DemoContext, Option, adam, single_thread

OPTIONS = [
    Option("d_model", int, 16, "encoding width d (even)", "编码宽度 d（偶数）", low=2, high=1024),
    Option("max_len", int, 64, "positions in the table", "表中的位置数", low=8, high=4096),
    Option("steps", int, 120, "training steps of the order task", "顺序任务的训练步数", low=1, high=5000),
]


def sinusoidal_table(max_len: int, d: int) -> np.ndarray:
    """(max_len, d): PE[pos, 2i] = sin(pos·ωᵢ), PE[pos, 2i+1] = cos(pos·ωᵢ), ωᵢ = 10000^(−2i/d)."""
    pos = np.arange(max_len)[:, None]  # (L, 1)
    omega = 10000.0 ** (-np.arange(0, d, 2) / d)  # (d/2,)
    pe = np.zeros((max_len, d))
    pe[:, 0::2] = np.sin(pos * omega)
    pe[:, 1::2] = np.cos(pos * omega)[:, : d // 2]
    return pe


def shift_matrix(k: int, d: int) -> np.ndarray:
    """(d, d) block-diagonal rotation R(k) with PE[pos + k] = R(k) PE[pos] for every pos."""
    omega = 10000.0 ** (-np.arange(0, d, 2) / d)
    r = np.zeros((d, d))
    for i, w in enumerate(omega):
        c, s = np.cos(k * w), np.sin(k * w)
        # [sin(a + b), cos(a + b)] = [[cos b, sin b], [−sin b, cos b]] [sin a, cos a]
        r[2 * i : 2 * i + 2, 2 * i : 2 * i + 2] = [[c, s], [-s, c]]
    return r


def dot_by_distance(k: np.ndarray, d: int) -> np.ndarray:
    """PE[pos]·PE[pos + k] = Σᵢ cos(k·ωᵢ): it depends only on the distance k, not on pos."""
    omega = 10000.0 ** (-np.arange(0, d, 2) / d)
    return np.cos(np.outer(k, omega)).sum(axis=1)


def self_attention(x, w_q, w_k, w_v):
    """Single-head self-attention without any position information: (B, T, C) → (B, T, C)."""
    import torch

    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (B, T, C)
    att = torch.softmax(q @ k.transpose(-2, -1) / x.shape[-1] ** 0.5, dim=-1)  # (B, T, T)
    return att @ v


def _order_task(kind: str, *, steps: int, d: int, seed: int, device: str) -> float:
    """Train a one-layer attention reader to answer "which token is at position 2?"; return accuracy.

    kind: "none" (no positions), "sinusoidal" (fixed table added) or "learned" (nn.Embedding).
    """
    import torch
    from torch import nn

    torch.manual_seed(seed)
    V, T, B = 8, 8, 128
    wte = nn.Embedding(V, d).to(device)
    wpe = nn.Embedding(T, d).to(device)  # used only when kind == "learned"
    fixed = torch.tensor(sinusoidal_table(T, d), dtype=torch.float32, device=device)
    query = nn.Parameter(torch.randn(d, device=device) * 0.1)  # one learned "question"
    w_k, w_v, head = nn.Linear(d, d).to(device), nn.Linear(d, d).to(device), nn.Linear(d, V).to(device)
    params = [*wte.parameters(), *w_k.parameters(), *w_v.parameters(), *head.parameters(), query]
    if kind == "learned":
        params += list(wpe.parameters())
    step = adam(params, lr=0.02)
    gen = torch.Generator(device="cpu").manual_seed(seed + 1)

    def forward(idx):  # idx (B, T)
        x = wte(idx)  # (B, T, d)
        if kind == "sinusoidal":
            x = x + fixed
        elif kind == "learned":
            x = x + wpe.weight
        att = torch.softmax(w_k(x) @ query / d**0.5, dim=-1)  # (B, T)
        return head((att.unsqueeze(-1) * w_v(x)).sum(1))  # (B, V)

    for _ in range(steps):
        idx = torch.randint(V, (B, T), generator=gen).to(device)
        loss = nn.functional.cross_entropy(forward(idx), idx[:, 2])
        loss.backward()
        step()
    with torch.no_grad():
        idx = torch.randint(V, (2000, T), generator=gen).to(device)
        return float((forward(idx).argmax(-1) == idx[:, 2]).float().mean())


def run(ctx: DemoContext, *, d_model: int, max_len: int, steps: int) -> None:
    import torch

    from llmpath.demos.base import DemoError

    if d_model % 2:
        raise DemoError(f"--d-model must be even (sin/cos pairs), got {d_model}")
    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    d = d_model
    pe = sinusoidal_table(max_len, d)

    ctx.heading("1. Attention alone cannot see order", "1. 单靠注意力看不到顺序")
    B, T = 1, 6
    x = torch.randn(B, T, d, dtype=torch.float64)  # (B, T, C)
    w_q, w_k, w_v = (torch.randn(d, d, dtype=torch.float64) / d**0.5 for _ in range(3))
    perm = torch.randperm(T)
    out = self_attention(x, w_q, w_k, w_v)
    out_perm = self_attention(x[:, perm], w_q, w_k, w_v)
    ctx.say(
        f"Shuffle the {T} input tokens with the permutation {perm.tolist()}: the outputs come back shuffled the same way "
        "and are otherwise identical. attention(P X) = P attention(X), so \"dog bites man\" and \"man bites dog\" "
        "give each word the same vector.",
        f"用置换 {perm.tolist()} 打乱 {T} 个输入词元：输出也以同样方式被打乱，其余完全相同。"
        "attention(P X) = P attention(X)，所以“狗咬人”和“人咬狗”中每个词得到的向量一样。",
    )
    ctx.agree(ctx.t("attention(P X) vs P attention(X)", "attention(P X) 与 P attention(X)"), out_perm, out[:, perm], reference_name=ctx.t("the permuted output", "打乱后的输出"), tolerance=1e-10, key="max_diff_permutation")
    mha = torch.nn.MultiheadAttention(d, 2, batch_first=True, dtype=torch.float64).eval()
    with torch.no_grad():
        ref, _ = mha(x, x, x)
        ref_perm, _ = mha(x[:, perm], x[:, perm], x[:, perm])
    ctx.agree(ctx.t("the same for torch.nn.MultiheadAttention", "torch.nn.MultiheadAttention 也一样"), ref_perm, ref[:, perm], reference_name="nn.MultiheadAttention", tolerance=1e-10, key="max_diff_permutation_mha")
    pe_t = torch.tensor(pe[:T])
    xp = x + pe_t
    moved = float((self_attention(x[:, perm] + pe_t, w_q, w_k, w_v) - self_attention(xp, w_q, w_k, w_v)[:, perm]).abs().max())
    ctx.say(
        f"Add a position vector to each token first, and the same shuffle now changes the outputs (max change {moved:.2f}).",
        f"先给每个词元加上位置向量，同样的打乱就会改变输出（最大变化 {moved:.2f}）。",
    )

    ctx.heading("2. The sinusoidal table", "2. 正弦位置编码表")
    ctx.say(
        "PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)). Low dimensions turn fast "
        "(wavelength 2π), high ones slowly (up to 10000·2π), like the hands of a clock: together they give every "
        "position a unique pattern.",
        "PE(pos, 2i) = sin(pos / 10000^(2i/d)),PE(pos, 2i+1) = cos(pos / 10000^(2i/d))。低维转得快（波长 2π），"
        "高维转得慢（最长 10000·2π），就像钟表的指针：合起来给每个位置一个独一无二的模式。",
    )
    cols = min(d, 8)
    ctx.table(f"PE[0:8, 0:{cols}]", ["pos"] + [f"d{j}" for j in range(cols)], [[p] + [round(float(v), 2) for v in pe[p, :cols]] for p in range(8)])
    ctx.chart(
        ctx.t("PE columns over positions", "各维度随位置变化"),
        {f"d{j}": pe[:, j] for j in sorted({0, 2, min(6, d - 2), d - 2}) if j < d},  # d = 2 has one sin/cos pair
        x_label="pos",
    )

    ctx.heading("3. Similarity depends on distance", "3. 相似度只取决于距离")
    ks = np.arange(0, min(max_len, 32))
    sims = np.array([np.mean([pe[p] @ pe[p + k] for p in range(0, max_len - k)]) for k in ks])
    ctx.say(
        "PE(pos)·PE(pos+k) = Σᵢ [sin(pos·ωᵢ) sin((pos+k)·ωᵢ) + cos(pos·ωᵢ) cos((pos+k)·ωᵢ)] = Σᵢ cos(k·ωᵢ): "
        "the same for every pos, and largest for neighbours.",
        "PE(pos)·PE(pos+k) = Σᵢ [sin(pos·ωᵢ) sin((pos+k)·ωᵢ) + cos(pos·ωᵢ) cos((pos+k)·ωᵢ)] = Σᵢ cos(k·ωᵢ)："
        "与 pos 无关，并且相邻位置最大。",
    )
    ctx.agree(ctx.t("PE(pos)·PE(pos+k) averaged over pos", "PE(pos)·PE(pos+k) 对 pos 取平均"), sims, dot_by_distance(ks, d), reference_name="Σᵢ cos(k·ωᵢ)", tolerance=1e-9, key="max_diff_dot_by_distance")
    shown = [k for k in (0, 1, 2, 4, 8, 16, 31) if k < len(ks)]
    ctx.bars(ctx.t("PE(pos)·PE(pos+k) by distance k", "按距离 k 的 PE(pos)·PE(pos+k)"), [f"k={k}" for k in shown], [sims[k] for k in shown], fmt="{:.2f}")
    k = 3
    shifted = pe[: max_len - k] @ shift_matrix(k, d).T
    ctx.say(
        f"And PE(pos + k) = R(k) PE(pos) for a fixed rotation R(k): \"{k} tokens later\" is the same linear map at any "
        "position, which attention can learn. (RoPE, used by LLaMA, builds on exactly this: it rotates q and k.)",
        f"并且 PE(pos + k) = R(k) PE(pos),R(k) 是固定的旋转：“往后 {k} 个词”在任何位置都是同一个线性变换，"
        "注意力可以学会它。（LLaMA 使用的 RoPE 正是基于这一点：它旋转 q 和 k。）",
    )
    ctx.agree(ctx.t(f"R({k}) PE(pos)", f"R({k}) PE(pos)"), shifted, pe[k:], reference_name=f"PE(pos + {k})", tolerance=1e-9, key="max_diff_rotation")

    ctx.heading("4. Sinusoidal vs learned, on a task that needs order", "4. 正弦 vs 可学习：一个需要顺序的任务")
    ctx.say(
        f"Task: read 8 random tokens and answer which token stands at position 2. A one-layer attention reader "
        f"is trained for {steps} steps with no positions, with the sinusoidal table added, and with a learned table "
        "(nn.Embedding(8, d), as in BERT and GPT-2).",
        f"任务：读入 8 个随机词元，回答第 2 个位置上是哪个词元。用单层注意力读取器训练 {steps} 步，分别不加位置、"
        "加正弦表、加可学习表（nn.Embedding(8, d),BERT 和 GPT-2 的做法）。",
    )
    with single_thread():  # tiny tensors: extra threads only add synchronisation
        acc = {kind: _order_task(kind, steps=steps, d=d, seed=ctx.seed, device=device) for kind in ("none", "sinusoidal", "learned")}
    ctx.bars(ctx.t("test accuracy", "测试准确率"), [ctx.t("no position", "无位置"), ctx.t("sinusoidal", "正弦"), ctx.t("learned", "可学习")], [acc["none"], acc["sinusoidal"], acc["learned"]])
    ctx.say(
        "Without positions the reader only sees a bag of tokens and must guess. Both encodings solve it. The learned "
        "table has max_len × d parameters and knows nothing beyond its last row; the sinusoidal one is free and "
        "defined for any length (though models rarely generalise far beyond the lengths they trained on).",
        "没有位置信息时，读取器只看到一袋词元，只能猜。两种编码都能解决。可学习表有 max_len × d 个参数，"
        "超出最后一行就一无所知；正弦表不占参数，任何长度都有定义（尽管模型很少能泛化到远超训练长度）。",
    )
    ctx.figures.update(
        d_model=d,
        accuracy_no_position=round(acc["none"], 4),
        accuracy_sinusoidal=round(acc["sinusoidal"], 4),
        accuracy_learned=round(acc["learned"], 4),
        similarity_by_distance=[round(float(s), 4) for s in sims[:9]],
        max_change_with_pe=round(moved, 4),
        device=device,
    )
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, (a0, a1) = plt.subplots(1, 2, figsize=(10, 3.5))
        im = a0.imshow(pe.T, aspect="auto", cmap="RdBu", vmin=-1, vmax=1)
        a0.set_xlabel("position")
        a0.set_ylabel("dimension")
        a0.set_title("sinusoidal positional encoding")
        fig.colorbar(im, ax=a0)
        a1.plot(ks, sims)
        a1.set_xlabel("distance k")
        a1.set_title("PE(pos)·PE(pos+k)")
        ctx.savefig(fig)

"""Multi-head attention from scratch, checked against torch.nn.MultiheadAttention.

Teaches: h heads each attend in their own d_model/h-dimensional subspace, in parallel;
the split is a reshape (B, T, C) → (B, h, T, C/h), the merge is its inverse followed by
an output projection W_o. Masks decide who may look at whom: causal in a decoder (GPT),
none (bidirectional) in an encoder (BERT), plus padding masks for ragged batches.
Source: Vaswani et al. (2017), section 3.2.2; nanoGPT's CausalSelfAttention.
"""

from __future__ import annotations

import math

from llmpath.demos.base import DemoContext, DemoError, Option

OPTIONS = [
    Option("d_model", int, 16, "model width C (must be divisible by --heads)", "模型宽度 C（须能被 --heads 整除）", low=1, high=1024),
    Option("heads", int, 4, "number of attention heads h", "注意力头数 h", low=1, high=64),
    Option("seq_len", int, 6, "tokens per sequence T", "每条序列的词元数 T", low=1, high=64),
]


def split_heads(x, h: int):
    """(B, T, C) → (B, h, T, C/h): head i takes channels i·C/h … (i+1)·C/h − 1."""
    B, T, C = x.shape
    return x.view(B, T, h, C // h).transpose(1, 2)


def merge_heads(x):
    """(B, h, T, d_head) → (B, T, h·d_head): the inverse of split_heads."""
    B, h, T, d = x.shape
    return x.transpose(1, 2).contiguous().view(B, T, h * d)


def causal_mask(t: int, device=None):
    """(T, T) boolean mask, True where attention is forbidden (key j in the future of query i)."""
    import torch

    return torch.ones(t, t, dtype=torch.bool, device=device).triu(1)


def multi_head_attention(x, w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o, h: int, mask=None):
    """MultiHead(X) = Concat(head₁…head_h) W_oᵀ + b_o, headᵢ = softmax(QᵢKᵢᵀ/√d_head + M) Vᵢ.

    Weights follow torch's nn.Linear convention (y = x Wᵀ + b), so they can be copied
    into nn.MultiheadAttention. ``mask`` is boolean (T, T), True = not allowed.
    Returns the output (B, T, C) and the per-head weights (B, h, T, T).
    """
    import torch

    B, T, C = x.shape
    q = split_heads(x @ w_q.T + b_q, h)  # (B, h, T, d_head)
    k = split_heads(x @ w_k.T + b_k, h)  # (B, h, T, d_head)
    v = split_heads(x @ w_v.T + b_v, h)  # (B, h, T, d_head)
    att = q @ k.transpose(-2, -1) / math.sqrt(C // h)  # (B, h, T, T)
    if mask is not None:
        att = att.masked_fill(mask, float("-inf"))
    att = torch.softmax(att, dim=-1)  # (B, h, T, T)
    y = att @ v  # (B, h, T, d_head)
    y = merge_heads(y)  # (B, T, C)
    return y @ w_o.T + b_o, att  # (B, T, C), (B, h, T, T)


def reference_module(w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o, h: int):
    """torch.nn.MultiheadAttention holding exactly our weights."""
    import torch

    C = w_q.shape[0]
    mha = torch.nn.MultiheadAttention(C, h, batch_first=True, dtype=w_q.dtype, device=w_q.device)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([w_q, w_k, w_v]))  # (3C, C)
        mha.in_proj_bias.copy_(torch.cat([b_q, b_k, b_v]))  # (3C,)
        mha.out_proj.weight.copy_(w_o)
        mha.out_proj.bias.copy_(b_o)
    return mha.eval()


def run(ctx: DemoContext, *, d_model: int, heads: int, seq_len: int) -> None:
    import torch

    if d_model % heads:
        raise DemoError(f"--d-model ({d_model}) must be divisible by --heads ({heads})", f"--d-model（{d_model}）必须能被 --heads（{heads}）整除")
    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    B, T, C, h = 2, seq_len, d_model, heads
    d_head = C // h
    x = torch.randn(B, T, C, device=device)  # (B, T, C)
    w_q, w_k, w_v, w_o = (torch.randn(C, C, device=device) / math.sqrt(C) for _ in range(4))
    b_q, b_k, b_v, b_o = (0.1 * torch.randn(C, device=device) for _ in range(4))
    weights = (w_q, w_k, w_v, w_o, b_q, b_k, b_v, b_o)

    ctx.heading("1. Why several heads", "1. 为什么要多个头")
    ctx.say(
        f"One head mixes tokens with a single set of weights. With h = {h} heads, each head gets its own "
        f"d_head = C / h = {C} / {h} = {d_head} channels and its own attention pattern (one may track the previous "
        "word, another the subject of the sentence). The cost is about the same as one head of width C.",
        f"单头注意力只用一组权重来混合词元。有 h = {h} 个头时，每个头拥有自己的 d_head = C / h = {C} / {h} = {d_head} 个通道"
        "和自己的注意力模式（一个头可能关注前一个词，另一个关注主语）。计算量与一个宽度为 C 的单头相当。",
    )

    ctx.heading("2. Split and merge: shapes", "2. 拆分与合并：形状")
    q = x @ w_q.T + b_q
    rows = [
        ["x", "(B, T, C)", str(tuple(x.shape))],
        ["q = x W_qᵀ + b_q", "(B, T, C)", str(tuple(q.shape))],
        ["split_heads(q)", "(B, h, T, d_head)", str(tuple(split_heads(q, h).shape))],
        ["q kᵀ / √d_head", "(B, h, T, T)", str((B, h, T, T))],
        ["softmax(·) v", "(B, h, T, d_head)", str((B, h, T, d_head))],
        ["merge_heads(·)", "(B, T, C)", str((B, T, C))],
        ["· W_oᵀ + b_o", "(B, T, C)", str((B, T, C))],
    ]
    ctx.table(ctx.t("shapes", "形状"), [ctx.t("step", "步骤"), ctx.t("symbolic", "符号"), ctx.t("here", "本例")], rows)
    round_trip = merge_heads(split_heads(q, h))
    ctx.say(
        "Splitting is only a view: no numbers move. view(B, T, h, d_head) cuts the channel axis into h blocks, "
        "transpose(1, 2) puts the head axis next to the batch so every head is an independent attention. "
        f"merge_heads(split_heads(q)) == q: {bool(torch.equal(round_trip, q))}.",
        "拆分只是换一种视图，数字本身不移动：view(B, T, h, d_head) 把通道轴切成 h 块，transpose(1, 2) 把头轴放到批次旁边，"
        f"于是每个头都是一次独立的注意力。merge_heads(split_heads(q)) == q:{bool(torch.equal(round_trip, q))}。",
    )
    n_params = 4 * C * C + 4 * C
    ctx.say(
        f"Parameters: W_q, W_k, W_v, W_o are C × C plus 4 biases: 4C² + 4C = {n_params}, whatever h is.",
        f"参数量：W_q、W_k、W_v、W_o 各为 C × C，再加 4 个偏置：4C² + 4C = {n_params}，与头数 h 无关。",
    )

    ctx.heading("3. Masks: decoder vs encoder", "3. 掩码：解码器与编码器")
    causal = causal_mask(T, device)
    ctx.say(
        "Causal (decoder, GPT): token i sees tokens 0…i, so training predicts every next token at once without "
        "cheating. Bidirectional (encoder, BERT): every token sees all others. 1 = may attend.",
        "因果掩码（解码器，GPT）：第 i 个词只能看到 0…i，这样训练时可以同时预测每个下一个词而不作弊。"
        "双向（编码器，BERT）：每个词都看到其他所有词。1 = 允许关注。",
    )
    pos = [str(i) for i in range(T)]
    ctx.heatmap(ctx.t("causal mask (decoder)", "因果掩码（解码器）"), pos, pos, (~causal).float().cpu().numpy())

    results = {}
    for name, mask in (("causal", causal), ("bidirectional", None)):
        ours, att = multi_head_attention(x, *weights, h=h, mask=mask)
        mha = reference_module(*weights, h=h)
        with torch.no_grad():
            ref, ref_att = mha(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
        results[name] = (ours, att, ref, ref_att)

    ours, att, _, _ = results["causal"]
    ctx.heatmap(ctx.t("head 0, causal: weights of sequence 0", "头 0，因果：序列 0 的权重"), pos, pos, att[0, 0].detach().cpu().numpy())
    _, att_bi, _, _ = results["bidirectional"]
    ctx.heatmap(ctx.t("head 0, bidirectional", "头 0，双向"), pos, pos, att_bi[0, 0].detach().cpu().numpy())
    if h > 1:
        ctx.heatmap(ctx.t(f"head {h - 1}, bidirectional: another pattern", f"头 {h - 1}，双向：另一种模式"), pos, pos, att_bi[0, h - 1].detach().cpu().numpy())
    future = float(att[..., causal].abs().max()) if T > 1 else 0.0
    ctx.say(
        f"Under the causal mask every weight above the diagonal is exactly {future:g}; the first token attends only to itself.",
        f"因果掩码下对角线以上的权重全部精确为 {future:g}；第一个词只关注自己。",
    )

    ctx.heading("4. Check against torch.nn.MultiheadAttention", "4. 与 torch.nn.MultiheadAttention 对照")
    ctx.say(
        "We copy W_q, W_k, W_v into in_proj_weight (stacked, 3C × C) and W_o into out_proj, then run both.",
        "把 W_q、W_k、W_v 拼接后（3C × C）复制进 in_proj_weight，把 W_o 复制进 out_proj，然后两边各跑一遍。",
    )
    for name in ("causal", "bidirectional"):
        ours, att, ref, ref_att = results[name]
        label = ctx.t(f"{name} output", "因果输出" if name == "causal" else "双向输出")
        ctx.agree(label, ours, ref, reference_name="torch.nn.MultiheadAttention", tolerance=1e-5, key=f"max_diff_{name}")
        ctx.agree(ctx.t(f"{name} weights", "因果权重" if name == "causal" else "双向权重"), att, ref_att, reference_name="torch.nn.MultiheadAttention", tolerance=1e-5, key=f"max_diff_{name}_weights")
    mha = reference_module(*weights, h=h)
    ref_params = sum(p.numel() for p in mha.parameters())
    ctx.agree(ctx.t("parameter count", "参数量"), n_params, ref_params, reference_name="nn.MultiheadAttention.parameters()", tolerance=0, key="max_diff_params")

    ctx.figures.update(d_model=C, heads=h, d_head=d_head, seq_len=T, n_params=n_params, future_weight_max=future, device=device)
    if ctx.wants_plot():
        from llmpath.demos.base import pyplot

        plt = pyplot()
        fig, axes = plt.subplots(2, h, figsize=(2.2 * h, 4.4), squeeze=False)
        for row, name in enumerate(("causal", "bidirectional")):
            a = results[name][1][0].detach().cpu().numpy()
            for i in range(h):
                axes[row][i].imshow(a[i], cmap="Blues", vmin=0, vmax=1)
                axes[row][i].set_title(f"{name[:6]} head {i}", fontsize=8)
                axes[row][i].axis("off")
        ctx.savefig(fig)

"""Independent recomputation of the dl module's numeric answers."""

import math

import numpy as np
import torch
from torch import nn


def _nparams(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _receptive_field(layers: int, k: int) -> int:
    """Width of the input region that reaches one centre output: probe with a gradient."""
    convs = nn.Sequential(*[nn.Conv2d(1, 1, k, bias=False) for _ in range(layers)])
    for conv in convs:
        nn.init.constant_(conv.weight, 1.0)
    x = torch.zeros(1, 1, 31, 31, requires_grad=True)
    out = convs(x)
    out[0, 0, out.shape[-2] // 2, out.shape[-1] // 2].backward()
    return int((x.grad[0, 0].abs().sum(0) > 0).sum())


def _scalar_rnn(xs: list) -> list:
    rnn = nn.RNN(1, 1, bias=False, batch_first=True)
    with torch.no_grad():
        rnn.weight_ih_l0.fill_(1.0)
        rnn.weight_hh_l0.fill_(0.5)
        out, _ = rnn(torch.tensor(xs).view(1, -1, 1))
    return out.flatten().tolist()


def _clipped(grad: list, max_norm: float) -> list:
    """g · max_norm/‖g‖ when ‖g‖ > max_norm; PyTorch's clip_grad_norm_ agrees up to its 1e-6 epsilon."""
    g = torch.tensor(grad, dtype=torch.float64)
    norm = float(torch.linalg.vector_norm(g))
    expected = g * min(1.0, max_norm / norm)
    w = nn.Parameter(torch.zeros_like(g))
    w.grad = g.clone()
    nn.utils.clip_grad_norm_([w], max_norm)
    assert torch.allclose(w.grad, expected, atol=1e-5)
    return expected.tolist()


def _score_std(d: int) -> float:
    """Exact: Var(Σ qᵢkᵢ) = Σ Var(qᵢ)Var(kᵢ) for independent zero-mean terms; checked by sampling."""
    g = torch.Generator().manual_seed(0)
    q, k = torch.randn(50_000, d, generator=g), torch.randn(50_000, d, generator=g)
    sampled = float((q * k).sum(-1).std())
    assert abs(sampled - math.sqrt(d)) < 0.05 * math.sqrt(d)
    return math.sqrt(d * 1.0 * 1.0)


def _mha_weights_numel(b: int, t: int, h: int, hd: int) -> int:
    q = torch.zeros(b, t, h * hd).view(b, t, h, hd).transpose(1, 2)
    return (q @ q.transpose(-2, -1)).numel()


def _first_below(factor: float, fraction: float) -> int:
    """Smallest number of steps after which factor**steps < fraction, by stepping an RNN gradient."""
    h0 = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    h, steps = h0, 0
    while True:
        h, steps = factor * h, steps + 1
        (grad,) = torch.autograd.grad(h, h0, retain_graph=True)
        if float(grad) < fraction:
            return steps


def _lstm_cell_path(forget: float, steps: int) -> float:
    """∂c_T/∂c_0 through an LSTM whose forget gate is held at `forget` and input gate at 0."""
    lstm = nn.LSTMCell(1, 1)
    with torch.no_grad():
        for p in lstm.parameters():
            p.zero_()
        # gate order i, f, g, o: forget bias chosen so that σ(b_f) = forget; input gate σ(−40) ≈ 0
        lstm.bias_ih[1] = math.log(forget / (1 - forget))
        lstm.bias_ih[0] = -40.0
    c0 = torch.ones(1, 1, dtype=torch.float32, requires_grad=True)
    h, c = torch.zeros(1, 1), c0
    for _ in range(steps):
        h, c = lstm(torch.zeros(1, 1), (h, c))
    (grad,) = torch.autograd.grad(c.sum(), c0)
    return float(grad)


def _rope(pair: list, position: int, theta: float) -> torch.Tensor:
    """Rotate one (even, odd) dimension pair by position·θ, as a complex multiplication (RoPE's own formulation)."""
    z = torch.complex(torch.tensor(float(pair[0]), dtype=torch.float64), torch.tensor(float(pair[1]), dtype=torch.float64))
    rotated = z * torch.polar(torch.tensor(1.0, dtype=torch.float64), torch.tensor(position * theta, dtype=torch.float64))
    return torch.stack([rotated.real, rotated.imag])


def _pe_table(n_pos: int, d: int) -> np.ndarray:
    """Sinusoidal table as in 'Attention Is All You Need' (log-space frequencies)."""
    pos = np.arange(n_pos)[:, None]
    div = np.exp(np.arange(0, d, 2) * (-math.log(10000.0) / d))
    pe = np.zeros((n_pos, d))
    pe[:, 0::2] = np.sin(pos * div)
    pe[:, 1::2] = np.cos(pos * div)
    return pe


CHECKS = {
    # neurons-and-activations
    "neurons-and-activations.neuron-output": lambda: float(torch.relu(torch.tensor([2, -1, 0.5]) @ torch.tensor([1, 3, 4.0]) + 0.5)),
    "neurons-and-activations.mlp-params": lambda: _nparams(nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))),
    "neurons-and-activations.sigmoid-depth": lambda: 1 / float(torch.func.grad(torch.sigmoid)(torch.tensor(0.0))) ** 5,
    "neurons-and-activations.moe-fraction": lambda: 2 / 8,
    # cnn
    "cnn.patch-dot": lambda: float(torch.nn.functional.conv2d(torch.tensor([[[[3.0, 1], [4, 2]]]]), torch.tensor([[[[2.0, -1], [0, 1]]]]))),
    "cnn.same-padding": lambda: next(p for p in range(10) if nn.Conv2d(1, 1, 5, padding=p)(torch.zeros(1, 1, 32, 32)).shape[-1] == 32),
    "cnn.receptive-field": lambda: _receptive_field(3, 3),
    "cnn.vit-patches": lambda: nn.Conv2d(3, 8, 16, stride=16)(torch.zeros(1, 3, 224, 224)).flatten(2).shape[-1],
    # rnn-lstm-gru
    "rnn-lstm-gru.rnn-step": lambda: _scalar_rnn([1.0, 0.0])[-1],
    "rnn-lstm-gru.vanishing-factor": lambda: 0.9**50,
    "rnn-lstm-gru.lstm-params": lambda: _nparams(nn.LSTM(input_size=10, hidden_size=20)),
    "rnn-lstm-gru.steps-to-forget": lambda: _first_below(0.8, 0.01),
    "rnn-lstm-gru.lstm-cell-path": lambda: _lstm_cell_path(0.99, 100),
    "rnn-lstm-gru.forget-bias-init": lambda: _lstm_cell_path(float(torch.sigmoid(torch.tensor(1.0))), 10),
    "rnn-lstm-gru.clip-value": lambda: _clipped([30.0, 40.0], 5.0)[0],
    # attention
    "attention.softmax-weight": lambda: float(torch.softmax(torch.tensor([[1.0, 1, 1, 1]]) @ torch.tensor([[1.0, 1, 1, 1], [1, -1, 1, -1], [0, 0, 0, 0]]).T / math.sqrt(4), dim=-1)[0, 0]),
    "attention.weighted-values": lambda: float(np.dot([0.5, 0.25, 0.25], [2, 6, -2])),
    "attention.score-std": lambda: _score_std(64),
    "attention.cost-scaling": lambda: (2048 * 2048) / (1024 * 1024),
    # multi-head-attention
    "multi-head-attention.head-dim": lambda: 768 // 12,
    "multi-head-attention.projection-params": lambda: _nparams(nn.MultiheadAttention(512, 8, bias=False)),
    "multi-head-attention.score-elements": lambda: _mha_weights_numel(2, 128, 8, 64),
    "multi-head-attention.kv-cache-gqa": lambda: torch.zeros(2, 8, 128).numel(),
    "multi-head-attention.gqa-group": lambda: int(torch.arange(8).repeat_interleave(4)[13]),
    # transformer-architecture
    "transformer-architecture.layernorm-value": lambda: float(nn.LayerNorm(4, elementwise_affine=False, eps=0.0)(torch.tensor([1.0, 3, 5, 7]))[-1]),
    "transformer-architecture.block-params": lambda: _nparams(nn.ModuleList([
        nn.LayerNorm(768), nn.MultiheadAttention(768, 12), nn.LayerNorm(768),
        nn.Sequential(nn.Linear(768, 3072), nn.GELU(), nn.Linear(3072, 768))])),
    "transformer-architecture.rmsnorm-value": lambda: float(nn.RMSNorm(4, eps=0.0)(torch.tensor([1.0, 3, 5, 7]))[-1].detach()),
    "transformer-architecture.silu-value": lambda: float(nn.functional.silu(torch.tensor(2.0))),
    "transformer-architecture.masked-softmax": lambda: float(torch.softmax(
        torch.tensor([[2.0, 1, 3, 0]]).masked_fill(torch.triu(torch.ones(4, 4, dtype=torch.bool), 1)[1:2], float("-inf")), dim=-1)[0, 0]),
    # positional-encoding
    "positional-encoding.pe-radians": lambda: _pe_table(3, 4)[2, 0],
    "positional-encoding.pe-dim2": lambda: _pe_table(101, 4)[100, 2],
    "positional-encoding.add-pe": lambda: (np.array([0.2, -0.5, 0.1, 0.3]) + _pe_table(1, 4)[0])[1],
    "positional-encoding.learned-table": lambda: _nparams(nn.Embedding(1024, 768)),
    "positional-encoding.rope-rotate": lambda: float(_rope([2, 1], 3, 0.5)[0]),
    "positional-encoding.rope-relative": lambda: float(_rope([1, 0], 7, 1.0) @ _rope([1, 0], 4, 1.0)),
    # pretraining-bert-gpt
    "pretraining-bert-gpt.ar-loss": lambda: float(nn.functional.nll_loss(torch.log(torch.tensor([[0.5, 0.5], [0.25, 0.75], [0.2, 0.8]])), torch.tensor([0, 0, 1]))),
    "pretraining-bert-gpt.targets-per-seq": lambda: torch.arange(512)[1:].numel(),
    "pretraining-bert-gpt.chain-rule": lambda: float(np.prod([0.2, 0.1, 0.5])),
    "pretraining-bert-gpt.cls-head-params": lambda: _nparams(nn.Linear(768, 3)),
    # clip-multimodal
    "clip-multimodal.row-loss": lambda: float(nn.functional.cross_entropy(torch.tensor([[2.0, 0, 1]]), torch.tensor([0]))),
    "clip-multimodal.symmetric": lambda: (0.4 + 0.6) / 2,
    "clip-multimodal.scaled-logit": lambda: float(100 * nn.functional.cosine_similarity(torch.tensor([0.6, 0.8]), torch.tensor([0.8, 0.6]), dim=0)),
    "clip-multimodal.zero-shot-prob": lambda: float(torch.softmax(10 * torch.tensor([[0.8, 0.6], [0.6, 0.8], [0.0, 1.0]]) @ torch.tensor([1.0, 0.0]), dim=0)[0]),
}

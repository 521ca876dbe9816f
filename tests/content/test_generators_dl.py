"""Property tests of the dl generators against independent numpy/torch computations."""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest
import torch
from torch import nn

from llmpath.content.lint import has_cjk, zh_problem
from llmpath.generators import Generated, fmt, generate

SEEDS = range(20)  # every generator still checked on >= 15 seeds
DL_GENERATORS = (
    "activation-value", "linear-params", "conv-output-size", "conv-params", "rnn-params",
    "attention-shape", "attention-score", "mha-split-shape", "mha-params", "ffn-params",
    "causal-mask-count", "sinusoidal-pe", "mlm-mask-count", "clip-negatives",
    "rnn-gradient-power", "gqa-kv", "swiglu-params", "llama-block-params",
)
INTS = re.compile(r"-?\d+(?:\.\d+)?")


def _nparams(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def _check_text(g: Generated) -> None:
    for text in (g.prompt.en, g.prompt.zh, g.explanation.en, g.explanation.zh):
        assert text.strip()
        assert "{" not in text and "}" not in text, text
        assert "None" not in text, text
    for value, feedback in g.mistakes:
        assert abs(value - g.answer) > g.tolerance, (value, g.answer)
        assert feedback.en.strip() and feedback.zh.strip()
    zh_texts = [g.prompt.zh, g.explanation.zh] + [h.zh for h in g.hints] + [f.zh for _, f in g.mistakes]
    for text in zh_texts:
        assert zh_problem(text) is None, (zh_problem(text), text)


def _answer_spellings(g: Generated) -> list[str]:
    """How a hint could give the answer away: the shape as written, or the number as int / 2 / 3 decimals."""
    if g.kind == "shape":
        return ["[" + ", ".join(map(str, g.answer)) + "]", ", ".join(map(str, g.answer))]
    value = float(g.answer)
    if value.is_integer():
        # one-digit integers (ReLU's 0, a "+ 1" in a formula) are part of every method; longer ones would give it away
        return [str(int(value)), f"{int(value):,}"] if abs(value) >= 10 else []
    return [f"{value:.3f}", f"{value:.2f}", fmt(value, 3), f"{value:.3g}"]


def _mentions(text: str, spelling: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(spelling)}(?!\d|[.,]\d)", text) is not None


def _check_hints(g: Generated) -> None:
    """A ladder of two steps in both languages, built from the drawn numbers, never stating the answer."""
    assert len(g.hints) >= 2, g.prompt.en
    for hint in g.hints:
        assert hint.en.strip() and has_cjk(hint.zh), hint
        for spelling in _answer_spellings(g):
            if _mentions(g.prompt.en, spelling):
                continue  # a number the prompt itself shows is no give-away
            assert not _mentions(hint.en, spelling) and not _mentions(hint.zh, spelling), (spelling, hint)
    assert g.hints[0] != g.hints[1]


@pytest.mark.parametrize("name", DL_GENERATORS)
@pytest.mark.parametrize("seed", range(20))
def test_texts_and_reproducible(name, seed):
    a = generate(name, random.Random(seed))
    b = generate(name, random.Random(seed))
    assert a == b
    _check_text(a)
    _check_hints(a)
    assert a.kind in ("numeric", "shape")
    if a.kind == "shape":
        assert isinstance(a.answer, tuple) and all(isinstance(x, int) for x in a.answer)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", ["relu", "sigmoid", "tanh"])
def test_activation_value(seed, fn):
    g = generate("activation-value", random.Random(seed), {"fn": fn})
    x = float(re.search(r"\((-?[\d.]+)\)", g.prompt.en).group(1))
    t = torch.tensor([x], dtype=torch.float64)
    expected = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}[fn](t).item()
    assert g.answer == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_linear_params(seed):
    g = generate("linear-params", random.Random(seed))
    d_in, d_out = map(int, re.search(r"nn\.Linear\((\d+), (\d+)\)", g.prompt.en).groups())
    assert g.answer == _nparams(nn.Linear(d_in, d_out))


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_output_size(seed):
    g = generate("conv-output-size", random.Random(seed))
    n, k, s, p = map(int, re.search(r"A (\d+)×\d+ .* (\d+)×\d+ kernel, stride (\d+) and padding (\d+)", g.prompt.en).groups())
    out = nn.Conv2d(1, 1, k, stride=s, padding=p)(torch.zeros(1, 1, n, n))
    assert g.answer == out.shape[-1] == out.shape[-2]


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_params(seed):
    g = generate("conv-params", random.Random(seed))
    c_in, c_out, k = map(int, re.search(r"Conv2d\((\d+), (\d+), kernel_size=(\d+)\)", g.prompt.en).groups())
    assert g.answer == _nparams(nn.Conv2d(c_in, c_out, k))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_rnn_params(seed, cell):
    g = generate("rnn-params", random.Random(seed), {"cell": cell})
    x, h = map(int, re.search(r"input_size=(\d+), hidden_size=(\d+)", g.prompt.en).groups())
    layer = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell](input_size=x, hidden_size=h)
    assert g.answer == _nparams(layer)


def _shapes(prompt: str) -> list[list[int]]:
    return [list(map(int, m.split(", "))) for m in re.findall(r"\[([-\d, ]+)\]", prompt)]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("what", ["scores", "output"])
def test_attention_shape(seed, what):
    g = generate("attention-shape", random.Random(seed), {"what": what})
    qs, ks, vs = _shapes(g.prompt.en)[:3]
    q, k, v = torch.randn(*qs), torch.randn(*ks), torch.randn(*vs)
    weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(qs[-1]), dim=-1)
    expected = weights.shape if what == "scores" else (weights @ v).shape
    assert g.answer == tuple(expected)
    if what == "output":
        assert g.answer == tuple(nn.functional.scaled_dot_product_attention(q, k, v).shape)


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_score(seed):
    g = generate("attention-score", random.Random(seed))
    q, k = _shapes(g.prompt.en)[:2]
    expected = float(np.dot(q, k) / np.sqrt(len(q)))
    assert g.answer == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_mha_split_shape(seed):
    g = generate("mha-split-shape", random.Random(seed))
    (b, t, d), = _shapes(g.prompt.en)[:1]
    h = int(re.search(r"there are (\d+) heads", g.prompt.en).group(1))
    q = torch.zeros(b, t, d)
    assert g.answer == tuple(q.view(b, t, h, d // h).transpose(1, 2).shape)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("bias", [True, False])
def test_mha_params(seed, bias):
    g = generate("mha-params", random.Random(seed), {"bias": bias})
    d, h = map(int, re.search(r"d_model = (\d+) and (\d+) heads", g.prompt.en).groups())
    assert g.answer == _nparams(nn.MultiheadAttention(d, h, bias=bias))


@pytest.mark.parametrize("seed", SEEDS)
def test_ffn_params(seed):
    g = generate("ffn-params", random.Random(seed))
    d, hidden = map(int, re.search(r"Linear\((\d+), (\d+)\)", g.prompt.en).groups())
    assert g.answer == _nparams(nn.Sequential(nn.Linear(d, hidden), nn.GELU(), nn.Linear(hidden, d)))


@pytest.mark.parametrize("seed", SEEDS)
def test_causal_mask_count(seed):
    g = generate("causal-mask-count", random.Random(seed))
    t = int(re.search(r"sequence of (\d+) tokens", g.prompt.en).group(1))
    assert g.answer == int(torch.tril(torch.ones(t, t, dtype=torch.bool)).sum())


@pytest.mark.parametrize("seed", SEEDS)
def test_sinusoidal_pe(seed):
    g = generate("sinusoidal-pe", random.Random(seed))
    d = int(re.search(r"d_model = (\d+)", g.prompt.en).group(1))
    pos, j = map(int, re.search(r"What is PE\((\d+), (\d+)\)", g.prompt.en).groups())
    # the table as the original paper builds it, vectorised
    positions = np.arange(pos + 1)[:, None]
    div = np.exp(np.arange(0, d, 2) * (-np.log(10000.0) / d))
    table = np.zeros((pos + 1, d))
    table[:, 0::2] = np.sin(positions * div)
    table[:, 1::2] = np.cos(positions * div)
    assert g.answer == pytest.approx(table[pos, j], abs=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_mlm_mask_count(seed):
    g = generate("mlm-mask-count", random.Random(seed))
    n = int(re.search(r"batch of (\d+) tokens", g.prompt.en).group(1))
    assert g.answer == round(n * 0.15 * 0.8)


@pytest.mark.parametrize("seed", SEEDS)
def test_clip_negatives(seed):
    g = generate("clip-negatives", random.Random(seed))
    n = int(re.search(r"holds (\d+) matching", g.prompt.en).group(1))
    labels = np.arange(n)
    negatives = (labels[:, None] != labels[None, :]).sum()
    assert g.answer == negatives


@pytest.mark.parametrize("seed", SEEDS)
def test_rnn_gradient_power(seed):
    g = generate("rnn-gradient-power", random.Random(seed))
    w = float(re.search(r"with w = (\d+(?:\.\d+)?)", g.prompt.en).group(1))
    steps = int(re.search(r"after T = (\d+) steps", g.prompt.en).group(1))
    h0 = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    h = h0
    for x in torch.randn(steps, dtype=torch.float64, generator=torch.Generator().manual_seed(seed)):
        h = w * h + x
    h.backward()
    assert g.answer == pytest.approx(float(h0.grad), rel=1e-9)
    assert g.tolerance == pytest.approx(0.005 * g.answer)
    assert ("vanishing" in g.explanation.en) == (w < 1) and ("exploding" in g.explanation.en) == (w > 1)


def _gqa_numbers(prompt: str) -> tuple[int, int, int, int]:
    d, n_heads, n_kv, hd = map(int, re.search(r"d_model = (\d+), (\d+) query heads and (\d+) key/value heads?, head_dim = (\d+)", prompt).groups())
    assert n_kv < n_heads and n_heads % n_kv == 0 and d == n_heads * hd
    return d, n_heads, n_kv, hd


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("what", ["shape", "params", "cache"])
def test_gqa_kv(seed, what):
    g = generate("gqa-kv", random.Random(seed), {"what": what})
    d, n_heads, n_kv, hd = _gqa_numbers(g.prompt.en)
    k_proj = nn.Linear(d, n_kv * hd, bias=False, device="meta")
    if what == "shape":
        b, t, _ = _shapes(g.prompt.en)[0]
        k = k_proj(torch.empty(b, t, d, device="meta")).view(b, t, n_kv, hd).transpose(1, 2)
        assert g.answer == tuple(k.shape)
        # the grouped keys line up with the query heads once repeated
        q = torch.empty(b, n_heads, t, hd, device="meta")
        assert (q @ k.repeat_interleave(n_heads // n_kv, dim=1).transpose(-2, -1)).shape == (b, n_heads, t, t)
    elif what == "params":
        assert g.answer == 2 * _nparams(k_proj)
    else:
        layers = int(re.search(r"has (\d+) such layers", g.prompt.en).group(1))
        t = int(re.search(r"sequence of (\d+) tokens", g.prompt.en).group(1))
        cache = torch.empty(layers, 2, t, n_kv, hd, dtype=torch.float16, device="meta")
        assert g.answer == cache.numel() * cache.element_size() / 2**20


def _swiglu(d: int, hidden: int) -> nn.ModuleDict:
    return nn.ModuleDict({name: nn.Linear(*dims, bias=False, device="meta")
                          for name, dims in (("gate", (d, hidden)), ("up", (d, hidden)), ("down", (hidden, d)))})


@pytest.mark.parametrize("seed", SEEDS)
def test_swiglu_params(seed):
    g = generate("swiglu-params", random.Random(seed))
    d, hidden = map(int, re.search(r"Linear\((\d+), (\d+)\)", g.prompt.en).groups())
    assert hidden % 256 == 0 and hidden >= 8 * d / 3 > hidden - 256
    assert g.answer == _nparams(_swiglu(d, hidden))


def test_swiglu_width_matches_llama_7b():
    from llmpath.generators.gen_dl import _llama_hidden
    assert _llama_hidden(4096) == 11008  # LLaMA-7B's intermediate_size


@pytest.mark.parametrize("seed", SEEDS)
def test_llama_block_params(seed):
    g = generate("llama-block-params", random.Random(seed))
    d, n_heads, n_kv, hidden = map(int, re.search(
        r"d_model = (\d+), (\d+) query heads, (\d+) key/value heads .* hidden width (\d+)", g.prompt.en).groups())
    hd = d // n_heads
    block = nn.ModuleDict({
        "attn_norm": nn.RMSNorm(d, device="meta"), "mlp_norm": nn.RMSNorm(d, device="meta"),
        "q": nn.Linear(d, n_heads * hd, bias=False, device="meta"), "k": nn.Linear(d, n_kv * hd, bias=False, device="meta"),
        "v": nn.Linear(d, n_kv * hd, bias=False, device="meta"), "o": nn.Linear(n_heads * hd, d, bias=False, device="meta"),
        "mlp": _swiglu(d, hidden),
    })
    assert g.answer == _nparams(block)


@pytest.mark.parametrize("seed", range(60))
def test_shape_questions_never_reuse_a_size_across_axes(seed):
    """Regression: T_q = d_k or T = h made the answer readable off another shape (and a hint showed it)."""
    g = generate("attention-shape", random.Random(seed))
    (b, tq, dk), (_, tk, _), (_, _, dv) = _shapes(g.prompt.en)[:3]
    assert not {tq, tk} & {dk, dv}
    g = generate("mha-split-shape", random.Random(seed))
    (_, t, d), = _shapes(g.prompt.en)[:1]
    h = int(re.search(r"there are (\d+) heads", g.prompt.en).group(1))
    assert t not in (h, d // h)
    g = generate("gqa-kv", random.Random(seed), {"what": "shape"})
    assert len(set(g.answer[1:])) == 3, g.answer


@pytest.mark.parametrize("seed", range(60))
def test_attention_score_is_never_zero(seed):
    """Regression: a zero dot product made 'forgot √d_k' indistinguishable and the first hint step the answer."""
    assert generate("attention-score", random.Random(seed)).answer != 0

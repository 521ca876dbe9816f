"""The tools/practice generators against independent computations from the numbers they show.

Each test reads the data back out of the English prompt (what the learner sees) and
recomputes the answer with numpy / plain Python, for many seeds.
"""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest

from tests.content.hint_checks import _answer_shown, _gives_away  # noqa: F401
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.generators import generate, generator_names

NAMES = [
    "python-slice-length", "np-broadcast-shape", "linear-layer-params", "pad-token-count", "param-memory-gb",
    "zero-memory-per-gpu", "global-batch-size", "optimizer-steps", "logistic-sigmoid-prob",
    "transformer-block-params", "top-p-survivors", "top-k-renormalized", "embedding-cosine",
]
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def ints(text: str) -> list[int]:
    return [int(v) for v in re.findall(r"-?\d+", text)]


def gen(name: str, seed: int, params: dict | None = None):
    return generate(name, random.Random(seed), params)


def test_all_registered():
    assert set(NAMES) <= set(generator_names())


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(40))
def test_well_formed(name, seed):
    g = gen(name, seed)
    for text in (g.prompt.en, g.prompt.zh, g.explanation.en, g.explanation.zh):
        assert text.strip()
        assert not re.search(r"\{[a-z_][a-z_0-9.\[\]]*\}", text), f"unfilled placeholder in {text!r}"
        assert "None" not in text
    assert re.search(r"[\u4e00-\u9fff]", g.prompt.zh) and re.search(r"[\u4e00-\u9fff]", g.explanation.zh)
    assert g.kind in ("numeric", "shape")
    if g.kind == "numeric":
        assert math.isfinite(g.answer)
        for value, feedback in g.mistakes:
            assert abs(value - g.answer) > g.tolerance
            assert feedback.en.strip() and feedback.zh.strip()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", range(300))
def test_mistakes_distinct(name, seed):
    """Two mistakes with the same value would give the learner one of two contradicting feedbacks."""
    g = gen(name, seed)
    values = [value for value, _feedback in g.mistakes]
    for i, a in enumerate(values):
        for b in values[i + 1:]:
            assert abs(a - b) > max(g.tolerance, 1e-9), (name, seed, values)


@pytest.mark.parametrize("name", NAMES)
def test_seed_reproduces(name):
    assert gen(name, 123) == gen(name, 123)


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_slice_length(seed):
    g = gen("python-slice-length", seed)
    n = int(re.search(r"range\((\d+)\)", g.prompt.en).group(1))
    expr = re.search(r"len\(xs\[([^\]]*)\]\)", g.prompt.en).group(1)
    xs = list(range(n))
    parts = [int(p) if p else None for p in expr.split(":")]
    assert g.answer == len(xs[slice(*parts)])


@settings(max_examples=300, deadline=None)
@given(seeds)
def test_broadcast_shape(seed):
    g = gen("np-broadcast-shape", seed)
    shapes = re.findall(r"\.shape == \(([^)]*)\)", g.prompt.en)
    a, b = (tuple(ints(s)) for s in shapes)
    expected = (np.zeros(a) + np.zeros(b)).shape
    assert tuple(g.answer) == expected


@settings(max_examples=100, deadline=None)
@given(seeds, st.sampled_from([None, "classifier"]))
def test_linear_params(seed, context):
    torch = pytest.importorskip("torch")
    g = gen("linear-layer-params", seed, {"context": context} if context else None)
    d_in, d_out = ints(re.search(r"nn\.Linear\((\d+), (\d+)\)", g.prompt.en).group(0))
    layer = torch.nn.Linear(d_in, d_out)
    assert g.answer == sum(p.numel() for p in layer.parameters())


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_pad_tokens(seed):
    g = gen("pad-token-count", seed)
    lengths = ints(re.search(r"into ([\d, ]+) tokens", g.prompt.en).group(1))
    mask = np.zeros((len(lengths), max(lengths)), dtype=int)
    for row, n in enumerate(lengths):
        mask[row, :n] = 1
    assert g.answer == int((mask == 0).sum())


@settings(max_examples=200, deadline=None)
@given(seeds, st.sampled_from([None, "fp32", "fp16", "bf16", "int8"]))
def test_param_memory(seed, dtype):
    g = gen("param-memory-gb", seed, {"dtype": dtype} if dtype else None)
    billions = float(re.search(r"has ([\d.]+) billion", g.prompt.en).group(1))
    shown = re.search(r"stored in (\w+)", g.prompt.en).group(1)
    if dtype:
        assert shown == dtype
    nbytes = {"fp32": np.float32, "fp16": np.float16, "bf16": np.float16, "int8": np.int8}[shown]().itemsize
    assert g.answer == pytest.approx(billions * 1e9 * nbytes / 1e9)


@settings(max_examples=300, deadline=None)
@given(seeds, st.sampled_from([None, 0, 1, 2, 3]))
def test_zero_memory(seed, stage):
    g = gen("zero-memory-per-gpu", seed, {"stage": stage} if stage is not None else None)
    psi = int(re.search(r"A (\d+)B-parameter", g.prompt.en).group(1)) * 1e9
    n = int(re.search(r"N = (\d+) GPUs", g.prompt.en).group(1))
    shown = int(re.search(r"ZeRO stage (\d)", g.prompt.en).group(1))
    if stage is not None:
        assert shown == stage
    # bytes held per GPU, component by component (ZeRO paper, Rajbhandari et al. 2020)
    weights = 2 * psi / (n if shown >= 3 else 1)
    grads = 2 * psi / (n if shown >= 2 else 1)
    optim = 12 * psi / (n if shown >= 1 else 1)
    assert g.answer == pytest.approx((weights + grads + optim) / 1e9)


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_global_batch(seed):
    g = gen("global-batch-size", seed)
    per = int(re.search(r"batch size (\d+)", g.prompt.en).group(1))
    gpus = int(re.search(r"(\d+) GPUs", g.prompt.en).group(1))
    accum = int(re.search(r"over (\d+) micro", g.prompt.en).group(1))
    # simulate: every GPU, every micro-batch, count examples
    assert g.answer == sum(per for _gpu in range(gpus) for _micro in range(accum))


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_optimizer_steps(seed):
    g = gen("optimizer-steps", seed)
    n, batch, epochs = ints(re.search(r"on (\d+) labelled examples with batch size (\d+) for (\d+) epoch", g.prompt.en).group(0))
    torch = pytest.importorskip("torch")
    loader = torch.utils.data.DataLoader(range(n), batch_size=batch, drop_last=False)
    assert g.answer == len(loader) * epochs


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_logistic_prob(seed):
    g = gen("logistic-sigmoid-prob", seed)
    w = ints(re.search(r"w = \[([^\]]*)\]", g.prompt.en).group(1))
    b = int(re.search(r"b = (-?\d+)", g.prompt.en).group(1))
    x = ints(re.search(r"x = \[([^\]]*)\]", g.prompt.en).group(1))
    z = float(np.dot(w, x) + b)
    expected = float(np.exp(-np.logaddexp(0.0, -z)))
    assert abs(g.answer - expected) < 1e-12
    assert 0.01 < g.answer < 0.99


def test_block_params_matches_torch():
    torch = pytest.importorskip("torch")
    for seed in range(12):
        g = gen("transformer-block-params", seed)
        d = int(re.search(r"d = (\d+)", g.prompt.en).group(1))
        nn = torch.nn
        block = nn.ModuleList([
            nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d),
            nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d), nn.LayerNorm(d), nn.LayerNorm(d),
        ])
        assert g.answer == sum(p.numel() for p in block.parameters())


def test_block_params_gpt2_small():
    from llmpath.generators.gen_tools import block_params

    assert block_params(768) == 7_087_872


def _distribution(prompt: str) -> list[float]:
    return [float(v) for v in re.findall(r'"\w+": ([\d.]+)', prompt)]


@settings(max_examples=300, deadline=None)
@given(seeds)
def test_top_p(seed):
    g = gen("top-p-survivors", seed)
    probs = np.array(_distribution(g.prompt.en))
    assert probs.sum() == pytest.approx(1.0)
    top_p = float(re.search(r"top_p = ([\d.]+)", g.prompt.en).group(1))
    ordered = np.sort(probs)[::-1]
    cumulative = np.cumsum(ordered)
    assert not np.any(np.isclose(cumulative, top_p)), "a cumulative sum on the boundary would be ambiguous"
    assert g.answer == int(np.searchsorted(cumulative, top_p - 1e-9) + 1)


@settings(max_examples=300, deadline=None)
@given(seeds)
def test_top_k(seed):
    g = gen("top-k-renormalized", seed)
    probs = np.array(_distribution(g.prompt.en))
    k = int(re.search(r"top_k = (\d+)", g.prompt.en).group(1))
    kept = np.sort(probs)[-k:]
    assert len(set(probs.tolist())) == len(probs)
    assert g.answer == pytest.approx(kept.max() / kept.sum())


@settings(max_examples=200, deadline=None)
@given(seeds)
def test_cosine(seed):
    g = gen("embedding-cosine", seed)
    u = np.array(ints(re.search(r"u = \[([^\]]*)\]", g.prompt.en).group(1)), dtype=float)
    v = np.array(ints(re.search(r"v = \[([^\]]*)\]", g.prompt.en).group(1)), dtype=float)
    assert g.answer == pytest.approx(u @ v / np.linalg.norm(u) / np.linalg.norm(v))


@pytest.mark.parametrize("name", NAMES)
def test_hint_ladder_from_own_numbers(name):
    """Every generated question has a ladder (two steps for numeric ones), bilingual, never giving the answer away."""
    from llmpath.content.lint import zh_problem

    for seed in range(100):
        g = gen(name, seed)
        assert len(g.hints) >= (2 if g.kind == "numeric" else 1), (name, seed)
        for hint in g.hints:
            assert hint.en.strip() and re.search(r"[\u4e00-\u9fff]", hint.zh), (name, seed)
            assert not re.search(r"\{[a-z_]", hint.en + hint.zh)
            assert not _gives_away(g, hint.en) and not _gives_away(g, hint.zh), (name, seed, hint.en)
        for text in (g.prompt.zh, g.explanation.zh, *(h.zh for h in g.hints), *(f.zh for _, f in g.mistakes)):
            assert zh_problem(text) is None, (name, seed, zh_problem(text))


def test_every_tools_question_has_a_hint_ladder():
    """Static questions of the tools module: at least one hint, two for numeric ones, both languages, none giving the answer."""
    from llmpath.content.catalog import builtin_roots, validate

    catalog, _ = validate(builtin_roots())
    units = {u.id for u in catalog.units.values() if u.module == "tools"}
    questions = [q for q in catalog.questions.values() if q.unit in units and q.type != "generated"]
    assert questions
    for q in questions:
        assert len(q.hints) >= (2 if q.type == "numeric" else 1), q.id
        for hint in q.hints:
            assert hint.en.strip() and hint.zh.strip(), q.id
            if q.type == "numeric" and not float(q.answer).is_integer():
                shown = f"{q.answer:.{max(0, round(-math.log10(q.tolerance)))}f}" if q.tolerance else str(q.answer)
                assert not re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\.?\d)", hint.en), (q.id, hint.en)

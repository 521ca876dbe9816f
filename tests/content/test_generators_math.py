"""Property tests of the math generators against independent NumPy computations.

Each generator is run for many seeds; the test re-derives the answer from the numbers
shown in the prompt (parsed back out of the English text), so a generator that shows
one thing and grades another fails.
"""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest

from tests.content.hint_checks import _answer_shown, _gives_away  # noqa: F401

from llmpath.generators import generate, generator_names
from llmpath.generators import gen_math  # noqa: F401  (registers the generators)

MATH_GENERATORS = (
    "matmul-shape", "cosine-similarity", "eigen-2x2", "lowrank-storage", "discrete-variance",
    "bayes-posterior", "mle-variance", "softmax-max-prob", "entropy-bits", "cross-entropy-logits",
    "gd-step", "momentum-steps", "adam-steps", "l2-sgd-step", "vanishing-depth",
)
SEEDS = range(200)
TORCH_SEEDS = range(40)  # each optimizer step in torch costs more; 40 seeds cover every choice
NUM = r"-?\d+(?:\.\d+)?"


def _nums(text: str) -> list[float]:
    return [float(x) for x in re.findall(NUM, text)]


def _list_after(label: str, text: str) -> list[float]:
    match = re.search(re.escape(label) + r"\s*\[([^\]]*)\]", text)
    assert match, f"no list after {label!r} in {text!r}"
    return [float(x) for x in match.group(1).split(",")]


def _value_after(label: str, text: str) -> float:
    match = re.search(re.escape(label) + r"\s*(" + NUM + ")", text)
    assert match, f"no number after {label!r} in {text!r}"
    return float(match.group(1))


def test_all_math_generators_registered():
    assert set(MATH_GENERATORS) <= set(generator_names())


@pytest.mark.parametrize("name", MATH_GENERATORS)
def test_text_is_bilingual_and_filled(name):
    for seed in SEEDS:
        g = generate(name, random.Random(seed))
        for text in (g.prompt.en, g.prompt.zh, g.explanation.en, g.explanation.zh):
            assert text.strip()
            assert "{" not in text and "}" not in text, text
            assert "None" not in text and "nan" not in text.lower().split()
        assert re.search(r"[\u4e00-\u9fff]", g.prompt.zh) and re.search(r"[\u4e00-\u9fff]", g.explanation.zh)
        assert g.kind in ("numeric", "shape", "text")
        if g.kind == "numeric":
            assert math.isfinite(g.answer)
            for value, feedback in g.mistakes:
                assert abs(value - g.answer) > g.tolerance, (name, seed, value, g.answer)
                assert feedback.en.strip() and feedback.zh.strip()


@pytest.mark.parametrize("name", MATH_GENERATORS)
def test_same_seed_same_question(name):
    a, b = generate(name, random.Random(7)), generate(name, random.Random(7))
    assert a == b


@pytest.mark.parametrize("name", [n for n in MATH_GENERATORS if n != "matmul-shape"])
def test_precision_matches_tolerance(name):
    for seed in range(50):
        g = generate(name, random.Random(seed))
        digits = re.search(r"\((\d) decimals", g.prompt.en)
        if digits:
            assert g.tolerance == pytest.approx(10.0 ** -int(digits.group(1)))
        else:
            assert g.tolerance == 0 and float(g.answer).is_integer()


def test_matmul_shape():
    torch = pytest.importorskip("torch")
    for seed in SEEDS:
        g = generate("matmul-shape", random.Random(seed))
        x_shape, w_shape = re.findall(r"\[([\d, ]+)\]", g.prompt.en)[:2]
        # "meta" tensors carry shapes only: torch applies its own matmul shape rules, no arithmetic
        x = torch.empty([int(v) for v in x_shape.split(",")], device="meta")
        w = torch.empty([int(v) for v in w_shape.split(",")], device="meta")
        assert g.answer == tuple((x @ w).shape)


def test_cosine_similarity():
    for seed in SEEDS:
        g = generate("cosine-similarity", random.Random(seed))
        a, b = np.array(_list_after("a =", g.prompt.en)), np.array(_list_after("b =", g.prompt.en))
        expected = a @ b / (np.linalg.norm(a) * np.linalg.norm(b))
        assert g.answer == pytest.approx(expected, abs=1e-9)
        assert -1 - 1e-12 <= g.answer <= 1 + 1e-12


def test_eigen_2x2():
    for seed in SEEDS:
        g = generate("eigen-2x2", random.Random(seed))
        a, b, _, d = _nums(g.prompt.en.split("A =")[1].split("What")[0])[:4]
        expected = np.linalg.eigvalsh(np.array([[a, b], [b, d]])).max()
        assert g.answer == pytest.approx(expected, abs=1e-9)


def test_lowrank_storage():
    for seed in SEEDS:
        g = generate("lowrank-storage", random.Random(seed))
        m, n = _list_after("shape", g.prompt.en)
        k = _value_after("rank-", g.prompt.en)
        u, s, vt = np.zeros((int(m), int(k))), np.zeros(int(k)), np.zeros((int(k), int(n)))
        assert g.answer == u.size + s.size + vt.size


def test_discrete_variance():
    for seed in SEEDS:
        g = generate("discrete-variance", random.Random(seed))
        pairs = re.findall(r"P\(X=(" + NUM + r")\) = (" + NUM + ")", g.prompt.en)
        xs = np.array([float(x) for x, _ in pairs])
        ps = np.array([float(p) for _, p in pairs])
        assert ps.sum() == pytest.approx(1.0)
        mean = (ps * xs).sum()
        assert g.answer == pytest.approx((ps * (xs - mean) ** 2).sum(), abs=1e-9)


def test_bayes_posterior():
    for seed in SEEDS:
        g = generate("bayes-posterior", random.Random(seed))
        prior, sens, fpr = (float(x) / 100 for x in re.findall(r"(" + NUM + ")%", g.prompt.en))
        # simulate the joint table exactly: 1,000,000 texts
        n = 1_000_000
        toxic = prior * n
        flagged_toxic, flagged_ok = sens * toxic, fpr * (n - toxic)
        assert g.answer == pytest.approx(flagged_toxic / (flagged_toxic + flagged_ok), abs=1e-9)


def test_mle_variance():
    for seed in SEEDS:
        g = generate("mle-variance", random.Random(seed))
        data = np.array(_list_after("data", g.prompt.en))
        assert g.answer == pytest.approx(np.var(data, ddof=0), abs=1e-9)


def test_softmax_max_prob():
    for seed in SEEDS:
        g = generate("softmax-max-prob", random.Random(seed))
        z = np.array(_list_after("z =", g.prompt.en))
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        assert g.answer == pytest.approx(p.max(), abs=1e-9)


def test_entropy_bits():
    for seed in SEEDS:
        g = generate("entropy-bits", random.Random(seed))
        p = np.array(_list_after("p =", g.prompt.en))
        assert p.sum() == pytest.approx(1.0)
        assert g.answer == pytest.approx(-(p * np.log2(p)).sum(), abs=1e-9)
        assert 0 <= g.answer <= math.log2(len(p)) + 1e-12


def test_cross_entropy_logits():
    torch = pytest.importorskip("torch")
    for seed in TORCH_SEEDS:
        g = generate("cross-entropy-logits", random.Random(seed))
        z = torch.tensor([_list_after("z =", g.prompt.en)], dtype=torch.float64)
        target = int(_value_after("is token", g.prompt.en))
        expected = torch.nn.functional.cross_entropy(z, torch.tensor([target])).item()
        assert g.answer == pytest.approx(expected, abs=1e-9)


def test_gd_step():
    for seed in SEEDS:
        g = generate("gd-step", random.Random(seed))
        head = g.prompt.en.split("At w =")[0]
        a = _value_after("f(w) =", head)
        c = _value_after("(w − ", head) if "(w − " in head else -_value_after("(w + ", head)
        w = _value_after("At w =", g.prompt.en)
        lr = _value_after("η =", g.prompt.en)
        h = 1e-6
        f = lambda x: a * (x - c) ** 2  # noqa: E731
        grad = (f(w + h) - f(w - h)) / (2 * h)
        assert g.answer == pytest.approx(w - lr * grad, abs=1e-6)


def test_momentum_steps():
    torch = pytest.importorskip("torch")
    for seed in TORCH_SEEDS:
        g = generate("momentum-steps", random.Random(seed))
        lr = _value_after("η =", g.prompt.en)
        w0 = _value_after("w =", g.prompt.en.split("η =")[1])
        g1, g2 = _value_after("g₁ =", g.prompt.en), _value_after("g₂ =", g.prompt.en)
        w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=lr, momentum=0.9)
        for grad in (g1, g2):
            w.grad = torch.tensor([grad], dtype=torch.float64)
            opt.step()
        assert g.answer == pytest.approx(w.item(), abs=1e-9)


def test_adam_steps():
    torch = pytest.importorskip("torch")
    for seed in TORCH_SEEDS:
        g = generate("adam-steps", random.Random(seed))
        lr = _value_after("η =", g.prompt.en)
        w0 = _value_after("w =", g.prompt.en.split("η =")[1])
        g1, g2 = _value_after("g₁ =", g.prompt.en), _value_after("g₂ =", g.prompt.en)
        w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([w], lr=lr, betas=(0.9, 0.999), eps=1e-12)
        for grad in (g1, g2):
            w.grad = torch.tensor([grad], dtype=torch.float64)
            opt.step()
        assert g.answer == pytest.approx(w.item(), abs=1e-8)


def test_l2_sgd_step():
    torch = pytest.importorskip("torch")
    for seed in TORCH_SEEDS:
        g = generate("l2-sgd-step", random.Random(seed))
        w0 = _value_after("w =", g.prompt.en)
        grad = _value_after("gradient g =", g.prompt.en)
        lam = _value_after("λ =", g.prompt.en)
        lr = _value_after("η =", g.prompt.en)
        w = torch.tensor([w0], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([w], lr=lr, weight_decay=lam)  # SGD weight_decay adds λw to the gradient
        w.grad = torch.tensor([grad], dtype=torch.float64)
        opt.step()
        assert g.answer == pytest.approx(w.item(), abs=1e-9)


def test_vanishing_depth():
    for seed in SEEDS:
        g = generate("vanishing-depth", random.Random(seed))
        f = _value_after("about", g.prompt.en)
        sup = {"10⁻²": -2, "10⁻³": -3, "10⁻⁶": -6, "10²": 2, "10³": 3, "10⁶": 6}
        exponent = next(v for k, v in sup.items() if k in g.prompt.en)
        threshold = 10.0 ** exponent
        depth = math.ceil(math.log(threshold) / math.log(f))
        powers = f ** np.arange(1, 200)
        crossed = powers < threshold if f < 1 else powers > threshold
        assert g.answer == float(np.argmax(crossed) + 1) == float(depth)


@pytest.mark.parametrize("name", ["softmax-max-prob", "cross-entropy-logits"])
def test_worked_ratio_reproduces_answer(name):
    """The rounded numbers shown in the worked ratio must still give the graded answer."""
    for seed in SEEDS:
        g = generate(name, random.Random(seed))
        num, den = (float(x) for x in re.search(r"= (" + NUM + r") / (" + NUM + r") ≈", g.explanation.en).groups())
        shown = num / den if name == "softmax-max-prob" else -math.log(num / den)
        assert shown == pytest.approx(g.answer, abs=g.tolerance / 2), (seed, g.explanation.en)


@pytest.mark.parametrize("name", MATH_GENERATORS)
def test_hint_ladder_from_own_numbers(name):
    """Every generated question has a ladder (two steps for numeric ones), bilingual, never giving the answer away."""
    from llmpath.content.lint import zh_problem

    for seed in range(100):
        g = generate(name, random.Random(seed))
        assert len(g.hints) >= (2 if g.kind == "numeric" else 1), (name, seed)
        for hint in g.hints:
            assert hint.en.strip() and re.search(r"[\u4e00-\u9fff]", hint.zh), (name, seed)
            assert "{" not in hint.en + hint.zh and "}" not in hint.en + hint.zh
            assert not _gives_away(g, hint.en) and not _gives_away(g, hint.zh), (name, seed, hint.en)
        for text in (g.prompt.zh, g.explanation.zh, *(h.zh for h in g.hints), *(f.zh for _, f in g.mistakes)):
            assert zh_problem(text) is None, (name, seed, zh_problem(text))


def test_bayes_sentence_matches_the_drawn_numbers():
    """Regression: a fixed line said false positives 'dominate' even when true flags outnumbered them."""
    seen = set()
    for seed in SEEDS:
        g = generate("bayes-posterior", random.Random(seed))
        prior, sens, fpr = (float(x) / 100 for x in re.findall(r"(" + NUM + ")%", g.prompt.en))
        true_flags, false_alarms = sens * prior, fpr * (1 - prior)
        if false_alarms > true_flags + 1e-9:
            verdict = ("Here the false alarms", "这里误报（")
        elif true_flags > false_alarms + 1e-9:
            verdict = ("Here the true flags (", "这里真标记（")
        else:
            verdict = ("Here the true flags and the false alarms are equal", "这里真标记与误报恰好相等")
        assert verdict[0] in g.explanation.en and verdict[1] in g.explanation.zh, (g.explanation.en, g.explanation.zh)
        assert "dominate" not in g.explanation.en
        seen.add(verdict[0])
    assert len(seen) >= 2  # the seeds exercise both sides of the comparison


def test_every_math_question_has_a_hint_ladder():
    """Static questions of the math module: at least one hint, two for numeric ones, both languages, none giving the answer."""
    from llmpath.content.catalog import builtin_roots, validate

    catalog, _ = validate(builtin_roots())
    units = {u.id for u in catalog.units.values() if u.module == "math"}
    questions = [q for q in catalog.questions.values() if q.unit in units and q.type != "generated"]
    assert questions
    for q in questions:
        assert len(q.hints) >= (2 if q.type == "numeric" else 1), q.id
        for hint in q.hints:
            assert hint.en.strip() and hint.zh.strip(), q.id
            if q.type == "numeric" and not float(q.answer).is_integer():
                shown = f"{q.answer:.{max(0, round(-math.log10(q.tolerance)))}f}" if q.tolerance else str(q.answer)
                assert not re.search(r"(?<![\d.])" + re.escape(shown) + r"(?!\.?\d)", hint.en), (q.id, hint.en)

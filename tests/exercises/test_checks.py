"""Every exercise: the untouched scaffold fails helpfully, the reference passes, typical mistakes are named."""

from __future__ import annotations

import re

import numpy as np
import pytest

from llmpath.exercises import core
from llmpath.exercises.registry import EXERCISES, exercise_ids, get_exercise
from llmpath.exercises.sandbox import ModelsUnavailable, run_check
from llmpath.exercises.validation import reference_companions
from tests.exercises.references import reference_module as _module
from tests.exercises.wrong_solutions import ALSO_RIGHT, WRONG

IDS = exercise_ids()
# Exercises whose check loads pretrained weights (`models:`) run in their own slow module, with the weights
# prepared once (tests/exercises/test_llama_decoder.py); here they keep only the tests that need no model.
WITHOUT_WEIGHTS = [spec for spec in EXERCISES if not spec.models]
RUN_IDS = [spec.id for spec in WITHOUT_WEIGHTS]


def test_registry_is_intact():
    assert len(IDS) >= 17 and len(set(IDS)) == len(IDS)   # the capstone chain adds exercises
    assert get_exercise("softmax").unit == "entropy-and-cross-entropy"
    assert get_exercise("torch-mlp").unit == "pytorch-basics"
    for spec in EXERCISES:
        folder = core.exercise_dir(spec)
        for name in ("exercise.yaml", "scaffold.py", "solution.py", "check.py", "__init__.py"):
            assert (folder / name).is_file(), f"{spec.id}: missing {name}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_scaffold_has_task_in_both_languages_and_no_answer(exercise_id):
    spec = get_exercise(exercise_id)
    source = core.starting_text(spec)
    assert "# TODO" in source and "raise NotImplementedError" in source
    assert 'if __name__ == "__main__":' in source  # a tiny example to try
    en, zh = core.task_text(spec, "en"), core.task_text(spec, "zh")
    assert len(en) > 80 and len(zh) > 40
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en)
    # The scaffold does not contain the reference's code lines.
    solution = core.solution_source(spec)
    body = [line.strip() for line in solution.split('if __name__')[0].splitlines()
            if line.strip() and not line.strip().startswith(("#", '"""', "def ", "import ", "from ", "class ", "return ", "super()"))
            and "=" in line and not line.strip().endswith(":")]
    leaked = [line for line in body if line in source and len(line) > 25]
    assert not leaked, leaked
    hints = core.load_hints(spec)
    assert len(hints) >= 3 and all(h["en"] and re.search(r"[\u4e00-\u9fff]", h["zh"]) for h in hints)
    compile(source, spec.file_name, "exec")  # the task as a docstring keeps the file valid Python


@pytest.fixture(scope="module")
def sandbox_results(tmp_path_factory):
    """Check every scaffold and every reference in the real sandbox, a few at a time (process start-up is the cost)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("sandbox-runs")
    jobs = []
    for spec in WITHOUT_WEIGHTS:
        for kind, source in (("scaffold", core.starting_text(spec)), ("solution", core.solution_source(spec))):
            folder = root / kind
            folder.mkdir(exist_ok=True)
            (folder / spec.file_name).write_text(source, encoding="utf-8")
            jobs.append((spec.id, kind, folder / spec.file_name))
    jobs.sort(key=lambda job: job[0] != "torch-mlp")  # the slow ones first

    def run(job):
        exercise_id, _, path = job
        spec = get_exercise(exercise_id)
        try:
            return run_check(spec, path, companions=reference_companions(spec))
        except ModelsUnavailable:   # the pretrained weights it needs (models:) are not installed here
            return None

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        outcomes = list(pool.map(run, jobs))
    return {job[:2]: outcome for job, outcome in zip(jobs, outcomes)}


@pytest.mark.parametrize("exercise_id", RUN_IDS)
def test_untouched_scaffold_fails_with_a_helpful_message(exercise_id, sandbox_results):
    outcome = sandbox_results[(exercise_id, "scaffold")]
    if outcome is None:
        pytest.skip(f"{exercise_id} needs pretrained weights that are not installed")
    assert not outcome.passed
    assert outcome.kind == "todo", outcome
    assert "not written yet" in outcome.message.en and "NotImplementedError" in outcome.message.en
    assert outcome.where and "raise NotImplementedError" in outcome.where
    assert outcome.case_index == 1 and outcome.inputs or exercise_id == "torch-mlp"


def test_untouched_scaffold_message_in_chinese(sandbox_results):
    outcome = sandbox_results[("softmax", "scaffold")]   # one outcome carries both languages
    assert "还没有实现" in outcome.message.zh and outcome.case.zh == "一个小向量"


@pytest.mark.parametrize("exercise_id", RUN_IDS)
def test_reference_solution_passes(exercise_id, sandbox_results):
    outcome = sandbox_results[(exercise_id, "solution")]
    if outcome is None:
        pytest.skip(f"{exercise_id} needs pretrained weights that are not installed")
    assert outcome.passed, outcome
    assert outcome.cases and outcome.cases >= 4


WRONG_CASES = [(eid, label, source, phrase) for eid, items in WRONG.items() for label, source, phrase in items if eid in RUN_IDS]


def test_every_exercise_has_a_wrong_solution():
    assert set(WRONG) == set(IDS)


@pytest.mark.parametrize("exercise_id,label,source,phrase", WRONG_CASES, ids=[f"{c[0]}:{c[1]}" for c in WRONG_CASES])
def test_typical_wrong_solution_is_named(exercise_id, label, source, phrase, in_process):
    failure = in_process(exercise_id, source)
    assert failure is not None, f"{exercise_id}: '{label}' passed"
    text = " ".join(filter(None, [failure.message[0], failure.why[0] if failure.why else None]))
    assert phrase.lower() in text.lower(), f"{exercise_id}: '{label}': {text!r}"
    if failure.why:
        assert failure.why[1] and re.search(r"[\u4e00-\u9fff]", failure.why[1])


@pytest.mark.parametrize("exercise_id", sorted(ALSO_RIGHT))
def test_other_right_answers_pass(exercise_id, in_process):
    assert in_process(exercise_id, ALSO_RIGHT[exercise_id]) is None


def test_failure_shows_input_expected_and_got(in_process):
    failure = in_process("softmax", WRONG["softmax"][0][1])
    assert failure.case == ("large logits", "很大的 logits")
    assert "1000" in failure.inputs and "nan" in failure.got and "0.6652" in failure.expected
    assert "overflowed" in failure.message[0]


def test_shape_mismatch_is_explained_as_shapes(in_process):
    failure = in_process("multi-head-split", WRONG["multi-head-split"][1][1])
    assert "expected shape (1, 2, 1, 2), got (1, 1, 2, 2)" in failure.message[0]
    failure = in_process("multi-head-split", """
        import numpy as np
        def split_heads(x, n_heads):
            B, T, C = x.shape
            return x.reshape(B, T, n_heads, C // n_heads).transpose(0, 2, 3, 1)
        def merge_heads(x):
            return x
    """)
    assert "expected shape (1, 2, 1, 2), got (1, 2, 2, 1)" in failure.message[0]
    assert "axes swapped" in failure.message[0]


def test_missing_function_and_none_result(in_process):
    failure = in_process("relu", "import numpy as np\ndef relu(x):\n    return np.maximum(x, 0)\n")
    assert failure.kind == "missing" and "relu_grad()" in failure.message[0]
    failure = in_process("layernorm", "def layer_norm(x, gamma, beta, eps=1e-5):\n    y = x * 2\n")
    assert "returned None" in failure.message[0]


def test_exception_in_learner_code_points_at_the_line(in_process):
    failure = in_process("softmax", "import numpy as np\n\ndef softmax(x, axis=-1):\n    return np.exp(x) / undefined_name\n")
    assert failure.kind == "exception" and "NameError" in failure.message[0]
    assert failure.where.startswith("line 4:") and "undefined_name" in failure.where


# -------------------------------------------------------------------- the references agree with the libraries


def test_references_agree_with_scikit_learn():
    from sklearn.decomposition import PCA
    from sklearn.metrics import precision_recall_fscore_support
    from sklearn.model_selection import KFold

    rng = np.random.default_rng(0)
    for n, k in ((10, 3), (13, 4), (7, 7)):
        ours = _module("kfold-indices").kfold_indices(n, k)
        for (train, test), (train_s, test_s) in zip(ours, KFold(k).split(np.zeros(n))):
            assert np.array_equal(train, train_s) and np.array_equal(test, test_s)
    for y_true, y_pred in ((rng.integers(0, 2, 40), rng.integers(0, 2, 40)), (np.array([1, 0, 1]), np.zeros(3, int))):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", zero_division=0)
        assert np.allclose(_module("precision-recall-f1").precision_recall_f1(y_true, y_pred), (p, r, f))
    X = rng.normal(size=(30, 5)) * [5, 3, 2, 1, 0.5] + 10
    Z, comps = _module("pca-svd").pca(X, 2)
    sk = PCA(2, svd_solver="full").fit(X)
    signs = np.sign(np.sum(comps * sk.components_, axis=1))
    assert np.allclose(comps * signs[:, None], sk.components_, atol=1e-8)
    assert np.allclose(Z * signs, sk.transform(X), atol=1e-8)


def test_references_agree_with_torch():
    torch = pytest.importorskip("torch")
    import torch.nn.functional as F

    rng = np.random.default_rng(1)
    x = rng.normal(size=(4, 6)) * 5
    t = torch.tensor(x)
    assert np.allclose(_module("softmax").softmax(x), torch.softmax(t, -1).numpy())
    targets = rng.integers(0, 6, 4)
    assert np.isclose(_module("cross-entropy").cross_entropy(x, targets), F.cross_entropy(t, torch.tensor(targets)).item())
    gamma, beta = rng.normal(size=6), rng.normal(size=6)
    assert np.allclose(_module("layernorm").layer_norm(x, gamma, beta),
                       F.layer_norm(t, (6,), torch.tensor(gamma), torch.tensor(beta), 1e-5).numpy())
    q, k, v = (rng.normal(size=(2, 3, 5, 8)) for _ in range(3))
    mask = np.tril(np.ones((5, 5), dtype=bool))
    out, _ = _module("attention").attention(q, k, v, mask)
    ref = F.scaled_dot_product_attention(torch.tensor(q), torch.tensor(k), torch.tensor(v), attn_mask=torch.tensor(mask))
    assert np.allclose(out, ref.numpy())
    xr = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    torch.relu(xr).sum().backward()
    assert np.allclose(_module("relu").relu_grad(np.array([-1.0, 0.0, 2.0])), xr.grad.numpy())
    # one Adam step (torch.optim.Adam with its defaults except lr)
    p0, g = rng.normal(size=5), rng.normal(size=5)
    param = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.Adam([param], lr=0.1)
    param.grad = torch.tensor(g)
    opt.step()
    ours, _, _ = _module("adam-step").adam_step(p0, g, np.zeros(5), np.zeros(5), 1, lr=0.1)
    assert np.allclose(ours, param.detach().numpy())
    w, X = rng.normal(size=3), rng.normal(size=(10, 3))
    y = (rng.random(10) > 0.5).astype(float)
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(torch.tensor(X) @ wt + bt, torch.tensor(y))
    loss.backward()
    l2, gw, gb = _module("logistic-gradient").logistic_loss_and_grad(w, 0.3, X, y)
    assert np.isclose(l2, loss.item()) and np.allclose(gw, wt.grad.numpy()) and np.isclose(gb, bt.grad.item())


def test_bleu_reference_on_known_values():
    bleu = _module("bleu").bleu
    ref = "the cat is on the mat".split()
    assert bleu(list(ref), [ref]) == pytest.approx(1.0)
    assert bleu("the the the the the the the".split(), [ref], max_n=1) == pytest.approx(2 / 7)
    assert bleu("the cat sat on the mat".split(), [ref], max_n=2) == pytest.approx(np.sqrt(5 / 6 * 3 / 5))
    assert bleu("the cat".split(), [ref], max_n=2) == pytest.approx(np.exp(1 - 6 / 2))


def test_top_p_reference_keeps_the_crossing_token():
    mod = _module("top-k-top-p")
    logits = np.array([1.0, 3.0, 0.0, 2.0])
    assert np.isfinite(mod.top_p_filter(logits, 0.7)).tolist() == [False, True, False, True]
    assert np.isfinite(mod.top_p_filter(logits, 0.5)).tolist() == [False, True, False, False]
    assert np.isfinite(mod.top_k_filter(logits, 3)).sum() == 3


def test_kfold_contract_increasing_order_is_enforced_and_named(in_process):
    failure = in_process("kfold-indices", """
        import numpy as np
        def kfold_indices(n, k):
            folds = np.array_split(np.arange(n), k)
            # right folds, but the training indices start after the test fold and wrap around
            return [(np.concatenate(folds[i + 1:] + folds[:i]), folds[i]) for i in range(k)]
    """)
    assert failure is not None and failure.kind == "mismatch"
    assert "not in increasing order" in failure.message[0] and "升序" in failure.message[1]
    assert "fold 0" not in failure.message[0]  # fold 0's training indices happen to be sorted


def test_a_difference_below_the_printed_precision_is_shown_with_enough_digits(in_process):
    failure = in_process("softmax", """
        import numpy as np
        def softmax(x, axis=-1):
            e = np.exp(x - np.max(x, axis=axis, keepdims=True))
            return e / np.sum(e, axis=axis, keepdims=True) * (1 + 1.5e-6)   # off in the 7th digit
    """)
    assert failure is not None and failure.kind == "mismatch", failure
    import re as _re

    expected, got = _re.search(r"expected (\S+), got (\S+) \(abs", failure.message[0]).groups()
    assert expected != got and float(expected) != float(got), failure.message[0]
    assert "rel 1.5e-6" in failure.message[0]


def test_differing_pair_prints_as_many_digits_as_needed():
    from llmpath.exercises.checking import differing_pair, mismatch

    assert differing_pair(0.004308861, 0.004308855) == ("0.004308861", "0.004308855", "abs 6e-9, rel 1.4e-6")
    assert differing_pair(0.5, 0.25) == ("0.5", "0.25", "abs 0.25, rel 0.5")
    en, zh = mismatch(np.array([0.0043088612]), np.array([0.0043088551]), rtol=1e-7, atol=0)
    assert "expected 0.004308855, got 0.004308861 (abs 6.1e-9, rel 1.4e-6; 1 of 1 entries differ)" in en
    assert "期望 0.004308855，得到 0.004308861" in zh

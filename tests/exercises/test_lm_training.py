"""lm-training: the check's numpy references equal torch's own, every named mistake is recognised
step by step, and the training step's validation loss is computed the way the probe's model computes it."""

from __future__ import annotations

import importlib.util
import re
import textwrap

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from llmpath.exercises.checking import Failure, Returned  # noqa: E402
from llmpath.exercises.lm_training import check  # noqa: E402
from tests.exercises.wrong_cap_gen import LM_TRAINING_WRONG  # noqa: E402

FOLDER = check.__file__.rsplit("/", 1)[0]


def _module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def probe():
    return _module("_lm_training_probe", f"{FOLDER}/probe.py")


def test_loss_reference_is_torch_cross_entropy_on_shifted_targets():
    rng = np.random.default_rng(0)
    logits, ids = rng.normal(size=(3, 9, 11)) * 3, rng.integers(0, 11, size=(3, 9))
    want = torch.nn.functional.cross_entropy(torch.from_numpy(logits[:, :-1]).reshape(-1, 11), torch.from_numpy(ids[:, 1:]).reshape(-1))
    assert check.lm_loss_ref(logits, ids) == pytest.approx(float(want), rel=1e-12)


def test_adamw_reference_is_torch_optim_adamw():
    rng = np.random.default_rng(1)
    params = [rng.normal(size=(4, 3)), rng.normal(size=(5,))]
    grads = [[rng.normal(size=p.shape) for p in params] for _ in range(5)]
    lr, betas, eps, wd = 0.03, (0.8, 0.95), 1e-6, 0.2
    tensors = [torch.tensor(p, requires_grad=True) for p in params]
    optimizer = torch.optim.AdamW(tensors, lr=lr, betas=betas, eps=eps, weight_decay=wd)
    ours = check.adamw_ref(params, grads, lr, list(betas), eps, wd)
    for step, step_grads in enumerate(grads):
        for t, g in zip(tensors, step_grads):
            t.grad = torch.from_numpy(g.copy())
        optimizer.step()
        for t, p in zip(tensors, ours[step]):
            np.testing.assert_allclose(t.detach().numpy(), p, rtol=1e-12, atol=1e-14)


def test_clip_reference_is_clip_grad_norm_():
    rng = np.random.default_rng(2)
    for max_norm, scale in ((1.0, 3.0), (10.0, 0.1)):
        grads = [rng.normal(size=(4, 3)) * scale, rng.normal(size=(6,)) * scale]
        tensors = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
        for t, g in zip(tensors, grads):
            t.grad = torch.from_numpy(g.copy())
        total = torch.nn.utils.clip_grad_norm_(tensors, max_norm)
        norm, clipped = check.clip_ref(grads, max_norm)
        assert norm == pytest.approx(float(total), rel=1e-12)
        for t, c in zip(tensors, clipped):
            np.testing.assert_allclose(t.grad.numpy(), c, rtol=1e-12)


def test_schedule_reference_is_linear_warmup_then_cosine_annealing():
    s = check.SCHEDULE
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=s["max_lr"])
    warm, total = s["warmup_steps"], s["total_steps"]
    scheduler = torch.optim.lr_scheduler.SequentialLR(optimizer, [
        torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1 / warm, end_factor=1.0, total_iters=warm - 1),
        torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warm, eta_min=s["min_lr"])], milestones=[warm])
    theirs = []
    for _ in range(total + 1):
        theirs.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    ours = check.schedule_ref(list(range(total + 1)), s["max_lr"], warm, total, s["min_lr"])
    np.testing.assert_allclose(ours, theirs, rtol=1e-9)


def _learner(source, tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return _module(name, path)


def _outcome(probe, module, call):
    return Returned(getattr(probe, call.probe)(module, **call.args))


@pytest.mark.parametrize("label,source,phrase,step", LM_TRAINING_WRONG, ids=[w[0] for w in LM_TRAINING_WRONG])
def test_each_typical_mistake_fails_its_step_with_its_message(label, source, phrase, step, probe, tmp_path):
    module = _learner(source, tmp_path, "wrong_" + re.sub(r"\W", "_", label))
    spec_messages = _messages()
    failed = []
    for call in check.calls():
        if call.probe != step:
            continue
        try:
            check._judge_step(call, _outcome(probe, module, call), spec_messages)
        except Failure as failure:
            why = failure.why or spec_messages.get(failure.mistake)
            failed.append(" ".join(filter(None, [failure.message[0], why[0] if why else None])))
            assert why is None or re.search(r"[\u4e00-\u9fff]", why[1])
    assert failed, f"'{label}' passed every {step} case"
    assert any(phrase.lower() in text.lower() for text in failed), failed


def _messages():
    from llmpath.exercises.registry import get_exercise

    return {name: (t.en, t.zh) for name, t in get_exercise("lm-training").mistakes.items()}


def test_the_reference_passes_every_piece(probe):
    module = _module("_lm_solution", f"{FOLDER}/solution.py")
    for call in check.calls():
        if call.probe != "train":
            assert check._judge_step(call, _outcome(probe, module, call), _messages()) is None


def test_validation_loss_in_numpy_equals_the_probe_model(probe):
    torch.manual_seed(0)
    weights = probe._init(len(check.CHARS) + 1, check.TRAIN["dim"], check.TRAIN["context"], 3)
    ids = np.random.default_rng(0).integers(0, len(check.CHARS) + 1, size=(2, 16))
    with torch.no_grad():
        theirs = probe.forward(weights, torch.from_numpy(ids)).numpy()
    ours = check.forward([weights[n].detach().numpy().astype(np.float64) for n in check.NAMES], ids)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    assert tuple(check.NAMES) == tuple(probe.NAMES)


def test_course_text_is_long_enough_and_mostly_known_characters():
    ids = check.course_ids()
    assert len(ids) > 100_000
    assert np.mean(ids == len(check.CHARS)) < 0.02     # typographic dashes, arrows, ×: one id

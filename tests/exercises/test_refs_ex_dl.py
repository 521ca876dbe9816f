"""The dl module's exercise references agree with PyTorch (torch only here, never in the checks)."""

import numpy as np
import pytest

from llmpath.exercises.registry import get_exercise, load_check
from tests.exercises.references import reference_module as _solution

torch = pytest.importorskip("torch")
F = torch.nn.functional


@pytest.mark.parametrize("c_in,c_out,h,w,kh,kw,stride,padding", [
    (1, 1, 3, 3, 2, 2, 1, 0), (2, 2, 4, 4, 3, 3, 1, 0), (3, 2, 8, 6, 3, 2, 2, 1),
    (3, 5, 8, 8, 4, 4, 4, 0), (4, 6, 11, 9, 3, 3, 2, 2), (2, 3, 7, 5, 5, 1, 3, 2),
])
def test_conv2d_matches_torch(c_in, c_out, h, w, kh, kw, stride, padding):
    ref = _solution("conv2d")
    rng = np.random.default_rng(c_in * 10 + kh)
    x, weight, bias = rng.normal(size=(c_in, h, w)), rng.normal(size=(c_out, c_in, kh, kw)), rng.normal(size=c_out)
    ours = ref.conv2d(x, weight, bias, stride, padding)
    theirs = F.conv2d(torch.tensor(x)[None], torch.tensor(weight), torch.tensor(bias), stride=stride, padding=padding)[0].numpy()
    assert ours.shape == theirs.shape == (c_out, ref.output_size(h, kh, stride, padding), ref.output_size(w, kw, stride, padding))
    assert np.allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def _torch_lstm_weights(module, W, U, b):
    with torch.no_grad():
        for name, value in (("weight_ih", W), ("weight_hh", U), ("bias_ih", b), ("bias_hh", np.zeros_like(b))):
            getattr(module, name if isinstance(module, torch.nn.LSTMCell) else name + "_l0").copy_(torch.tensor(value))


def test_lstm_step_and_sequence_match_torch():
    ref = _solution("lstm-cell")
    rng = np.random.default_rng(3)
    T, B, D, H = 5, 3, 4, 6
    W, U, b = rng.normal(size=(4 * H, D)), rng.normal(size=(4 * H, H)), rng.normal(size=4 * H)
    xs, h0, c0 = rng.normal(size=(T, B, D)), rng.normal(size=(B, H)), rng.normal(size=(B, H))
    cell = torch.nn.LSTMCell(D, H, dtype=torch.float64)
    _torch_lstm_weights(cell, W, U, b)
    h_t, c_t = cell(torch.tensor(xs[0]), (torch.tensor(h0), torch.tensor(c0)))
    h, c = ref.lstm_step(xs[0], h0, c0, W, U, b)
    assert np.allclose(h, h_t.detach().numpy()) and np.allclose(c, c_t.detach().numpy())
    lstm = torch.nn.LSTM(D, H, dtype=torch.float64)          # (T, B, D) input: batch_first=False
    _torch_lstm_weights(lstm, W, U, b)
    out, (h_n, c_n) = lstm(torch.tensor(xs), (torch.tensor(h0)[None], torch.tensor(c0)[None]))
    hs, c_last = ref.lstm_sequence(xs, h0, c0, W, U, b)
    assert np.allclose(hs, out.detach().numpy()) and np.allclose(c_last, c_n[0].detach().numpy())
    assert np.allclose(hs[-1], h_n[0].detach().numpy())


class _TinyTokenizer:
    """Just what DataCollatorForLanguageModeling reads from a tokenizer when given special_tokens_mask."""

    mask_token = "[MASK]"
    is_fast = True

    def convert_tokens_to_ids(self, token):
        return 103

    def __len__(self):
        return 30522


def test_mlm_mask_matches_the_transformers_collator_on_the_same_draws(monkeypatch):
    """DataCollatorForLanguageModeling draws three Bernoulli masks and random words; fed the draws the
    reference is given (the third as (u_kind − 0.8) / 0.2, uniform once u_kind ≥ 0.8), it must agree."""
    pytest.importorskip("transformers")
    from transformers import DataCollatorForLanguageModeling

    ref = _solution("mlm-masking")
    rng = np.random.default_rng(5)
    ids = rng.integers(1000, 30000, size=(4, 64))
    ids[:, 0], ids[:, -1], ids[3, 40:] = 101, 102, 0
    special = np.isin(ids, [101, 102, 0])
    u_select, u_kind, random_ids = rng.random(ids.shape), rng.random(ids.shape), rng.integers(1000, 30000, size=ids.shape)
    draws = iter([u_select, u_kind, (u_kind - 0.8) / 0.2])
    monkeypatch.setattr(torch, "bernoulli", lambda p, generator=None: torch.tensor(next(draws)) < p)
    monkeypatch.setattr(torch, "randint", lambda *args, **kwargs: torch.tensor(random_ids))
    collator = DataCollatorForLanguageModeling(tokenizer=_TinyTokenizer(), mlm=True, mlm_probability=0.15)
    hf_inputs, hf_labels = collator.torch_mask_tokens(torch.tensor(ids), special_tokens_mask=torch.tensor(special))
    inputs, labels = ref.mlm_mask(ids, special, u_select, u_kind, random_ids, 103)
    assert np.array_equal(inputs, hf_inputs.numpy()) and np.array_equal(labels, hf_labels.numpy())
    assert (labels != -100).sum() > 20 and (inputs == 103).sum() > 15        # the case is not trivially empty


def test_next_token_targets_give_the_causal_lm_loss_of_transformers():
    """transformers shifts labels inside the model (ForCausalLMLoss, labels = ids with padding → −100);
    the reference's targets, unshifted, must give the same loss."""
    pytest.importorskip("transformers")
    from transformers.loss.loss_utils import ForCausalLMLoss

    ref = _solution("mlm-masking")
    rng = np.random.default_rng(6)
    ids = rng.integers(1, 50, size=(3, 9))
    ids[1, 6:], ids[2, 3:] = 0, 0
    logits = torch.tensor(rng.normal(size=(3, 9, 50)))
    hf_labels = torch.tensor(np.where(ids == 0, -100, ids))
    hf = ForCausalLMLoss(logits, hf_labels, vocab_size=50)
    ours = F.cross_entropy(logits.reshape(-1, 50), torch.tensor(ref.next_token_targets(ids, 0)).reshape(-1), ignore_index=-100)
    assert torch.isclose(hf.double(), ours.double())


@pytest.mark.parametrize("n,d,temperature", [(2, 2, 0.5), (8, 16, 0.07), (5, 3, 0.01), (1, 4, 0.07)])
def test_clip_loss_and_zero_shot_match_torch(n, d, temperature):
    """The unit's PyTorch code: F.normalize, scale · img @ txtᵀ, the mean of both cross-entropies."""
    ref = _solution("clip-loss")
    rng = np.random.default_rng(n * d)
    image_emb, text_emb = rng.normal(size=(n, d)) * 3, rng.normal(size=(n, d))
    img, txt = F.normalize(torch.tensor(image_emb), dim=-1), F.normalize(torch.tensor(text_emb), dim=-1)
    logits = img @ txt.T / temperature
    labels = torch.arange(n)
    loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
    assert np.isclose(ref.clip_loss(image_emb, text_emb, temperature), loss.item(), rtol=1e-10, atol=1e-12)
    assert np.allclose(ref.zero_shot_probs(image_emb, text_emb, temperature), torch.softmax(logits, dim=-1).numpy())


def test_clip_loss_in_float32_at_the_scale_cap_matches_torch():
    """float32 embeddings at τ = 0.01, the check's hard batch: torch's float32 loss, our float64 one."""
    ref = _solution("clip-loss")
    check = load_check(get_exercise("clip-loss"))
    from llmpath.exercises.checking import Rng

    images, texts = check._hard_float32_batch(Rng(3))
    logits = F.normalize(torch.tensor(images), dim=-1) @ F.normalize(torch.tensor(texts), dim=-1).T / 0.01
    labels = torch.arange(len(images))
    loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2
    assert torch.isfinite(loss) and loss.item() > 10
    assert np.isclose(ref.clip_loss(images, texts, 0.01), loss.item(), rtol=1e-4)

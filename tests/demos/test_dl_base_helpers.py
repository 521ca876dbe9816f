"""Helpers the torch demos share (llmpath.demos.base): the hand-written Adam and single_thread()."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from llmpath.demos.base import adam, adam_step, single_thread


def _pair(seed: int):
    torch.manual_seed(seed)
    a = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    b = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    b.load_state_dict(a.state_dict())
    x, y = torch.randn(20, 2), torch.randint(2, (20, 1)).float()
    return a, b, x, y


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 1000), lr=st.floats(1e-4, 0.1), b1=st.floats(0.5, 0.95), b2=st.floats(0.9, 0.9999))
def test_adam_matches_torch_optim(seed, lr, b1, b2):
    a, b, x, y = _pair(seed)
    step, opt = adam(a.parameters(), lr=lr, betas=(b1, b2)), torch.optim.Adam(b.parameters(), lr=lr, betas=(b1, b2))
    for _ in range(5):
        F.binary_cross_entropy_with_logits(a(x), y).backward()
        step()
        assert all(p.grad is None for p in a.parameters())  # step() clears the gradients
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(b(x), y).backward()
        opt.step()
    for p, q in zip(a.parameters(), b.parameters()):
        assert (p - q).abs().max() <= 1e-6


def test_adam_step_with_explicit_gradients():
    a, b, x, y = _pair(0)
    params, state = list(a.parameters()), {}
    opt = torch.optim.Adam(b.parameters(), lr=0.01)
    for _ in range(5):
        grads = torch.autograd.grad(F.binary_cross_entropy_with_logits(a(x), y), params)
        adam_step(params, grads, state, lr=0.01)
        opt.zero_grad()
        F.binary_cross_entropy_with_logits(b(x), y).backward()
        opt.step()
    assert state["t"] == 5
    for p, q in zip(params, b.parameters()):
        assert (p - q).abs().max() <= 1e-6


def test_single_thread_restores_the_thread_count():
    before = torch.get_num_threads()
    with single_thread():
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
    try:
        with single_thread():
            raise KeyError("boom")
    except KeyError:
        pass
    assert torch.get_num_threads() == before

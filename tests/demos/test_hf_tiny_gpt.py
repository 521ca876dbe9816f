"""tiny-gpt: the next-token loss from scratch, the char tokenizer, and a short CLI run."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from llmpath.demos import tiny_gpt  # noqa: E402


def test_next_token_loss_matches_torch():
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(3, 7, 11, generator=g)
    ids = torch.randint(0, 11, (3, 7), generator=g)
    ref = torch.nn.functional.cross_entropy(logits[:, :-1].reshape(-1, 11), ids[:, 1:].reshape(-1))
    assert torch.allclose(tiny_gpt.next_token_loss(logits, ids), ref, atol=1e-6)


def test_char_tokenizer_round_trip(tmp_path):
    from transformers import AutoTokenizer

    tok = tiny_gpt.char_tokenizer("hello world\nΣ a·b")
    ids = tok("hello Σ\n").input_ids
    assert len(ids) == len("hello Σ\n") and tok.decode(ids) == "hello Σ\n"
    tok.save_pretrained(str(tmp_path))
    again = AutoTokenizer.from_pretrained(str(tmp_path))
    assert again("hello Σ\n").input_ids == ids
    assert again("z").input_ids == [0]  # unknown character → <unk>


def test_bpe_tokenizer_round_trips_any_text_and_shortens_the_corpus(tmp_path):
    from transformers import AutoTokenizer

    text = tiny_gpt.course_text()
    tok = tiny_gpt.bpe_tokenizer(text, 384)
    assert len(tok) == 384
    sample = "The loss falls; 注意力 (attention) — σ(x) ✓\n"
    assert tok.decode(tok(sample).input_ids) == sample  # byte-level: nothing is unknown
    assert len(tok(text).input_ids) < len(text) / 1.4   # a token covers about 1.6 characters of the course
    tok.save_pretrained(str(tmp_path))
    assert AutoTokenizer.from_pretrained(str(tmp_path))(sample).input_ids == tok(sample).input_ids


def test_validation_paragraphs_come_from_every_part_of_the_course():
    text = "\n\n".join(f"paragraph {i}" for i in range(40))
    train, val = tiny_gpt.split_paragraphs(text)
    assert val.split("\n\n") == [f"paragraph {i}" for i in (9, 19, 29, 39)]
    assert len(train.split("\n\n")) == 36 and "paragraph 9" not in train.split("\n\n")


def test_course_text_is_plain_english():
    text = tiny_gpt.course_text()
    assert len(text) > 2_000 and "**" not in text


def test_word_overlap():
    vocab = {"the", "loss", "falls"}
    assert tiny_gpt.word_overlap("The loss falls", vocab) == 1.0
    assert tiny_gpt.word_overlap("xq zzv the", vocab) == pytest.approx(1 / 3)
    assert tiny_gpt.word_overlap("", vocab) == 0.0


@pytest.mark.slow
def test_demo_json(invoke):
    result = invoke("demo", "tiny-gpt", "--seed", "0", "--json", "--steps", "25", "--batch-size", "8", "--block-size", "32", "--layers", "1", "--sample-tokens", "12", "--vocab-size", "300")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["demo"] == "tiny-gpt" and fig["steps"] == 25
    assert fig["final_val_loss"] < fig["first_val_loss"] < fig["start_loss"] + 0.5
    assert fig["max_diff_reload_logits"] == 0.0
    assert fig["max_diff_next_token_cross_entropy"] < 1e-5
    assert fig["sample_after"].startswith("The ")
    from pathlib import Path

    assert (Path(fig["checkpoint"]) / "config.json").exists()

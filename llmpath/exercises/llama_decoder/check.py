"""Checks for llama-decoder: the learner's whole model on SmolLM2-135M's real weights against transformers.

The child (``probe.py``) loads the prepared weights, builds the learner's ``Llama`` and returns data: the
logits of three fixed prompts (English, Chinese, code), what each of the 30 blocks returned, one step
after a KV cache, a 32-token greedy continuation and the time of one forward pass. Here, in the parent,
transformers' ``LlamaForCausalLM`` (eager attention, float32) computes the truth: logits within 1e-4
(max abs, every position, the whole vocabulary) and the same greedy text. On a mismatch the typical
mistakes are recomputed with the plain-torch reference (``llmpath.capstone.llama``, which equals
transformers exactly) to name the one the learner made, and the first block whose output diverges is
shown with its shape.

torch and transformers are imported only when a judged step needs them (``llmpath validate --quick``
reads ``MISTAKE_NAMES`` without them, and an unwritten scaffold fails without them). They run after the
child has finished, never beside it: the learner's forward pass is timed on a quiet machine, like
transformers' (both on one thread).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

from llmpath import models
from llmpath.exercises.checking import Call, Failure, Raised, Returned, call_failure, fmt

PROBE = "probe.py"
PROMPTS = ((("an English prompt", "英文提示"), "The capital of France is"),
           (("a Chinese prompt", "中文提示"), "注意力机制让模型"),
           (("a code prompt", "代码提示"), "def add(a, b):\n    return"))
CACHED_PROMPT = 1             # the Chinese prompt (16 tokens): its last token after a cache of 15
GREEDY_PROMPT = "Large language models are"
NEW_TOKENS = 32
TOLERANCE = 1e-4              # max abs on the logits, float32 against float32
MISTAKE_TOLERANCE = 1e-3      # a learner's logits this close to a typical mistake's are that mistake
TIMING_PROMPT = 2             # the code prompt (9 tokens)
TIMING_REPEATS = 3

MISTAKE_NAMES = ("untied_head", "no_head", "no_final_norm", "embedding_scaled", "softmax_output",
                 "rope_theta_10000", "rope_start_ignored", "cache_not_passed")


# ---------------------------------------------------------------------------- inputs (cheap, no torch)

@lru_cache(maxsize=1)
def _setup() -> dict[str, Any]:
    """The prepared folder, the config the learner's model gets, and the prompts as token ids."""
    from tokenizers import Tokenizer

    folder = models.exercise_model_folder("smollm2")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    rope = config.get("rope_parameters") or {}
    cfg = {"layers": int(config["num_hidden_layers"]), "heads": int(config["num_attention_heads"]),
           "kv_heads": int(config["num_key_value_heads"]),
           "rope_theta": float(rope.get("rope_theta") or config.get("rope_theta") or 10000.0),
           "eps": float(config["rms_norm_eps"])}
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))   # SmolLM2 adds no BOS token
    return {"folder": folder, "cfg": cfg, "tokenizer": tokenizer, "vocab": int(config["vocab_size"]),
            "dim": int(config["hidden_size"]), "prompts": [tokenizer.encode(text).ids for _, text in PROMPTS],
            "greedy": tokenizer.encode(GREEDY_PROMPT).ids}


def _shown(text: str) -> str:
    return repr(text)


@lru_cache(maxsize=1)
def _calls() -> tuple[Call, ...]:
    setup = _setup()
    folder, cfg, prompts = str(setup["folder"]), setup["cfg"], setup["prompts"]
    built = f"Llama(cfg, weights) with SmolLM2-135M's weights ({cfg['layers']} blocks, {cfg['heads']} query heads, {cfg['kv_heads']} KV heads)"
    out = [Call(("build the model from SmolLM2-135M's weights", "用 SmolLM2-135M 的权重构建模型"), "build",
                {"folder": folder, "cfg": cfg}, built)]
    for (name, text), ids in zip(PROMPTS, prompts):
        out.append(Call((f"logits of {name[0]}", f"{name[1]}的 logits"), "forward", {"ids": ids},
                        f"forward(ids) with ids = {ids} ({_shown(text)}, {len(ids)} tokens)"))
    cached = prompts[CACHED_PROMPT]
    out.append(Call(("one token after a KV cache (start = 15)", "KV 缓存之后的一个词元（start = 15）"), "cached_step", {"ids": cached},
                    f"forward(ids[:, :-1]), then forward(ids[:, -1:], caches, start={len(cached) - 1}) with ids = {cached}"))
    out.append(Call((f"greedy continuation of {NEW_TOKENS} tokens", f"{NEW_TOKENS} 个词元的贪心续写"), "greedy",
                    {"ids": setup["greedy"], "new_tokens": NEW_TOKENS}, f"{_shown(GREEDY_PROMPT)} → {NEW_TOKENS} greedy tokens with your cache"))
    out.append(Call(("the time of a forward pass", "一次前向计算的时间"), "timing", {"ids": prompts[TIMING_PROMPT], "repeats": TIMING_REPEATS},
                    f"forward(ids) {TIMING_REPEATS} times, ids = {prompts[TIMING_PROMPT]}"))
    return tuple(out)


def calls():
    return list(_calls())


# ---------------------------------------------------------------------------- the truth (transformers)

@lru_cache(maxsize=1)
def _truth() -> dict[str, Any]:
    """transformers' LlamaForCausalLM (eager, float32): logits of each prompt and the greedy tokens."""
    import torch

    models._quiet_transformers()
    from transformers import AutoModelForCausalLM

    setup = _setup()
    model = AutoModelForCausalLM.from_pretrained(str(setup["folder"]), dtype=torch.float32, attn_implementation="eager").eval()
    with _one_thread(), torch.no_grad():
        logits = [model(torch.tensor([ids])).logits[0].numpy() for ids in setup["prompts"]]
        prompt = torch.tensor([setup["greedy"]])
        generated = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=NEW_TOKENS, do_sample=False,
                                   pad_token_id=model.config.eos_token_id)[0, prompt.shape[1]:].tolist()
    return {"model": model, "logits": logits, "greedy": generated}


@contextmanager
def _one_thread():
    """torch on one thread for a while: on a busy 2-core machine its thread pool spins (a 32-token generate took
    42 s with two threads beside other work, 2 s with one), and the learner's forward is timed on one thread too."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _transformers_seconds(model: Any, ids: list[int]) -> float:
    """transformers' forward pass on one thread, as the child runs the learner's (best of TIMING_REPEATS)."""
    import time

    import torch

    best = float("inf")
    with _one_thread(), torch.no_grad():
        for _ in range(TIMING_REPEATS):
            started = time.perf_counter()
            model(torch.tensor([ids]))
            best = min(best, time.perf_counter() - started)
    return best


# ---------------------------------------------------------------------------- the typical mistakes, recomputed

@lru_cache(maxsize=1)
def _reference_model():
    """The plain-torch reference on transformers' own tensors (no second copy of the weights)."""
    from llmpath.capstone.llama import Llama, LlamaConfig

    model = _truth()["model"]
    weights = {name: tensor.detach() for name, tensor in model.state_dict().items()}
    return Llama(LlamaConfig.from_hf(model.config), weights)


def _run_reference(ids: list[int], *, theta: float | None = None, embed_scale: float = 1.0, final_norm: bool = True,
                   past: list[int] | None = None, past_positions: bool = True, use_cache: bool = True):
    """The reference forward with one thing changed; returns (logits (T, V), embedding (1, T, D), block outputs).

    ``past``: tokens fed first to fill the cache; the ids then come after them at positions len(past)…
    (``past_positions=False``: at 0…, the positions not offset by ``start``; ``use_cache=False``: the
    cache not handed to the blocks)."""
    import torch

    from llmpath.capstone.llama import attention, rms_norm, rope_tables, swiglu

    model = _reference_model()
    cfg = model.cfg
    theta = cfg.rope_theta if theta is None else theta

    def run(tokens, start, caches):
        x = model.embed[torch.tensor([tokens])] * embed_scale
        embedding, blocks, new = x.clone(), [], []
        cos, sin = rope_tables(torch.arange(start, start + len(tokens)), cfg.head_dim, theta)
        for i, layer in enumerate(model.layers):
            out, cache = attention(rms_norm(x, layer["norm1"], cfg.eps), layer, cfg, cos, sin, caches[i] if caches else None)
            x = x + out
            x = x + swiglu(rms_norm(x, layer["norm2"], cfg.eps), layer)
            blocks.append(x.clone())
            new.append(cache)
        h = rms_norm(x, model.norm, cfg.eps) if final_norm else x
        return (h @ model.head.T)[0], embedding, blocks, new

    with _one_thread(), torch.no_grad():
        caches = None
        start = 0
        if past:
            caches = run(past, 0, None)[3]
            start = len(past) if past_positions else 0
        logits, embedding, blocks, _ = run(ids, start, caches if use_cache else None)
    return logits.numpy(), embedding.numpy(), [b.numpy() for b in blocks]


def _forward_mistakes(ids: list[int], truth: np.ndarray) -> list[tuple[str, Any]]:
    """(name, a function computing that mistake's logits), cheapest first."""
    def softmax():
        e = np.exp(truth - truth.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    dim = _setup()["dim"]
    return [("softmax_output", softmax),
            ("no_final_norm", lambda: _run_reference(ids, final_norm=False)[0]),
            ("embedding_scaled", lambda: _run_reference(ids, embed_scale=dim ** 0.5)[0]),
            ("rope_theta_10000", lambda: _run_reference(ids, theta=10000.0)[0])]


def _cache_mistakes(ids: list[int]) -> list[tuple[str, Any]]:
    return [("rope_start_ignored", lambda: _run_reference(ids[-1:], past=ids[:-1], past_positions=False)[0]),
            ("cache_not_passed", lambda: _run_reference(ids[-1:], past=ids[:-1], use_cache=False)[0])]


def _named(got: np.ndarray, candidates: list[tuple[str, Any]]) -> str | None:
    for name, compute in candidates:
        other = compute()
        if other.shape == got.shape and float(np.max(np.abs(other - got))) <= MISTAKE_TOLERANCE:
            return name
    return None


# ---------------------------------------------------------------------------- judging

def _fail(message, why=None, **where):
    return Failure("mismatch", message, why=why, **where)


def _untrusted(call: Call) -> Failure:
    return Failure("untrusted", ("the check could not read what your code returned", "无法读取你的代码返回的结果"), case=call.name)


def _data(outcome: Any, call: Call, what: str) -> dict[str, Any]:
    """The probe's dict for one step, or the failure the learner's code caused."""
    if isinstance(outcome, Raised):
        raise call_failure(outcome, what, case=call.name, inputs=call.shown)
    value = outcome.value if isinstance(outcome, Returned) else None
    if not isinstance(value, dict):
        raise _untrusted(call)
    if "not_pair" in value:
        got = str(value["not_pair"])[:60]
        raise _fail((f"forward() must return a pair (logits, caches), got {got}", f"forward() 必须返回一对值 (logits, caches)，实际得到 {got}"),
                    ("return the logits and the list of the blocks' (k, v) caches: return logits, new_caches",
                     "返回 logits 和各块 (k, v) 缓存组成的列表：return logits, new_caches"), case=call.name, inputs=call.shown)
    if "not_tensor" in value:
        got = str(value["not_tensor"])[:60]
        raise _fail((f"the logits must be a torch tensor, got {got}", f"logits 必须是 torch 张量，实际得到 {got}"),
                    case=call.name, inputs=call.shown)
    return value


def _array(value: Any, call: Call, ndim: int | None = None) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f" or (ndim is not None and value.ndim != ndim):
        raise _untrusted(call)
    return value


def _worst(got: np.ndarray, want: np.ndarray) -> tuple[float, tuple[int, ...]]:
    diff = np.abs(got.astype(np.float64) - want)
    diff[np.isnan(diff)] = np.inf
    index = tuple(int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    return float(diff[index]), index


def _shape_failure(got_shape: tuple[int, ...], want_shape: tuple[int, ...], call: Call, messages) -> Failure:
    dim = _setup()["dim"]
    why = messages.get("no_head") if got_shape[-1:] == (dim,) else (
        "forward returns the logits of every position over the whole vocabulary: (B, T, V) = (1, T, 49152); "
        "the head maps each of the T hidden vectors (D = 576) to V scores",
        "forward 返回每个位置在整个词表上的 logits：(B, T, V) = (1, T, 49152)；输出头把 T 个隐藏向量（D = 576）各自映射为 V 个分数")
    return _fail((f"expected logits of shape {want_shape}, got {got_shape}", f"期望 logits 的形状为 {want_shape}，实际得到 {got_shape}"),
                 why, case=call.name, inputs=call.shown, mistake="no_head" if got_shape[-1:] == (dim,) else None)


def _divergence(data: dict[str, Any], ids: list[int]) -> tuple[str, str]:
    """Where the learner's model first leaves the reference: the embedding, a block, or after the last block."""
    _, embedding, blocks = _run_reference(ids)
    learner_blocks = data.get("blocks")
    mine = data.get("embedding")
    if not isinstance(learner_blocks, list) or not learner_blocks or not isinstance(mine, np.ndarray):
        return ("the blocks could not be traced: call decoder_block(…) by that name, as the scaffold imports it "
                "(from decoder_block import decoder_block)",
                "无法追踪各块：请像脚手架那样按名字调用 decoder_block(…)（from decoder_block import decoder_block）")
    stages = [("the embedding (the input of block 1)", "嵌入（第 1 块的输入）", mine, embedding)]
    stages += [(f"block {i + 1} of {len(blocks)}", f"第 {i + 1} 块（共 {len(blocks)} 块）", got, want)
               for i, (got, want) in enumerate(zip(learner_blocks, blocks))]
    for en, zh, got, want in stages:
        if not isinstance(got, np.ndarray) or got.shape != want.shape:
            shape = getattr(got, "shape", None)
            return f"{en} has shape {shape}, expected {want.shape}", f"{zh}的形状为 {shape}，期望 {want.shape}"
        worst, _ = _worst(got, want)
        if worst > 1e-3 * (1.0 + float(np.abs(want).max())):
            return (f"first divergence at {en}, output shape {tuple(got.shape)}: max abs difference {worst:.3g}",
                    f"最先出现偏差的是{zh}，输出形状 {tuple(got.shape)}：最大绝对误差 {worst:.3g}")
    if len(learner_blocks) != len(blocks):
        return (f"your model ran {len(learner_blocks)} blocks, expected {len(blocks)} (cfg.layers)",
                f"你的模型运行了 {len(learner_blocks)} 个块，应为 {len(blocks)} 个（cfg.layers）")
    shape = tuple(learner_blocks[-1].shape)
    return (f"all {len(blocks)} blocks match the reference (outputs of shape {shape}): the difference comes after the last block "
            f"(the final norm or the head)", f"全部 {len(blocks)} 块都与参考一致（输出形状 {shape}）：差异出现在最后一块之后（最终归一化或输出头）")


def _compare_logits(got: np.ndarray, want: np.ndarray, call: Call, messages, candidates, where: tuple[str, str] | None = None) -> None:
    if got.shape != want.shape:
        raise _shape_failure(tuple(got.shape), tuple(want.shape), call, messages)
    worst, index = _worst(got, want)
    if worst <= TOLERANCE:
        return
    name = _named(got, candidates)
    position, token = index[-2] if got.ndim > 1 else 0, index[-1]
    en, zh = where or ("", "")
    low = max(0, min(token - 2, got.shape[-1] - 6))      # the logits around the worst token
    raise _fail((f"logits differ from transformers' LlamaForCausalLM: max abs {worst:.3g} at position {position}, "
                 f"token id {token} (tolerance {TOLERANCE:g})" + (f"; {en}" if en else ""),
                 f"logits 与 transformers 的 LlamaForCausalLM 不一致：位置 {position}、词元 id {token} 处最大绝对误差 {worst:.3g}"
                 f"（容差 {TOLERANCE:g}）" + (f"；{zh}" if zh else "")),
                messages.get(name) if name else None, case=call.name, inputs=call.shown,
                expected=f"ids {low}–{low + 5}: " + fmt(want[index[:-1]][low:low + 6]),
                got=f"ids {low}–{low + 5}: " + fmt(got[index[:-1]][low:low + 6]), mistake=name)


def judge(outcomes, messages):
    """Go through the steps in order; raise Failure at the first that fails. Returns (steps, the timing line)."""
    steps = list(_calls())
    summary = None
    for index, (call, outcome) in enumerate(zip(steps, outcomes), start=1):
        try:
            summary = _judge_step(index, call, outcome, messages) or summary
        except Failure as failure:
            failure.case_index = failure.case_index or index
            raise
    return len(steps), summary


def _judge_step(index: int, call: Call, outcome: Any, messages) -> tuple[str, str] | None:
    setup = _setup()
    if call.probe == "build":
        if isinstance(outcome, Raised) and "lm_head" in outcome.message:
            failure = call_failure(outcome, "Llama(cfg, weights)", case=call.name, inputs=call.shown)
            failure.why, failure.mistake = messages.get("untied_head"), "untied_head"
            raise failure
        _data(outcome, call, "Llama(cfg, weights)")
        return None
    truth = _truth()
    if call.probe == "forward":
        ids = call.args["ids"]
        data = _data(outcome, call, "Llama.forward()")
        got = _array(data.get("logits"), call)
        want = truth["logits"][index - 2][None]        # steps 2–4 are the prompts, in order
        if got.shape == want.shape and _worst(got, want)[0] > TOLERANCE:
            where = _divergence(data, ids)
        else:
            where = None
        _compare_logits(got, want, call, messages, [(n, (lambda f=f: f()[None])) for n, f in _forward_mistakes(ids, want[0])], where)
    elif call.probe == "cached_step":
        ids = call.args["ids"]
        got = _array(_data(outcome, call, "Llama.forward(…, caches, start)").get("logits"), call)
        want = truth["logits"][CACHED_PROMPT][-1:][None]
        _compare_logits(got, want, call, messages, [(n, (lambda f=f: f()[None])) for n, f in _cache_mistakes(ids)])
    elif call.probe == "greedy":
        data = _data(outcome, call, "Llama.forward()")
        tokens = data.get("tokens")
        if not isinstance(tokens, np.ndarray) or tokens.dtype.kind not in "iu" or tokens.ndim != 1:
            raise _untrusted(call)
        mine, theirs = [int(t) for t in tokens], truth["greedy"]
        if mine != theirs:
            at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
            decode = setup["tokenizer"].decode
            raise _fail((f"the greedy continuation differs from transformers' at new token {at + 1} of {NEW_TOKENS}",
                         f"贪心续写在第 {at + 1} 个新词元（共 {NEW_TOKENS} 个）处与 transformers 不同"),
                        ("the logits of the prompt matched, so look at the steps after it: each new token goes in alone "
                         "with the caches of the step before and start = the number of tokens already in them",
                         "提示的 logits 已经一致，所以问题在之后的步骤：每个新词元单独输入，带上一步的缓存，start 等于缓存里已有的词元数"),
                        case=call.name, inputs=call.shown, expected=repr(decode(theirs)), got=repr(decode(mine)))
    elif call.probe == "timing":
        data = _data(outcome, call, "Llama.forward()")
        seconds = data.get("seconds")
        if not isinstance(seconds, float) or not seconds > 0:
            raise _untrusted(call)
        theirs = _transformers_seconds(truth["model"], call.args["ids"])
        tokens = len(call.args["ids"])
        ratio = seconds / theirs
        return (f"forward pass on {tokens} tokens, one thread: yours {seconds * 1000:.0f} ms, transformers' {theirs * 1000:.0f} ms ({ratio:.1f}×)",
                f"{tokens} 个词元的一次前向计算（单线程）：你的 {seconds * 1000:.0f} 毫秒，transformers 的 {theirs * 1000:.0f} 毫秒（{ratio:.1f} 倍）")
    return None

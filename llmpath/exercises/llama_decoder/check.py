"""Checks for llama-decoder: the learner's whole model on SmolLM2-135M's real weights against transformers.

The child (``probe.py``) loads the prepared weights, builds the learner's ``Llama`` and returns data: the
logits of three fixed prompts (English, Chinese, code), what each of the 30 blocks returned, one step
after a KV cache, a 32-token greedy continuation and the time of one forward pass. Here, in the parent,
transformers' ``LlamaForCausalLM`` (eager attention, float32) computes the truth: logits within 1e-4
(max abs, every position, the whole vocabulary) and the same greedy text. The typical mistakes' logits
(from the plain-torch reference ``llmpath.capstone.llama``, which equals transformers exactly) name the
one the learner made, and the reference's block outputs locate the first block that diverges.

All of that comes from ``truth.py``, run once in a separate trusted process after the child has finished
and kept in the cache (keyed by the prepared model, the prompts and the library versions): this process
never imports torch, and the learner's forward pass is timed while nothing else of the check runs.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from llmpath import models
from llmpath.exercises.checking import Call, Failure, Raised, Returned, call_failure, fmt, judge_steps
from llmpath.exercises.llama_decoder.truth import CACHE_MISTAKES, FORWARD_MISTAKES

PROBE = "probe.py"
PROMPTS = ((("an English prompt", "英文提示"), "The capital of France is"),
           (("a Chinese prompt", "中文提示"), "注意力机制让模型"),
           (("a code prompt", "代码提示"), "def add(a, b):\n    return"))
CACHED_PROMPT = 1             # the Chinese prompt (16 tokens): its last token after a cache of the others
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
    start = len(cached) - 1
    out.append(Call((f"one token after a KV cache (start = {start})", f"KV 缓存之后的一个词元（start = {start}）"), "cached_step", {"ids": cached},
                    f"forward(ids[:, :-1]), then forward(ids[:, -1:], caches, start={len(cached) - 1}) with ids = {cached}"))
    out.append(Call((f"greedy continuation of {NEW_TOKENS} tokens", f"{NEW_TOKENS} 个词元的贪心续写"), "greedy",
                    {"ids": setup["greedy"], "new_tokens": NEW_TOKENS}, f"{_shown(GREEDY_PROMPT)} → {NEW_TOKENS} greedy tokens with your cache"))
    out.append(Call(("the time of a forward pass", "一次前向计算的时间"), "timing", {"ids": prompts[TIMING_PROMPT], "repeats": TIMING_REPEATS},
                    f"forward(ids) {TIMING_REPEATS} times, ids = {prompts[TIMING_PROMPT]}"))
    return tuple(out)


def calls():
    return list(_calls())


# ---------------------------------------------------------------------------- the truth (transformers), cached

TRUTH_VERSION = 1


def _truth_request() -> dict[str, Any]:
    setup = _setup()
    return {"version": TRUTH_VERSION, "folder": str(setup["folder"]), "prompts": setup["prompts"], "greedy": setup["greedy"],
            "new_tokens": NEW_TOKENS, "cached_prompt": CACHED_PROMPT, "timing_prompt": TIMING_PROMPT, "repeats": TIMING_REPEATS}


def _truth_path(request: dict[str, Any]) -> Path:
    """Where transformers' answers for this model, these prompts and these library versions are kept."""
    import hashlib
    from importlib import metadata

    from llmpath.paths import cache_dir

    marker = (Path(request["folder"]) / models.MARKER).read_text(encoding="utf-8")
    versions = [metadata.version(name) for name in ("torch", "transformers")]
    key = hashlib.sha256(json.dumps([request, marker, versions]).encode()).hexdigest()[:16]
    return cache_dir() / "checks" / f"llama-decoder-{key}.npz"


@lru_cache(maxsize=1)
def _truth() -> dict[str, np.ndarray]:
    """transformers' logits, greedy tokens and forward time, the reference's block outputs and the typical mistakes'
    logits: computed once by ``truth.py`` in a separate (trusted) process, so this one never imports torch."""
    import subprocess
    import sys
    import tempfile

    request = _truth_request()
    path = _truth_path(request)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="llmpath-truth-") as tmp:
            asked = Path(tmp) / "request.json"
            asked.write_text(json.dumps(request), encoding="utf-8")
            done = subprocess.run([sys.executable, "-m", "llmpath.exercises.llama_decoder.truth", str(asked), str(path)],
                                  capture_output=True, text=True, timeout=900, env={**os.environ, "OMP_NUM_THREADS": "1"})
        if done.returncode != 0 or not path.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
            from llmpath.exercises.sandbox import ModelsUnavailable

            raise ModelsUnavailable(f"transformers could not run SmolLM2-135M for the check ({last})",
                                    f"transformers 无法为这次检查运行 SmolLM2-135M（{last}）")
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _forward_mistakes(prompt: int, truth: np.ndarray) -> list[tuple[str, Any]]:
    """(name, a function giving that mistake's logits (T, V)) for one prompt, cheapest first."""
    def softmax():
        e = np.exp(truth - truth.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    return [("softmax_output", softmax)] + [(name, lambda name=name: _truth()[f"{name}_{prompt}"]) for name in FORWARD_MISTAKES]


def _cache_mistakes() -> list[tuple[str, Any]]:
    return [(name, lambda name=name: _truth()[f"{name}_cached"]) for name in CACHE_MISTAKES]


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


def _divergence(data: dict[str, Any], prompt: int) -> tuple[str, str]:
    """Where the learner's model first leaves the reference: the embedding, a block, or after the last block."""
    embedding, blocks = _truth()[f"embedding_{prompt}"], list(_truth()[f"blocks_{prompt}"])
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
    return judge_steps(list(_calls()), outcomes, lambda index, call, outcome: _judge_step(index, call, outcome, messages))


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
        prompt = index - 2                               # steps 2–4 are the prompts, in order
        want = truth[f"logits_{prompt}"][None]
        if got.shape == want.shape and _worst(got, want)[0] > TOLERANCE:
            where = _divergence(data, prompt)
        else:
            where = None
        _compare_logits(got, want, call, messages, [(n, (lambda f=f: f()[None])) for n, f in _forward_mistakes(prompt, want[0])], where)
    elif call.probe == "cached_step":
        got = _array(_data(outcome, call, "Llama.forward(…, caches, start)").get("logits"), call)
        want = truth[f"logits_{CACHED_PROMPT}"][-1:][None]
        _compare_logits(got, want, call, messages, [(n, (lambda f=f: f()[None])) for n, f in _cache_mistakes()])
    elif call.probe == "greedy":
        data = _data(outcome, call, "Llama.forward()")
        tokens = data.get("tokens")
        if not isinstance(tokens, np.ndarray) or tokens.dtype.kind not in "iu" or tokens.ndim != 1:
            raise _untrusted(call)
        mine, theirs = [int(t) for t in tokens], [int(t) for t in truth["greedy"]]
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
        theirs = float(truth["transformers_seconds"])
        tokens = len(call.args["ids"])
        ratio = seconds / theirs
        return (f"forward pass on {tokens} tokens, one thread: yours {seconds * 1000:.0f} ms, transformers' {theirs * 1000:.0f} ms ({ratio:.1f}×)",
                f"{tokens} 个词元的一次前向计算（单线程）：你的 {seconds * 1000:.0f} 毫秒，transformers 的 {theirs * 1000:.0f} 毫秒（{ratio:.1f} 倍）")
    return None

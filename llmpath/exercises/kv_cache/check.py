"""Checks for kv-cache: sample_next on fixed logits (greedy, temperature + top-k, temperature + top-p, with a
seeded generator), then generate on the learner's own decoder with small random weights — cached and
uncached tokens equal to a plain loop's, greedy and sampled — and the speed-up the cache buys, printed.

The learner's code runs in the child through ``probe.py``, which also runs its own plain loop (no cache)
and the typical wrong loops on the same model; here every sampled token is checked against the
reference top-k / top-p filters and the token lists are compared.
"""

import numpy as np

from llmpath.exercises.checking import Call, Failure, fmt, judge_steps, probe_data
from llmpath.exercises.top_k_top_p.solution import top_k_filter, top_p_filter

PROBE = "probe.py"
SMALL = {"vocab": 128, "dim": 64, "heads": 4, "kv_heads": 2, "layers": 2, "intermediate": 128, "rope_theta": 100000.0, "eps": 1e-5}
TIMED = {"vocab": 256, "dim": 192, "heads": 6, "kv_heads": 2, "layers": 4, "intermediate": 512, "rope_theta": 100000.0, "eps": 1e-5}
SPEED_TOKENS = 96          # the check's timing run; benchmarks/capstone.py measures 256 tokens on SmolLM2-135M
MISTAKE_NAMES = ("start_not_offset", "start_off_by_one", "stale_cache", "temperature_last", "greedy_when_sampling")

_ROW = np.array([1.0, 3.0, 0.0, 2.0, -1.0, 2.5, 0.5, 1.5])
_PROMPT = [5, 17, 42, 8, 99, 3, 64, 21]


def calls():
    shown = "logits = " + fmt(_ROW)
    return [
        Call(("sample_next: temperature 0 is greedy", "sample_next：温度为 0 时贪心选取"), "sample",
             {"logits": _ROW, "temperature": 0.0, "top_k": None, "top_p": None, "seed": 0, "draws": 3}, shown),
        Call(("sample_next: temperature 0.7, top_k 3, 300 draws (seed 0)", "sample_next：温度 0.7，top_k 3，抽样 300 次（种子 0）"), "sample",
             {"logits": _ROW, "temperature": 0.7, "top_k": 3, "top_p": None, "seed": 0, "draws": 300}, shown),
        Call(("sample_next: temperature 2.0, top_p 0.6, 300 draws (seed 1)", "sample_next：温度 2.0，top_p 0.6，抽样 300 次（种子 1）"), "sample",
             {"logits": _ROW, "temperature": 2.0, "top_k": None, "top_p": 0.6, "seed": 1, "draws": 300}, shown),
        Call(("build your Llama on small random weights", "用小型随机权重构造你的 Llama"), "build",
             {"cfg": SMALL, "seed": 0, "slot": "small"}, "Llama(cfg, weights): " + ", ".join(f"{k}={v}" for k, v in SMALL.items())),
        Call(("generate: 16 greedy tokens with the cache", "generate：用缓存贪心生成 16 个词元"), "generate",
             {"prompt": _PROMPT, "new_tokens": 16, "use_cache": True, "temperature": 0.0, "top_k": None, "top_p": None, "seed": 0,
              "slot": "small"}, f"prompt = {_PROMPT}, new_tokens = 16"),
        Call(("generate: 16 greedy tokens without the cache", "generate：不用缓存贪心生成 16 个词元"), "generate",
             {"prompt": _PROMPT, "new_tokens": 16, "use_cache": False, "temperature": 0.0, "top_k": None, "top_p": None, "seed": 0,
              "slot": "small"}, f"prompt = {_PROMPT}, new_tokens = 16, use_cache = False"),
        Call(("generate: 16 sampled tokens with the cache (temperature 0.9, top_k 40, top_p 0.9, seed 3)",
              "generate：用缓存采样 16 个词元（温度 0.9，top_k 40，top_p 0.9，种子 3）"), "generate",
             {"prompt": _PROMPT, "new_tokens": 16, "use_cache": True, "temperature": 0.9, "top_k": 40, "top_p": 0.9, "seed": 3,
              "slot": "small"}, f"prompt = {_PROMPT}, new_tokens = 16"),
        Call(("build a larger random Llama for timing", "构造一个较大的随机 Llama 用于计时"), "build",
             {"cfg": TIMED, "seed": 1, "slot": "timed"}, ", ".join(f"{k}={v}" for k, v in TIMED.items())),
        Call((f"the speed-up of the cache: {SPEED_TOKENS} greedy tokens", f"缓存带来的加速：贪心生成 {SPEED_TOKENS} 个词元"), "speed",
             {"prompt": _PROMPT, "new_tokens": SPEED_TOKENS, "slot": "timed", "runs": 2}, f"prompt = {_PROMPT}"),
    ]


def _fail(call, message, why=None, **where):
    return Failure("mismatch", message, why=why, case=call.name, inputs=call.shown, **where)


def judge(outcomes, messages):
    return judge_steps(calls(), outcomes, lambda index, call, outcome: _judge_step(call, outcome, messages))


def _tokens_or_fail(call, value, what):
    if not isinstance(value, list):
        raise _fail(call, (f"{what} must return a list of token ids (ints)", f"{what} 必须返回词元 id（整数）的列表"))
    return value


def _judge_step(call, outcome, messages):
    if call.probe == "build":
        probe_data(outcome, call, "Llama(cfg, weights)")
    elif call.probe == "sample":
        data = probe_data(outcome, call, "sample_next()")
        got = data.get("got")
        if got is None:
            raise _fail(call, ("sample_next() must return one token id, an int (int(torch.argmax(…)), int(torch.multinomial(…)))",
                               "sample_next() 必须返回一个词元 id（整数）（int(torch.argmax(…))、int(torch.multinomial(…))）"),
                        got=", ".join(data.get("types", []))[:100])
        _judge_sampled(call, got, data.get("variants") or {}, messages)
    elif call.probe == "generate":
        data = probe_data(outcome, call, "generate()")
        got = _tokens_or_fail(call, data.get("got"), "generate()")
        _judge_generated(call, got, data.get("variants") or {}, messages)
    elif call.probe == "speed":
        return _judge_speed(call, probe_data(outcome, call, "generate()"))
    return None


def _kept(call):
    """The tokens the filters keep, by the reference top-k / top-p (what a right sampler may return)."""
    a = call.args
    if a["temperature"] == 0:
        return {int(np.argmax(_ROW))}
    x = _ROW / a["temperature"]
    if a["top_k"] is not None:
        x = top_k_filter(x, a["top_k"])
    if a["top_p"] is not None:
        x = top_p_filter(x, a["top_p"])
    return set(np.flatnonzero(np.isfinite(x)).tolist())


def _named(got, variants, names, messages):
    name = next((n for n in names if variants.get(n) is not None and variants.get(n) != variants.get("plain") and variants[n] == got), None)
    return name, (messages.get(name) if name else None)


def _judge_sampled(call, got, variants, messages):
    want = variants.get("plain")
    if not isinstance(want, list) or len(got) != len(want):
        raise Failure("untrusted", ("the check could not read the sampled tokens", "无法读取采样得到的词元"), case=call.name)
    if got == want:
        return
    kept = _kept(call)
    outside = next(((i, t) for i, t in enumerate(got) if t not in kept), None)
    name, why = _named(got, variants, ("temperature_last", "greedy_when_sampling"), messages)
    if outside is not None and name is None:
        i, token = outside
        raise _fail(call, (f"draw {i + 1} returned token {token}, which the filters remove (kept: {sorted(kept)})",
                           f"第 {i + 1} 次抽样返回了词元 {token}，但过滤器已去掉它（保留的：{sorted(kept)}）"),
                    ("apply top_k_filter and top_p_filter before the softmax, and sample from those probabilities",
                     "先用 top_k_filter 和 top_p_filter 过滤，再做 softmax，并从这些概率中采样"),
                    expected=f"tokens in {sorted(kept)}", got=str(got[:20]))
    first = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b)
    raise _fail(call, (f"different tokens from the same seeded generator, first at draw {first + 1}: expected {want[first]}, got {got[first]}",
                       f"同一个带种子的生成器给出了不同的词元，第一次出现在第 {first + 1} 次抽样：期望 {want[first]}，得到 {got[first]}"),
                why or ("divide by the temperature, filter (top-k, then top-p), softmax, then one "
                        "torch.multinomial(probs, 1, generator=generator) per token — no other random draw",
                        "先除以温度，再过滤（先 top-k 后 top-p），做 softmax，然后每个词元调用一次 "
                        "torch.multinomial(probs, 1, generator=generator)——不要有其他随机抽样"),
                expected=str(want[:20]), got=str(got[:20]), mistake=name)


def _judge_generated(call, got, variants, messages):
    want = variants.get("plain")
    if not isinstance(want, list):
        raise Failure("untrusted", ("the check could not read the generated tokens", "无法读取生成的词元"), case=call.name)
    n = call.args["new_tokens"]
    if len(got) != n:
        why = (("return only the new tokens, not the prompt with them", "只返回新生成的词元，不要连同提示词一起返回")
               if len(got) == n + len(call.args["prompt"]) else None)
        raise _fail(call, (f"expected {n} new tokens, got {len(got)}", f"应生成 {n} 个新词元，实际得到 {len(got)} 个"), why,
                    expected=str(want), got=str(got[:40]))
    if got == want:
        return
    first = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b)
    name, why = _named(got, variants, MISTAKE_NAMES, messages)
    cached = call.args["use_cache"]
    default = (("after the prompt, feed only the newest token with the caches forward returned last time, and "
                "start = the number of tokens already in them", "提示词之后，每步只输入最新的词元，带上 forward 上一次返回的缓存，"
                "并令 start 等于缓存中已有的词元数") if cached else
               ("without the cache, run the whole sequence (prompt + tokens so far) each step and take the last position's logits",
                "不用缓存时，每步把整个序列（提示词加已生成的词元）都送进模型，取最后一个位置的 logits"))
    raise _fail(call, (f"the tokens differ from generation without a cache from token {first + 1} on",
                       f"从第 {first + 1} 个词元起，与不用缓存的生成结果不同"), why or default,
                expected=str(want), got=str(got), mistake=name)


def _judge_speed(call, data):
    cached, plain = data.get("cached"), data.get("plain")
    cached_s, plain_s = data.get("cached_s"), data.get("plain_s")
    if not (isinstance(cached, list) and isinstance(plain, list) and isinstance(cached_s, float) and isinstance(plain_s, float)):
        raise Failure("untrusted", ("the check could not read the timing", "无法读取计时结果"), case=call.name)
    if cached != plain:
        raise _fail(call, ("with and without the cache the greedy tokens differ", "用与不用缓存时贪心生成的词元不同"),
                    expected=str(plain), got=str(cached))
    # Judged by counting, not by the clock (a busy machine makes timings lie): with the cache the prompt goes
    # through the model once and each later step feeds one token, len(prompt) + new_tokens - 1 positions in all.
    n = call.args["new_tokens"]
    fed, wanted = data.get("cached_positions"), len(call.args["prompt"]) + n - 1
    if not isinstance(fed, int):
        raise Failure("untrusted", ("the check could not read how many positions ran", "无法读取模型处理的位置数"), case=call.name)
    if fed != wanted:
        raise _fail(call, (f"with use_cache the model ran {fed} token positions for {n} new tokens; the prompt once and one token per later step make {wanted}",
                           f"使用缓存时，生成 {n} 个新词元让模型处理了 {fed} 个位置；提示词一次加上之后每步一个词元，应为 {wanted} 个"),
                    ("with use_cache, each step after the prompt must run only the newest token through the model",
                     "使用缓存时，提示词之后的每一步只能把最新的一个词元送进模型"))
    speedup = plain_s / max(cached_s, 1e-9)
    return (f"KV cache: {n} greedy tokens in {cached_s:.2f} s, {plain_s:.2f} s without ({speedup:.1f}× faster), identical tokens",
            f"KV 缓存：贪心生成 {n} 个词元用 {cached_s:.2f} 秒，不用缓存 {plain_s:.2f} 秒（快 {speedup:.1f} 倍），词元完全相同")

"""Your own model: the capstone chain's code (yours where passed) runs SmolLM2-135M and writes text.

Teaches: the model you built step by step (RMSNorm, RoPE, grouped-query attention, SwiGLU, the
block, the decoder) is a real LLM once it holds real weights; which parts are yours and which are
still the reference; that your logits and greedy text agree with transformers'.

The learner's code never runs in this process: the files are copied into a fresh folder and run
there confined exactly like a check (``llmpath.exercises.isolation.run_confined``: no network, writes
only in its folder, reads only the Python runtime and the prepared weights, hard limits).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("prompt", str, "Large language models are", "the text your model continues", "你的模型要续写的文本"),
    Option("max_new_tokens", int, 32, "tokens to generate (greedy, with your KV cache)", "要生成的词元数（贪心解码，使用你的 KV 缓存）",
           low=1, high=256),
    Option("compare", str, "yes", "also run transformers' LlamaForCausalLM on the same prompt", "同时在相同提示上运行 transformers 的 LlamaForCausalLM",
           choices=("yes", "no")),
]

CHILD = Path(__file__).resolve().parents[1] / "capstone" / "generate_child.py"
TIMEOUT_S = 300
MEMORY_MB = 12288
STEP_NAMES = {"rmsnorm": ("RMSNorm", "RMSNorm"), "rope": ("rotary positions (RoPE)", "旋转位置编码（RoPE）"),
              "gqa-attention": ("grouped-query attention", "分组查询注意力"), "swiglu": ("SwiGLU MLP", "SwiGLU MLP"),
              "decoder-block": ("the decoder block", "解码器块"), "llama-decoder": ("the whole decoder", "完整解码器")}


def _progress() -> Any:
    from llmpath.paths import progress_file
    from llmpath.progress import ProgressStore

    return ProgressStore(progress_file()).load()


def _weights(ctx: DemoContext) -> tuple[Path, dict[str, Any], Any, int]:
    """The prepared SmolLM2 folder, the config your model gets, the tokenizer and the vocabulary size."""
    from llmpath import models

    try:
        folder = models.exercise_model_folder("smollm2")
    except models.ModelUnavailable as exc:
        raise DemoError(f"your model needs SmolLM2-135M's weights: {exc}", f"你的模型需要 SmolLM2-135M 的权重：{exc.text('zh')}") from exc
    from tokenizers import Tokenizer

    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    rope = config.get("rope_parameters") or {}
    cfg = {"layers": int(config["num_hidden_layers"]), "heads": int(config["num_attention_heads"]),
           "kv_heads": int(config["num_key_value_heads"]),
           "rope_theta": float(rope.get("rope_theta") or config.get("rope_theta") or 10000.0), "eps": float(config["rms_norm_eps"])}
    return folder, cfg, Tokenizer.from_file(str(folder / "tokenizer.json")), int(config["vocab_size"])


def _show_parts(ctx: DemoContext, parts: list[Any]) -> None:
    rows = []
    for part in parts:
        en, zh = STEP_NAMES.get(part.exercise, (part.exercise, part.exercise))
        whose = ctx.t("yours ✓", "你的 ✓") if part.theirs else ctx.t("the reference (not passed yet)", "参考答案（尚未通过）")
        rows.append((part.exercise, ctx.t(en, zh), part.file_name, whose))
    ctx.table(L10n("The parts of your model", "你的模型的组成部分"), [L10n("exercise", "练习"), L10n("what", "内容"), L10n("file", "文件"), L10n("whose", "来源")], rows)
    mine = [p.exercise for p in parts if p.theirs]
    stand_in = [p.exercise for p in parts if not p.theirs]
    if not stand_in:
        ctx.say("Every part is your own code.", "每个部分都是你自己的代码。")
    elif not mine:
        ctx.say("No step is passed yet, so the reference solutions stand in for all of them: pass them one by one "
                "(`llmpath exercise start rmsnorm`) and this model becomes yours.",
                "还没有通过任何一步，所以全部由参考答案代替：逐个通过它们（`llmpath exercise start rmsnorm`），这个模型就会变成你的。")
    else:
        ctx.say(f"Yours: {', '.join(mine)}. The reference stands in for: {', '.join(stand_in)}.",
                f"你的：{'、'.join(mine)}。由参考答案代替的：{'、'.join(stand_in)}。")
    ctx.figures.update(yours=mine, reference_parts=stand_in)


class _Live:
    """Show the tokens the child appends to tokens.txt while it runs (whole characters only)."""

    def __init__(self, ctx: DemoContext, tokenizer: Any, path: Path, vocab: int) -> None:
        self.ctx, self.tokenizer, self.path, self.vocab = ctx, tokenizer, path, vocab
        self.shown = ""

    def poll(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").split("\n")[:-1]   # whole lines only
        except OSError:
            return
        ids = [int(x) for x in lines if x.isdigit() and int(x) < self.vocab]
        text = self.tokenizer.decode(ids).rstrip("\ufffd")      # a character split across tokens waits for its rest
        if text.startswith(self.shown) and len(text) > len(self.shown):
            self.ctx.stream(text[len(self.shown):])
            self.shown = text


def _run_confined(ctx: DemoContext, folder: Path, live: _Live) -> Any:
    from llmpath.exercises.isolation import Limits, run_confined
    from llmpath.exercises.sandbox import PROCESSES, Tripwire, child_env, guarded_trees, readable_paths

    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    limits = Limits(wall_s=TIMEOUT_S, cpu_s=TIMEOUT_S + 2, memory_mb=MEMORY_MB, memory_kind="as", file_mb=8,
                    processes=PROCESSES, output_kb=64)
    tripwire = Tripwire(trees=guarded_trees())
    done: list[Any] = []
    worker = threading.Thread(target=lambda: done.append(run_confined(
        [sys.executable, "-I", "-S", "-B", "-X", "utf8", "_generate.py"], workdir=folder, env=child_env(folder),
        limits=limits, readable=readable_paths([Path(job["folder"])]))), daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
        live.poll()
    live.poll()
    if tripwire.restore():
        raise DemoError(ctx.t("your code changed llmpath's own files; they were put back (run it through `llmpath exercise check` to see why)",
                              "你的代码修改了 llmpath 自己的文件；这些文件已还原（用 `llmpath exercise check` 运行它看看原因）"))
    return done[0] if done else None


def _result(ctx: DemoContext, folder: Path, finished: Any, vocab: int, new_tokens: int) -> dict[str, Any]:
    """result.json, read as untrusted data; a failure of the learner's code becomes one line."""
    try:
        data = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        timed_out = finished is not None and finished.timed_out
        why = ctx.t("it ran out of time", "超时了") if timed_out else ctx.t("it stopped without a result", "没有结果就停止了")
        raise DemoError(ctx.t(f"your model did not finish ({why}); run `llmpath exercise check llama-decoder` to see why",
                              f"你的模型没有运行完（{why}）；运行 `llmpath exercise check llama-decoder` 查看原因")) from None
    if not isinstance(data, dict):
        raise DemoError(ctx.t("your model's process returned something unreadable", "无法读取你的模型所在进程返回的结果"))
    if "error" in data:
        where = str(data.get("where") or "")[:80]
        error, at = str(data["error"])[:200], (f" ({where})" if where else "")
        raise DemoError(ctx.t(f"your model raised {error}{at}; run `llmpath exercise check llama-decoder` to find the step",
                              f"你的模型抛出了 {error}{at}；运行 `llmpath exercise check llama-decoder` 找出是哪一步"))
    tokens, last, seconds = data.get("tokens"), data.get("last_logits"), data.get("seconds")
    if (not isinstance(tokens, list) or len(tokens) != new_tokens or not all(type(t) is int and 0 <= t < vocab for t in tokens)
            or not isinstance(last, list) or len(last) != vocab or not all(isinstance(v, (int, float)) for v in last)
            or not isinstance(seconds, (int, float)) or not seconds > 0):
        raise DemoError(ctx.t("your model's process returned something unreadable (are its logits (B, T, V)?)",
                              "无法读取你的模型所在进程返回的结果（它的 logits 形状是 (B, T, V) 吗？）"))
    return {"tokens": tokens, "last_logits": last, "seconds": float(seconds)}


def _transformers(folder: Path, ids: list[int], new_tokens: int) -> tuple[Any, list[int]]:
    """transformers' LlamaForCausalLM (eager, float32, one thread): the last logits of the prompt and its greedy tokens."""
    import torch

    from llmpath import models
    from llmpath.demos.base import single_thread

    models._quiet_transformers()
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32, attn_implementation="eager").eval()
    prompt = torch.tensor([ids])
    with single_thread(), torch.no_grad():
        last = model(prompt).logits[0, -1].numpy()
        tokens = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=new_tokens, do_sample=False,
                                pad_token_id=model.config.eos_token_id)[0, len(ids):].tolist()
    return last, tokens


def run(ctx: DemoContext, *, prompt: str, max_new_tokens: int, compare: str) -> None:
    from llmpath.capstone.assembly import copy_parts, model_parts

    if not prompt.strip():
        raise DemoError(ctx.t("--prompt must not be empty", "--prompt 不能为空"))
    ctx.heading("1. Your model", "1. 你的模型")
    parts = model_parts(_progress())
    _show_parts(ctx, parts)
    folder, cfg, tokenizer, vocab = _weights(ctx)
    ids = tokenizer.encode(prompt).ids
    if not ids:
        raise DemoError(ctx.t("--prompt gives no tokens", "--prompt 没有产生任何词元"))

    ctx.heading("2. It writes", "2. 它来写")
    ctx.say(f"SmolLM2-135M's real weights ({cfg['layers']} blocks) in your code, run confined like a check; "
            f"{len(ids)} prompt tokens, {max_new_tokens} greedy tokens with your KV cache:",
            f"SmolLM2-135M 的真实权重（{cfg['layers']} 块）装进你的代码，像检查一样在受限进程中运行；"
            f"提示 {len(ids)} 个词元，用你的 KV 缓存贪心生成 {max_new_tokens} 个词元：")
    work = Path(tempfile.mkdtemp(prefix="llmpath-my-model-"))
    try:
        copy_parts(parts, work)
        shutil.copyfile(CHILD, work / "_generate.py")
        from llmpath.exercises.sandbox import library_paths

        (work / "job.json").write_text(json.dumps({"paths": library_paths(), "folder": str(folder), "cfg": cfg, "ids": ids,
                                                   "new_tokens": max_new_tokens}), encoding="utf-8")
        ctx.stream(prompt)
        started = time.perf_counter()
        finished = _run_confined(ctx, work, _Live(ctx, tokenizer, work / "tokens.txt", vocab))
        wall = time.perf_counter() - started
        result = _result(ctx, work, finished, vocab, max_new_tokens)
    finally:
        ctx.stream("", end=True)
        shutil.rmtree(work, ignore_errors=True)
    text = tokenizer.decode(result["tokens"])
    rate = max_new_tokens / result["seconds"]
    ctx.say(f"{max_new_tokens} tokens in {result['seconds']:.1f} s ({rate:.1f} tokens/s on one thread; {wall:.1f} s with start-up and loading).",
            f"{max_new_tokens} 个词元用时 {result['seconds']:.1f} 秒（单线程每秒 {rate:.1f} 个；含启动和加载共 {wall:.1f} 秒）。")
    ctx.figures.update(prompt=prompt, prompt_tokens=len(ids), tokens=result["tokens"], text=text,
                       seconds=round(result["seconds"], 3), tokens_per_s=round(rate, 2))

    if compare == "yes":
        ctx.heading("3. The same as transformers?", "3. 和 transformers 一样吗？")
        last, theirs = _transformers(folder, ids, max_new_tokens)
        ctx.agree(L10n("logits at the prompt's last position", "提示最后一个位置的 logits"), result["last_logits"], last,
                  reference_name="transformers LlamaForCausalLM (eager, float32) / transformers 的 LlamaForCausalLM（eager，float32）",
                  tolerance=1e-4, key="max_diff_logits")
        same = theirs == result["tokens"]
        ctx.figures["same_text_as_transformers"] = same
        if same:
            ctx.say("The greedy text is identical, token for token.", "贪心生成的文本逐个词元完全相同。")
        else:
            at = next((i for i, (a, b) in enumerate(zip(result["tokens"], theirs)) if a != b), 0)
            ctx.say(f"The texts part at new token {at + 1}; transformers wrote: {tokenizer.decode(theirs)!r}. "
                    "`llmpath exercise check llama-decoder` shows the first block that diverges.",
                    f"两段文本从第 {at + 1} 个新词元开始不同；transformers 写的是：{tokenizer.decode(theirs)!r}。"
                    "`llmpath exercise check llama-decoder` 会指出最先出现偏差的块。")

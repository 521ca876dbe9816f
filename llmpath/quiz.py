"""Asking and grading questions: pure functions, no terminal I/O.

``present`` turns a content :class:`Question` into a :class:`Presented` one (choices
shuffled, generated numbers drawn) using a seeded ``random.Random``, so the same seed
asks the same quiz. ``parse_reply`` reads what a learner typed, or raises
:class:`InvalidReply` explaining what is expected (no attempt is counted).
``grade`` compares and picks the feedback that names the mistake, if any.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from llmpath.content.models import Choice, L10n, Question


@dataclass(frozen=True)
class AnswerReply:
    """A graded answer (the CLI grades with :func:`grade`), or a skip (``correct`` False, ``skipped`` True)."""

    given: str
    correct: bool
    seconds: float = 0.0
    used_hint: bool = False
    skipped: bool = False


LETTERS = "abcdefghijklmnopqrstuvwxyz"
TRUE_WORDS = {"t", "true", "y", "yes", "对", "是", "正确", "真", "1"}
FALSE_WORDS = {"f", "false", "n", "no", "错", "否", "错误", "假", "0"}


@dataclass(frozen=True)
class Presented:
    """A question as asked: what to show, and how to grade the reply."""

    question: Question
    kind: str  # single | multi | true_false | numeric | text | shape
    prompt: L10n
    explanation: L10n
    choices: tuple[Choice, ...] = ()  # in display order: letter i ↔ choices[i]
    answer: Any = None  # single: index; multi: frozenset of indexes; others: value
    tolerance: float = 0.0
    hints: tuple[L10n, ...] = ()  # the ladder, easiest first
    mistakes: tuple[tuple[float, L10n], ...] = ()

    @property
    def id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class Grade:
    correct: bool
    expected: str  # the right answer, as a learner would write it
    feedback: L10n | None = None  # targeted: why the chosen option / value is wrong


class InvalidReply(ValueError):
    """The reply cannot be read as an answer; ``message`` says what is expected."""

    def __init__(self, message: L10n) -> None:
        super().__init__(message.en)
        self.message = message


def question_rng(seed: int | str, question_id: str) -> random.Random:
    """An RNG per (quiz seed, question): reproducible and independent of question order."""
    return random.Random(f"{seed}:{question_id}")


def present(question: Question, rng: random.Random) -> Presented:
    if question.type == "generated":
        from llmpath.generators import generate

        made = generate(question.generator or "", rng, question.params)
        answer = tuple(made.answer) if made.kind == "shape" else (tuple(made.accept) if made.kind == "text" else made.answer)
        return Presented(question, made.kind, made.prompt, made.explanation, answer=answer,
                         tolerance=made.tolerance, hints=made.ladder() or question.hints,
                         mistakes=tuple(m for m in made.mistakes if not _within(m[0], answer, made.tolerance)))
    mistakes = tuple((m.value, m.feedback) for m in question.mistakes)
    if question.type in ("single", "multi"):
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        keys = [question.choices[i].key for i in order]
        shown = _option_letters(keys)
        choices = tuple(Choice(c.key, c.text, _shown_options(c.feedback, shown) if c.feedback else None)
                        for c in (question.choices[i] for i in order))
        if question.type == "single":
            answer: Any = keys.index(question.answer)
        else:
            answer = frozenset(keys.index(k) for k in question.answer)
        return Presented(question, question.type, question.prompt, _shown_options(question.explanation, shown), choices, answer,
                         hints=tuple(_shown_options(h, shown) for h in question.hints))
    return Presented(question, question.type, question.prompt, question.explanation, answer=question.answer,
                     tolerance=question.tolerance, hints=question.hints,
                     mistakes=tuple(m for m in mistakes if not _within(m[0], question.answer, question.tolerance)))


def _within(value: Any, answer: Any, tolerance: float) -> bool:
    """A listed mistake that would itself grade correct: the one place such mistakes are dropped."""
    try:
        return close_enough(float(value), float(answer), tolerance)
    except (TypeError, ValueError):
        return False


_OPTION_REF = re.compile(r"\{opt:([A-Za-z0-9_-]+)\}")


def _option_letters(keys_in_display_order: list[str]) -> dict[str, str]:
    return {key: LETTERS[i] for i, key in enumerate(keys_in_display_order)}


def _shown_options(text: L10n, letters: dict[str, str]) -> L10n:
    """``{opt:b}`` → "(c)" when option b is shown third: explanations agree with the letters on screen."""
    def one(value: str, lang: str) -> str:
        left, right = ("（", "）") if lang == "zh" else ("(", ")")
        return _OPTION_REF.sub(lambda m: f"{left}{letters.get(m.group(1), m.group(1))}{right}", value)

    return L10n(one(text.en, "en"), one(text.zh, "zh"))


# ----------------------------------------------------------------------- parsing

def normalize_text(text: str) -> str:
    """Case, width and spacing insensitive form used to compare short text answers."""
    previous = None
    while text != previous:  # casefold and removals can un-normalise; repeat to a fixed point
        previous = text
        text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        text = re.sub(r"[\s\"'`“”‘’()\[\]{}<>《》「」]+", "", text).rstrip(".。!!")
    return text


def parse_number(text: str) -> float:
    """'0.5', '1/2', '5e-1', '-3', '50%', '½'-free full-width digits → float."""
    raw = unicodedata.normalize("NFKC", text).strip().replace("−", "-").replace(" ", "")
    if not raw:
        raise ValueError("empty")
    scale = 1.0
    if raw.endswith("%"):
        raw, scale = raw[:-1], 0.01
    if re.fullmatch(r"[-+]?\d+,\d{3}(,\d{3})*(\.\d+)?", raw):
        raw = raw.replace(",", "")  # 1,000 → 1000 (thousands separators)
    if "/" in raw:
        num, _, den = raw.partition("/")
        from fractions import Fraction  # only for a reply written as a fraction (decimal comes with it: ~1.5 ms)

        value = float(Fraction(num) / Fraction(den))
    else:
        value = float(raw)
    if not math.isfinite(value):
        raise ValueError("not finite")
    return value * scale


def parse_reply(item: Presented, text: str) -> Any:
    reply = unicodedata.normalize("NFKC", text).strip()
    n = len(item.choices)
    if item.kind == "single":
        index = _choice_index(reply, n)
        if index is None:
            raise InvalidReply(L10n(f"type one letter a–{LETTERS[n - 1]} (or a number 1–{n})", f"请输入一个字母 a–{LETTERS[n - 1]}（或数字 1–{n}）"))
        return index
    if item.kind == "multi":
        parts = [p for p in re.split(r"[\s,;、]+", reply.lower()) if p]
        if len(parts) == 1 and re.fullmatch(r"[a-z]{2,}", parts[0]):
            parts = list(parts[0])  # "ac" → a, c
        indexes = [_choice_index(p, n) for p in parts]
        if not parts or any(i is None for i in indexes):
            raise InvalidReply(L10n(f"type the letters of every correct option, e.g. a,c (options a–{LETTERS[n - 1]})",
                                    f"请输入所有正确选项的字母，例如 a,c（选项 a–{LETTERS[n - 1]}）"))
        return frozenset(i for i in indexes if i is not None)
    if item.kind == "true_false":
        word = reply.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise InvalidReply(L10n("type t (true) or f (false); y/n and 对/错 work too", "请输入 t（对）或 f（错）；也可以输入 y/n 或对/错"))
    if item.kind == "numeric":
        try:
            return parse_number(reply)
        except (ValueError, ZeroDivisionError, ArithmeticError):
            raise InvalidReply(L10n("type a number, e.g. 0.5, 1/2 or 5e-1", "请输入一个数，例如 0.5、1/2 或 5e-1")) from None
    if item.kind == "shape":
        dims = re.findall(r"-?\d+", reply)
        if not dims or re.search(r"[^\d\s,x×*()\[\]-]", reply.lower()):
            raise InvalidReply(L10n("type the shape as numbers, e.g. 2, 5, 64", "请用数字写出形状，例如 2, 5, 64"))
        return tuple(int(d) for d in dims)
    if not normalize_text(reply):
        raise InvalidReply(L10n("type a short answer", "请输入一个简短的答案"))
    return reply


def _choice_index(token: str, n: int) -> int | None:
    token = token.strip().lower().strip("().")
    if len(token) == 1 and token in LETTERS[:n]:
        return LETTERS.index(token)
    if token.isdigit() and 1 <= int(token) <= n:
        return int(token) - 1
    return None


# ----------------------------------------------------------------------- grading

def close_enough(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))


def grade(item: Presented, reply: Any) -> Grade:
    expected = expected_text(item)
    if item.kind == "single":
        feedback = item.choices[reply].feedback if reply != item.answer else None
        return Grade(reply == item.answer, expected, feedback)
    if item.kind == "multi":
        wrong_picks = [item.choices[i].feedback for i in sorted(reply - item.answer) if item.choices[i].feedback]
        return Grade(reply == item.answer, expected, wrong_picks[0] if wrong_picks else None)
    if item.kind == "true_false":
        return Grade(reply == item.answer, expected)
    if item.kind == "numeric":
        correct = close_enough(reply, float(item.answer), item.tolerance)
        feedback = None
        if not correct:
            for value, why in item.mistakes:
                if close_enough(reply, value, item.tolerance):
                    feedback = why
                    break
        return Grade(correct, expected, feedback)
    if item.kind == "shape":
        return Grade(tuple(reply) == tuple(item.answer), expected)
    accepted = {normalize_text(a) for a in item.answer}
    return Grade(normalize_text(reply) in accepted, expected)


def expected_text(item: Presented) -> str:
    if item.kind == "single":
        return f"{LETTERS[item.answer]}"
    if item.kind == "multi":
        return ",".join(LETTERS[i] for i in sorted(item.answer))
    if item.kind == "true_false":
        return "true" if item.answer else "false"
    if item.kind == "numeric":
        value = float(item.answer)
        shown = str(int(value)) if value.is_integer() else f"{value:.6g}"
        return shown + (f" (± {item.tolerance:g})" if item.tolerance else "")
    if item.kind == "shape":
        return "[" + ", ".join(str(d) for d in item.answer) + "]"
    return str(item.answer[0])


def reply_text(item: Presented, reply: Any) -> str:
    """How a parsed reply is stored in the progress file."""
    if item.kind == "single":
        return LETTERS[reply]
    if item.kind == "multi":
        return ",".join(LETTERS[i] for i in sorted(reply))
    if item.kind == "true_false":
        return "true" if reply else "false"
    if item.kind == "shape":
        return ",".join(str(d) for d in reply)
    return str(reply)

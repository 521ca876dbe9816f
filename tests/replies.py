"""What a learner types to answer a question right (or wrong): shared by the session tests."""

from __future__ import annotations

from llmpath.quiz import LETTERS, present, question_rng


def reply_for(question, seed, *, correct: bool = True) -> str:
    item = present(question, question_rng(seed, question.id))
    if item.kind == "single":
        index = item.answer if correct else (item.answer + 1) % len(item.choices)
        return LETTERS[index]
    if item.kind == "multi":
        chosen = sorted(item.answer) if correct else [i for i in range(len(item.choices)) if i not in item.answer][:1] or [0]
        return ",".join(LETTERS[i] for i in chosen)
    if item.kind == "true_false":
        return "t" if item.answer == correct else "f"
    if item.kind == "numeric":
        return repr(float(item.answer)) if correct else repr(float(item.answer) + 1000.5)
    if item.kind == "shape":
        return ", ".join(str(d) for d in item.answer) if correct else "1, 1"
    return item.answer[0] if correct else "zzzz"

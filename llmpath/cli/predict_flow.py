"""Asking a demo's prediction question, running the demo, then grading and recording it."""

from __future__ import annotations

import random
import time
from typing import Any

from llmpath.cli.quiz_flow import HINT_KEYS, QUIT_KEYS, SKIP_KEYS
from llmpath.i18n import tr
from llmpath.quiz import AnswerReply


def ask_prediction(current, demo_id: str) -> tuple[Any, Any, float] | AnswerReply | None:
    """Show the prediction question and read a valid reply: (item, parsed, seconds) to judge once the demo ran;
    a skipped AnswerReply when the learner pressed s (recorded like a skipped quiz question: reviewed soon);
    None when the demo has no prediction."""
    from llmpath.demos.predictions import prediction_for
    from llmpath.quiz import InvalidReply, parse_reply, present
    from llmpath.ui import quiz as ui

    prediction = prediction_for(demo_id)
    if prediction is None or prediction.question not in current.catalog.questions:
        return None
    lang = current.lang
    question = current.catalog.questions[prediction.question]
    item = present(question, random.Random(f"predict:{demo_id}"))
    ui.show_question(item, 1, 1, lang, label=tr(lang, "predict first", "先预测"))
    shown = time.monotonic()
    hints_shown = 0
    while True:
        reply = ui.ask().strip()
        key = reply.lower()
        if key in HINT_KEYS:  # the footer offers "? hint · s skip · q quit": all three are honoured
            ui.show_hint(item.hints, hints_shown, lang)
            hints_shown = min(hints_shown + 1, len(item.hints))
            continue
        if key in SKIP_KEYS:
            from llmpath.ui.guided import say

            say(tr(lang, "No prediction this time: here is the demo (the question comes back as a review).",
                   "这次不预测：直接看演示（这道题之后会作为复习再出现）。"), style="dim")
            return AnswerReply("(skipped)", False, skipped=True)
        if key in QUIT_KEYS:
            from llmpath.ui.guided import QuitRequested

            raise QuitRequested
        try:
            return item, parse_reply(item, reply), time.monotonic() - shown
        except InvalidReply as invalid:
            ui.show_invalid(invalid.message.get(lang))


def judge_prediction(current, demo_id: str, asked: tuple[Any, Any, float], figures: dict[str, Any]):
    """Grade against the question's answer and show what the demo computed, rounded for its quantity.
    Returns the answer (the guided session records it with its step); nothing is saved here."""
    from llmpath.demos.predictions import prediction_for, show_number, shown_reply
    from llmpath.quiz import grade, reply_text
    from llmpath.ui import quiz as ui
    from llmpath.ui.guided import say

    item, parsed, seconds = asked
    lang = current.lang
    result = grade(item, parsed)
    prediction = prediction_for(demo_id)
    computed = figures.get(prediction.figure) if prediction else None
    yours = shown_reply(item.kind, parsed, reply_text(item, parsed), lang)
    shown = shown_reply("true_false", computed, "", lang) if isinstance(computed, bool) else show_number(computed)
    say(tr(lang, f"Your prediction: {yours} · the demo computed: {shown}",
           f"你的预测：{yours} · 演示的计算结果：{shown}"), style="bold")
    ui.show_feedback(item, result, lang)
    return AnswerReply(reply_text(item, parsed), result.correct, seconds)


def grade_prediction(current, demo_id: str, asked: tuple[Any, Any, float], figures: dict[str, Any]) -> bool:
    """`llmpath demo ID --predict`: judge the prediction and record it at once (flag d)."""
    from llmpath.clock import system_clock
    from llmpath.learning import Answer, save_answer

    answer = judge_prediction(current, demo_id, asked, figures)
    item = asked[0]
    save_answer(current.store, Answer(item.question, answer.given, answer.correct, answer.seconds, False, "d"), system_clock())
    return answer.correct

"""`llmpath start`: render the session's next step, read the reply, save it — nothing else.

What comes next and what a reply changes are decided in ``llmpath.session``; each reply is
saved in one progress write, so quitting anywhere resumes at the same screen.
"""

from __future__ import annotations

from typing import Optional

import typer

from llmpath.cli import steps
from llmpath.cli.app import app, state
from llmpath.clock import system_clock as now
from llmpath.i18n import tr


@app.command()
def start(
    topic: Optional[str] = typer.Argument(None, help="Jump to a unit (or module) instead of resuming."),
    placement: bool = typer.Option(False, "--placement", help="Undo what placement skipped and take it again."),
) -> None:
    """The guided path: reviews, reading, demo, exercises and quiz, resumed where you left off. 开始或继续引导式学习。"""
    from llmpath.session import apply, begin_session, next_step, redo_placement, reopen
    from llmpath.ui.guided import QuitRequested, quit_message

    current = state()
    catalog = current.catalog
    target = catalog.resolve(topic) if topic else None  # an unknown topic exits before anything is written

    def begin(progress):
        begin_session(progress, now())
        if placement:
            redo_placement(progress)
        if target is not None:
            reopen(progress, catalog, target, now())
        return progress

    progress = current.store.update(begin)
    try:
        while True:
            step = next_step(progress, catalog, now())
            reply = SCREENS[step.kind](current, step)
            if reply is None:
                return
            progress = current.store.update(lambda p: (apply(p, catalog, step, reply, now()), p)[1])
            if step.kind == "language":
                current.use_language(reply.choice)
            if reply.choice == "stop":
                return
    except QuitRequested:
        quit_message(current.lang)


SCREENS = {
    "language": steps.language_step, "placement-offer": steps.placement_offer_step,
    "placement-question": lambda current, step: steps.question_step(current, step, tr(current.lang, "placement", "摸底")),
    "placement-confirm": steps.placement_confirm_step,
    "reviews-offer": steps.yes_no_step("{n} questions to review. Review {k} now?", "有 {n} 道题待复习。现在复习 {k} 道吗？"),
    "review-question": lambda current, step: steps.question_step(current, step, tr(current.lang, "review", "复习")),
    "send-back": steps.yes_no_step("Revisit “{prereq}” first?", "先回顾「{prereq}」吗？"),
    "section": steps.section_step, "demo": steps.run_demo_step, "exercise": steps.exercise_step,
    "quiz-question": steps.quiz_question_step, "quiz-result": steps.quiz_result_step, "done": steps.done_step,
}

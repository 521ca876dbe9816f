"""`llmpath start`: the guided path — reviews, then the current unit's sections, demo,
exercises and quiz, resuming exactly where the learner left off."""

from __future__ import annotations

import random
from typing import Optional

import typer

from llmpath.cli.app import app, state
from llmpath.i18n import tr

START_REVIEW_CAP = 10


@app.command()
def start(
    topic: Optional[str] = typer.Argument(None, help="Jump to a unit (or module) instead of resuming."),
    placement: bool = typer.Option(False, "--placement", help="Take the placement check again."),
) -> None:
    """The guided path: reviews, reading, demo, exercises and quiz, resumed where you left off. 开始或继续引导式学习。"""
    from llmpath.ui.guided import QuitRequested

    current = state()
    try:
        _guided(current, topic, placement)
    except QuitRequested:
        lang = current.lang
        from llmpath.ui.guided import say

        say(tr(lang, "Saved. Run `llmpath start` to continue where you left off.", "已保存。运行 `llmpath start` 即可从这里继续。"), style="dim")


def _now():
    from llmpath.clock import system_clock

    return system_clock()


def _guided(current, topic: Optional[str], placement: bool) -> None:
    from llmpath.session import current_unit, reopen

    store, catalog = current.store, current.catalog
    progress = store.load()
    if not progress.data.get("onboarded") or placement:
        _onboard(current, first_time=not progress.data.get("onboarded"))
    lang = current.lang
    if topic:
        target = catalog.resolve(topic)
        now = _now()
        store.update(lambda p: reopen(p, target, catalog, now))
    _reviews(current)
    while True:
        progress = store.load()
        unit = current_unit(progress, catalog)
        if unit is None:
            from llmpath.ui.guided import say

            say(tr(lang, "🎓 You have completed the whole path. Keep your memory fresh with `llmpath review`.",
                   "🎓 你已完成整条学习路径。用 `llmpath review` 保持记忆吧。"), style="bold green")
            return
        if _needs_prerequisites(current, unit):
            continue
        outcome = _study_unit(current, unit)
        if outcome == "stop":
            return
        if outcome == "back":
            continue
        from llmpath.ui.guided import confirm

        following = current_unit(store.load(), catalog)
        if following is None:
            continue
        if not confirm(tr(lang, f"Continue with the next unit, “{following.title.get(lang)}”?", f"继续学习下一个单元「{following.title.get(lang)}」吗?"), default=True, lang=lang):
            from llmpath.ui.guided import say

            say(tr(lang, "Saved. See you next time — `llmpath start` resumes here.", "已保存。下次运行 `llmpath start` 从这里继续。"), style="dim")
            return


def _onboard(current, *, first_time: bool) -> None:
    from llmpath.i18n import normalize_lang, resolve_lang
    from llmpath.ui.guided import choose_language, confirm, welcome

    store, catalog = current.store, current.catalog
    lang = normalize_lang(current.lang_option)
    if first_time:
        if lang is None:
            lang = choose_language(resolve_lang(None))
        chosen = lang
        store.update(lambda p: setattr(p, "language", chosen))
        current._lang = chosen
        welcome(chosen)
        from llmpath.ui.views import render_path
        from llmpath.views import path_tree

        render_path(path_tree(catalog, store.load(), chosen), chosen)
    lang = current.lang
    if confirm(tr(lang, "Take a short placement check (3 questions per module) to skip what you already know?",
                  "要做一个简短的摸底测试(每个模块 3 题)来跳过已掌握的内容吗?"), default=False, lang=lang):
        _placement(current)
    store.update(lambda p: p.data.__setitem__("onboarded", True))


def _placement(current) -> None:
    from llmpath.cli.quiz_flow import run_quiz
    from llmpath.session import apply_placement, placement_questions
    from llmpath.ui.guided import QuitRequested, say

    store, catalog, lang = current.store, current.catalog, current.lang
    seed = random.SystemRandom().randrange(1_000_000)
    for module in catalog.ordered_modules():
        questions = placement_questions(catalog, module, seed)
        if not questions:
            continue
        say(tr(lang, f"— {module.title.get(lang)} —", f"— {module.title.get(lang)} —"), style="bold cyan")
        outcome = run_quiz(questions, seed=seed, lang=lang, store=store, catalog=catalog, clock=_now,
                           source="p", label=tr(lang, "placement", "摸底"))
        right = sum(a.correct for a in outcome.answers)
        now = _now()
        known = store.update(lambda p: apply_placement(p, catalog, module, right, len(outcome.answers), now))
        if known:
            say(tr(lang, f"{right}/{len(outcome.answers)} — module marked as known; reopen it any time with `llmpath start {module.id}`.",
                   f"{right}/{len(outcome.answers)} —— 该模块标记为已掌握;随时可用 `llmpath start {module.id}` 重新打开。"), style="green")
        if outcome.quit:
            store.update(lambda p: p.data.__setitem__("onboarded", True))
            raise QuitRequested


def _reviews(current) -> None:
    from llmpath.cli.quiz_flow import run_reviews
    from llmpath.learning import due_cards
    from llmpath.ui.guided import QuitRequested, confirm

    store, catalog, lang = current.store, current.catalog, current.lang
    now = _now()
    due = due_cards(store.load(), catalog, now)
    if not due:
        return
    batch = due[:START_REVIEW_CAP]
    if not confirm(tr(lang, f"{len(due)} review(s) due. Review {len(batch)} now?", f"有 {len(due)} 道题到期复习。现在复习 {len(batch)} 道吗?"), default=True, lang=lang):
        return
    outcome = run_reviews([qid for qid, _ in batch], lang=lang, store=store, catalog=catalog, clock=_now)
    from llmpath.ui.quiz import show_summary

    show_summary(outcome.summary(catalog, lang), lang)
    if outcome.quit:
        raise QuitRequested


def _send_back_sentence(unit, shaky, catalog, lang: str) -> str:
    prereq, value = shaky[0]
    names = ", ".join(c.name.get(lang) for c in prereq.concepts[:3])
    return tr(lang,
              f"“{unit.title.get(lang)}” rests on {names}; your answers there are still shaky (mastery {value:.2f}), "
              f"so let's revisit “{prereq.title.get(lang)}” first.",
              f"「{unit.title.get(lang)}」建立在{names}之上;你在这些概念上的掌握度还不够(掌握度 {value:.2f}),"
              f"我们先回顾「{prereq.title.get(lang)}」。")


def _shaky(current, unit, threshold: float):
    from llmpath.mastery import concept_mastery, mastery_of
    from llmpath.session import shaky_prerequisites

    progress = current.store.load()
    rows = concept_mastery(progress, current.catalog, _now(), current.lang)
    return shaky_prerequisites(progress, current.catalog, unit, mastery_of(rows), threshold)


def _needs_prerequisites(current, unit) -> bool:
    """On entering a unit: if its prerequisite concepts are shaky, offer to go back first."""
    from llmpath.session import send_back
    from llmpath.ui.guided import confirm, say

    position = current.store.load().position
    if position.get("revisit") or (position.get("unit") == unit.id and (position.get("stage") != "read" or position.get("section"))):
        return False
    shaky = _shaky(current, unit, threshold=0.5)
    if not shaky:
        return False
    lang = current.lang
    say(_send_back_sentence(unit, shaky, current.catalog, lang), style="bold yellow")
    if not confirm(tr(lang, "Revisit it now?", "现在回顾吗?"), default=True, lang=lang):
        return False
    current.store.update(lambda p: send_back(p, shaky[0][0], unit))
    return True


def _study_unit(current, unit) -> str:
    """Run the unit from its saved stage: 'next' when its quiz is passed, 'back' when sent
    back to a prerequisite, 'stop' when the learner stops."""
    from llmpath.session import enter_unit

    store, lang = current.store, current.lang
    now = _now()
    store.update(lambda p: enter_unit(p, unit, now))
    from llmpath.ui.guided import unit_header

    position = store.load().position
    if position.get("stage") == "read" and position.get("section", 0) == 0:
        unit_header(unit.title.get(lang), unit.module, unit.minutes, [o.get(lang) for o in unit.objectives], lang)
    while True:
        position = store.load().position
        stage = position.get("stage") or "read"
        if stage == "read":
            _read(current, unit, int(position.get("section", 0)))
        elif stage == "demo":
            _offer_demos(current, unit)
        elif stage == "exercise":
            _offer_exercises(current, unit)
        else:
            outcome = _unit_quiz(current, unit)
            if outcome is not None:
                return outcome


def _read(current, unit, section: int) -> None:
    from llmpath.session import set_stage
    from llmpath.ui.guided import section_prompt, show_section

    store, lang = current.store, current.lang
    total = len(unit.sections)
    index = min(max(section, 0), total - 1)
    while True:
        part = unit.sections[index]
        show_section(unit.title.get(lang), part.title.get(lang), part.body.get(lang), index, total, lang)
        move = section_prompt(lang, first=index == 0)
        index = index - 1 if move == "back" else index + 1
        if index >= total:
            store.update(lambda p: set_stage(p, "demo"))
            return
        at = index
        store.update(lambda p: set_stage(p, "read", section=at))


def _offer_demos(current, unit) -> None:
    from llmpath.session import set_stage
    from llmpath.ui.guided import confirm, say

    store, lang = current.store, current.lang
    for demo_id in unit.demos:
        from llmpath.demos.registry import get_demo

        spec = get_demo(demo_id)
        from llmpath.demos.estimate import estimate, is_heavy

        seconds = estimate(spec).seconds if is_heavy(spec) else min(spec.budget_s, 5)
        question = tr(lang, f"Run the demo “{spec.title(lang)}” (about {seconds:.0f} s)?",
                      f"运行演示「{spec.title(lang)}」(约 {seconds:.0f} 秒)吗?")
        if confirm(question, default=True, lang=lang):
            _run_demo_inline(current, spec.id, lang)
        else:
            say(tr(lang, f"Later: `llmpath demo {spec.id}`", f"稍后可运行:`llmpath demo {spec.id}`"), style="dim")
    store.update(lambda p: set_stage(p, "exercise"))


def _run_demo_inline(current, demo_id: str, lang: str) -> None:
    """The same output as `llmpath demo <id> --predict`, in this process."""
    from llmpath.cli.predict_flow import ask_prediction, grade_prediction
    from llmpath.demos.base import DemoContext, DemoError
    from llmpath.demos.predictions import prediction_args
    from llmpath.demos.runner import run_demo
    from llmpath.ui.demo import render
    from llmpath.ui.guided import say

    try:
        asked = ask_prediction(current, demo_id)
        figures = run_demo(demo_id, DemoContext(lang=lang, seed=0, sink=render), prediction_args(demo_id))
        if asked is not None:
            grade_prediction(current, demo_id, asked, figures)
    except DemoError as exc:
        say(f"demo: {exc}", style="yellow")
    except ImportError as exc:
        say(tr(lang, f"demo unavailable: {exc}", f"演示无法运行:{exc}"), style="yellow")


def _offer_exercises(current, unit) -> None:
    """After the demo: offer to set up each of the unit's coding exercises not yet passed."""
    from llmpath.session import set_stage

    store, lang = current.store, current.lang
    if unit.exercises:
        from llmpath.cli.exercise_cmds import start as start_exercise
        from llmpath.exercises import core
        from llmpath.exercises.registry import get_exercise
        from llmpath.ui.guided import confirm, say

        say(tr(lang, "Now write the code yourself:", "现在亲手写代码:"), style="bold")
        for exercise_id in unit.exercises:
            spec = get_exercise(exercise_id)
            if core.status_of(store.load(), spec) == "passed":
                say(f"  ✓ {spec.title(lang)} ({spec.id})", style="green")
                continue
            if confirm(tr(lang, f"Set up the exercise “{spec.title(lang)}” now?", f"现在创建练习「{spec.title(lang)}」吗?"), default=False, lang=lang):
                start_exercise(spec.id, None)
            else:
                say(tr(lang, f"  later: llmpath exercise start {spec.id}", f"  稍后:llmpath exercise start {spec.id}"), style="dim")
    store.update(lambda p: set_stage(p, "quiz"))


def _unit_quiz(current, unit) -> str | None:
    """Run (or resume) the unit quiz: 'next' passed, 'back' sent to a prerequisite,
    'stop' stopped; None to retake."""
    from llmpath.cli.quiz_flow import run_quiz
    from llmpath.learning import select_questions
    from llmpath.session import begin_quiz, finish_unit_quiz
    from llmpath.ui.guided import QuitRequested, confirm, say
    from llmpath.ui.quiz import show_summary

    store, catalog, lang = current.store, current.catalog, current.lang
    quiz = store.load().position.get("quiz")
    if not quiz:
        seed = random.SystemRandom().randrange(1_000_000)
        ids = [q.id for q in select_questions(catalog, unit, store.load(), seed=seed)]
        now = _now()
        quiz = store.update(lambda p: begin_quiz(p, ids, seed, now))
        say(tr(lang, f"Quiz: {len(ids)} questions on “{unit.title.get(lang)}”. 80 % completes the unit.",
               f"测验:「{unit.title.get(lang)}」共 {len(ids)} 题,答对 80% 即完成本单元。"), style="bold")

    def advance(index: int) -> None:
        def change(p):
            if p.position.get("quiz"):
                p.position["quiz"]["index"] = index
        store.update(change)

    questions = [catalog.questions[qid] for qid in quiz["ids"] if qid in catalog.questions]
    outcome = run_quiz(questions, seed=quiz["seed"], lang=lang, store=store, catalog=catalog, clock=_now,
                       label=unit.title.get(lang), on_advance=advance, start_index=int(quiz.get("index", 0)))
    if outcome.quit:
        raise QuitRequested
    show_summary(outcome.summary(catalog, lang), lang)
    now = _now()
    passed, right, answered = store.update(lambda p: finish_unit_quiz(p, unit, catalog, now))
    if passed:
        say(tr(lang, f"Unit completed: {right}/{answered} ✓", f"单元完成:{right}/{answered} ✓"), style="bold green")
        return "next"
    pct = 100 * right / answered if answered else 0
    say(tr(lang, f"{right}/{answered} ({pct:.0f} %) — 80 % completes the unit. What you missed is scheduled for review.",
           f"{right}/{answered}({pct:.0f}%)——需要 80% 才能完成本单元。答错的题已安排复习。"), style="yellow")
    shaky = _shaky(current, unit, threshold=0.6)
    if shaky and not store.load().position.get("revisit"):
        from llmpath.session import send_back

        say(_send_back_sentence(unit, shaky, catalog, lang), style="bold yellow")
        if confirm(tr(lang, "Revisit it now?", "现在回顾吗?"), default=True, lang=lang):
            store.update(lambda p: send_back(p, shaky[0][0], unit))
            return "back"
    if confirm(tr(lang, "Retake the quiz now?", "现在重做测验吗?"), default=True, lang=lang):
        return None
    return "stop"

"""One screen per kind of guided step: show it, read the learner's reply, return the
:class:`~llmpath.session.Reply` that ``session.apply`` records. None of them writes the progress
file; the ones that do more than show and ask run a demo (with its prediction) or set up an
exercise file."""

from __future__ import annotations

import os

from llmpath.i18n import tr


def run_demo_step(current, step):
    """Offer the demo; run it in this process (paged on a terminal), asking its prediction first."""
    from llmpath.demos.estimate import estimate, is_heavy
    from llmpath.demos.registry import get_demo
    from llmpath.session import Reply
    from llmpath.ui.guided import confirm, say

    lang = current.lang
    spec = get_demo(step.demo)
    seconds = estimate(spec).seconds if is_heavy(spec) else min(spec.budget_s, 5)
    if not confirm(tr(lang, f"Run the demo “{spec.title(lang)}” (about {seconds:.0f} s)?",
                      f"运行演示「{spec.title(lang)}」（约 {seconds:.0f} 秒）吗？"), default=True, lang=lang):
        say(tr(lang, f"Later: `llmpath demo {spec.id}`", f"稍后可运行：`llmpath demo {spec.id}`"), style="dim")
        return Reply(choice="n")
    return Reply(choice="y", prediction=_run_with_prediction(current, spec.id))


def _run_with_prediction(current, demo_id: str):
    from llmpath.cli.predict_flow import ask_prediction, judge_prediction
    from llmpath.demos.base import DemoContext, DemoError
    from llmpath.demos.predictions import prediction_args
    from llmpath.demos.runner import run_demo
    from llmpath.ui.demo import render
    from llmpath.ui.guided import Pager, pause, say

    from llmpath.paths import cache_dir
    from llmpath.ui.figure import charts_in, show_figure

    lang = current.lang
    try:
        asked = ask_prediction(current, demo_id)
        pager = Pager(lang)
        figure = cache_dir() / "figures" / f"{demo_id}.png"  # every demo that draws one offers it: "f"
        figure.parent.mkdir(parents=True, exist_ok=True)
        figures = run_demo(demo_id, DemoContext(lang=lang, seed=0, plot_path=str(figure),
                                                sink=lambda block: pager.show(render, block)), prediction_args(demo_id))
        if pause(lang, figure="plot" in figures):
            show_figure(figures["plot"], charts_in(pager.blocks), lang=lang)
            pause(lang)
        if not isinstance(asked, tuple):   # skipped (an AnswerReply) or no prediction (None)
            return asked
        return judge_prediction(current, demo_id, asked, figures)
    except DemoError as exc:
        say(tr(lang, f"demo: {exc}", f"演示：{exc.text(lang)}"), style="yellow")
    except ImportError as exc:
        say(tr(lang, f"demo unavailable: {exc}", f"演示无法运行：缺少 {exc.name}" if exc.name else f"演示无法运行：{exc}"), style="yellow")
    return None


def exercise_step(current, step):
    """Offer to set up the exercise file; the task is shown and the file kept if it exists."""
    from llmpath.exercises import core
    from llmpath.exercises.registry import get_exercise
    from llmpath.session import Reply
    from llmpath.ui.exercise import render_task
    from llmpath.ui.guided import confirm, say

    lang = current.lang
    spec = get_exercise(step.exercise)
    if step.index == 0:
        say(tr(lang, "Now write the code yourself:", "现在亲手写代码："), style="bold")
    if not confirm(tr(lang, f"Set up the exercise “{spec.title(lang)}” now?", f"现在创建练习「{spec.title(lang)}」吗？"),
                   default=False, lang=lang):
        say(tr(lang, f"  later: llmpath exercise start {spec.id}", f"  稍后：llmpath exercise start {spec.id}"), style="dim")
        return Reply(choice="n")
    target = core.default_file(spec)
    created = core.create_from_scaffold(spec, target)
    render_task(spec.title(lang), spec.id, spec.unit, spec.difficulty, core.task_text(spec, lang))
    kept = "" if created else tr(lang, " (already there — your work is kept)", "（已存在——保留了你的代码）")
    say(tr(lang, f"Your file: {target}{kept}. Check it with `llmpath exercise check {spec.id}`.",
           f"你的文件：{target}{kept}。用 `llmpath exercise check {spec.id}` 检查。"), style="bold")
    return Reply(choice="y", path=str(target.resolve()))


def quiz_result_step(current, step):
    """After a quiz: passed → on to the next unit (or stop here); failed → revisit, retake or stop,
    and every way out says what comes next."""
    from llmpath.session import Reply
    from llmpath.ui.guided import choose, confirm, say

    lang, catalog = current.lang, current.catalog
    if step.passed:
        say(tr(lang, f"Unit completed: {step.right}/{step.answered} ✓", f"单元完成：{step.right}/{step.answered} ✓"), style="bold green")
        if step.chain:
            build_it_yourself(current, step.chain)
        if step.following is None:
            return Reply(choice="continue")
        title = catalog.units[step.following].title.get(lang)
        if confirm(tr(lang, f"Continue with the next unit, “{title}”?", f"继续学习下一个单元「{title}」吗？"), default=True, lang=lang):
            return Reply(choice="continue")
        say(tr(lang, f"Saved. Next time `llmpath start` begins “{title}”.", f"已保存。下次运行 `llmpath start` 将从「{title}」开始。"), style="dim")
        return Reply(choice="stop")
    pct = 100 * step.right / step.answered if step.answered else 0
    say(tr(lang, f"{step.right}/{step.answered} ({pct:.0f} %) — 80 % completes the unit. What you missed comes back in your reviews.",
           f"{step.right}/{step.answered}（{pct:.0f}%）——答对 80% 才能完成本单元。答错的题会出现在你的复习里。"), style="yellow")
    options = {"t": tr(lang, "retake now", "现在重做"), "s": tr(lang, "stop here", "先到这里")}
    if step.prerequisite:
        prereq = catalog.units[step.prerequisite].title.get(lang)
        say(tr(lang, f"Your answers in “{prereq}”, which this unit builds on, are shaky too.",
               f"本单元所依赖的「{prereq}」你也还不够熟练。"), style="yellow")
        options = {"r": tr(lang, f"revisit “{prereq}”", f"回顾「{prereq}」"), **options}
    pick = choose(tr(lang, "What next?", "接下来？"), options, default="r" if step.prerequisite else "t", lang=lang)
    if pick == "s":
        say(tr(lang, "Saved. Next time `llmpath start` begins a fresh quiz on this unit; `llmpath review` practises what you missed.",
               "已保存。下次运行 `llmpath start` 会重新测验本单元；`llmpath review` 可以练习答错的题。"), style="dim")
        return Reply(choice="stop")
    return Reply(choice="revisit" if pick == "r" else "retake")


def build_it_yourself(current, chain_id: str) -> None:
    """The practice units are done: point to the capstone chain and its first step not yet passed."""
    from llmpath.exercises.chains import load_chains, next_step_of
    from llmpath.exercises.core import entries
    from llmpath.exercises.registry import exercise_ids
    from llmpath.ui.guided import say

    lang = current.lang
    chain = load_chains().get(chain_id)
    if chain is None:
        return
    statuses = {eid: entry.get("status") for eid, entry in entries(current.store.load()).items() if isinstance(entry, dict)}
    first = next_step_of(chain, statuses, exercise_ids(current.content_dirs))
    say(tr(lang, f"Build it yourself: “{chain.title(lang)}” puts your own code together, step by step, into a working model "
                 f"({len(chain.steps)} exercises).",
           f"自己动手：「{chain.title(lang)}」把你自己写的代码一步步拼成一个能运行的模型（{len(chain.steps)} 个练习）。"), style="bold")
    if first:
        say(tr(lang, f"  see how far your model goes: llmpath exercise list · next: llmpath exercise start {first}",
               f"  看看你的模型走到了哪一步：llmpath exercise list · 下一步：llmpath exercise start {first}"), style="dim")


def question_step(current, step, label: str):
    from llmpath.cli.quiz_flow import ask_question
    from llmpath.quiz import present, question_rng
    from llmpath.session import Reply
    from llmpath.ui.guided import QuitRequested

    item = present(current.catalog.questions[step.question], question_rng(step.seed, step.question))
    answer = ask_question(item, step.index + 1, step.total, current.lang, label=label)
    if answer is None:
        raise QuitRequested
    return Reply(answer=answer)


def language_step(current, step):
    from llmpath.i18n import normalize_lang, resolve_lang
    from llmpath.session import Reply
    from llmpath.ui.guided import choose_language

    chosen = normalize_lang(current.lang_option) or normalize_lang(os.environ.get("LLMPATH_LANG"))
    return Reply(choice=chosen or choose_language(resolve_lang(None)))


def placement_offer_step(current, step):
    from llmpath.session import Reply
    from llmpath.ui.guided import confirm, welcome
    from llmpath.views import path_overview

    lang = current.lang
    welcome(lang, path_overview(current.catalog))
    ask = tr(lang, "Skip what you know? A placement check asks one question per unit.",
             "要跳过已经会的内容吗？摸底测试每个单元问一题。")
    return Reply(choice="y" if confirm(ask, default=False, lang=lang) else "n")


def placement_confirm_step(current, step):
    from llmpath.session import Reply
    from llmpath.ui.guided import placement_done, placement_plan

    lang = current.lang
    choice, keep = placement_plan([current.catalog.units[u].title.get(lang) for u in step.units], lang)
    reply = Reply(choice=choice, keep=tuple(step.units[i - 1] for i in keep))
    placement_done(len(step.units) - len(reply.keep) if choice == "y" else 0, lang)
    return reply


def yes_no_step(question_en: str, question_zh: str, *, default: bool = True):
    def screen(current, step):
        from llmpath.session import Reply
        from llmpath.ui.guided import confirm, say

        lang, catalog = current.lang, current.catalog
        values = {"n": step.total, "k": step.index, "unit": step.unit and catalog.units[step.unit].title.get(lang),
                  "prereq": step.prerequisite and catalog.units[step.prerequisite].title.get(lang), "mastery": step.mastery}
        if step.kind == "send-back":
            say(tr(lang, "“{unit}” builds on “{prereq}”, and your answers there are still shaky (mastery {mastery:.2f}).",
                   "「{unit}」建立在「{prereq}」之上，而你在那里的答题还不够稳（掌握度 {mastery:.2f}）。").format(**values), style="bold yellow")
        return Reply(choice="y" if confirm(tr(lang, question_en, question_zh).format(**values), default=default, lang=lang) else "n")
    return screen


def section_step(current, step):
    from llmpath.session import Reply
    from llmpath.ui.guided import section_prompt, show_section, unit_header

    lang, unit = current.lang, current.catalog.units[step.unit]
    part = unit.sections[step.index]
    header = unit_header(unit.title.get(lang), unit.minutes, [o.get(lang) for o in unit.objectives], lang) if step.index == 0 else None
    show_section(unit.title.get(lang), part.title.get(lang), part.body.get(lang), step.index, step.total, lang, header, part.figure)
    return Reply(choice=section_prompt(lang, first=step.index == 0))


def quiz_question_step(current, step):
    from llmpath.ui.guided import quiz_intro

    if step.index == 0:
        quiz_intro(current.catalog.units[step.unit].title.get(current.lang), step.total, current.lang)
    return question_step(current, step, current.catalog.units[step.unit].title.get(current.lang))


def done_step(current, step):
    from llmpath.ui.guided import say

    say(tr(current.lang, "🎓 You have completed the whole path. Keep your memory fresh with `llmpath review`.",
           "🎓 你已完成整条学习路径。用 `llmpath review` 保持记忆吧。"), style="bold green")
    return None

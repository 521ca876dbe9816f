"""Learning: quiz, review, progress, config (and `start`, in guided.py)."""

from __future__ import annotations

import random
from typing import Optional

import typer

from llmpath.cli.app import app, state
from llmpath.content import QUESTION_TYPES
from llmpath.errors import LlmpathError
from llmpath.i18n import tr


def _clock():
    from llmpath.clock import system_clock

    return system_clock


@app.command()
def quiz(
    topic: str = typer.Argument(..., help="A unit id, a module id, or a unique prefix."),
    count: Optional[int] = typer.Option(None, "--count", "-n", min=1, help="Ask at most N questions."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Reproducible order and generated numbers."),
    qtype: Optional[str] = typer.Option(None, "--type", help="Only this type: " + ", ".join(QUESTION_TYPES) + "."),
    difficulty: Optional[int] = typer.Option(None, "--difficulty", min=1, max=3, help="Only this difficulty (1-3)."),
    wrong_only: bool = typer.Option(False, "--wrong-only", help="Only questions you last answered wrong."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON result on stdout (the quiz itself goes to stderr)."),
) -> None:
    """Take a quiz on a unit or a whole module. 针对单元或模块做测验。"""
    from llmpath.learning import select_questions

    if qtype is not None and qtype not in QUESTION_TYPES:
        raise LlmpathError(f"--type must be one of {', '.join(QUESTION_TYPES)}, got {qtype!r}",
                           f"--type 只能是 {'、'.join(QUESTION_TYPES)} 之一，收到的是 {qtype!r}")
    current = state()
    lang = current.lang
    catalog = current.catalog
    target = catalog.resolve(topic)
    chosen_seed = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    questions = select_questions(catalog, target, current.store.load(), count=count, seed=chosen_seed,
                                 qtype=qtype, difficulty=difficulty, wrong_only=wrong_only)
    if not questions:
        what = tr(lang, "questions you last got wrong", "上次答错的题目") if wrong_only else tr(lang, "questions", "题目")
        raise LlmpathError(tr(lang, f"no {what} match in '{target.id}'", f"'{target.id}' 中没有符合条件的{what}"))
    outcome = _run(questions, chosen_seed, target.title.get(lang), as_json)
    summary = outcome.summary(catalog, lang)
    summary.update({"topic": target.id, "seed": chosen_seed})
    _finish(summary, as_json, lang)


def _run(questions, seed, label, as_json):
    from llmpath.cli.quiz_flow import run_quiz

    current = state()
    if as_json:
        _send_display_to_stderr()
    return run_quiz(questions, seed=seed, lang=current.lang, store=current.store, catalog=current.catalog,
                    clock=_clock(), label=label)


def _send_display_to_stderr() -> None:
    from llmpath import ui

    ui.display_to_stderr()


def _finish(summary: dict, as_json: bool, lang: str) -> None:
    from llmpath import ui
    from llmpath.ui.quiz import show_summary

    show_summary(summary, lang)
    if as_json:
        ui.print_json(summary)
    if summary["quit"]:
        ui.line(tr(lang, "Saved. Run the same command to continue.", "已保存。再次运行同一命令即可继续。"), style="dim")


@app.command()
def review(
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, help="At most N cards (default: your daily cap)."),
    as_json: bool = typer.Option(False, "--json", help="Print a JSON result on stdout (the review itself goes to stderr)."),
) -> None:
    """Review the spaced-repetition questions that are due. 复习到期的题目。"""
    from llmpath.learning import catch_up_days, due_cards, next_due, review_cap

    current = state()
    lang = current.lang
    catalog = current.catalog
    now = _clock()()
    progress = current.store.load()
    due = due_cards(progress, catalog, now)
    cap = limit or review_cap(progress)
    from llmpath import ui

    if as_json:
        _send_display_to_stderr()
    upcoming = next_due(progress, catalog, now)
    when = _when(upcoming, now, lang) if upcoming else None
    if not due:
        message = tr(lang, "Nothing is due.", "目前没有到期的题目。")
        if when:
            message += tr(lang, f" Next review {when}.", f"下一次复习：{when}。")
        ui.console().print(message)
        if as_json:
            ui.print_json({"due": 0, "answered": 0, "correct": 0, "next_due": upcoming.isoformat() if upcoming else None})
        return
    days = catch_up_days(len(due), cap)
    head = tr(lang, f"{len(due)} {'question' if len(due) == 1 else 'questions'} to review; {min(cap, len(due))} now.",
              f"有 {len(due)} 道题待复习；本次复习 {min(cap, len(due))} 道。")
    if days > 1:
        head += tr(lang, f" At {cap} a day you will be caught up in {days} days.", f"按每天 {cap} 张计算，{days} 天可以补完。")
    ui.console().print(head)
    from llmpath.cli.quiz_flow import run_reviews

    outcome = run_reviews([qid for qid, _ in due[:cap]], lang=lang, store=current.store, catalog=catalog, clock=_clock())
    summary = outcome.summary(catalog, lang)
    after = current.store.load()
    remaining = len(due_cards(after, catalog, _clock()()))
    upcoming = next_due(after, catalog, _clock()())
    summary.update({"due": len(due), "remaining": remaining, "next_due": upcoming.isoformat() if upcoming else None})
    _finish(summary, as_json, lang)
    if upcoming and not as_json:
        ui.line(tr(lang, f"{remaining} still to review. Next one {_when(upcoming, now, lang)}.", f"仍有 {remaining} 道待复习。下一道：{_when(upcoming, now, lang)}。"), style="dim")


def _when(moment, now, lang: str) -> str:
    delta = moment - now
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return tr(lang, f"in {max(1, minutes)} min", f"{max(1, minutes)} 分钟后")
    hours = minutes // 60
    if hours < 48:
        return tr(lang, f"in {hours} h", f"{hours} 小时后")
    return tr(lang, f"in {hours // 24} days", f"{hours // 24} 天后")


@app.command()
def progress(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of the dashboard."),
    concepts: bool = typer.Option(False, "--concepts", help="List concepts by mastery."),
) -> None:
    """Your dashboard: modules, accuracy, reviews due, activity, weakest concepts. 学习进度面板。"""
    from llmpath.learning import dashboard

    current = state()
    lang = current.lang
    data = dashboard(current.store.load(), current.catalog, _clock()())
    if concepts:
        from llmpath.mastery import concept_mastery

        data["concepts"] = concept_mastery(current.store.load(), current.catalog, _clock()())
    from llmpath import ui

    if as_json:
        ui.print_json(data, lang)
        return
    from llmpath.ui.progress import render_dashboard

    render_dashboard(data, lang)


@app.command()
def config(
    retention: Optional[float] = typer.Option(None, "--retention", min=0.7, max=0.99, help="Desired recall probability for reviews (0.70-0.99; default 0.90)."),
    review_cap: Optional[int] = typer.Option(None, "--review-cap", min=1, max=1000, help="Most reviews served per day (default 50)."),
    streaks: Optional[bool] = typer.Option(None, "--streaks/--no-streaks", help="Show the day streak on the dashboard."),
    lang: Optional[str] = typer.Option(None, "--set-lang", metavar="en|zh", help="Save your interface language."),
) -> None:
    """Show or change your settings. 查看或修改设置。"""
    from llmpath.i18n import normalize_lang

    current = state()
    if lang is not None and normalize_lang(lang) is None:
        raise LlmpathError(f"--set-lang must be en or zh, got {lang!r}", f"--set-lang 只能是 en 或 zh，收到的是 {lang!r}")

    def change(progress):
        if retention is not None:
            progress.settings["desired_retention"] = retention
        if review_cap is not None:
            progress.settings["review_cap"] = review_cap
        if streaks is not None:
            progress.settings["streaks"] = streaks
        if lang is not None:
            progress.language = normalize_lang(lang)
        return dict(progress.settings, language=progress.language)

    changing = any(v is not None for v in (retention, review_cap, streaks, lang))
    settings = current.store.update(change) if changing else dict(current.store.load().settings, language=current.store.load().language)
    from llmpath.learning import REVIEW_CAP_DEFAULT
    from llmpath.scheduler import DEFAULT_RETENTION

    typer.echo(f"desired_retention = {settings.get('desired_retention', DEFAULT_RETENTION)}")
    typer.echo(f"review_cap = {settings.get('review_cap', REVIEW_CAP_DEFAULT)}")
    typer.echo(f"streaks = {str(settings.get('streaks', False)).lower()}")
    typer.echo(f"language = {settings.get('language') or '(auto)'}")

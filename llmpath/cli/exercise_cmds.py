"""`llmpath exercise …`: hands-on coding exercises the tool checks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer

from llmpath.cli.app import app, state
from llmpath.errors import LlmpathError
from llmpath.i18n import tr

exercise_app = typer.Typer(help="Hands-on coding exercises the tool checks. 动手编程练习。", no_args_is_help=True)
app.add_typer(exercise_app, name="exercise")

ID_ARG = typer.Argument(..., metavar="ID", help="The exercise (see `llmpath exercise list`).")
FILE_OPT = typer.Option(None, "--file", metavar="FILE", help="Your file, if not where `start` put it.")
TIMEOUT_OPT = typer.Option(None, "--timeout", metavar="SECONDS", help="Time limit of one check (default 10 s; 40 s for torch-mlp).")


def _spec(exercise_id: str):
    from llmpath.exercises.registry import get_exercise

    return get_exercise(exercise_id, state().content_dirs)


def _now():
    return state().store.clock()


@exercise_app.command("list")
def list_exercises(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """List every exercise with its unit, difficulty and status. 列出所有练习及状态。"""
    from llmpath.exercises.core import listing

    current = state()
    rows = listing(current.store.load(), current.content_dirs, current.catalog)
    if as_json:
        from llmpath import ui

        ui.print_json(rows, current.lang)
        return
    from llmpath.exercises.core import chain_listings
    from llmpath.ui.exercise import render_list

    render_list(rows, current.lang, chain_listings(rows))


@exercise_app.command("start")
def start(
    exercise_id: str = ID_ARG,
    directory: Optional[Path] = typer.Option(None, "--dir", metavar="DIR", help="Put the file in DIR instead of the workspace."),
) -> None:
    """Copy the exercise's scaffold into your workspace and show the task. 创建练习文件并显示任务。"""
    from llmpath import ui
    from llmpath.exercises import core
    from llmpath.ui.exercise import render_task

    current = state()
    lang = current.lang
    spec = _spec(exercise_id)
    started = core.start_exercise(current.store, spec, directory=directory)
    target = started.path
    render_task(spec.title(lang), spec.id, spec.unit, spec.difficulty, core.task_text(spec, lang))
    if started.created:
        ui.line(tr(lang, f"Your file: {target}", f"你的文件：{target}"), style="bold")
    else:
        ui.line(tr(lang, f"Your file: {target} (already there — kept your work; `llmpath exercise reset {spec.id}` starts over)",
                   f"你的文件：{target}（已存在——保留了你的代码；`llmpath exercise reset {spec.id}` 可重新开始）"), style="bold")
    ui.line(tr(lang, f"Edit it, then: llmpath exercise check {spec.id}   (or `watch` to re-check on every save; `hint` when stuck)",
               f"编辑它，然后运行：llmpath exercise check {spec.id}（或用 `watch` 在每次保存时自动检查；卡住了用 `hint`）"), style="dim")


def _prepare_models(spec) -> None:
    """Prepare the weights the exercise needs (``models:``) with a progress bar, once (about 35 s for SmolLM2)."""
    from llmpath import models

    missing = [name for name in spec.models if not models.is_prepared(models.prepared_path(models.EXERCISE_MODELS[name]))]
    if not missing:
        return
    from llmpath.ui.models import progress_bar

    lang = state().lang
    for name in missing:
        try:
            if models.smollm2_gguf() is None:   # nothing to convert: say what to install, without a bar
                models.exercise_model_folder(name)
            with progress_bar(name, lang) as report:
                models.exercise_model_folder(name, progress=report)
        except models.ModelUnavailable as exc:
            raise LlmpathError(f"exercise {spec.id} needs the {name} weights: {exc}", f"练习 {spec.id} 需要 {name} 的权重：{exc.text('zh')}") from exc


def _run_and_record(spec, path: Path, timeout: Optional[float]):
    from llmpath.exercises import core

    current = state()
    _prepare_models(spec)
    return core.check_exercise(current.store, spec, path, timeout=timeout, extra=current.content_dirs)


def _after_pass(spec, first: bool) -> None:
    from llmpath import ui
    from llmpath.exercises import core

    current = state()
    lang = current.lang
    if first:
        ui.line(tr(lang, "Recorded in your progress.", "已记录到你的学习进度。"), style="green")
    nxt, same_unit = core.next_exercise(current.store.load(), spec, current.content_dirs, current.catalog)
    if nxt is None:
        ui.line(tr(lang, "That was the last one: every exercise is passed. 🎉", "这是最后一个：所有练习都已通过。"), style="bold green")
    elif same_unit:
        ui.line(tr(lang, f"Next in unit {spec.unit}: {nxt.id} — {nxt.title(lang)} (llmpath exercise start {nxt.id})",
                   f"本单元 {spec.unit} 的下一个练习：{nxt.id} —— {nxt.title(lang)}（llmpath exercise start {nxt.id}）"), style="bold")
    else:
        ui.line(tr(lang, f"That was the last exercise of unit {spec.unit}. Next: {nxt.id} — {nxt.title(lang)} (llmpath exercise start {nxt.id})",
                   f"这是单元 {spec.unit} 的最后一个练习。下一个：{nxt.id} —— {nxt.title(lang)}（llmpath exercise start {nxt.id}）"), style="bold")
    ui.line(tr(lang, f"Compare with the reference: llmpath exercise solution {spec.id}",
               f"对照参考答案：llmpath exercise solution {spec.id}"), style="dim")


def _resolve_file(spec, file: Optional[Path]) -> Path:
    from llmpath import ui
    from llmpath.exercises import core

    current = state()
    located = core.learner_file(spec, core.entry_of(current.store.load(), spec), file)
    if located.notice:
        ui.line(located.notice.get(current.lang), style="yellow")
    return core.require_file(spec, located.path)


def _check_timeout(timeout: Optional[float]) -> None:
    if timeout is not None and not (0 < timeout <= 600):
        raise LlmpathError("--timeout must be between 0 and 600 seconds", "--timeout 必须在 0 到 600 秒之间")


@exercise_app.command("check")
def check(
    exercise_id: str = ID_ARG,
    file: Optional[Path] = FILE_OPT,
    timeout: Optional[float] = TIMEOUT_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Run the checks on your file: the first failing case, or a pass. 检查你的代码。"""
    from llmpath import ui
    from llmpath.ui.exercise import render_outcome

    _check_timeout(timeout)
    spec = _spec(exercise_id)
    path = _resolve_file(spec, file)
    outcome, first = _run_and_record(spec, path, timeout)
    if as_json:
        ui.print_json({**outcome.to_json(), "file": str(path)}, state().lang)
    else:
        render_outcome(outcome, state().lang)
        if outcome.passed:
            _after_pass(spec, first)
        else:
            ui.line(tr(state().lang, f"Stuck? llmpath exercise hint {spec.id}", f"卡住了？llmpath exercise hint {spec.id}"), style="dim")
    if not outcome.passed:
        raise typer.Exit(1)


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


@exercise_app.command("watch")
def watch(
    exercise_id: str = ID_ARG,
    file: Optional[Path] = FILE_OPT,
    interval: float = typer.Option(0.5, "--interval", metavar="SECONDS", help="How often to look for a save."),
    timeout: Optional[float] = TIMEOUT_OPT,
    max_checks: int = typer.Option(0, "--max-checks", hidden=True, help="Stop after this many checks (tests)."),
) -> None:
    """Re-check your file every time you save it, until it passes (Ctrl-C to stop). 每次保存时自动检查。"""
    from llmpath import ui
    from llmpath.ui.exercise import render_outcome

    _check_timeout(timeout)
    if not (0.01 <= interval <= 60):
        raise LlmpathError("--interval must be between 0.01 and 60 seconds", "--interval 必须在 0.01 到 60 秒之间")
    lang = state().lang
    spec = _spec(exercise_id)
    path = _resolve_file(spec, file)
    ui.line(tr(lang, f"Watching {path} — save it to re-check (Ctrl-C to stop).",
               f"正在监视 {path} ——保存文件即会重新检查（Ctrl-C 退出）。"), style="dim")
    seen: tuple[int, int] | None = (-1, -1)
    checks = 0
    try:
        while True:
            now = _signature(path)
            if now is not None and now != seen:
                seen = now
                outcome, first = _run_and_record(spec, path, timeout)
                checks += 1
                render_outcome(outcome, lang)
                if outcome.passed:
                    _after_pass(spec, first)
                    return
                if max_checks and checks >= max_checks:
                    raise typer.Exit(1)
                ui.line(tr(lang, "Waiting for your next save…", "等待你再次保存……"), style="dim")
            time.sleep(interval)
    except KeyboardInterrupt:
        ui.line(tr(lang, "Stopped watching; your progress is saved.", "已停止监视；进度已保存。"))
        raise typer.Exit(0) from None


@exercise_app.command("hint")
def hint(exercise_id: str = ID_ARG) -> None:
    """Show the next hint (each call reveals one more). 显示下一条提示。"""
    from llmpath import ui
    from llmpath.exercises import core

    current = state()
    lang = current.lang
    spec = _spec(exercise_id)
    hints = core.load_hints(spec)
    index = current.store.update(lambda progress: core.record_hint(progress, spec, len(hints), _now()))
    ui.line(tr(lang, f"Hint {index + 1}/{len(hints)} for {spec.id}:", f"{spec.id} 的提示 {index + 1}/{len(hints)}："), style="bold")
    ui.line(hints[index][lang if lang == "zh" else "en"])
    if index + 1 >= len(hints):
        ui.line(tr(lang, f"That was the last hint. Still stuck? llmpath exercise solution {spec.id} --give-up",
                   f"这是最后一条提示。仍然卡住？llmpath exercise solution {spec.id} --give-up"), style="dim")
    else:
        ui.line(tr(lang, "Run it again for the next hint.", "再次运行可看下一条提示。"), style="dim")


@exercise_app.command("solution")
def solution(
    exercise_id: str = ID_ARG,
    give_up: bool = typer.Option(False, "--give-up", help="Show it even though you have not passed yet."),
) -> None:
    """Show the reference solution (after you pass, or with --give-up). 查看参考答案。"""
    from llmpath import ui
    from llmpath.exercises import core
    from llmpath.ui.exercise import render_source

    current = state()
    lang = current.lang
    spec = _spec(exercise_id)
    passed = core.status_of(current.store.load(), spec) == "passed"
    if not passed and not give_up:
        raise LlmpathError(tr(lang, f"pass `llmpath exercise check {spec.id}` first, or add --give-up to see the solution now",
                              f"请先通过 `llmpath exercise check {spec.id}`，或加上 --give-up 直接查看答案"))
    current.store.update(lambda progress: core.record_solution(progress, spec, _now(), give_up=not passed))
    render_source(core.solution_source(spec))
    if not passed:
        ui.aside(tr(lang, f"Type it in yourself, then run `llmpath exercise check {spec.id}`: that is how it sticks.",
                    f"自己动手敲一遍，然后运行 `llmpath exercise check {spec.id}`：这样才记得牢。"), style="dim")


@exercise_app.command("reset")
def reset(
    exercise_id: str = ID_ARG,
    file: Optional[Path] = FILE_OPT,
    list_only: bool = typer.Option(False, "--list", help="List the earlier versions reset kept, change nothing."),
) -> None:
    """Put the scaffold back in your file (every earlier version is kept as a timestamped backup). 重置练习文件。"""
    from llmpath import ui
    from llmpath.exercises import core

    current = state()
    lang = current.lang
    spec = _spec(exercise_id)
    located = core.learner_file(spec, core.entry_of(current.store.load(), spec), file)
    if located.notice:
        ui.line(located.notice.get(lang), style="yellow")
    path = located.path
    if list_only:
        kept = core.backups(path)
        if not kept:
            ui.line(tr(lang, f"No earlier versions of {path} are kept.", f"没有保存 {path} 的早期版本。"))
        for backup in kept:
            ui.line(str(backup))
        return
    backup = core.reset_file(spec, path, _now())
    resolved = path.parent.resolve() / path.name
    current.store.update(lambda progress: core.record_start(progress, spec, resolved, _now()))
    ui.line(tr(lang, f"Reset {path} to the scaffold.", f"已把 {path} 重置为练习模板。"))
    if backup:
        ui.line(tr(lang, f"Your previous version is in {backup}.", f"你之前的版本保存在 {backup}。"), style="dim")
    count = len(core.backups(path))
    if count:
        ui.line(tr(lang, f"{count} earlier version{'s' if count != 1 else ''} kept: llmpath exercise reset {spec.id} --list",
                   f"共保存了 {count} 个早期版本：llmpath exercise reset {spec.id} --list"), style="dim")

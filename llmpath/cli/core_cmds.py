"""Browsing and housekeeping: topics, path, validate, progress, reset, export, import."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from llmpath.cli.app import app, check_paths, state
from llmpath.errors import LlmpathError, os_reason
from llmpath.i18n import L10n, tr
from llmpath.textsafe import clean_terminal_text


@app.command()
def topics(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List every unit with its id, module, minutes and status. 列出所有单元。"""
    from llmpath.views import topic_rows

    current = state()
    rows = topic_rows(current.catalog, current.store.load())
    if as_json:
        from llmpath import ui

        ui.print_json(rows, current.lang)
        return
    from llmpath.ui.views import render_topics

    titles = {module.id: module.title for module in current.catalog.ordered_modules()}
    render_topics(rows, titles, current.lang)


@app.command("path")
def path_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a tree.")) -> None:
    """Show the learning path as a tree with each unit's status. 以树状显示学习路径。"""
    from llmpath.views import path_tree

    current = state()
    tree = path_tree(current.catalog, current.store.load())
    from llmpath import ui

    if as_json:
        ui.print_json(tree, current.lang)
        return
    from llmpath.ui.views import render_path

    render_path(tree, current.lang)


@app.command()
def validate(
    dirs: list[Path] = typer.Argument(None, help="Content folders or files to check on top of the built-in content.", show_default=False),
    quick: bool = typer.Option(False, "--quick", help="Do not run the built-in exercises' checks (a pack's still run)."),
) -> None:
    """Check content files and exercises; print every problem as path:line: message. 检查内容文件与练习。"""
    from llmpath.content.catalog import builtin_roots, pack_roots, validate as run_checks
    from llmpath.exercises.validation import validate_exercises

    current = state()
    extra = list(current.content_dirs) + [str(d) for d in (dirs or [])]
    roots = builtin_roots() + pack_roots(current.content_dirs) + [Path(d) for d in (dirs or [])]
    check_paths(roots)
    from llmpath.exercises.registry import load_exercises

    known = set(load_exercises(extra).ids())
    catalog, problems = run_checks(roots, known_exercises=known, lint=True)
    exercises, exercise_problems = validate_exercises(extra, catalog, run_builtin=not quick)
    problems = problems + exercise_problems
    if problems:
        for problem in problems:
            typer.echo(clean_terminal_text(f"{_shown(problem.path)}:{problem.line}: {problem.message}"))
        typer.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {len(catalog.modules)} modules, {len(catalog.units)} units, {len(catalog.questions)} questions, "
               f"{len(exercises.specs)} exercises")


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


@app.command()
def reset(
    topic: Optional[str] = typer.Argument(None, help="A unit or module id; omit to reset everything."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Forget progress for a unit, a module, or everything (a backup is kept). 重置进度。"""
    from llmpath.views import reset_progress

    current = state()
    target = current.catalog.resolve(topic) if topic else None
    lang = current.lang
    label = target.id if target is not None else tr(lang, "ALL progress", "全部进度")
    if not yes:
        import sys

        if not sys.stdin.isatty():
            raise LlmpathError(f"refusing to reset {label} without confirmation; pass --yes", f"未经确认，不会重置{'全部进度' if target is None else ' ' + target.id}；请加上 --yes")
        if not typer.confirm(tr(lang, f"Reset {label}?", f"确定重置 {label} 吗？"), default=False):
            raise typer.Exit(1)
    result = reset_progress(current.store, current.catalog, target)
    typer.echo(tr(lang, f"reset {label}: {result['answers']} answers removed", f"已重置 {label}：删除 {result['answers']} 条答题记录")
               + (f" (backup: {result['backup']})" if result.get("backup") else ""))


@app.command()
def export(file: Path = typer.Argument(..., help="Where to write the export (JSON).")) -> None:
    """Write your progress to a file. 导出学习进度。"""
    from llmpath.progress import export_progress

    current = state()
    try:
        count = export_progress(current.store, file)
    except OSError as exc:
        raise LlmpathError(f"cannot write {file}: {exc.strerror or exc}", f"无法写入 {file}：{os_reason(exc, 'zh')}") from exc
    typer.echo(tr(current.lang, f"exported {count} answers to {file}", f"已导出 {count} 条答题记录到 {file}"))


@app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="A file written by `llmpath export`."),
    merge: bool = typer.Option(False, "--merge", help="Merge with this machine's progress instead of replacing it."),
) -> None:
    """Replace (or merge) your progress with an export; validated first. 导入学习进度。"""
    from llmpath.progress import read_import
    from llmpath.progress_check import Repairs

    current = state()
    repairs = Repairs()
    data = read_import(file, repairs)
    if repairs:
        current.store.notices.append(L10n(f"{file} had invalid fields ({repairs.summary()}); they were left out of the import",
                                          f"{file} 中有无效字段（{repairs.summary_zh()}）；导入时已略去"))
    if merge:
        from llmpath.merge import merge_into

        count = merge_into(current.store, data)
        typer.echo(tr(current.lang, f"merged {file}: {count} answers in total", f"已合并 {file}：共 {count} 条答题记录"))
        return
    backup = current.store.replace(data)
    message = tr(current.lang, f"imported {len(data['answers'])} answers from {file}", f"已从 {file} 导入 {len(data['answers'])} 条答题记录")
    typer.echo(message + (f" (previous progress kept in {backup})" if backup else ""))


@app.command()
def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    devices: bool = typer.Option(False, "--devices", help="Also import torch and list CPU / CUDA / MPS devices."),
) -> None:
    """Check Python, packages, models, folders and the terminal. 检查运行环境。"""
    from llmpath.doctor import as_json as to_json, run_checks

    checks = run_checks(devices=devices)
    from llmpath import ui

    if as_json:
        ui.print_json(to_json(checks), state().lang)
    else:
        from llmpath.ui.views import render_checks

        render_checks(checks, state().lang)
    if any(c.status == "problem" for c in checks):
        raise typer.Exit(1)

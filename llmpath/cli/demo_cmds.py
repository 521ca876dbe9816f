"""`llmpath demo`: run a hands-on demo, list them, or print a demo's source."""

from __future__ import annotations

from typing import Optional

import typer

from llmpath.cli.app import app, state
from llmpath.errors import LlmpathError
from llmpath.i18n import tr

MAX_SEED = 2**32 - 1


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def demo(
    ctx: typer.Context,
    demo_id: Optional[str] = typer.Argument(None, metavar="ID", help="The demo to run (see --list)."),
    list_: bool = typer.Option(False, "--list", help="List the demos."),
    seed: int = typer.Option(0, "--seed", help=f"Random seed, 0 to {MAX_SEED}: the same seed gives the same numbers."),
    as_json: bool = typer.Option(False, "--json", help="Print only the key figures as one JSON object."),
    plot: Optional[str] = typer.Option(None, "--plot", metavar="FILE.png", help="Also save a Matplotlib figure here."),
    show_code: bool = typer.Option(False, "--show-code", help="Print the demo's source code and exit."),
    device: str = typer.Option("auto", "--device", help="auto, cpu or cuda (demos that run a model)."),
    options: bool = typer.Option(False, "--options", help="List the demo's own options (e.g. --lr) and exit."),
    predict: bool = typer.Option(False, "--predict", help="Predict the result first; your guess is graded and recorded."),
) -> None:
    """Run a hands-on demo (extra options such as --lr 0.5 go to the demo). 运行动手演示。

    Examples: llmpath demo --list · llmpath demo svd --rank 8 · llmpath demo attention --json
    """
    if not 0 <= seed <= MAX_SEED:  # numpy and torch seeds are unsigned 32-bit
        raise LlmpathError(f"--seed must be a whole number from 0 to {MAX_SEED}, got {seed}"[:200],
                           f"--seed 必须是 0 到 {MAX_SEED} 之间的整数，收到的是 {seed}"[:200])
    current = state()
    lang = current.lang
    from llmpath import ui

    if list_ or demo_id is None:
        from llmpath.demos.registry import DEMOS

        rows = [{"id": d.id, "module": d.module, "title": d.title(lang), "budget_s": d.budget_s} for d in DEMOS]
        if as_json:
            ui.print_json(rows)
        else:
            ui.table(None, ["id", tr(lang, "module", "模块"), tr(lang, "title", "标题")], [[r["id"], r["module"], r["title"]] for r in rows], styles={0: "cyan"})
        return
    from llmpath.demos.base import DemoContext, DemoError
    from llmpath.demos.registry import get_demo
    from llmpath.demos.runner import demo_options, run_demo, source_path

    spec = get_demo(demo_id)
    if show_code:
        from llmpath.ui.demo import show_code as print_source

        print_source(str(source_path(spec.id)))
        return
    if options:
        rows = [[o.flag, o.type.__name__, str(o.default), o.help.get(lang)] for o in demo_options(spec)]
        ui.table(spec.id, [tr(lang, "option", "选项"), tr(lang, "type", "类型"), tr(lang, "default", "默认"), tr(lang, "what it does", "作用")], rows)
        return
    if device not in ("auto", "cpu", "cuda"):
        raise LlmpathError(f"--device must be auto, cpu or cuda, got {device!r}", f"--device 只能是 auto、cpu 或 cuda，收到的是 {device!r}")
    if plot is not None and not plot.lower().endswith((".png", ".svg", ".pdf")):
        raise LlmpathError(f"--plot needs a file name ending in .png, .svg or .pdf, got {plot!r}",
                           f"--plot 需要以 .png、.svg 或 .pdf 结尾的文件名，收到的是 {plot!r}")
    from llmpath.demos.predictions import prediction_args
    from llmpath.demos.runner import parse_options

    # A prediction question assumes the demo's default settings (plus any it names).
    args = (prediction_args(spec.id) if predict else []) + list(ctx.args)
    try:
        parse_options(demo_options(spec), args)  # refuse bad options before printing or asking anything
    except DemoError as exc:
        raise LlmpathError(exc.message, exc.message_zh) from exc
    asked = None
    if predict:
        if as_json:
            raise LlmpathError("--predict is interactive; it cannot be combined with --json", "--predict 需要交互，不能和 --json 一起使用")
        from llmpath.cli.predict_flow import ask_prediction

        asked = ask_prediction(current, spec.id)
        if asked is None:
            ui.line(tr(lang, f"demo '{spec.id}' has no prediction question; running it.", f"演示 '{spec.id}' 没有预测题；直接运行。"), style="dim")
    shown: list = []  # what the terminal drew, for the figure's Unicode fallback
    sink = (lambda block: None) if as_json else _terminal_sink(shown)
    context = DemoContext(lang=lang, seed=seed, device=device, plot_path=plot, sink=sink)
    if not as_json:
        from rich.text import Text

        ui.console().print(Text(f"{spec.title(lang)}  [{spec.id}]", style="bold underline"))
        _say_estimate(spec, lang)
    try:
        figures = run_demo(spec.id, context, args)
    except DemoError as exc:
        raise LlmpathError(exc.message, exc.message_zh) from exc
    if asked is not None:
        from llmpath.cli.predict_flow import grade_prediction

        grade_prediction(current, spec.id, asked, figures)
    if as_json:
        ui.print_json(figures)
    elif plot:
        from llmpath.ui.figure import charts_in, show_figure

        show_figure(plot, charts_in(shown), lang=lang)


def _say_estimate(spec, lang: str) -> None:
    """Heavy demos say how long and how much memory they will take before starting."""
    from llmpath.demos.estimate import describe, estimate, is_heavy

    if is_heavy(spec):
        from llmpath import ui

        prepared = True
        if spec.first_run_s:
            from llmpath.models import is_prepared, prepared_path

            prepared = is_prepared(prepared_path("smollm2-135m"))
        ui.line(describe(spec, estimate(spec), lang, prepared=prepared), style="dim")


def _terminal_sink(shown: list):
    from llmpath.ui.demo import render

    def draw(block) -> None:
        shown.append(block)
        render(block)

    return draw

"""`llmpath models`: which pretrained models the demos can use, and their one-time preparation.

Listing imports neither torch nor transformers (``llmpath.models`` finds packages through
their metadata); ``prepare`` does, and shows a progress bar.
"""

from __future__ import annotations

import typer

from llmpath.cli.app import app, state
from llmpath.errors import LlmpathError
from llmpath.i18n import tr

models_app = typer.Typer(
    help="Pretrained models the demos use: what is here, sizes, locations; `prepare` converts them once. 演示所用的预训练模型。",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(models_app, name="models")


@models_app.callback()
def models(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
) -> None:
    """List the models each demo can use, whether they are present, their size and where they live.

    Examples: llmpath models · llmpath models --json · llmpath models prepare
    """
    if ctx.invoked_subcommand is not None:
        return
    from llmpath import ui
    from llmpath.models import list_models

    lang = state().lang
    rows = [entry.to_json() for entry in list_models()]
    if as_json:
        ui.print_json(rows)
        return
    from llmpath.ui.models import model_table

    labels = {
        "demos": tr(lang, "demos", "演示"),
        "location": tr(lang, "where", "位置"),
        "get_it": tr(lang, "to get it", "获取方式"),
    }
    model_table(rows, labels=labels, lang=lang)
    if any(r["status"] == "needs prepare" for r in rows):
        ui.line(tr(lang, "Run `llmpath models prepare` once (about 35 s) so the demos load in a second.", "运行一次 `llmpath models prepare`（约 35 秒），之后演示可在一秒内加载模型。"), style="dim")


@models_app.command()
def prepare(
    force: bool = typer.Option(False, "--force", help="Prepare again even if already done."),
) -> None:
    """Prepare the offline models once: SmolLM2 GGUF → safetensors, GPT-2 tokenizer folder. 一次性准备离线模型。"""
    from llmpath import ui
    from llmpath.models import ModelUnavailable, prepare_all
    from llmpath.ui.models import progress_bar

    lang = state().lang
    try:
        with progress_bar("SmolLM2-135M", lang) as report:
            outcomes = prepare_all(force=force, progress=report)
    except ModelUnavailable as exc:
        raise LlmpathError(exc.message, exc.message_zh) from exc
    except MemoryError as exc:
        raise LlmpathError("not enough memory to convert SmolLM2 (it needs about 1.2 GB free)",
                           "内存不足，无法转换 SmolLM2（约需 1.2 GB 空闲内存）") from exc
    for key, outcome in outcomes:
        ui.line(f"{key}{tr(lang, ': ', '：')}{outcome.get(lang)}")
    ui.line(tr(lang, "Done. See `llmpath models`.", "完成。查看 `llmpath models`。"), style="dim")

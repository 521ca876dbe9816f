"""The Typer application, its global options, and the one place errors become exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from llmpath import __version__
from llmpath.errors import LlmpathError


@dataclass
class AppState:
    """Global options and lazily built services for one invocation."""

    lang_option: Optional[str] = None
    content_dirs: list[str] = field(default_factory=list)
    _catalog: Any = None
    _store: Any = None
    _lang: Optional[str] = None

    @property
    def catalog(self):
        if self._catalog is None:
            from llmpath.content.catalog import load_catalog

            self._catalog = load_catalog(self.content_dirs)
        return self._catalog

    @property
    def store(self):
        if self._store is None:
            from llmpath.paths import progress_file
            from llmpath.progress import ProgressStore

            self._store = ProgressStore(progress_file())
        return self._store

    @property
    def lang(self) -> str:
        if self._lang is None:
            from llmpath.i18n import normalize_lang, resolve_lang

            stored = None
            if not normalize_lang(self.lang_option):
                import os

                if not normalize_lang(os.environ.get("LLMPATH_LANG")):
                    stored = self.store.load().language
            self._lang = resolve_lang(self.lang_option, stored)
        return self._lang

    def notices(self) -> list[str]:
        return list(self._store.notices) if self._store is not None else []


_STATE = AppState()


def state() -> AppState:
    """This invocation's state (one per process; the root callback renews it per command)."""
    return _STATE


class LlmpathGroup(TyperGroup):
    """Turns domain errors, Ctrl-C and EOF into one line and an exit code — never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        code = 0
        try:
            return super().invoke(ctx)
        except LlmpathError as exc:
            _report_error(exc.text(_lang_or_english()))
            code = exc.exit_code
        except KeyboardInterrupt:
            _report_error("interrupted; your progress so far is saved")
            code = 130
        except EOFError:
            _report_error("input ended; your progress so far is saved")
            code = 1
        except BrokenPipeError:
            code = 141
        finally:
            if ctx.parent is None:
                for message in state().notices():
                    from llmpath import ui

                    ui.notice(message)
        raise typer.Exit(code)


def _report_error(message: str) -> None:
    from llmpath import ui

    ui.error(message, lang=_lang_or_english())


def _lang_or_english() -> str:
    """The learner's language for an error line; English when even that cannot be worked out."""
    try:
        return state().lang
    except Exception:  # the error may be that the progress file (which holds the language) is unreadable
        return "en"


app = typer.Typer(
    cls=LlmpathGroup,
    name="llmpath",
    help="A guided path through the foundations of large language models: read, run demos, take quizzes, review.\n\n大模型基础学习路径:阅读、运行演示、做测验、间隔复习。",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"llmpath {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    lang: Optional[str] = typer.Option(None, "--lang", help="Language: en or zh (default: $LLMPATH_LANG, your saved choice, the locale, then en).", metavar="en|zh"),
    content: list[str] = typer.Option([], "--content", help="Extra content pack folder (repeatable; also $LLMPATH_CONTENT).", metavar="DIR"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    from llmpath.i18n import normalize_lang

    if lang is not None and normalize_lang(lang) is None:
        raise LlmpathError(f"--lang must be en or zh, got {lang!r}")
    global _STATE
    _STATE = AppState(lang_option=lang, content_dirs=list(content))
    from llmpath import ui

    ui.reset_consoles()

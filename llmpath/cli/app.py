"""The Typer application, its global options, and the one place errors become exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

import typer
from typer.core import TyperGroup

from llmpath import __version__
from llmpath.errors import LlmpathError, os_reason
from llmpath.i18n import L10n, tr
try:  # typer ≥ 0.26 ships its own copy of Click and raises its exceptions
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses Click itself
    from click import exceptions as click_errors
from llmpath.textsafe import clean_terminal_text


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
            from llmpath.content.catalog import load_catalog, pack_roots

            check_paths(pack_roots(self.content_dirs))
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

    def use_language(self, lang: str) -> None:
        """The language the learner just chose, for the rest of this invocation."""
        self._lang = lang

    def notices(self) -> list[L10n]:
        """What the progress store had to tell the learner (repairs, backups), in both languages."""
        return list(self._store.notices) if self._store is not None else []


_STATE = AppState()


def check_paths(paths: Any) -> None:
    """Refuse, in one line, a path the OS cannot even look up (too long, a loop, no permission).

    A missing path is left to the caller, which has its own message for it.
    """
    import os

    for path in paths:
        try:
            os.stat(path)
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:  # ValueError: an embedded NUL
            shown = str(path) if len(str(path)) <= 80 else str(path)[:77] + "..."
            raise LlmpathError(f"cannot use {shown}: {os_reason(exc)}", f"无法使用 {shown}：{os_reason(exc, 'zh')}") from exc


def state() -> AppState:
    """This invocation's state (one per process; the root callback renews it per command)."""
    return _STATE


class LlmpathGroup(TyperGroup):
    """Turns domain errors, Ctrl-C and EOF into one line and an exit code — never a traceback."""

    def make_context(self, info_name: Any, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click_errors.ClickException as exc:  # a bad global option: Click echoes it, so clean it first
            _clean_click_error(exc, _usage_lang(None, args))
            raise

    def invoke(self, ctx: Any) -> Any:
        code = 0
        try:
            return super().invoke(ctx)
        except click_errors.ClickException as exc:  # usage errors quote arguments back
            _clean_click_error(exc, _usage_lang(ctx, ()))
            raise
        except LlmpathError as exc:
            _report_error(exc.text(_lang_or_english()))
            code = exc.exit_code
        except KeyboardInterrupt:
            _report_error(tr(_lang_or_english(), "interrupted; your progress so far is saved", "已中断；目前的进度已保存"))
            code = 130
        except EOFError:
            _report_error(tr(_lang_or_english(), "input ended; your progress so far is saved", "输入已结束；目前的进度已保存"))
            code = 1
        except BrokenPipeError:
            code = 141
        finally:
            if ctx.parent is None:
                lang = _lang_or_english()
                for message in state().notices():
                    from llmpath import ui

                    ui.notice(clean_terminal_text(message.get(lang)), lang=lang)
        raise typer.Exit(code)


def _report_error(message: str) -> None:
    """One line on stderr; the message may quote arguments or content, so it is cleaned of escapes."""
    from llmpath import ui

    ui.error(clean_terminal_text(message), lang=_lang_or_english())


def _clean_click_error(exc: click_errors.ClickException, lang: str = "en") -> None:
    exc.message = clean_terminal_text(exc.message)
    if isinstance(exc, click_errors.BadParameter) and exc.param_hint is not None:
        exc.param_hint = clean_terminal_text(str(exc.param_hint))
    if isinstance(exc, click_errors.NoSuchOption):
        exc.option_name = clean_terminal_text(exc.option_name)
        exc.possibilities = [clean_terminal_text(p) for p in exc.possibilities or []]
    if lang == "zh" and not getattr(exc, "_in_chinese", False):   # Click prints it later, through exc.show()
        from llmpath.cli.usage_zh import show_in_chinese

        exc._in_chinese = True
        exc.show = lambda file=None: show_in_chinese(exc)


def _usage_lang(ctx: Any, args: Any) -> str:
    """The language of a usage error. It may come before the root callback has read --lang: then from the
    parsed root options, or the raw arguments, else the saved choice, the environment and the locale."""
    from llmpath.i18n import normalize_lang

    root = ctx.find_root() if ctx is not None else None
    given = root.params.get("lang") if root is not None else None
    if given is None:
        words = list(args)
        for i, word in enumerate(words):
            if word == "--lang" and i + 1 < len(words):
                given = words[i + 1]
            elif word.startswith("--lang="):
                given = word.split("=", 1)[1]
    return normalize_lang(given) or _lang_or_english()


def _lang_or_english() -> str:
    """The learner's language for an error line; English when even that cannot be worked out."""
    try:
        return state().lang
    except Exception:  # the error may be that the progress file (which holds the language) is unreadable
        return "en"


app = typer.Typer(
    cls=LlmpathGroup,
    name="llmpath",
    help="A guided path through the foundations of large language models: read, run demos, take quizzes, review.\n\n大模型基础学习路径：阅读、运行演示、做测验、间隔复习。",
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

    global _STATE
    if lang is not None and normalize_lang(lang) is None:
        _STATE = AppState(content_dirs=list(content))  # the error line's language: $LLMPATH_LANG, saved, locale
        raise LlmpathError(f"--lang must be en or zh, got {lang!r}", f"--lang 只能是 en 或 zh，收到的是 {lang!r}")
    _STATE = AppState(lang_option=lang, content_dirs=list(content))
    from llmpath import ui

    ui.reset_consoles()

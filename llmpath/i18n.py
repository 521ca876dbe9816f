"""The interface language: en or zh, how it is chosen, and the one bilingual text type.

The core (content, session, views, progress figures) returns :class:`L10n` wherever a learner
reads text; only ``llmpath.ui`` picks a language, with :func:`localize` (or ``L10n.get``).
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

LANGS = ("en", "zh")


class L10n(NamedTuple):
    """A text in every supported language."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def localize(value: Any, lang: str) -> Any:
    """``value`` with every L10n inside it (dicts, lists, tuples) replaced by its text in ``lang``."""
    if isinstance(value, L10n):
        return value.get(lang)
    if isinstance(value, dict):
        return {key: localize(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [localize(item, lang) for item in value]
    if isinstance(value, tuple):
        return tuple(localize(item, lang) for item in value)
    return value


def normalize_lang(value: str | None) -> str | None:
    """'zh_CN.UTF-8', 'zh-Hans', 'ZH' → 'zh'; 'en_US' → 'en'; anything else → None."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return head if head in LANGS else None


def locale_lang() -> str | None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_lang(value)
    return None


def resolve_lang(option: str | None, stored: str | None = None) -> str:
    """--lang, then $LLMPATH_LANG, then the language saved in progress, then the locale, then en."""
    for candidate in (option, os.environ.get("LLMPATH_LANG"), stored, locale_lang()):
        lang = normalize_lang(candidate)
        if lang:
            return lang
    return "en"


def tr(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en

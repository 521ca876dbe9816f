"""The interface language: en or zh, and how it is chosen."""

from __future__ import annotations

import os

LANGS = ("en", "zh")


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

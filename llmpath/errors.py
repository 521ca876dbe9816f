"""Domain errors. Each carries one line a learner can act on; the CLI turns them into exits."""

from __future__ import annotations

from dataclasses import dataclass

from llmpath.textsafe import visible_controls


class LlmpathError(Exception):
    """An error the CLI reports as one line and a non-zero exit code."""

    exit_code = 1

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = zh  # the same line in Chinese, where the raiser wrote one

    def text(self, lang: str) -> str:
        return self.message_zh if lang == "zh" and self.message_zh else self.message


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file, reported as ``path:line: message``."""

    path: str
    line: int
    message: str
    column: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(LlmpathError):
    """Content failed to load or validate; holds every problem found, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        first = str(self.problems[0]) if self.problems else "invalid content"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''}; run `llmpath validate`)" if more else ""
        super().__init__(first + suffix)


KINDS_ZH = {"topic": "单元或模块", "demo": "演示", "exercise": "练习", "model": "模型"}
LISTINGS = {"demo": "llmpath demo --list", "exercise": "llmpath exercise list", "model": "llmpath models"}


class UnknownTopicError(LlmpathError):
    """A topic id that matches no unit, module, demo or exercise."""

    exit_code = 2

    def __init__(self, topic: str, suggestions: list[str], kind: str = "topic") -> None:
        self.topic = topic
        self.suggestions = suggestions
        listing = LISTINGS.get(kind, "llmpath topics")
        shown = visible_controls(topic if len(topic) <= 80 else topic[:77] + "...")
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else f"; run `{listing}` to list them"
        hint_zh = f"；你要找的是不是 {'、'.join(suggestions)}？" if suggestions else f"；运行 `{listing}` 查看全部"
        super().__init__(f"unknown {kind} '{shown}'{hint}", f"没有名为“{shown}”的{KINDS_ZH.get(kind, kind)}{hint_zh}")


class ProgressError(LlmpathError):
    """The progress file cannot be read or written (permissions, full disk, bad import)."""

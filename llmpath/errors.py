"""Domain errors. Each carries one line a learner can act on; the CLI turns them into exits."""

from __future__ import annotations

import errno
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


# The operating-system errors a learner meets, in Chinese (``strerror`` is always English).
OS_REASONS_ZH = {
    errno.EACCES: "没有权限", errno.EPERM: "不允许这样操作", errno.ENOENT: "不存在", errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的", errno.EISDIR: "是一个文件夹", errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.ENAMETOOLONG: "路径太长", errno.ELOOP: "符号链接构成了循环", errno.EEXIST: "已经存在",
    errno.EDQUOT: "超出磁盘配额", errno.EIO: "输入输出错误", errno.EBUSY: "正被占用", errno.ENXIO: "设备不存在",
}


def os_reason(exc: BaseException, lang: str = "en") -> str:
    """Why an OS call failed, for an error line: ``strerror`` in English, its Chinese where known."""
    if lang == "zh" and isinstance(exc, OSError) and exc.errno in OS_REASONS_ZH:
        return OS_REASONS_ZH[exc.errno]
    if isinstance(exc, ValueError) and lang == "zh" and "null" in str(exc):
        return "路径中含有空字符"
    return str(getattr(exc, "strerror", None) or exc)


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
        suffix_zh = f"（另有 {more} 个问题；运行 `llmpath validate` 查看）" if more else ""
        # The problems themselves are for content authors and stay as the validator wrote them.
        super().__init__(first + suffix, first + suffix_zh if more else None)


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

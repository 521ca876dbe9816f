"""Click's usage errors in Chinese: the CLI's one line for a mistyped command or option, in zh mode.

Click (vendored by Typer) writes these in English only. Each message it builds is matched here by its
template and said again in Chinese from the same parts (names, values, suggestions stay as typed);
a message no template knows keeps its English words after a Chinese lead-in.
"""

from __future__ import annotations

import re
from typing import Any

_TYPE_WORDS = {"integer": "整数", "int": "整数", "float": "数", "int range": "整数", "float range": "数",
               "boolean": "布尔值", "text": "文本", "choice": "选项"}

_TEMPLATES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"No such command (?P<name>'[^']*')\.(?: Did you mean (?P<near>'[^']*')\?)?"),
     lambda m: f"没有命令 {m['name']}" + (f"。你是想输入 {m['near']} 吗？" if m["near"] else "。")),
    (re.compile(r"No such option: (?P<name>\S+)(?: Did you mean (?P<near>\S+)\?)?(?: \(Possible options: (?P<all>.*)\))?"),
     lambda m: f"没有选项 {m['name']}" + (f"。你是想输入 {m['near']} 吗？" if m["near"] else "")
     + (f"（可能的选项：{m['all']}）" if m["all"] else "") + ("" if m["near"] else "。")),
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<value>'.*') is not a valid (?P<type>[a-z ]+)\."),
     lambda m: f"{m['hint']} 的值无效：{m['value']} 不是有效的{_TYPE_WORDS.get(m['type'], m['type'])}。"),
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<value>\S+) is not in the range (?P<range>.+)\."),
     lambda m: f"{m['hint']} 的值无效：{m['value']} 不在范围 {m['range']} 内。"),
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<value>'.*') is not one of (?P<choices>.+)\."),
     lambda m: f"{m['hint']} 的值无效：{m['value']} 不是 {m['choices']} 之一。"),
    (re.compile(r"Invalid value for (?P<hint>.+?): (?P<rest>.*)"),
     lambda m: f"{m['hint']} 的值无效：{m['rest']}"),
    (re.compile(r"Missing (?P<kind>argument|option|parameter) (?P<hint>.+?)\.(?P<rest>.*)"),
     lambda m: f"缺少{ {'argument': '参数', 'option': '选项', 'parameter': '参数'}[m['kind']] } {m['hint']}。{m['rest'].strip()}"),
    (re.compile(r"Option (?P<name>'[^']*') requires an argument\."),
     lambda m: f"选项 {m['name']} 需要一个值。"),
    (re.compile(r"Option (?P<name>'[^']*') requires (?P<n>\d+) arguments\."),
     lambda m: f"选项 {m['name']} 需要 {m['n']} 个值。"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"),
     lambda m: f"多出了无法识别的参数（{m['args']}）。"),
]


def message_zh(message: str) -> str:
    """Click's English ``message`` said in Chinese (the whole message must match one template)."""
    for pattern, say in _TEMPLATES:
        found = pattern.fullmatch(message.strip())
        if found:
            return say(found)
    return f"命令行用法有误：{message}"


def show_in_chinese(exc: Any) -> None:
    """What ``exc.show()`` prints, in Chinese: the usage line, where to find help, then the error."""
    from typer._click import echo

    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        usage = ctx.get_usage()
        lines.append("用法：" + usage.removeprefix("Usage: "))
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"运行 '{ctx.command_path} {ctx.help_option_names[0]}' 查看帮助。")
        lines.append("")
    lines.append("错误：" + message_zh(exc.format_message()))
    echo("\n".join(lines), err=True)

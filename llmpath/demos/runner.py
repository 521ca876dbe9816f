"""Run a demo by id: import its module, check options, call ``run``. No terminal I/O."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

from llmpath.demos.base import DemoContext, DemoError, Option
from llmpath.demos.registry import DemoSpec, get_demo


def load_module(spec: DemoSpec) -> Any:
    return importlib.import_module(spec.module_name)


def demo_options(spec: DemoSpec) -> list[Option]:
    return list(getattr(load_module(spec), "OPTIONS", []))


def parse_options(options: list[Option], args: list[str]) -> dict[str, Any]:
    """``['--lr', '0.5', '--rank=4']`` → ``{'lr': 0.5, 'rank': 4}``, refusing unknown flags."""
    by_flag = {opt.flag: opt for opt in options}
    values = {opt.name: opt.default for opt in options}
    i = 0
    while i < len(args):
        arg = args[i]
        flag, _, inline = arg.partition("=")
        opt = by_flag.get(flag)
        if opt is None:
            known = ", ".join(sorted(by_flag)) or "none"
            raise DemoError(f"unknown option {flag!r} for this demo (its options: {known})",
                            f"这个演示没有选项 {flag!r}（它的选项：{known if by_flag else '无'}）")
        if inline:
            text = inline
        elif i + 1 < len(args):
            i += 1
            text = args[i]
        else:
            raise DemoError(f"{flag} needs a value", f"{flag} 需要一个值")
        values[opt.name] = opt.parse(text)
        i += 1
    return values


def run_demo(demo_id: str, ctx: DemoContext, args: list[str] | None = None, **overrides: Any) -> dict[str, Any]:
    """Run one demo; returns its figures. ``args`` are CLI-style options, ``overrides`` typed ones."""
    spec = get_demo(demo_id)
    module = load_module(spec)
    options: list[Option] = list(getattr(module, "OPTIONS", []))
    values = parse_options(options, list(args or []))
    known = {opt.name: opt for opt in options}
    for name, value in overrides.items():
        if name not in known:
            raise DemoError(f"demo '{spec.id}' has no option '{name}'", f"演示 '{spec.id}' 没有选项 '{name}'")
        known[name].check(value)
        values[name] = value
    ctx.figures.setdefault("demo", spec.id)
    ctx.figures.setdefault("seed", ctx.seed)
    module.run(ctx, **values)
    return ctx.figures


def source_path(demo_id: str) -> Path:
    spec = get_demo(demo_id)
    module = load_module(spec)
    return Path(inspect.getfile(module))

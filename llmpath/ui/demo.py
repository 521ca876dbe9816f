"""Draw demo blocks (``llmpath.demos.base``) in the terminal as they arrive."""

from __future__ import annotations

import math

from rich.text import Text

from llmpath.demos import base
from llmpath.ui import aside, bar, console, markdown, print_code, table

SPARK = "▁▂▃▄▅▆▇█"
SHADES = " ░▒▓█"


def render(block: base.Block) -> None:
    out = console()
    if isinstance(block, base.Heading):
        out.print()
        out.print(Text(block.title, style="bold cyan"))
    elif isinstance(block, base.Text):
        markdown(block.body)
    elif isinstance(block, base.Table):
        table(block.title, list(block.columns), [list(r) for r in block.rows])
    elif isinstance(block, base.Bars):
        render_bars(block)
    elif isinstance(block, base.Chart):
        render_chart(block)
    elif isinstance(block, base.Heatmap):
        render_heatmap(block)
    elif isinstance(block, base.Agreement):
        out.print(Text(agreement_line(block), style="green" if block.ok else "bold red"))
    elif isinstance(block, base.Stream):
        out.print(block.text, end="\n" if block.end else "", soft_wrap=True)
        out.file.flush()


def agreement_line(block: base.Agreement) -> str:
    if block.lang == "zh":
        verdict = "✓ 一致" if block.ok else "✗ 不一致"
        from llmpath.content.lint import fix_zh   # "线性层 对照 numpy": no space where two Chinese words meet

        return fix_zh(f"{verdict}：{block.what} 对照 {block.reference}，最大绝对差 {block.max_abs_diff:.2e}")
    return f"{'✓' if block.ok else '✗'} {block.what} vs {block.reference}: max |diff| = {block.max_abs_diff:.2e}"


def render_bars(block: base.Bars) -> None:
    out = console()
    if block.title:
        out.print(Text(block.title, style="bold"))
    top = max((abs(v) for v in block.values), default=0.0) or 1.0
    width = max((len(label) for label in block.labels), default=0)
    for label, value in zip(block.labels, block.values):
        out.print(Text(f"  {label:<{width}} ") + Text(bar(abs(value) / top, 24), style="cyan") + Text(" " + block.fmt.format(value)))


def render_chart(block: base.Chart, width: int = 48) -> None:
    """One sparkline row per series, resampled to ``width`` columns, with first/last/min values."""
    out = console()
    if block.title:
        out.print(Text(block.title, style="bold"))
    all_values = [v for _, values in block.series for v in values if math.isfinite(v)]
    if not all_values:
        return
    transform = (lambda v: math.log10(max(v, 1e-12))) if block.log_y else (lambda v: v)
    lo = min(transform(v) for v in all_values)
    hi = max(transform(v) for v in all_values)
    span = (hi - lo) or 1.0
    name_width = max(len(name) for name, _ in block.series)
    for name, values in block.series:
        if not values:
            continue
        step = max(1, math.ceil(len(values) / width))
        sampled = [values[i] for i in range(0, len(values), step)]
        cells = "".join(
            SPARK[int((transform(v) - lo) / span * (len(SPARK) - 1))] if math.isfinite(v) else "×" for v in sampled
        )
        out.print(Text(f"  {name:<{name_width}} ") + Text(cells, style="magenta") + Text(f"  {values[0]:.4g} → {values[-1]:.4g}"))
    if block.x_label:
        out.print(Text(f"  {'':<{name_width}} {block.x_label} →", style="dim"))


def render_heatmap(block: base.Heatmap) -> None:
    out = console()
    if block.title:
        out.print(Text(block.title, style="bold"))
    flat = [v for row in block.values for v in row]
    lo, hi = (min(flat), max(flat)) if flat else (0.0, 1.0)
    span = (hi - lo) or 1.0
    label_width = max((len(r) for r in block.row_labels), default=0)
    cell = max(3, max((len(c) for c in block.col_labels), default=3))
    header = " " * (label_width + 3) + "".join(c[:cell].center(cell + 1) for c in block.col_labels)
    out.print(Text(header, style="dim"))
    for label, row in zip(block.row_labels, block.values):
        text = Text(f"  {label:>{label_width}} ")
        for v in row:
            shade = SHADES[int((v - lo) / span * (len(SHADES) - 1))]
            text += Text(shade * cell + " ", style="cyan")
        text += Text("  " + " ".join(f"{v:.2f}" for v in row), style="dim")
        out.print(text)


def show_code(path: str) -> None:
    """A demo's source, line for line (raw into a pipe, cropped in a terminal), its path on stderr."""
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    aside(path, style="bold")
    print_code(source, line_numbers=console().is_terminal)

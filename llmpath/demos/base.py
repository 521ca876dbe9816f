"""What a demo is made of, as plain data: no rich, no printing.

A demo module (``llmpath/demos/<id>.py``) defines::

    OPTIONS = [Option("lr", float, 0.1, "learning rate", "学习率", low=1e-6, high=10.0)]
    def run(ctx: DemoContext, *, lr: float) -> None: ...

``run`` teaches by emitting blocks (``ctx.say``, ``ctx.table``, ``ctx.bars``,
``ctx.chart``, ``ctx.heatmap``, ``ctx.agree``) and records the key figures in
``ctx.figures`` (what ``--json`` prints). Rendering is the CLI's job: the context
hands every block to ``sink``, which the terminal UI draws as it arrives (so long
demos and token streams show progress), and which tests replace with a list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from llmpath.errors import LlmpathError
from llmpath.i18n import L10n


@dataclass(frozen=True)
class Text:
    """A paragraph of Markdown."""

    body: str


@dataclass(frozen=True)
class Heading:
    title: str


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bars:
    """Horizontal bars, one per label (probabilities, importances, errors)."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    fmt: str = "{:.3f}"


@dataclass(frozen=True)
class Chart:
    """One or more series over steps, drawn as a compact terminal line chart."""

    title: str
    series: tuple[tuple[str, tuple[float, ...]], ...]
    x_label: str = ""
    log_y: bool = False


@dataclass(frozen=True)
class Heatmap:
    title: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Agreement:
    """From-scratch result vs the library reference: the largest absolute difference."""

    what: str
    reference: str
    max_abs_diff: float
    tolerance: float
    lang: str = "en"  # the check line's own words ("vs", "max |diff|") follow the demo's language

    @property
    def ok(self) -> bool:
        return self.max_abs_diff <= self.tolerance


@dataclass(frozen=True)
class Stream:
    """A piece of text to append on the current line (tokens as they are generated)."""

    text: str
    end: bool = False


Block = Text | Heading | Table | Bars | Chart | Heatmap | Agreement | Stream


class DemoError(LlmpathError):
    """A demo cannot run as asked (bad option value, missing model): one line for the learner, in both languages."""


@dataclass(frozen=True)
class Option:
    """A parameter a learner may vary: ``llmpath demo <id> --<name> VALUE``."""

    name: str
    type: type
    default: Any
    help_en: str
    help_zh: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    @property
    def help(self) -> L10n:
        return L10n(self.help_en, self.help_zh)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def parse(self, text: str) -> Any:
        if self.type is str:  # a demo may print it back: no escape sequences reach the terminal
            from llmpath.textsafe import clean_terminal_text

            text = clean_terminal_text(text)
        try:
            value = self.type(text)
        except (TypeError, ValueError):
            raise DemoError(f"{self.flag} expects {_type_word(self.type)}, got {_quoted(text)}",
                            f"{self.flag} 需要{_type_word(self.type, 'zh')}，收到的是 {_quoted(text)}") from None
        self.check(value)
        return value

    def check(self, value: Any) -> None:
        if self.choices and value not in self.choices:
            raise DemoError(f"{self.flag} must be one of {', '.join(self.choices)}, got {value!r}",
                            f"{self.flag} 只能是 {'、'.join(self.choices)} 之一，收到的是 {value!r}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise DemoError(f"{self.flag} must be a finite number, got {value!r}", f"{self.flag} 必须是有限的数，收到的是 {value!r}")
            if self.low is not None and value < self.low or self.high is not None and value > self.high:
                raise DemoError(f"{self.flag} must be between {self.low} and {self.high}, got {value!r}",
                                f"{self.flag} 必须在 {self.low} 到 {self.high} 之间，收到的是 {value!r}")


def _quoted(text: str) -> str:
    """An option value for an error message: repr'd (escapes visible), long ones cut."""
    return repr(text) if len(text) <= 60 else repr(text[:57]) + "..."


def _type_word(kind: type, lang: str = "en") -> str:
    words = {int: "一个整数", float: "一个数", str: "一段文本"} if lang == "zh" else {int: "a whole number", float: "a number", str: "text"}
    return words.get(kind, kind.__name__)


@dataclass
class DemoContext:
    """What a demo receives: language, seed, device, where to plot, and where blocks go."""

    lang: str = "en"
    seed: int = 0
    device: str = "auto"
    plot_path: str | None = None
    sink: Callable[[Block], None] = lambda block: None
    figures: dict[str, Any] = field(default_factory=dict)
    blocks_emitted: int = 0

    # language ---------------------------------------------------------------
    def t(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh" else en

    # emitting -----------------------------------------------------------------
    def emit(self, block: Block) -> None:
        self.blocks_emitted += 1
        self.sink(block)

    def heading(self, en: str, zh: str) -> None:
        self.emit(Heading(self.t(en, zh)))

    def say(self, en: str, zh: str) -> None:
        self.emit(Text(self.t(en, zh)))

    def pick(self, label: L10n | str) -> str:
        """A label in the learner's language: an L10n is chosen from, a plain string is data (a
        token, a number, a model name) and shows as it is in both languages."""
        return label.get(self.lang) if isinstance(label, L10n) else str(label)

    def table(self, title: L10n | str, columns: Sequence[L10n | str], rows: Sequence[Sequence[Any]], *,
              more_rows: bool = False, more_columns: bool = False) -> None:
        """A table; ``more_rows``/``more_columns`` say it shows only the first rows/columns, which adds a "…" row/column."""
        columns = [self.pick(c) for c in columns]
        cells = [[_cell(self.pick(v) if isinstance(v, L10n) else v) for v in row] for row in rows]
        if more_columns:
            columns.append("…")
            cells = [[*row, "…"] for row in cells]
        if more_rows:
            cells.append(["…"] * len(columns))
        self.emit(Table(self.pick(title), tuple(columns), tuple(tuple(row) for row in cells)))

    def bars(self, title: L10n | str, labels: Sequence[L10n | str], values: Sequence[float], fmt: str = "{:.3f}") -> None:
        self.emit(Bars(self.pick(title), tuple(self.pick(str(x)) for x in labels), tuple(float(v) for v in values), fmt))

    def chart(self, title: L10n | str, series: dict[L10n | str, Sequence[float]], x_label: L10n | str = "", log_y: bool = False) -> None:
        self.emit(Chart(self.pick(title), tuple((self.pick(name), tuple(float(v) for v in values)) for name, values in series.items()),
                        self.pick(x_label), log_y))

    def heatmap(self, title: L10n | str, rows: Sequence[str], cols: Sequence[str], values: Any) -> None:
        self.emit(Heatmap(self.pick(title), tuple(rows), tuple(cols), tuple(tuple(float(v) for v in row) for row in values)))

    def stream(self, text: str, end: bool = False) -> None:
        self.emit(Stream(text, end))

    def agree(self, what: L10n | str, ours: Any, reference: Any, *, reference_name: L10n | str, tolerance: float = 1e-6, key: str | None = None) -> float:
        """Show (and record) the largest difference between our result and the library's."""
        import numpy as np

        a = np.asarray(_to_numpy(ours), dtype=float)
        b = np.asarray(_to_numpy(reference), dtype=float)
        if a.shape != b.shape:
            raise AssertionError(f"{what}: shape {a.shape} vs reference {b.shape}")
        diff = float(np.max(np.abs(a - b))) if a.size else 0.0
        self.figures[key or f"max_diff_{_slug(what.en if isinstance(what, L10n) else what)}"] = diff  # keys stay English in both languages
        self.emit(Agreement(self.pick(what), self.pick(reference_name), diff, tolerance, self.lang))
        return diff

    # device -------------------------------------------------------------------
    def torch_device(self) -> str:
        """'cuda' when asked or (auto) when present, else 'cpu'. Imports torch."""
        import torch

        if self.device == "cuda" and not torch.cuda.is_available():
            raise DemoError("--device cuda was asked for but no CUDA GPU is available; use --device cpu",
                            "指定了 --device cuda，但没有可用的 CUDA GPU；请改用 --device cpu")
        if self.device in ("cuda", "cpu"):
            return self.device
        return "cuda" if torch.cuda.is_available() else "cpu"

    def savefig(self, figure: Any) -> None:
        """Save a Matplotlib figure to ``--plot`` (if given) and record where."""
        if self.plot_path:
            figure.savefig(self.plot_path, dpi=110, bbox_inches="tight")
            self.figures["plot"] = self.plot_path

    def wants_plot(self) -> bool:
        return self.plot_path is not None


def pyplot() -> Any:
    """Matplotlib's pyplot on the non-interactive Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


@contextmanager
def single_thread() -> Iterator[None]:
    """Run the block with ``torch.set_num_threads(1)``, then restore the previous count.

    Demo tensors are tiny and steps sequential: a second thread costs more in
    synchronisation than it saves. Imports torch only when entered.
    """
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def adam_step(params: Sequence[Any], grads: Sequence[Any], state: dict[str, Any], lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
    """One Adam update, in place (what torch.optim.Adam does, without importing its torch._dynamo machinery).

    m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − lr · m̂ / (√v̂ + ε), with m̂, v̂ bias-corrected.
    ``state`` starts as ``{}`` and keeps the step count and the moments between calls.
    """
    import torch

    b1, b2 = betas
    if not state:
        state.update(t=0, moments=[(torch.zeros_like(p), torch.zeros_like(p)) for p in params])
    state["t"] += 1
    t = state["t"]
    with torch.no_grad():
        for p, g, (m, v) in zip(params, grads, state["moments"]):
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p.sub_(lr * (m / (1 - b1**t)) / ((v / (1 - b2**t)).sqrt() + eps))


def adam(params: Sequence[Any], lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Callable[[], None]:
    """Adam as a closure: ``step = adam(params, lr)``, then after each ``loss.backward()`` call ``step()``,
    which updates every parameter from its ``.grad`` (see :func:`adam_step`) and clears the ``.grad``."""
    params, state = list(params), {}

    def step() -> None:
        adam_step(params, [p.grad for p in params], state, lr, betas, eps)
        for p in params:
            p.grad = None

    return step


def _cell(value: Any) -> str:
    if isinstance(value, float):
        value = value + 0.0  # -0.0 → 0.0
        if value != 0 and (abs(value) < 1e-3 or abs(value) >= 1e6):
            return f"{value:.3e}"
        return f"{value:.4f}".rstrip("0").rstrip(".") if not value.is_integer() else f"{value:.1f}"
    return str(value)


def _to_numpy(value: Any) -> Any:
    if hasattr(value, "detach"):
        return value.detach().cpu().numpy()
    return value


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_")

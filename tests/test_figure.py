"""A demo's figure: a picture where the terminal shows images, a Unicode chart where it cannot,
the path always, and never an image escape into a pipe or a NO_COLOR terminal."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from llmpath.demos.base import Chart
from llmpath.ui.figure import image_protocol, show_figure

STYLE = re.compile(r"\x1b\[[0-9;]*m")
ESCAPES = ("\x1b_G", "\x1bP", "\x1b]1337")  # kitty graphics, sixel (DCS), iTerm2 inline image
CHART = [Chart("loss", (("sgd", tuple(10 / (i + 1) for i in range(30))), ("adam", tuple(5 / (i + 1) ** 2 for i in range(30)))), "step", True)]


@pytest.fixture
def png(tmp_path):
    from llmpath.demos.base import pyplot

    plt = pyplot()
    figure, axes = plt.subplots(figsize=(2, 1.5))
    axes.plot([1, 3, 2])
    path = tmp_path / "figure.png"
    figure.savefig(path)
    plt.close(figure)
    return path


def render(png, *, terminal: bool, monkeypatch, env: dict[str, str] | None = None, data=CHART) -> str:
    for name in ("TERM", "TERM_PROGRAM", "KITTY_WINDOW_ID", "LC_TERMINAL", "TMUX", "LLMPATH_IMAGES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    out = Console(file=io.StringIO(), width=80, force_terminal=terminal, color_system="standard" if terminal else None)
    show_figure(png, data, lang="en", out=out)
    return STYLE.sub("", out.file.getvalue())  # colours off, escapes kept


def test_a_pipe_gets_the_path_only(png, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(png, terminal=False, monkeypatch=monkeypatch, env={"TERM_PROGRAM": "iTerm.app"})
    assert text == f"figure: {png}\n"


def test_no_color_gets_the_path_only(png, monkeypatch):
    text = render(png, terminal=True, monkeypatch=monkeypatch, env={"NO_COLOR": "1", "TERM": "xterm-kitty"})
    assert not any(e in text for e in ESCAPES) and text.strip().endswith(f"figure: {png}")
    assert "┌" not in text  # no chart either


def test_a_terminal_without_images_gets_a_unicode_chart(png, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(png, terminal=True, monkeypatch=monkeypatch, env={"TERM": "dumb"})
    assert not any(e in text for e in ESCAPES)
    assert "sgd" in text and "adam" in text and any("\u2800" <= ch <= "\u28ff" for ch in text)  # Braille dots
    assert text.rstrip().endswith(f"figure: {png}")


def test_iterm_gets_an_inline_image_and_the_path(png, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(png, terminal=True, monkeypatch=monkeypatch, env={"TERM_PROGRAM": "iTerm.app"})
    assert "\x1b]1337;File=inline=1" in text and text.rstrip().endswith(f"figure: {png}")


def test_sixel_is_drawn_when_forced(png, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(png, terminal=True, monkeypatch=monkeypatch, env={"LLMPATH_IMAGES": "sixel"})
    assert "\x1bP" in text and text.rstrip().endswith(f"figure: {png}")


def test_images_can_be_switched_off(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("LLMPATH_IMAGES", "off")
    monkeypatch.setenv("TERM", "xterm-kitty")
    assert image_protocol(Console(file=io.StringIO(), force_terminal=True)) is None


def test_demo_plot_prints_the_path(invoke, tmp_path):
    target = tmp_path / "gd.png"
    result = invoke("--lang", "zh", "demo", "gradient-descent", "--plot", str(target))
    assert result.exit_code == 0 and target.is_file()
    assert result.stdout.rstrip().endswith(f"图片：{target}")
    assert not any(e in result.stdout for e in ESCAPES)

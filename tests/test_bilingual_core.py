"""One bilingual text type from content to the screen: the core returns L10n, only the ui picks."""

from __future__ import annotations

import inspect
from datetime import datetime, timezone

from llmpath import learning, mastery, views
from llmpath.content.catalog import load_catalog
from llmpath.i18n import L10n, localize
from llmpath.progress import Progress, empty_progress

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def test_localize_picks_one_language_everywhere_in_nested_data():
    data = {"title": L10n("Vectors", "向量"), "units": [{"name": L10n("a", "甲")}, ("x", L10n("b", "乙"))], "n": 3}
    assert localize(data, "zh") == {"title": "向量", "units": [{"name": "甲"}, ("x", "乙")], "n": 3}
    assert localize(data, "en")["units"][1] == ("x", "b")


def test_core_views_take_no_language_and_return_bilingual_titles():
    for function in (views.topic_rows, views.path_tree, views.path_overview, learning.dashboard, mastery.concept_mastery):
        assert "lang" not in inspect.signature(function).parameters, function.__qualname__
    catalog = load_catalog()
    progress = Progress(empty_progress(NOW))
    assert all(isinstance(row["title"], L10n) for row in views.topic_rows(catalog, progress))
    tree = views.path_tree(catalog, progress)
    assert all(isinstance(m["title"], L10n) and all(isinstance(u["title"], L10n) for u in m["units"]) for m in tree)
    assert all(isinstance(m["title"], L10n) for m in learning.dashboard(progress, catalog, NOW)["modules"])
    assert all(isinstance(row["name"], L10n) for row in mastery.concept_mastery(progress, catalog, NOW))


def test_json_output_carries_the_chosen_language(invoke):
    import json

    zh = json.loads(invoke("--lang", "zh", "path", "--json").output)
    en = json.loads(invoke("--lang", "en", "path", "--json").output)
    assert zh[0]["id"] == en[0]["id"] and zh[0]["title"] != en[0]["title"]
    assert isinstance(zh[0]["units"][0]["title"], str)


def test_demo_labels_are_l10n_not_split_strings():
    """Demo code writes a bilingual label as L10n("English", "中文"); nothing splits "English / 中文" any more,
    so such a literal would show both languages on every screen."""
    import ast
    import re
    from pathlib import Path

    import llmpath.demos

    cjk = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
    found = []
    for path in sorted(Path(llmpath.demos.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # the Chinese half of ctx.t / say / heading(en, zh) is prose and may hold a ratio "a / b"
        prose = {id(sub) for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("t", "say", "heading", "tr")
                 for arg in node.args for sub in ast.walk(arg)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " / " in node.value and id(node) not in prose:
                left, _, right = node.value.partition(" / ")
                if cjk.search(right) and not cjk.search(left) and not re.search(r"[。；！？]", node.value) and len(node.value) <= 90:
                    found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert not found, found

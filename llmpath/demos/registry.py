"""Every demo's id, module, title and time budget — read from ``demos.yaml`` beside this file,
without importing any demo.

``llmpath demo --list``, content validation and the time estimates read this table; the demo's
own file (``llmpath/demos/<module_name>.py``) is imported only when it runs. The data file is
checked like every content file: a problem is a ``path:line: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llmpath.content.models import L10n
from llmpath.errors import ContentError, UnknownTopicError

DATA_FILE = Path(__file__).resolve().parent / "demos.yaml"
HEAVY = ("numpy", "sklearn", "torch", "transformers")


@dataclass(frozen=True)
class DemoSpec:
    id: str
    module: str  # the curriculum module it belongs to
    name: L10n
    budget_s: float  # median wall time allowed on a 2-core machine, imports included
    heavy: str = "numpy"  # the heaviest library it imports: numpy, sklearn, torch, transformers
    typical_s: float = 0.0  # measured median on 2 idle cores (benchmarks/demos.py); 0 = light demo
    memory_mb: int = 0  # measured peak RSS
    first_run_s: float = 0.0  # one-time extra work (model preparation) on the first run

    @property
    def module_name(self) -> str:
        return "llmpath.demos." + self.id.replace("-", "_")

    def title(self, lang: str) -> str:
        return self.name.get(lang)


def read_demos(path: Path = DATA_FILE) -> tuple[tuple[DemoSpec, ...], list]:
    """The demos listed in ``path`` and every problem found, located (``llmpath validate`` reports them)."""
    from llmpath.content.loader import _Checker, read_yaml

    raw, problems = read_yaml(path)
    if raw is None:
        return (), problems
    check = _Checker(raw)
    data = check.mapping(raw.data, (), required=("demos",), optional=("format_version",), what="demos file")
    specs: list[DemoSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(check.items(data.get("demos") if data else None, ("demos",), "demos", min_items=1)):
        loc = ("demos", i)
        entry = check.mapping(item, loc, required=("id", "module", "title", "budget_s"),
                              optional=("heavy", "typical_s", "memory_mb", "first_run_s"), what="demo")
        if entry is None:
            continue
        demo_id = check.ident(entry.get("id"), loc + ("id",), "demo id")
        name = check.l10n(entry.get("title"), loc + ("title",), f"demo '{demo_id}' title")
        numbers = {key: check.number(entry.get(key, 0), loc + (key,), f"demo '{demo_id}' {key}")
                   for key in ("budget_s", "typical_s", "memory_mb", "first_run_s")}
        heavy = entry.get("heavy", "numpy")
        if heavy not in HEAVY:
            check.problem(loc + ("heavy",), f"demo '{demo_id}': heavy must be one of {', '.join(HEAVY)}, got {heavy!r}")
        if demo_id in seen:
            check.problem(loc + ("id",), f"duplicate demo id '{demo_id}'")
        if demo_id and name and None not in numbers.values() and heavy in HEAVY and demo_id not in seen:
            seen.add(demo_id)
            specs.append(DemoSpec(demo_id, str(entry.get("module")), name, numbers["budget_s"], heavy,
                                  numbers["typical_s"], int(numbers["memory_mb"]), numbers["first_run_s"]))
    return tuple(specs), problems + check.problems


def _load() -> tuple[DemoSpec, ...]:
    specs, problems = read_demos()
    if problems:
        raise ContentError(problems)
    return specs


DEMOS: tuple[DemoSpec, ...] = _load()

_BY_ID = {spec.id: spec for spec in DEMOS}


def demo_ids() -> list[str]:
    return [spec.id for spec in DEMOS]


def get_demo(demo_id: str) -> DemoSpec:
    key = demo_id.strip().lower()
    if key in _BY_ID:
        return _BY_ID[key]
    from llmpath.suggest import suggest

    starting = [i for i in _BY_ID if i.startswith(key)]
    if len(starting) == 1:
        return _BY_ID[starting[0]]
    raise UnknownTopicError(demo_id, suggest(key, list(_BY_ID), starting), kind="demo")

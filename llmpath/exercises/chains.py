"""Chains of exercises (``chains.yaml``): the capstone "Build an LLM with your own code" as data.

A chain is an ordered list of parts; a part names what the learner's own model has once every
step in it is passed ("your tokenizer ✓, your attention ✓, your block ✗ …"). Reading a chain
imports no check and no numpy; every problem is located at ``path:line``. No terminal I/O here:
``llmpath/ui/exercise.py`` draws what :func:`chain_progress` computes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llmpath.content.loader import RawFile, _Checker, read_yaml
from llmpath.content.models import L10n
from llmpath.errors import Problem

CHAINS_FILE = Path(__file__).resolve().parent / "chains.yaml"


@dataclass(frozen=True)
class ChainPart:
    name: L10n
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Chain:
    id: str
    titles: L10n
    parts: tuple[ChainPart, ...]

    def title(self, lang: str) -> str:
        return self.titles.get(lang)

    @property
    def steps(self) -> tuple[str, ...]:
        """Every exercise of the chain, in order."""
        return tuple(step for part in self.parts for step in part.steps)


@dataclass
class Chains:
    chains: list[Chain]
    problems: list[Problem]
    raw: RawFile | None = None
    where: dict[tuple[str, str], tuple] | None = None    # (chain id, step id) -> its location in the file

    def get(self, chain_id: str) -> Chain | None:
        return next((chain for chain in self.chains if chain.id == chain_id), None)

    def chain_of(self, exercise_id: str) -> Chain | None:
        return next((chain for chain in self.chains if exercise_id in chain.steps), None)


def load_chains(path: Path = CHAINS_FILE) -> Chains:
    """The chains in ``path``, with every problem found reading them (a missing file: no chains)."""
    if not path.is_file():
        return Chains([], [])
    raw, problems = read_yaml(path)
    if raw is None:
        return Chains([], problems)
    check = _Checker(raw)
    where: dict[tuple[str, str], tuple] = {}
    chains = []
    data = check.mapping(raw.data, (), required=("format_version", "chains"), optional=(), what="chains file")
    if data is not None:
        check.format_version(data)
        seen: set[str] = set()
        for i, item in enumerate(check.items(data.get("chains"), ("chains",), "chains")):
            chain = _chain(check, item, ("chains", i), where)
            if chain is None:
                continue
            if chain.id in seen:
                check.problem(("chains", i, "id"), f"duplicate chain id '{chain.id}'")
                continue
            seen.add(chain.id)
            chains.append(chain)
    return Chains(chains, problems + check.problems, raw, where)


def _chain(check: _Checker, item: Any, loc: tuple, where: dict) -> Chain | None:
    data = check.mapping(item, loc, required=("id", "title", "parts"), optional=(), what="chain")
    if data is None:
        return None
    chain_id = check.ident(data.get("id"), loc + ("id",), "chain id")
    title = check.l10n(data.get("title"), loc + ("title",), "chain title")
    parts = []
    seen: set[str] = set()
    for j, value in enumerate(check.items(data.get("parts"), loc + ("parts",), "parts", min_items=1)):
        ploc = loc + ("parts", j)
        part = check.mapping(value, ploc, required=("name", "steps"), optional=(), what="chain part")
        if part is None:
            continue
        name = check.l10n(part.get("name"), ploc + ("name",), "part name")
        steps = []
        for k, step in enumerate(check.items(part.get("steps"), ploc + ("steps",), "steps", min_items=1)):
            step_id = check.ident(step, ploc + ("steps", k), "exercise id")
            if step_id is None:
                continue
            if step_id in seen:
                check.problem(ploc + ("steps", k), f"exercise '{step_id}' is listed twice in chain '{chain_id}'")
                continue
            seen.add(step_id)
            where[(chain_id or "", step_id)] = ploc + ("steps", k)
            steps.append(step_id)
        if name and steps:
            parts.append(ChainPart(name, tuple(steps)))
    if not (chain_id and title and parts):
        return None
    return Chain(chain_id, title, tuple(parts))


def chain_problems(chains: Chains, exercise_ids: Iterable[str]) -> list[Problem]:
    """Reading problems plus every step that names no exercise (with a did-you-mean), at ``path:line``."""
    from llmpath.suggest import suggest

    known = sorted(set(exercise_ids))
    problems = list(chains.problems)
    for chain in chains.chains:
        for step in chain.steps:
            if step in known:
                continue
            near = suggest(step, known)
            more = f"; did you mean {', '.join(near)}?" if near else ""
            line = chains.raw.line_of(chains.where[(chain.id, step)]) if chains.raw and chains.where else 1
            path = chains.raw.path if chains.raw else str(CHAINS_FILE)
            problems.append(Problem(path, line, f"chain '{chain.id}': unknown exercise '{step}'{more}"))
    return problems


# ---------------------------------------------------------------------- progress along a chain

@dataclass(frozen=True)
class PartState:
    name: L10n
    done: bool          # every step of the part is passed: the learner's own code does this part
    passed: int
    total: int


def chain_progress(chain: Chain, statuses: dict[str, str]) -> list[PartState]:
    """How far the learner's own model goes: per part, whether all its steps are passed."""
    out = []
    for part in chain.parts:
        passed = sum(1 for step in part.steps if statuses.get(step) == "passed")
        out.append(PartState(part.name, passed == len(part.steps), passed, len(part.steps)))
    return out


def progress_words(states: Sequence[PartState]) -> list[L10n]:
    """One phrase per part: "your tokenizer ✓" / "分词器 ✓" (after "你自己的模型："); a part partly done shows its count."""
    words = []
    for state in states:
        mark = "✓" if state.done else (f"{state.passed}/{state.total}" if state.passed else "✗")
        words.append(L10n(f"your {state.name.en} {mark}", f"{state.name.zh} {mark}"))
    return words


def next_step_of(chain: Chain, statuses: dict[str, str], known: Iterable[str]) -> str | None:
    """The first exercise of the chain not passed yet (only ids that are exercises), or None."""
    known = set(known)
    return next((step for step in chain.steps if step in known and statuses.get(step) != "passed"), None)

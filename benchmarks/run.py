"""Benchmarks (run on demand, not in CI): start-up, first quiz question, content, saves, demos.

    python benchmarks/run.py                 # everything except demos
    python benchmarks/run.py --demos         # also every demo's wall time (slow)
    python benchmarks/run.py --runs 7

Every command figure is the median of --runs runs, printed beside the floor
`python -c "import typer, rich, yaml"` measured in the same run, with the peak RSS of
the process. The table is also written to benchmarks/results/run.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
MIB = 1024 * 1024


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(argv: list[str], env: dict[str, str], runs: int) -> dict[str, float]:
    run_once(argv, env)  # warm the file cache and the content cache
    samples = [run_once(argv, env) for _ in range(runs)]
    return {"median_s": statistics.median(s for s, _ in samples), "peak_rss_mib": max(r for _, r in samples)}


def first_question(env: dict[str, str], runs: int, unit: str) -> dict[str, float]:
    """Time from launch to the first question's prompt in a pseudo-terminal."""
    import pexpect

    samples = []
    for i in range(runs + 1):
        began = time.perf_counter()
        child = pexpect.spawn(PY, ["-m", "llmpath", "quiz", unit, "--seed", "1"], env=env, encoding="utf-8", timeout=30, dimensions=(24, 80))
        child.expect("> ")
        elapsed = time.perf_counter() - began
        child.sendline("q")
        child.expect(pexpect.EOF)
        if i:
            samples.append(elapsed)
    return {"median_s": statistics.median(samples)}


def big_progress(home: Path, answers: int) -> None:
    from llmpath.content.catalog import load_catalog
    from llmpath.progress import ProgressStore

    ids = list(load_catalog().questions)
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rows = [[ids[i % len(ids)], (t0 + timedelta(minutes=i)).isoformat(timespec="milliseconds").replace("+00:00", "Z"), "a", i % 3 != 0, 7.5, "q"]
            for i in range(answers)]
    ProgressStore(home / "progress.json").update(lambda p: p.answers.extend(rows))


def content_scaling() -> dict[str, float]:
    """Load + validate the built-in content, and synthetic copies 10× and 100× as large."""
    import yaml

    from llmpath.content.catalog import builtin_roots, content_files, validate

    root = builtin_roots()[0]
    documents = [(path, yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)) for path in content_files(root)]
    out: dict[str, float] = {}
    for factor in (1, 10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_root = Path(tmp)
            for copy in range(factor):
                for path, data in documents:
                    if "modules" in data and copy:
                        continue
                    target = tmp_root / f"c{copy}" / path.relative_to(root)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    renamed = _renamed(data, copy) if copy else data
                    target.write_text(yaml.dump(renamed, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
            samples = []
            for _ in range(3):
                began = time.perf_counter()
                _, problems = validate([tmp_root])
                samples.append(time.perf_counter() - began)
            if problems:
                raise SystemExit(f"synthetic content ×{factor} has problems: {problems[0]}")
            out[f"validate_x{factor}_ms"] = 1000 * statistics.median(samples)
    return out


def _renamed(data: dict, copy: int) -> dict:
    """A copy of a unit or quiz document whose ids (and references to them) are unique."""
    import copy as copying

    data = copying.deepcopy(data)
    tag = f"-c{copy}"
    if "questions" in data:
        data["unit"] += tag
        for question in data["questions"]:
            unit, _, slug = question["id"].partition(".")
            question["id"] = f"{unit}{tag}.{slug}"
            question["concepts"] = [c + tag for c in question.get("concepts", [])]
        return data
    data["id"] += tag
    data["prerequisites"] = [p + tag for p in data.get("prerequisites", [])]
    for concept in data.get("concepts", []):
        concept["id"] += tag
    return data


def cached_load() -> dict[str, float]:
    """What a command pays for the catalog once the parsed content is cached (keyed by mtimes)."""
    from llmpath.content.cache import cached_catalog
    from llmpath.content.catalog import builtin_roots

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LLMPATH_CACHE"] = tmp
        try:
            cached_catalog(builtin_roots())  # fill the cache
            samples = []
            for _ in range(7):
                began = time.perf_counter()
                cached_catalog(builtin_roots())
                samples.append(time.perf_counter() - began)
        finally:
            del os.environ["LLMPATH_CACHE"]
    return {"load_cached_x1_ms": 1000 * statistics.median(samples)}


def save_speed() -> dict[str, float]:
    from llmpath.progress import ProgressStore

    out = {}
    for answers in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            store = ProgressStore(home / "progress.json")
            rows = [[f"q{i % 300}", "2026-01-01T00:00:00.000Z", "a", True, 7.5, "q"] for i in range(answers)]
            store.update(lambda p: p.answers.extend(rows))
            progress = store.load()
            samples = []
            for _ in range(5):
                began = time.perf_counter()
                store._write(progress.data)
                samples.append(time.perf_counter() - began)
            out[f"save_{answers}_ms"] = 1000 * statistics.median(samples)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--demos", action="store_true", help="also time every demo (slow)")
    args = parser.parse_args()
    import compileall

    # An installed llmpath has byte-code compiled at install time; a source checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every start.
    compileall.compile_dir(str(ROOT / "llmpath"), quiet=1)
    from llmpath.content.catalog import load_catalog

    first_unit = load_catalog().path_order()[0].id
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = dict(os.environ, LLMPATH_HOME=str(home), NO_COLOR="1", COLUMNS="100")
        # As installed: bytecode cached. With PYTHONDONTWRITEBYTECODE set (some shells, CI images) every module
        # edited since its .pyc was written would be compiled again on each run and counted as start-up.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "llmpath")], check=False,
                       stdout=subprocess.DEVNULL, env=env)
        results["floor: import typer, rich, yaml"] = measure([PY, "-c", "import typer, rich, yaml"], env, args.runs)
        llmpath = [PY, "-m", "llmpath"]
        results["llmpath --help"] = measure(llmpath + ["--help"], env, args.runs)
        results["llmpath topics"] = measure(llmpath + ["topics"], env, args.runs)
        big_progress(home, 10_000)
        results["llmpath progress (10,000 answers)"] = measure(llmpath + ["progress"], env, args.runs)
        results["first quiz question (pty)"] = first_question(env, args.runs, first_unit)
    floor = results["floor: import typer, rich, yaml"]["median_s"]
    budgets = {"llmpath --help": ("≤ 0.30 s and ≤ 1.5 × floor", lambda s: s <= 0.30 and s <= 1.5 * floor),
               "llmpath topics": ("≤ 0.40 s", lambda s: s <= 0.40),
               "first quiz question (pty)": ("≤ 0.5 s and ≤ 2 × floor", lambda s: s <= 0.5 and s <= 2 * floor)}
    print(f"{'what':40} {'median s':>9} {'× floor':>8} {'peak MiB':>9}  budget")
    for name, figures in results.items():
        seconds = figures["median_s"]
        rss = figures.get("peak_rss_mib")
        budget, ok = budgets.get(name, ("", None))
        verdict = "" if ok is None else ("ok" if ok(seconds) else "MISSED")
        if rss is not None and name != "floor: import typer, rich, yaml" and rss > 40:
            verdict += " (RSS > 40 MiB)"
        rss_text = f"{rss:9.1f}" if rss is not None else " " * 9
        print(f"{name:40} {seconds:9.3f} {seconds / floor:8.2f} {rss_text}  {budget} {verdict}")
    extra = {**content_scaling(), **cached_load(), **save_speed()}
    for name, value in extra.items():
        print(f"{name:40} {value:9.1f} ms")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "run.json").write_text(json.dumps({"commands": results, "content_and_saves": extra}, indent=2))
    if args.demos:  # every demo's wall time, CPU time and peak RSS against its budget
        from benchmarks import demos

        demos.main(["--runs", "3"])


if __name__ == "__main__":
    main()

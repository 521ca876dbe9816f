"""Start-up cost of a confined run vs a plain subprocess (run on demand, not in CI).

    python benchmarks/sandbox_startup.py [--runs 21]

Prints the median wall time of `python -I -c pass` and `python -I -c "import numpy"`, each
started with subprocess.run and with run_confined, and what the sandbox added.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from llmpath.exercises.isolation import Limits, protections, run_confined  # noqa: E402

CASES = {"pass": "pass", "import numpy": "import numpy"}


def median_seconds(run, runs: int) -> tuple[float, float]:
    """Median wall time, and median CPU time of the whole process tree (steady under a loaded machine)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        run()
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    active = [p.key for p in protections() if p.active]
    print(f"protections active: {', '.join(active)}")
    limits = Limits(wall_s=30, cpu_s=30, memory_mb=2048)
    with tempfile.TemporaryDirectory() as tmp:
        for label, code in CASES.items():
            argv = [sys.executable, "-I", "-c", code]
            plain = median_seconds(lambda: subprocess.run(argv, cwd=tmp, env={}, check=True, capture_output=True), runs)
            confined = median_seconds(lambda: run_confined(argv, workdir=Path(tmp), env={}, limits=limits), runs)
            print(f"{label:>14}: wall plain {plain[0] * 1000:6.1f} ms, confined {confined[0] * 1000:6.1f} ms, "
                  f"added {(confined[0] - plain[0]) * 1000:6.1f} ms | CPU plain {plain[1] * 1000:6.1f} ms, "
                  f"confined {confined[1] * 1000:6.1f} ms, added {(confined[1] - plain[1]) * 1000:6.1f} ms")
    print(f"medians of {runs} runs; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

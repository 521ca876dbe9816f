"""Time every demo whose module exists: `llmpath demo <id> --seed 0 --json` as a subprocess.

Run on demand (not in CI):  python benchmarks/demos.py [--runs 3] [--only svd,pca] [--timeout 600]
Prints id | median s | budget s | ok, and writes benchmarks/results/demos.json.
Wall time includes interpreter start-up and imports, as a learner would see it; CPU time
(user + sys of the child) is recorded too, since wall time is noisy on a busy machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from llmpath.demos.registry import DEMOS  # noqa: E402  (needs the path above when run as a script)


def llmpath_command() -> list[str]:
    script = Path(sys.executable).with_name("llmpath")
    return [str(script)] if script.exists() else [sys.executable, "-m", "llmpath"]


def module_exists(module_name: str) -> bool:
    return (ROOT / (module_name.replace(".", "/") + ".py")).exists()


def time_once(cmd: list[str], env: dict[str, str], timeout: float) -> tuple[float, float, float, int, str]:
    """(wall s, CPU s, peak RSS MiB, exit code, last error line) of one run."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        status, usage = 0, None
        while usage is None:
            pid, status, usage_now = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                usage = usage_now
            elif time.perf_counter() - start > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                status = -1
            else:
                time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status) if status != -1 else 124
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    code, last = proc.returncode, (stderr.strip().splitlines() or [""])[-1]
    if code == 124:
        last = f"timed out after {timeout:g} s"
    elif code == 0:
        try:
            json.loads(stdout)
        except ValueError:
            code, last = 2, "stdout is not one JSON object"
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per demo (default 3)")
    parser.add_argument("--only", default="", help="comma-separated demo ids (default: every demo whose file exists)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is killed")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "demos.json"))
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    wanted = {x.strip() for x in args.only.split(",") if x.strip()}
    specs = [d for d in DEMOS if (not wanted or d.id in wanted) and module_exists(d.module_name)]
    skipped = [d.id for d in DEMOS if (not wanted or d.id in wanted) and not module_exists(d.module_name)]
    env = dict(os.environ, LLMPATH_HOME=tempfile.mkdtemp(prefix="llmpath-bench-"), NO_COLOR="1",
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONWARNINGS="ignore")
    base = llmpath_command()

    results = []
    print(f"{'id':<22} {'median s':>9} {'cpu s':>7} {'peak MiB':>9} {'budget s':>9}  ok", flush=True)
    for spec in specs:
        walls, cpus, peaks, errors = [], [], [], []
        for _ in range(args.runs):
            wall, cpu, peak, code, err = time_once([*base, "demo", spec.id, "--seed", "0", "--json"], env, args.timeout)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            if code != 0:
                errors.append(f"exit {code}: {err}")
        median = statistics.median(walls)
        ok = not errors and median <= spec.budget_s
        results.append({"id": spec.id, "median_s": round(median, 3), "cpu_median_s": round(statistics.median(cpus), 3),
                        "runs_s": [round(w, 3) for w in walls], "budget_s": spec.budget_s, "heavy": spec.heavy,
                        "peak_rss_mib": round(max(peaks), 1),
                        "ok": ok, "errors": errors})
        mark = "yes" if ok else ("FAIL" if errors else "SLOW")
        print(f"{spec.id:<22} {median:>9.2f} {statistics.median(cpus):>7.2f} {max(peaks):>9.0f} {spec.budget_s:>9g}  {mark}", flush=True)
        for e in errors[:1]:
            print(f"{'':<22} {e}", flush=True)
    if skipped:
        print(f"not yet written (skipped): {', '.join(skipped)}")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "runs": args.runs,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None},
        "demos": results,
        "skipped": skipped,
    }
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

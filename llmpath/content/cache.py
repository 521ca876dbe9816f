"""The validated catalog as plain data (marshal of builtins), keyed by every input file.

Parsing and validating the YAML costs tens of milliseconds; commands that only show
text should not pay it on every run. Any change to a content file or to the code that
the checks depend on (the registries of demos, exercises and generators) changes the
key, and an unreadable cache is simply rebuilt.

The file holds only dicts, tuples, lists, strings, numbers, booleans and None — never a
pickle — so a cache file replaced by someone else cannot run code when it is loaded:
the dataclasses are rebuilt here from the plain data, guided by their type hints, and
anything of an unexpected shape makes the file count as missing (it is rebuilt).
"""

from __future__ import annotations

import dataclasses
import gc
import marshal
import os
import sys
import typing
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

from llmpath import __version__
from llmpath.errors import ContentError

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_INPUTS = ("content/models.py", "content/loader.py", "content/index.py", "content/catalog.py", "content/cache.py",
                "demos/registry.py", "demos/demos.yaml", "exercises/registry.py", "textsafe.py",
                "figures/params.py", "figures/functions.py")
_MAGIC = b"llmpath-catalog-1\n"
# Builtin types a decoded cache may contain; anything else (a code object) is refused.
_PLAIN = (str, int, float, bool, NoneType, bytes, list, tuple, dict)


def _fingerprint(roots: Sequence[Path]) -> str:
    """A name for the cache of these inputs: it changes whenever any input file does.

    A cache key, not a defence (whoever can write the cache folder can compute any key), so two zlib
    checksums (64 bits) instead of a cryptographic hash: ``hashlib`` loads OpenSSL, 2 ms of every start.
    """
    # marshal's format belongs to one Python version
    parts = [f"{__version__}\0{sys.implementation.cache_tag}\0{marshal.version}\n"]
    for path in [_PACKAGE / name for name in _CODE_INPUTS] + sorted((_PACKAGE / "generators").glob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n")
    for root in roots:
        parts.append(str(root.resolve()))
        for name, st in _content_stats(root):
            parts.append(f"{name}\0{st.st_mtime_ns}\0{st.st_size}\n")
    data = "".join(parts).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


def _content_stats(root: Path) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every YAML file ``catalog.content_files`` would read, or more (never fewer).

    os.scandir instead of Path.rglob and a second stat per file: this runs before every
    command that shows content, and was a fifth of the cached load.
    """
    try:
        if not root.is_dir():
            return [(str(root), root.stat())] if root.exists() else []
    except OSError:
        return []
    bases = [str(root / sub) for sub in ("curriculum", "quizzes") if (root / sub).is_dir()] or [str(root)]
    found: list[tuple[str, os.stat_result]] = []
    seen: set[tuple[int, int]] = set()  # symlinked folders are followed (as rglob does), loops are not
    stack = list(reversed(bases))
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir():
                            st = entry.stat()
                            if (st.st_dev, st.st_ino) not in seen:
                                seen.add((st.st_dev, st.st_ino))
                                stack.append(entry.path)
                        elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                            found.append((entry.path, entry.stat()))
                    except OSError:
                        continue
        except OSError:
            continue
    found.sort(key=lambda item: item[0])
    return found


def _validated(roots: Sequence[Path]):
    from llmpath.content.index import validate

    catalog, problems = validate(roots)
    if problems:
        raise ContentError(problems)
    return catalog


def cached_catalog(roots: Sequence[Path]):
    if os.environ.get("LLMPATH_NO_CACHE"):
        return _validated(roots)
    from llmpath.paths import cache_dir

    key = _fingerprint(roots)
    cache_file = cache_dir() / f"content-{key}.marshal"
    catalog = _load(cache_file)
    if catalog is not None:
        return catalog
    catalog = _validated(roots)
    _store(cache_file, catalog)
    return catalog


def _load(cache_file: Path):
    """The cached catalog, or None if the file is missing, foreign or malformed."""
    try:
        raw = cache_file.read_bytes()
    except OSError:
        return None
    if not raw.startswith(_MAGIC):
        return None
    # 10,000 new objects, none of them garbage: collections while building them are wasted
    # work (a third of the load time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return decode_catalog(marshal.loads(memoryview(raw)[len(_MAGIC):]))
    except Exception:  # noqa: BLE001 - any malformed file is rebuilt, never reported
        return None
    finally:
        if collecting:
            gc.enable()


def _store(cache_file: Path, catalog) -> None:
    try:
        body = marshal.dumps(encode_catalog(catalog))
        # Decoding reuses the lists it is given, so check a fresh copy:
        # what would not come back equal (a YAML date in params) is not cached.
        if decode_catalog(marshal.loads(body)) != catalog:
            return
    except (ValueError, TypeError):
        return
    payload = _MAGIC + body
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("content-*"):
            old.unlink(missing_ok=True)
        import tempfile  # only when writing (it imports random, shutil: ~1 ms of every start)

        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, cache_file)
    except OSError:
        pass  # a read-only cache only costs speed


# ---------------------------------------------------------------------- plain data <-> catalog

def encode_catalog(catalog) -> list[Any]:
    return _encode(catalog)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):  # its field values, in order
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, tuple):  # L10n (a NamedTuple) too: its type is known from the hints
        return tuple(_encode(item) for item in value)
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, _PLAIN):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode_catalog(plain: Any):
    from llmpath.content.index import Catalog

    return _decoder(Catalog)(plain)


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function turning plain data back into ``hint`` (a dataclass, L10n, tuple[...], dict[...])."""
    found = _DECODERS.get(hint)
    if found is None:
        found = _DECODERS[hint] = _build_decoder(hint)
    return found


def _build_decoder(hint: Any) -> Callable[[Any], Any]:
    from llmpath.content.models import L10n

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is L10n:
        return _l10n_decoder(L10n)
    if dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin in (typing.Union, UnionType):
        inner = [a for a in args if a is not NoneType]
        if len(inner) == 1:
            decode_inner = _decoder(inner[0])
            return lambda value: None if value is None else decode_inner(value)
        return _decode_plain
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] in _SCALARS:  # ids: one C-level pass over the item types
                allowed = set(_SCALARS[args[0]])
                return lambda value: value if type(value) is tuple and set(map(type, value)) <= allowed else _wrong_type()
            item = _decoder(args[0])
            return lambda value: tuple(map(item, _require(value, tuple)))
        parts = [_decoder(a) for a in args]
        return lambda value: tuple(decode(v) for decode, v in zip(parts, _require(value, tuple), strict=True))
    if origin is dict:
        item = _decoder(args[1]) if args else _decode_plain

        def decode_dict(value: Any) -> dict[str, Any]:
            if type(value) is not dict or not set(map(type, value)) <= {str}:
                _wrong_type()
            return dict(zip(value, map(item, value.values()))) if value else value

        return decode_dict
    kinds = _SCALARS.get(hint)
    if kinds is not None:
        return lambda value: value if type(value) in kinds else _wrong_type()
    return _decode_plain


# Scalar fields are checked by exact type, inline (bool is not accepted as an int).
_SCALARS: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int), bool: (bool,)}


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    """A decoder for one dataclass, generated from its fields (as ``dataclasses`` makes ``__init__``).

    Decoding 1,500 objects is most of what loading the cache costs; straight-line code
    checking each field's type inline keeps it below what unpickling took. The source is
    built from our own field names and type hints only, never from the cache file.
    """
    from llmpath.content.models import L10n

    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    namespace: dict[str, Any] = {"cls": cls, "L10n": L10n, "new": object.__new__, "make": tuple.__new__,
                                 "fail": _wrong_type, "set_dict": object.__setattr__, "str": str, "int": int, "float": float, "bool": bool,
                                 "tuple": tuple, "list": list, "type": type, "len": len}
    checks, converts = [], []
    for i, f in enumerate(fields):
        var, hint = f"f{i}", hints[f.name]
        pair = f"type({var}) is tuple and len({var}) == 2 and type({var}[0]) is str and type({var}[1]) is str"
        if hint in _SCALARS:
            checks.append(" or ".join(f"type({var}) is {k.__name__}" for k in _SCALARS[hint]))
        elif hint is L10n:
            checks.append(pair)
            converts.append(f"    {var} = make(L10n, {var})")
        elif hint == L10n | None:
            checks.append(f"{var} is None or {pair}")
            converts.append(f"    if {var} is not None: {var} = make(L10n, {var})")
        else:
            namespace[f"d{i}"] = _decoder(hint)
            converts.append(f"    {var} = d{i}({var})")
    names = ", ".join(f"f{i}" for i in range(len(fields)))
    source = "\n".join([
        "def decode(value):",
        f"    if type(value) is not list or len(value) != {len(fields)}: fail()",
        f"    {names}{',' if len(fields) == 1 else ''} = value",
        *(f"    if not ({check}): fail()" for check in checks),
        *converts,
        "    obj = new(cls)",
        "    set_dict(obj, '__dict__', {" + ", ".join(f"{f.name!r}: f{i}" for i, f in enumerate(fields)) + "})",
        "    return obj",
    ])
    exec(compile(source, f"<cache decoder for {cls.__name__}>", "exec"), namespace)  # noqa: S102 - our own template
    return namespace["decode"]


def _l10n_decoder(l10n: type) -> Callable[[Any], Any]:
    make = tuple.__new__

    def decode(value: Any) -> Any:
        if type(value) is not tuple or len(value) != 2 or type(value[0]) is not str or type(value[1]) is not str:
            raise ValueError("cached text is not a pair of strings")
        return make(l10n, value)

    return decode


def _wrong_type() -> Any:
    raise ValueError("cached value has the wrong type")


def _decode_plain(value: Any) -> Any:
    """A value typed Any (answers, params): builtins only, checked all the way down."""
    kind = type(value)
    if kind in (list, tuple):
        for item in value:
            _decode_plain(item)
    elif kind is dict:
        for key, item in value.items():
            _decode_plain(key)
            _decode_plain(item)
    elif kind not in _PLAIN:
        raise ValueError(f"a {kind.__name__} in the cache")
    return value


def _require(value: Any, kinds: Any) -> Any:
    if not isinstance(value, kinds) or isinstance(value, bool) and kinds in ((int, float), int):
        raise ValueError("cached value has the wrong type")
    return value

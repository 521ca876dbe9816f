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
import hashlib
import marshal
import os
import sys
import tempfile
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

from llmpath import __version__
from llmpath.errors import ContentError

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_INPUTS = ("content/models.py", "content/loader.py", "content/index.py", "content/catalog.py", "content/cache.py",
                "demos/registry.py", "demos/demos.yaml", "exercises/registry.py", "textsafe.py")
_MAGIC = b"llmpath-catalog-1\n"
# Builtin types a decoded cache may contain; anything else (a code object) is refused.
_PLAIN = (str, int, float, bool, NoneType, bytes, list, tuple, dict)


def _fingerprint(roots: Sequence[Path]) -> str:
    from llmpath.content.index import content_files

    # marshal's format belongs to one Python version
    digest = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}\0{marshal.version}".encode())
    inputs = [_PACKAGE / name for name in _CODE_INPUTS] + sorted((_PACKAGE / "generators").glob("*.py"))
    for root in roots:
        digest.update(str(root.resolve()).encode())
        inputs += content_files(root)
    for path in inputs:
        try:
            st = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return digest.hexdigest()[:32]


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
    try:
        return decode_catalog(marshal.loads(memoryview(raw)[len(_MAGIC):]))
    except Exception:  # noqa: BLE001 - any malformed file is rebuilt, never reported
        return None


def _store(cache_file: Path, catalog) -> None:
    try:
        plain = encode_catalog(catalog)
        if decode_catalog(plain) != catalog:  # e.g. a YAML date in params: do not cache what would not come back equal
            return
        payload = _MAGIC + marshal.dumps(plain)
    except (ValueError, TypeError):
        return
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in cache_file.parent.glob("content-*"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".content-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, cache_file)
    except OSError:
        pass  # a read-only cache only costs speed


# ---------------------------------------------------------------------- plain data <-> catalog

def encode_catalog(catalog) -> dict[str, Any]:
    return {f.name: _encode(getattr(catalog, f.name)) for f in dataclasses.fields(catalog)}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
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
            item = _decoder(args[0])
            return lambda value: tuple(map(item, _require(value, tuple)))
        parts = [_decoder(a) for a in args]
        return lambda value: tuple(decode(v) for decode, v in zip(parts, _require(value, tuple), strict=True))
    if origin is dict:
        item = _decoder(args[1]) if args else _decode_plain
        return lambda value: {_require(k, str): item(v) for k, v in _require(value, dict).items()}
    kinds = _SCALARS.get(hint)
    if kinds is not None:
        return lambda value: value if type(value) in kinds else _wrong_type()
    return _decode_plain


# Scalar fields are checked by exact type, inline (bool is not accepted as an int).
_SCALARS: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (float, int), bool: (bool,)}


def _dataclass_decoder(cls: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(cls)
    names = frozenset(f.name for f in dataclasses.fields(cls))
    scalars = [(f.name, _SCALARS[hints[f.name]]) for f in dataclasses.fields(cls) if hints[f.name] in _SCALARS]
    others = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls) if hints[f.name] not in _SCALARS]
    new = object.__new__

    def decode(value: Any) -> Any:
        # The dict comes straight from marshal and is ours: it becomes the object's __dict__.
        if type(value) is not dict or value.keys() != names:
            raise ValueError(f"cached {cls.__name__} has other fields")
        for name, kinds in scalars:
            if type(value[name]) not in kinds:
                raise ValueError(f"cached {cls.__name__}.{name} has the wrong type")
        for name, decode_field in others:
            value[name] = decode_field(value[name])
        obj = new(cls)
        obj.__dict__.update(value)
        return obj

    return decode


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

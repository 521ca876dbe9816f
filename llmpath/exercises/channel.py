"""The parent side of the channel to the child: inputs as plain data out, untrusted outputs back in.

Values travel as tagged JSON (``{"t": "array", "npy": <base64 of np.save bytes>}``, never
pickle). Everything read back was written by a process running the learner's code, so it is
checked field by field: a wrong type, a forged structure, an array header that lies about its
size, or too much of anything raises :class:`Untrusted`, which the caller turns into a failed
check, never a pass.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_RESULTS_BYTES = 24 * 1024 * 1024   # the whole results file (the child's file-size limit is lower)
MAX_LINES = 10_000
MAX_DEPTH = 32
MAX_ITEMS = 200_000
MAX_TEXT = 100_000
MAX_NDIM = 8
VALUE_KINDS = {"none", "bool", "int", "float", "str", "array", "list", "tuple", "dict", "object"}


class Untrusted(ValueError):
    """What the child wrote is not what the harness writes: decoded never, trusted never."""


@dataclass(frozen=True)
class Opaque:
    """A returned value that is not plain data (an object, a module…): only its type name came back."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"

    def __eq__(self, other: object) -> bool:  # never equal to anything, itself included
        return False

    __hash__ = object.__hash__


# ---------------------------------------------------------------------- out: inputs

def encode(value: Any) -> dict[str, Any]:
    """An input value (trusted, built by the check) as tagged JSON."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, (bool, np.bool_)) and not isinstance(value, np.ndarray):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, int):
        return {"t": "int", "v": int(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(float(value))}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, (np.ndarray, np.generic)):
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(value), allow_pickle=False)
        out: dict[str, Any] = {"t": "array", "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
        if isinstance(value, np.generic):
            out["scalar"] = True
        return out
    if isinstance(value, (list, tuple)):
        return {"t": type(value).__name__ if type(value) in (list, tuple) else "list", "v": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[str(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot send a {type(value).__name__} to the child")


def write_inputs(path: Path, job: dict[str, Any]) -> None:
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------- in: results

def read_events(path: Path) -> list[dict[str, Any]]:
    """The child's events, each a JSON object; a file that is too big or not JSON lines raises Untrusted."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise Untrusted(f"cannot read the results: {exc.strerror or exc}") from None
    if not path.is_file():
        raise Untrusted("the results are not a regular file")
    if size > MAX_RESULTS_BYTES:
        raise Untrusted(f"the results are {size // 1024} KiB, more than the check reads")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise Untrusted("the results are not UTF-8 text") from None
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise Untrusted("the results have too many lines")
    events = []
    for line in lines:
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            raise Untrusted("a line of the results is not JSON") from None
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            raise Untrusted("a line of the results is not an event")
        events.append(event)
    return events


def text_field(event: dict[str, Any], key: str, *, limit: int = 4000, optional: bool = True) -> str | None:
    value = event.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise Untrusted(f"field '{key}' is not text")
    return value[:limit]


def int_field(event: dict[str, Any], key: str) -> int | None:
    value = event.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9:
        raise Untrusted(f"field '{key}' is not a small whole number")
    return value


class _Budget:
    def __init__(self) -> None:
        self.items = 0


def decode(obj: Any, budget: _Budget | None = None, depth: int = 0) -> Any:
    """A value the child returned, rebuilt from plain data only."""
    budget = budget or _Budget()
    if depth > MAX_DEPTH:
        raise Untrusted("a returned value is nested too deeply")
    if not isinstance(obj, dict) or obj.get("t") not in VALUE_KINDS:
        raise Untrusted("a returned value is not in the harness's format")
    kind = obj["t"]
    value = obj.get("v")
    if kind == "none":
        return None
    if kind == "bool":
        if not isinstance(value, bool):
            raise Untrusted("a bool that is not true/false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise Untrusted("an int that is not a whole number")
        return value
    if kind == "float":
        if not isinstance(value, str) or len(value) > 40:
            raise Untrusted("a float that is not a number")
        try:
            return float(value)
        except ValueError:
            raise Untrusted("a float that is not a number") from None
    if kind == "str":
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise Untrusted("a string that is not text")
        return value
    if kind == "object":
        name = obj.get("type")
        return Opaque(name[:100] if isinstance(name, str) else "object")
    if kind == "array":
        arr = read_npy(obj.get("npy"))
        return arr[()] if obj.get("scalar") is True and arr.ndim == 0 else arr
    if not isinstance(value, list):
        raise Untrusted(f"a {kind} without items")
    budget.items += len(value)
    if budget.items > MAX_ITEMS:
        raise Untrusted("a returned value has too many items")
    if kind == "dict":
        out = {}
        for pair in value:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise Untrusted("a dict entry that is not a (key, value) pair")
            out[pair[0]] = decode(pair[1], budget, depth + 1)
        return out
    items = [decode(v, budget, depth + 1) for v in value]
    return tuple(items) if kind == "tuple" else items


def read_npy(text: Any) -> np.ndarray:
    """A plain numeric array from base64 ``.npy`` bytes, its header checked against its length; never pickle."""
    if not isinstance(text, str) or len(text) > MAX_RESULTS_BYTES:
        raise Untrusted("an array that is not base64 text")
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Untrusted("an array that is not base64") from None
    handle = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(handle)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
        else:
            raise Untrusted("an array in an unknown .npy version")
    except Untrusted:
        raise
    except Exception:  # noqa: BLE001 - any malformed header is untrusted
        raise Untrusted("an array with a malformed .npy header") from None
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in "biufc":
        raise Untrusted(f"an array of dtype {dtype}, which the check does not read")
    if len(shape) > MAX_NDIM or any((not isinstance(s, int)) or s < 0 for s in shape):
        raise Untrusted("an array with an impossible shape")
    count = 1
    for s in shape:
        count *= s
    offset = handle.tell()
    if count * dtype.itemsize != len(raw) - offset:
        raise Untrusted("an array whose header does not match its size")
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
    return flat.reshape(shape, order="F" if fortran else "C").copy()


def events_by_index(events: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    for event in events:
        if event["event"] in ("done", "raised"):
            index = int_field(event, "index")
            if index is None:
                raise Untrusted("a case result without its number")
            yield index, event

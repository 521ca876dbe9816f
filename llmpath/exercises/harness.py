"""The child side of a check: call the learner's code on the inputs it is given and write the outputs as data.

This file is copied into a fresh temporary folder next to a copy of the learner's file and
run there as ``python -I -S -B harness.py``. It must not import llmpath (the child cannot
see the package) and it decides nothing: it never sees an expected value, a reference or a
check. It reads ``job.json``, imports the learner's file, waits for ``inputs.json``, calls the requested functions
(or the exercise's probe) and appends one JSON line per event to ``results.jsonl``; arrays
travel as base64 of ``np.save(allow_pickle=False)`` bytes. The parent process treats every
byte of it as untrusted.
"""

import base64
import io
import json
import os
import sys
import traceback
import warnings

OUTPUT_KEEP = 4000        # characters of the learner's own prints kept for the report
MAX_DEPTH = 24            # nesting of a returned value
MAX_ITEMS = 100_000       # list/tuple/dict items in one returned value
MAX_TEXT = 2000           # characters of a string (or a repr) returned


class CappedStream(io.TextIOBase):
    """Keeps the first ``OUTPUT_KEEP`` characters written and counts the rest."""

    def __init__(self):
        self.parts = []
        self.kept = 0
        self.total = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        self.total += len(text)
        if self.kept < OUTPUT_KEEP:
            piece = text[: OUTPUT_KEEP - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    def flush(self):
        pass

    @property
    def encoding(self):
        return "utf-8"

    def isatty(self):
        return False

    def text(self):
        body = "".join(self.parts)
        if self.total > self.kept:
            body += "\n… (%d more characters)" % (self.total - self.kept)
        return body


# ---------------------------------------------------------------------- values as data

def decode(obj):
    """An input value from the parent (trusted): the inverse of the parent's encoder."""
    import numpy as np

    kind = obj["t"]
    if kind == "none":
        return None
    if kind in ("bool", "int", "str"):
        return obj["v"]
    if kind == "float":
        return float(obj["v"])
    if kind == "array":
        arr = np.load(io.BytesIO(base64.b64decode(obj["npy"])), allow_pickle=False)
        return arr[()] if obj.get("scalar") else arr
    if kind == "list":
        return [decode(v) for v in obj["v"]]
    if kind == "tuple":
        return tuple(decode(v) for v in obj["v"])
    if kind == "dict":
        return {k: decode(v) for k, v in obj["v"]}
    raise ValueError("unknown input kind %r" % (kind,))


class _Budget:
    def __init__(self):
        self.items = 0


def encode(value, budget=None, depth=0):
    """A returned value as plain data; anything else is described by its type name only."""
    import numpy as np

    budget = budget or _Budget()
    if depth > MAX_DEPTH:
        return {"t": "object", "type": "a value nested too deeply"}
    if value is None:
        return {"t": "none"}
    if type(value) is bool:
        return {"t": "bool", "v": value}
    if type(value) is int:
        return {"t": "int", "v": value} if abs(value) < 10 ** 300 else {"t": "float", "v": repr(float("inf"))}
    if type(value) is float:
        return {"t": "float", "v": repr(value)}
    if type(value) is str:
        return {"t": "str", "v": value[:MAX_TEXT]}
    tensor = _tensor_array(value)
    if tensor is not None:
        value = tensor
    if isinstance(value, (np.ndarray, np.generic)):
        return _encode_array(value, tensor is not None)
    if type(value) in (list, tuple):
        if budget.items + len(value) > MAX_ITEMS:
            return {"t": "object", "type": "a %s too long to return" % type(value).__name__}
        budget.items += len(value)
        return {"t": type(value).__name__, "v": [encode(v, budget, depth + 1) for v in value]}
    if type(value) is dict:
        if budget.items + len(value) > MAX_ITEMS:
            return {"t": "object", "type": "a dict too long to return"}
        budget.items += len(value)
        return {"t": "dict", "v": [[str(k)[:200], encode(v, budget, depth + 1)] for k, v in value.items()]}
    return {"t": "object", "type": _type_name(value)}


def _type_name(value):
    try:
        return str(type(value).__name__)[:100]
    except Exception:  # noqa: BLE001 - a value whose type cannot even be named
        return "object"


def _tensor_array(value):
    """A torch tensor as a numpy array, without importing torch here."""
    module = getattr(type(value), "__module__", "") or ""
    if not module.startswith("torch") or not hasattr(value, "detach"):
        return None
    try:
        import numpy as np

        return np.asarray(value.detach().cpu().numpy())
    except Exception:  # noqa: BLE001 - not convertible: described by type below
        return None


def _encode_array(value, tensor):
    import numpy as np

    scalar = isinstance(value, np.generic)
    arr = np.asarray(value)
    if type(arr) is not np.ndarray:  # an ndarray subclass: send the plain data only
        arr = arr.view(np.ndarray)
    if arr.dtype.kind not in "biufc":
        return {"t": "object", "type": "an array of dtype %s" % arr.dtype}
    buffer = io.BytesIO()
    try:
        # ascontiguousarray turns a 0-d array (a numpy scalar) into shape (1,): keep 0-d as it is
        np.save(buffer, np.ascontiguousarray(arr) if arr.ndim else arr, allow_pickle=False)
    except (ValueError, TypeError):
        return {"t": "object", "type": "an array of dtype %s" % arr.dtype}
    out = {"t": "array", "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if scalar:
        out["scalar"] = True
    if tensor:
        out["tensor"] = True
    return out


# ---------------------------------------------------------------------- events

class Events:
    """``results.jsonl``: one JSON object a line, flushed at once (a death mid-case is still explained)."""

    def __init__(self, path):
        self.handle = open(path, "w", encoding="utf-8")

    def emit(self, **event):
        self.handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.handle.flush()


def learner_line(exc, path):
    """(line, code) of the deepest frame inside the learner's file, or (None, None)."""
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename) == path:
            found = frame
    if found is None:
        return None, None
    return found.lineno, (found.line or "").strip()[:300]


def describe(exc, path):
    """An exception as data: what kind of failure, its type and message, where in the learner's file."""
    line, code = learner_line(exc, path)
    kind = "exception"
    if isinstance(exc, NotImplementedError):
        kind = "todo"
    elif isinstance(exc, MemoryError):
        kind = "memory"
    elif isinstance(exc, RecursionError):
        kind = "recursion"
    elif isinstance(exc, SystemExit):
        kind = "exit"
    elif isinstance(exc, OSError) and getattr(exc, "errno", None) == 27:  # EFBIG: the file-size limit
        kind = "output"
    elif isinstance(exc, SyntaxError):
        kind = "syntax"
        line, code = exc.lineno, (exc.text or "").strip()[:300]
    elif isinstance(exc, ModuleNotFoundError):
        kind = "module"
    try:
        message = str(exc.msg if isinstance(exc, SyntaxError) else exc)
    except Exception:  # noqa: BLE001 - an exception whose str() fails
        message = ""
    error = {"kind": kind, "type": _type_name(exc), "message": message[:400], "line": line, "code": code}
    if isinstance(exc, SystemExit):
        error["exit_code"] = repr(exc.code)[:60]
    if isinstance(exc, ModuleNotFoundError):
        error["module"] = str(exc.name or "?")[:100]
    return error


def load_learner(path, name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def call_one(call, module, probe, path):
    """Run one call; returns the event to emit."""
    import numpy as np

    args = [(name, decode(value)) for name, value in call["args"]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(all="warn"):
                if call.get("probe"):
                    result = getattr(probe, call["probe"])(module, **dict(args))
                else:
                    result = getattr(module, call["func"])(*[value for _, value in args])
        except BaseException as exc:  # noqa: BLE001 - whatever the learner's code raises is reported as data
            if isinstance(exc, KeyboardInterrupt):
                raise
            return {"event": "raised", "error": describe(exc, path)}
    warning = None
    for item in caught:
        warning = ("%s: %s" % (item.category.__name__, item.message))[:300]
        break
    # The arguments as they are now, so that the parent sees in-place changes: arrays, and for function
    # calls the lists, tuples and dicts too (a probe's own arguments are its business, never compared).
    after = [[name, encode(value)] for name, value in args
             if isinstance(value, np.ndarray) or (type(value) in (list, tuple, dict) and not call.get("probe"))]
    return {"event": "done", "result": encode(result), "args_after": after, "warning": warning}


def wait_for_inputs(path, deadline_s):
    """The inputs (and the go signal) arrive while this process starts: wait for the file."""
    import time

    deadline = time.monotonic() + deadline_s
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return {"abort": True}
        time.sleep(0.002)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def main():
    with open("job.json", encoding="utf-8") as handle:
        job = json.load(handle)
    for entry in job.get("paths", []):
        if entry not in sys.path:
            sys.path.append(entry)  # the libraries only (numpy, torch): never llmpath's own folders
    sys.path.insert(0, os.getcwd())  # the learner's file and the files it `uses`
    events = Events("results.jsonl")
    captured = CappedStream()
    sys.stdout = sys.stderr = captured
    path = os.path.abspath(job["module"])
    try:
        import numpy  # noqa: F401 - imported while the parent prepares the inputs

        # No learner code runs before the go signal: the parent is still importing what it needs.
        inputs = wait_for_inputs("inputs.json", float(job.get("wait_s", 60)))
        if inputs.get("abort"):
            return
        try:
            module = load_learner(path, "_learner_" + os.path.splitext(job["module"])[0])
        except BaseException as exc:  # noqa: BLE001 - a failure at import is reported as data
            if isinstance(exc, KeyboardInterrupt):
                raise
            events.emit(event="load_error", error=describe(exc, path))
            return
        functions = {}
        for name in job.get("functions", []):
            value = getattr(module, name, None)
            functions[name] = "missing" if value is None else ("ok" if callable(value) else "not_callable")
        events.emit(event="loaded", functions=functions)
        if any(state != "ok" for state in functions.values()):
            return
        probe = load_learner(os.path.abspath(job["probe"]), "_probe") if job.get("probe") else None
        for index, call in enumerate(inputs["calls"]):
            events.emit(event="start", index=index)
            outcome = call_one(call, module, probe, path)
            outcome["index"] = index
            events.emit(**outcome)
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        try:
            events.emit(event="end", output=captured.text())
        except Exception:  # noqa: BLE001 - the file-size limit: the parent explains a missing end
            pass
        os._exit(0)  # skip atexit handlers and threads the learner's code may have left behind


if __name__ == "__main__":
    main()

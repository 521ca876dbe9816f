"""Learner code that tries to fool the check: every attack runs in the real child and must fail.

Each attack carries a wrong solution (an identity softmax, which fails the check on its own) plus
the trick; the check must still say "failed", record no pass, and leave the shipped files and the
progress file as they were. The verdict is computed in the parent, which never imports the
learner's code, so patching anything in the child changes nothing but the child.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import llmpath
from llmpath.exercises import channel, core
from llmpath.exercises.registry import get_exercise

REPO = str(Path(llmpath.__file__).resolve().parent.parent)
SOLUTION = Path(llmpath.__file__).resolve().parent / "exercises" / "softmax" / "solution.py"
WRONG = "\ndef softmax(x, axis=-1):\n    return x\n"
# Learner code could know where llmpath lives (it is open source): give it the path outright.
REACH_LLMPATH = f"import sys\nsys.path.insert(0, {REPO!r})\n"


PLAIN_PATCH = ("import llmpath.exercises.sandbox as s, llmpath.exercises.isolation as i; "
               "s.run_confined = lambda argv, **k: i._run_plain(argv, k['workdir'], k['env'], k['limits'], b''); ")


@pytest.fixture(params=["os", "plain"], autouse=True)
def confinement(request, monkeypatch):
    """Every attack twice: confined as this OS allows, and with the plain launch (what macOS gets: limits
    and a process group, no filesystem confinement), where only the parent's own defences stand."""
    if request.param == "plain":
        from llmpath.exercises import isolation, sandbox

        monkeypatch.setattr(sandbox, "run_confined",
                            lambda argv, **k: isolation._run_plain(argv, k["workdir"], k["env"], k["limits"], b""))
    return request.param


def shipped_digest() -> str:
    folder = SOLUTION.parent.parent
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml"):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def untouched():
    """The shipped exercise files are byte for byte the same after the attack."""
    before = shipped_digest()
    yield
    assert shipped_digest() == before


def assert_not_passed(outcome):
    assert not outcome.passed, outcome
    assert outcome.kind != "passed"


def test_identity_softmax_fails_on_its_own(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\n" + WRONG)
    assert_not_passed(outcome)
    assert outcome.kind == "mismatch"


def test_patching_the_checking_module_changes_nothing(sandboxed, untouched):
    source = REACH_LLMPATH + (
        "try:\n"
        "    import llmpath.exercises.checking as c\n"
        "    c.mismatch = lambda *a, **k: None\n"
        "    c.check_returned = lambda *a, **k: None\n"
        "    c.diagnose = lambda *a, **k: None\n"
        "    print('patched', c.__file__)\n"
        "except Exception as exc:\n"
        "    print('could not patch', exc)\n"
    ) + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)
    assert outcome.kind == "mismatch"


def test_overriding_numpy_comparisons_changes_nothing(sandboxed, untouched):
    source = (
        "import numpy as np\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)\n"
        "np.array_equal = lambda *a, **k: True\n"
    ) + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)
    assert outcome.kind == "mismatch"


def test_patching_the_reference_changes_nothing(sandboxed, untouched):
    source = REACH_LLMPATH + (
        "try:\n"
        "    import llmpath.exercises.softmax.solution as s\n"
        "    s.softmax = lambda x, axis=-1: x\n"
        "    import llmpath.exercises.softmax.check as chk\n"
        "    chk.reference = s.softmax\n"
        "except Exception as exc:\n"
        "    print('could not patch', exc)\n"
    ) + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)


def test_a_forged_result_file_is_not_a_pass(sandboxed, untouched):
    forged = json.dumps({"status": "passed", "cases": 9})
    source = f"import os\nopen('results.jsonl', 'w').write({forged!r} + '\\n')\nos._exit(0)\n" + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)
    assert outcome.kind == "untrusted"


def test_forged_events_with_wrong_outputs_are_judged_like_any_output(sandboxed, untouched):
    """Events in the harness's own format: the parent still compares the values, which are wrong."""
    source = (
        "import json, os, base64, io\nimport numpy as np\n"
        "def enc(a):\n    b = io.BytesIO(); np.save(b, a); return {'t': 'array', 'npy': base64.b64encode(b.getvalue()).decode()}\n"
        "calls = None\n"
        "import threading, time\n"
        "def forge():\n"
        "    while not os.path.exists('inputs.json'):\n        time.sleep(0.001)\n"
        "    job = json.load(open('inputs.json'))\n"
        "    with open('results.jsonl', 'w') as out:\n"
        "        out.write(json.dumps({'event': 'loaded', 'functions': {'softmax': 'ok'}}) + '\\n')\n"
        "        for i, call in enumerate(job['calls']):\n"
        "            x = np.load(io.BytesIO(base64.b64decode(call['args'][0][1]['npy'])))\n"
        "            out.write(json.dumps({'event': 'done', 'index': i, 'result': enc(np.ones_like(x)), 'args_after': [['x', enc(x)]]}) + '\\n')\n"
        "        out.write(json.dumps({'event': 'end', 'output': ''}) + '\\n')\n"
        "    os._exit(0)\n"
        "forge()\n"
    ) + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)


def test_appending_to_the_shipped_solution_is_undone_and_does_not_count(sandboxed, tmp_path, confinement):
    before = SOLUTION.read_bytes()
    source = f"with open({str(SOLUTION)!r}, 'a') as handle:\n    handle.write({WRONG!r})\n" + "import numpy as np\n" + WRONG
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)
    if confinement == "plain":   # the write happened: the tripwire put the file back and the check does not count
        assert outcome.kind == "tampered" and "solution.py" in outcome.message.en
    else:                        # the OS refused the write (or hid the file) where it can
        assert outcome.kind in ("tampered", "import"), outcome
    assert SOLUTION.read_bytes() == before
    # A later identity softmax, in a fresh process (which imports the file anew), still fails.
    later = tmp_path / "later"
    later.mkdir()
    (later / "softmax.py").write_text("import numpy as np\n" + WRONG)
    env = {**os.environ, "LLMPATH_HOME": str(tmp_path / "home2")}
    code = ("from pathlib import Path; from llmpath.exercises.registry import get_exercise; "
            "from llmpath.exercises.sandbox import run_check; "
            f"o = run_check(get_exercise('softmax'), Path({str(later / 'softmax.py')!r})); print(o.passed, o.kind)")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert result.stdout.split() == ["False", "mismatch"], result.stderr


def test_writing_a_forged_bytecode_cache_is_undone(sandboxed):
    """A .pyc planted for the reference would run in the next llmpath process: it is removed at once."""
    cache = SOLUTION.parent / "__pycache__" / f"solution.{sys.implementation.cache_tag}.pyc"
    before = cache.read_bytes() if cache.exists() else None
    source = (f"import os\nos.makedirs({str(cache.parent)!r}, exist_ok=True)\n"
              f"open({str(cache)!r}, 'wb').write(b'forged')\n" + "import numpy as np\n" + WRONG)
    outcome = sandboxed("softmax", source)
    assert_not_passed(outcome)
    assert not cache.exists() or cache.read_bytes() == before


def test_rewriting_the_progress_file_through_the_parents_environment_is_undone(tmp_path, confinement):
    """The learner's code finds LLMPATH_HOME in /proc/<parent>/environ and marks everything passed."""
    if not Path(f"/proc/{os.getpid()}/environ").exists():
        pytest.skip("no /proc on this system")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLMPATH_")}
    env.update(LLMPATH_HOME=str(home), LLMPATH_CACHE=str(tmp_path / "cache"), NO_COLOR="1", PYTHONPATH=REPO)
    patch = PLAIN_PATCH if confinement == "plain" else ""
    run = lambda *args: subprocess.run([sys.executable, "-c", patch + "import sys; from llmpath.cli import main; sys.argv = ['llmpath', *sys.argv[1:]]; main()",  # noqa: E731
                                        *args], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run("exercise", "start", "softmax").returncode == 0
    attack = (
        "import json, os\n"
        "raw = open(f'/proc/{os.getppid()}/environ', 'rb').read().split(b'\\0')\n"
        "found = dict(item.decode().split('=', 1) for item in raw if b'=' in item)\n"
        "path = os.path.join(found['LLMPATH_HOME'], 'progress.json')\n"
        "data = json.load(open(path))\n"
        "data['exercises'] = {e: {'status': 'passed', 'attempts': 1, 'passed_at': '2026-01-01T00:00:00+00:00'} for e in "
        "['softmax', 'relu', 'bleu', 'attention']}\n"
        "json.dump(data, open(path, 'w'))\n"
        "print('rewrote', path)\n"
    ) + WRONG
    (home / "exercises" / "softmax.py").write_text(attack)
    result = run("exercise", "check", "softmax")
    assert result.returncode == 1, result.stdout + result.stderr
    if confinement == "plain":   # the rewrite happened and was undone
        assert "progress.json" in result.stdout and "put back" in result.stdout.replace("\n", " ")
    progress = json.loads((home / "progress.json").read_text())
    statuses = {k: v.get("status") for k, v in progress["exercises"].items()}
    assert statuses == {"softmax": "failing"}


def test_a_lying_eq_and_an_ndarray_subclass_are_plain_data_here(sandboxed):
    liar = (
        "import numpy as np\n"
        "class Liar:\n"
        "    def __eq__(self, other): return True\n"
        "    def __array__(self, *a, **k): raise RuntimeError('no')\n"
        "def softmax(x, axis=-1):\n    return Liar()\n"
    )
    outcome = sandboxed("softmax", liar)
    assert_not_passed(outcome)
    assert "Liar" in outcome.message.en
    subclass = (
        "import numpy as np\n"
        "class Always(np.ndarray):\n"
        "    def __eq__(self, other): return np.ones(np.shape(other), bool)\n"
        "    def __array_finalize__(self, obj): pass\n"
        "def softmax(x, axis=-1):\n    return np.zeros_like(x).view(Always)\n"
    )
    outcome = sandboxed("softmax", subclass)
    assert_not_passed(outcome)
    assert outcome.kind == "mismatch"


def test_mutating_an_argument_is_seen_from_the_arguments_after_the_call(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\ndef softmax(x, axis=-1):\n"
                                   "    x -= x.max(axis=axis, keepdims=True)\n    np.exp(x, out=x)\n"
                                   "    x /= x.sum(axis=axis, keepdims=True)\n    return x.copy()\n")
    assert outcome.kind == "mutated" and "in place" in outcome.message.en


def test_changing_the_callers_list_is_seen_too(sandboxed):
    outcome = sandboxed("vocab-and-batches", VOCAB_CHANGING_ITS_TEXTS)
    assert outcome.kind == "mutated" and "`texts` in place" in outcome.message.en


VOCAB_CHANGING_ITS_TEXTS = """
def build_vocab(texts, min_count=1):
    texts.append("")                                   # the caller's list grows by one
    counts = {}
    for word in " ".join(texts).split():
        counts[word] = counts.get(word, 0) + 1
    words = sorted((w for w in counts if counts[w] >= min_count), key=lambda w: (-counts[w], w))
    return {tok: i for i, tok in enumerate(["<pad>", "<unk>"] + words)}
def encode(text, vocab):
    return [vocab.get(w, 1) for w in text.split()]
def batches(items, batch_size, drop_last=False):
    return []
"""


def test_lists_left_alone_are_never_called_changed():
    """What the channel loses on the way back (long strings cut, dict keys as text, over-long lists) is lost
    from the original too before the two are compared, so an untouched argument never reads as changed."""
    import numpy as np

    from llmpath.exercises import harness
    from llmpath.exercises.checking import Case, Returned, check_returned

    args = {"texts": ["x" * 5000, "a b"], "table": {3: [1.5, float("nan")], 4: np.arange(3)},
            "pair": (np.float64(0.5), [True, None]), "long": list(range(harness.MAX_ITEMS + 5))}
    sent = [[name, channel.encode(value)] for name, value in args.items()]
    event = harness.call_one({"func": "f", "args": sent}, type("M", (), {"f": staticmethod(lambda *a: 1)}), None, "f.py")
    after = {name: channel.decode(value) for name, value in json.loads(json.dumps(event["args_after"]))}
    assert set(after) == set(args)
    check_returned(Case(("c", "c"), "f", args, 1), Returned(1, after), {})          # no Failure raised


def test_escape_sequences_from_the_learner_never_reach_the_screen(sandboxed):
    outcome = sandboxed("softmax", "import numpy as np\nprint('\\x1b[2J\\x1b]0;pwned\\x07hello')\n"
                                   "def softmax(x, axis=-1):\n    raise ValueError('\\x1b[31mred')\n")
    assert "\x1b" not in outcome.output and "hello" in outcome.output
    assert "\x1b" not in outcome.message.en and "red" in outcome.message.en


# ---------------------------------------------------------------------- the channel refuses what the harness never writes

@pytest.mark.parametrize("line", [
    '{"status": "passed"}',
    '[1, 2, 3]',
    '{"event": "done", "index": 0, "result": {"t": "pickle", "v": "gASV"}}',
    '{"event": "done", "index": -1, "result": {"t": "none"}}',
    '{"event": "done", "index": 0, "result": {"t": "array", "npy": "not base64!"}}',
    "[" * 100_000 + "]" * 100_000,
])
def test_forged_structures_are_untrusted(tmp_path, line):
    path = tmp_path / "results.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(channel.Untrusted):
        events = channel.read_events(path)
        for _, event in channel.events_by_index(events):
            channel.decode(event["result"])


def test_an_npy_header_that_lies_about_its_size_is_untrusted():
    import base64
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.zeros(4))
    raw = buffer.getvalue().replace(b"(4,)", b"(10000000000,)".ljust(4))  # a header claiming a huge shape
    with pytest.raises(channel.Untrusted):
        channel.read_npy(base64.b64encode(raw).decode())
    buffer = io.BytesIO()
    np.save(buffer, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(channel.Untrusted):
        channel.read_npy(base64.b64encode(buffer.getvalue()).decode())


def test_a_huge_results_file_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "results.jsonl"
    path.write_text('{"event": "end", "output": ""}\n')
    monkeypatch.setattr(channel, "MAX_RESULTS_BYTES", 10)
    with pytest.raises(channel.Untrusted):
        channel.read_events(path)


def test_stored_paths_outside_the_exercise_folders_are_ignored(invoke, isolated_home, tmp_path):
    """Imported progress pointing softmax at a victim file and relu at another .py: neither is touched or run."""
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_text("precious\n")
    other = tmp_path / "elsewhere" / "other.py"
    marker = tmp_path / "ran"
    other.write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    export = tmp_path / "import.json"
    invoke("exercise", "list")
    data = {"version": 1, "answers": [], "units": {}, "exercises": {
        "softmax": {"status": "started", "path": str(victim)}, "relu": {"status": "started", "path": str(other)}}}
    from llmpath.progress import empty_progress
    from datetime import datetime, timezone

    base = empty_progress(datetime.now(timezone.utc))
    base["exercises"] = data["exercises"]
    export.write_text(json.dumps(base))
    imported = invoke("import", str(export))
    assert imported.exit_code == 0, imported.output
    reset = invoke("exercise", "reset", "softmax")
    assert reset.exit_code == 0, reset.output
    assert victim.read_text() == "precious\n"
    assert "ignored the path stored for softmax" in reset.output.replace("\n", " ")
    assert (isolated_home / "exercises" / "softmax.py").read_text() == core.starting_text(get_exercise("softmax"))
    checked = invoke("exercise", "check", "relu")
    assert checked.exit_code == 1 and not marker.exists()
    assert "ignored the path stored for relu" in checked.output.replace("\n", " ")

"""Break 2 (last part): the parsed-content cache was a pickle, so whoever could write it
ran code in the main process on the next `llmpath topics`. Now it is plain data."""

from __future__ import annotations

import marshal
import pickle

import pytest

from llmpath.content import cache
from tests.faults.helpers import run_llmpath


def _cache_file(tmp_path):
    home, store = tmp_path / "home", tmp_path / "cache"
    first = run_llmpath("topics", "--json", home=home, cache=store)
    assert first.returncode == 0, first.stderr
    files = [p for p in store.rglob("content-*") if p.is_file()]
    assert len(files) == 1
    return home, store, files[0], first.stdout


class _Hostile:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


def test_a_replaced_cache_file_runs_no_code(tmp_path):
    home, store, cache_file, expected = _cache_file(tmp_path)
    marker = tmp_path / "pwned"
    cache_file.write_bytes(pickle.dumps(_Hostile(marker)))
    result = run_llmpath("topics", "--json", home=home, cache=store)
    assert not marker.exists(), "the cache file ran code"
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout == expected  # rebuilt from the content, silently


@pytest.mark.parametrize("body", [
    marshal.dumps(compile("open('x','w')", "<x>", "exec")),  # a code object: marshal can hold one
    marshal.dumps([1, 2, 3]),
    marshal.dumps({"modules": {}}),
    b"\x00\x01garbage",
], ids=["code-object", "wrong-shape", "dict", "garbage"])
def test_a_malformed_cache_with_our_header_is_ignored(tmp_path, body):
    home, store, cache_file, expected = _cache_file(tmp_path)
    cache_file.write_bytes(cache._MAGIC + body)
    result = run_llmpath("topics", "--json", home=home, cache=store)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == expected


def test_the_cache_holds_builtins_only_and_round_trips(tmp_path):
    from llmpath.content.catalog import builtin_roots

    catalog = cache._validated(builtin_roots())
    body = marshal.dumps(cache.encode_catalog(catalog))  # raises ValueError for anything but builtins
    assert cache.decode_catalog(marshal.loads(body)) == catalog


def test_a_cached_field_of_the_wrong_type_is_refused():
    from llmpath.content.catalog import builtin_roots

    plain = cache.encode_catalog(cache._validated(builtin_roots()))
    modules = plain[0]
    first = next(iter(modules))
    modules[first][2] = ("only one language",)  # the title is not an (en, zh) pair
    with pytest.raises(ValueError):
        cache.decode_catalog(plain)


def test_the_cache_key_covers_every_content_file(tmp_path):
    """The key lists files with os.scandir (fast); it must see every file the loader reads."""
    from llmpath.content.catalog import builtin_roots, content_files

    pack = tmp_path / "pack"
    (pack / "quizzes" / "deep" / "er").mkdir(parents=True)
    (pack / "quizzes" / "deep" / "er" / "q.yml").write_text("unit: x\n")
    (pack / "quizzes" / "notes.txt").write_text("not content")
    (pack / "curriculum").mkdir()
    (pack / "curriculum" / "u.yaml").write_text("id: x\n")
    for root in builtin_roots() + [pack, pack / "curriculum" / "u.yaml", tmp_path / "missing"]:
        assert [name for name, _ in cache._content_stats(root)] == sorted(str(p) for p in content_files(root))


def test_editing_a_content_file_changes_the_key(tmp_path):
    unit = tmp_path / "u.yaml"
    unit.write_text("id: a\n")
    before = cache._fingerprint([tmp_path])
    unit.write_text("id: ab\n")
    assert cache._fingerprint([tmp_path]) != before

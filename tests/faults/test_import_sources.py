"""Break 6: `import` read anything — a FIFO blocked for ever, /dev/zero and a sparse
giant ended in a MemoryError traceback. Now only a regular file up to 50 MB is opened."""

from __future__ import annotations

import os
import time

import pytest

from tests.faults.helpers import assert_one_line_error, run_llmpath


def _refused_at_once(tmp_path, source, *extra):
    began = time.monotonic()
    result = run_llmpath("import", str(source), *extra, home=tmp_path / "home", timeout=30)
    line = assert_one_line_error(result)
    assert time.monotonic() - began < 15
    return line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("merge", [False, True], ids=["replace", "merge"])
def test_a_fifo_without_writer_is_refused_at_once(tmp_path, merge):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    line = _refused_at_once(tmp_path, fifo, *(["--merge"] if merge else []))
    assert "not a regular file" in line


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once(tmp_path):
    assert "not a regular file" in _refused_at_once(tmp_path, "/dev/zero")


def test_a_directory_is_refused(tmp_path):
    assert "folder" in _refused_at_once(tmp_path, tmp_path)


def test_a_sparse_3_gb_file_is_refused_before_reading(tmp_path):
    giant = tmp_path / "giant.json"
    with giant.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk used, 3 GB of NULs if read
    assert "50 MB" in _refused_at_once(tmp_path, giant)


def test_a_normal_export_still_imports(tmp_path, invoke):
    from llmpath.progress import read_import

    source = tmp_path / "export.json"
    source.write_text('{"schema_version": 1, "answers": []}')
    assert read_import(source)["answers"] == []

"""The Dask example of docs/performance.md (docs/examples/dask/check_archive.py) on a local
in-process scheduler: its part files, joined, are what ``compliance check --format jsonl``
writes.  Skipped where dask is not installed (it is not a dependency)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "dask" / "check_archive.py"

pytest.importorskip("dask.bag")


def _load():
    spec = importlib.util.spec_from_file_location("check_archive", EXAMPLE)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("scheduler", ["sync", "processes"])
def test_dask_parts_joined_are_the_cli_jsonl(tmp_path, scheduler):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("2021-city-government.html", "2021-county-blank-cells.html", "2021-county-bureau.md",
                 "2021-pdf-extracted.md", "2021-township.tsv"):
        shutil.copy(ROOT / "examples" / name, archive / name)
    out = tmp_path / "out"
    assert _load().main([str(archive), str(out), "--partitions", "3", "--scheduler", scheduler]) == 0
    parts = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in parts] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    cli = subprocess.run([sys.executable, "-m", "compliance", "check", str(archive), "--format", "jsonl", "--no-history", "--quiet"],
                         capture_output=True, timeout=300)
    assert cli.returncode == 0 and b"".join(p.read_bytes() for p in parts) == cli.stdout

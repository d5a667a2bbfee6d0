"""The package ships ``py.typed``: mypy, with the project's configuration ([tool.mypy] in
pyproject.toml), finds no error in it.

Runs ``python -m mypy`` from the repository root exactly as a developer would (no arguments:
the files and options come from pyproject.toml).  The cache goes to the temporary folder, not
the work tree.  Skips only when mypy is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (pip install '.[test]')")
def test_mypy_reports_no_error():
    # one cache per checkout: two work trees never share (or fight over) one
    cache = Path(tempfile.gettempdir()) / f"compliance-mypy-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:12]}"
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"mypy exited {proc.returncode}:\n{proc.stdout}{proc.stderr}"

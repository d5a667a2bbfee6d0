"""Golden outputs of every format on the bundled examples/ reports (parser + engine + render).

Skips while the engine or the examples are missing.  Regenerate with
``COMPLIANCE_REGEN_GOLDEN=1 pytest tests/render/test_render_examples.py``.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from compliance.findings import RunResult
from compliance.render import EXTENSIONS, FORMATS, render
from render_samples import check_golden

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file() and not p.name.startswith(".") and p.suffix != ".md") if (ROOT / "examples").is_dir() else []


def _check_paths():
    try:
        engine = importlib.import_module("compliance.engine")
    except ImportError:
        pytest.skip("compliance.engine is not available yet")
    if not hasattr(engine, "check_paths"):
        pytest.skip("compliance.engine.check_paths is not available yet")
    return engine.check_paths


@pytest.fixture(scope="module")
def examples_run() -> RunResult:
    if not EXAMPLES:
        pytest.skip("examples/ holds no report yet")
    check_paths = _check_paths()
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)  # relative paths in every output
    try:
        run = check_paths([str(p.relative_to(ROOT)) for p in EXAMPLES])
    finally:
        os.chdir(cwd)
    return RunResult(reports=run.reports, tool_version="golden", notes=run.notes)


@pytest.mark.parametrize("fmt", FORMATS)
def test_examples_golden(fmt, examples_run):
    from compliance.read import ReadError, read_path

    sources = {}
    for r in examples_run.reports:
        try:
            sources[r.path] = read_path(ROOT / r.path).text
        except ReadError:
            pass
    out = render(examples_run, fmt, sources=sources, explain=(fmt == "text"))
    check_golden(f"examples/examples.{EXTENSIONS[fmt]}", out)


def test_examples_json_round_trip(examples_run):
    data = json.loads(render(examples_run, "json"))
    assert [r["path"] for r in data["reports"]] == [r.path for r in examples_run.reports]

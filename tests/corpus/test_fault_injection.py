"""Fault injection on real reports and the examples (issue 8's acceptance): every numeric
table-三/四 cell that takes part in an identity that holds is changed by +1..+3 in the raw
file, at its printed position (inside the digit run where digits are glued); in delimited
formats also in blank-heavy variants: the zero cells of the legal-person columns, of the 总计
column, of the 其他处理 rows printed blank (blanks standing for 0), and every legal-person
cell printed blank (blanks hiding numbers: then the cells of the identities over no blank).  A variant is detected when an error names a
cell of that table.  ≥ 99 % overall and per input format.

CI runs a deterministic slice (every 5th variant of each kind); ``COMPLIANCE_FAULTS=full``
runs them all, as does ``python benchmarks/fault_injection.py FILE…`` (figures per file).
Variants are generated, never stored.
"""

from __future__ import annotations

import os
from collections import defaultdict

import pytest

from compliance.parse import parse_path
from conftest import CORPUS, EXAMPLES

from tests.support.faults import run

STRIDE = 1 if os.environ.get("COMPLIANCE_FAULTS") == "full" else 5
THRESHOLD = 0.99


def _files():
    out = []
    if CORPUS.is_dir():
        for p in sorted(CORPUS.iterdir()):
            if p.suffix in (".txt", ".md", ".html", ".tsv") and p.name != "README.md":
                out.append(p)
    out += sorted(p for p in EXAMPLES.iterdir() if p.name != "README.md")
    return out


@pytest.fixture(scope="module")
def results():
    by_format: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[str, list[str]] = defaultdict(list)
    for path in _files():
        report = parse_path(path)
        if report.template not in ("2019", "2021"):
            continue  # the faults are injected into the national tables
        total, hits, miss = run(path, stride=STRIDE)
        by_format[report.format][0] += total
        by_format[report.format][1] += hits
        missed[report.format] += [f"{path.name}: {m}" for m in miss]
    return by_format, missed


def test_every_format_detects_single_cell_faults(results):
    by_format, missed = results
    assert {"plain", "markdown", "html", "tsv", "pipe"} <= set(by_format)
    for fmt, (total, hits) in sorted(by_format.items()):
        assert total > 0
        assert hits / total >= THRESHOLD, (fmt, hits, total, missed[fmt][:20])


def test_overall_detection(results):
    by_format, _ = results
    total = sum(t for t, _ in by_format.values())
    hits = sum(h for _, h in by_format.values())
    assert hits / total >= THRESHOLD, (hits, total)

"""Fault injection in Word and PDF reports (issue 9's acceptance, after issue 8's): every
example written as .docx and as PDF with one qualifying table-三/四 number changed by +1..+3,
as published and in the blank-heavy variants (tests/support/doc_faults.py); a variant is
detected when an error names a cell of that table.  ≥ 99 % for each document format.

CI runs a deterministic slice (every 40th variant of each kind); ``COMPLIANCE_FAULTS=full`` runs
them all, as does ``python benchmarks/documents.py --faults``.
"""

from __future__ import annotations

import os

import pytest

from compliance.parse import parse_path
from conftest import EXAMPLES

from tests.support import doc_faults

STRIDE = 1 if os.environ.get("COMPLIANCE_FAULTS") == "full" else 40
THRESHOLD = 0.99


def _generators():
    out = []
    try:
        from tests.support.docx_gen import report_to_docx

        out.append(pytest.param(doc_faults.DocxStamp(report_to_docx), ".docx", id="docx"))
    except ImportError as exc:  # python-docx is a dependency: this is a broken install
        raise AssertionError(f"python-docx missing: {exc}") from None
    reportlab = pytest.importorskip("reportlab")
    assert reportlab
    from tests.support.pdf_gen import report_to_pdf

    out.append(pytest.param(report_to_pdf, ".pdf", id="pdf"))
    return out


@pytest.mark.parametrize("generate,suffix", _generators())
def test_document_formats_detect_single_cell_faults(generate, suffix):
    total = hits = 0
    missed: list[str] = []
    for path in sorted(p for p in EXAMPLES.iterdir() if p.name != "README.md"):
        if parse_path(path).template not in ("2019", "2021"):
            continue
        t, h, miss = doc_faults.run(path, generate, suffix, stride=STRIDE)
        total += t
        hits += h
        missed += [f"{path.name}: {m}" for m in miss]
    assert total >= (100 if STRIDE > 1 else 4000)
    assert hits / total >= THRESHOLD, (suffix, hits, total, missed[:20])

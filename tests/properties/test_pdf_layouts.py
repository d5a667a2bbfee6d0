"""Properties of the reading of PDF-extracted markdown (issue 8): generated valid reports whose
tables 三 and 四 are printed the way PDF extraction leaves them (tests/properties/pdf_render.py:
labels detached from their numbers, wrapped labels, vertical group labels cut into pieces, page
markers and repeated headers between rows, rows as text lines, extra empty cells, table 四 as
header lines plus one row of 15 numbers, a narrative paragraph with a year and numbers after
table 三) are read cell for cell and give no error finding; one changed cell gives an error
finding in its table."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from compliance.engine import check_report
from compliance.parse import parse_text

from .pdf_render import expected_cells, one_cell_changed, pdf_reports, read_cells, render_pdf

# bounded for the suite (the ci and dev profiles); HYPOTHESIS_PROFILE=thorough runs its 500
bounded = settings(max_examples=30) if settings.default.max_examples <= 60 else settings()


def errors(findings):
    return [(f.rule or f.code, f.location.cell, f.message) for f in findings if f.severity.value == "error"]


@bounded
@given(pdf_reports())
def test_damaged_valid_report_is_read_exactly(gd):
    g, d = gd
    report = parse_text(render_pdf(g, d), path="x.md")
    assert read_cells(report) == expected_cells(g)
    assert errors(check_report(report).findings) == []


@bounded
@given(pdf_reports(), st.data())
def test_one_changed_cell_is_an_error_in_its_table(gd, data):
    g, d = gd
    g2, cell = data.draw(one_cell_changed(g))
    findings = check_report(parse_text(render_pdf(g2, d), path="x.md")).findings
    table = cell.split("/")[0] + "/"
    assert any(f.location.cell and f.location.cell.startswith(table) for f in findings if f.severity.value == "error"), (
        cell, errors(findings))

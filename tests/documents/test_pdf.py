"""The PDF reader: a PDF and a web page of the same content read alike; the real file 028;
scanned, encrypted, corrupt and over-long PDFs; a ``.pdf`` that is really HTML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.codes import INPUT_LIMIT_EXCEEDED, PROTECTED_DOCUMENT, SCANNED_DOCUMENT, UNREADABLE_INPUT
from compliance.documents import Limits
from compliance.engine import check_report
from compliance.parse import parse_bytes, parse_path
from tests.support.model import APP_COLUMN_IDS, APPEAL_COLUMN_IDS, APPEAL_ROWS, DISCLOSURE_BLOCKS, app_row_ids
from tests.support.pdf_gen import report_to_html, report_to_pdf, scanned_pdf, text_pdf
from tests.support.render import render_html

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.name != "README.md")
CORPUS_028 = ROOT / ".." / "shared" / "corpus" / "028.pdf"


def cells(report):
    return {a: (c.value, c.kind) for a, c in report.cells()}


def findings(report):
    return sorted((f.rule, f.severity.value, f.location.cell, f.message) for f in check_report(report).findings)


# the findings of each example's PDF (= its web page): rule ids
EXPECTED = {
    "2019-county-department-gbk.txt": (198, ["TIME-001", "TXT-002"]),
    "2019-district-office-traditional.txt": (198, ["TIME-001", "TXT-002"]),
    "2021-city-government.html": (200, ["SEC6-002", "TIME-001", "TXT-002"]),
    "2021-county-blank-cells.html": (200, ["SEC6-002", "STR-007", "STR-007", "STR-007", "TIME-001", "TXT-002"]),
    "2021-county-bureau.md": (200, ["SEC6-002", "TIME-001", "TXT-002"]),
    "2021-pdf-extracted.md": (200, ["SEC6-002", "TIME-001", "TXT-002"]),
    "2021-township.tsv": (200, ["SEC6-002", "TIME-001", "TXT-002"]),
}


def test_every_example_is_pinned():
    assert sorted(EXPECTED) == [p.name for p in EXAMPLES]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_pdf_reads_as_the_web_page(example):
    report = parse_path(example)
    pdf = report_to_pdf(report)
    from_pdf = parse_bytes(pdf, example.stem + ".pdf")
    from_html = parse_bytes(report_to_html(report).encode(), example.stem + ".html")
    assert from_pdf.template == from_html.template == report.template
    assert (from_pdf.year, from_pdf.agency) == (from_html.year, from_html.agency)
    assert cells(from_pdf) == cells(from_html)
    assert findings(from_pdf) == findings(from_html)
    count, rules = EXPECTED[example.name]
    assert len(cells(from_pdf)) == count
    assert [f[0] for f in findings(from_pdf)] == rules
    # the table 三 of the PDF stands on two pages, its header repeated on the second
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    assert sum("申请人情况" in doc[i].get_textpage().get_text_range() for i in range(len(doc))) == 2


def test_generated_pdf_places():
    report = parse_path(EXAMPLES[-1])
    from_pdf = parse_bytes(report_to_pdf(report), "x.pdf")
    for f in check_report(from_pdf).findings:
        span = f.location.span
        assert span is not None and span.place is not None and span.place.page >= 1


# ---------------------------------------------------------------------------------------------
# the real file 028

_NONZERO_028 = {
    "disclosure/normative_documents/issued": 3,
    "disclosure/normative_documents/in_force": 8,
    "disclosure/licensing/decisions": 9487,
    "disclosure/penalty/decisions": 2776,
    "disclosure/coercion/decisions": 84,
    "disclosure/fees/amount": 7545,
    "appeals/review/upheld": 1,
    "appeals/review/corrected": 1,
    "appeals/review/total": 2,
    "appeals/litigation_direct/upheld": 1,
    "appeals/litigation_direct/total": 1,
    "appeals/litigation_after_review/upheld": 2,
    "appeals/litigation_after_review/other": 1,
    "appeals/litigation_after_review/total": 3,
}
_APPLICANTS_028 = {  # natural persons = total; every other column 0
    "new_received": 95,
    "granted": 50,
    "partially_granted": 9,
    "denied.three_securities": 1,
    "denied.process_information": 1,
    "denied.enforcement_files": 1,
    "unable.not_held": 31,
    "unable.needs_creation": 1,
    "not_processed.complaints": 1,
    "total": 95,
}
# （六）其他处理 printed as one row of zeros: its three template rows are not read
_MISSING_028 = ("other.overdue_correction", "other.overdue_fee", "other.other")


def _expected_028() -> dict[str, tuple[object, str]]:
    out: dict[str, tuple[object, str]] = {}
    for _, columns, rows in DISCLOSURE_BLOCKS["2021"]:
        for rid, _ in rows:
            for cid, _ in columns:
                a = f"disclosure/{rid}/{cid}"
                out[a] = (_NONZERO_028.get(a, 0), "number")
    for rid in app_row_ids("2021"):
        if rid in _MISSING_028:
            continue
        for cid in APP_COLUMN_IDS:
            v = _APPLICANTS_028.get(rid, 0) if cid in ("natural_person", "total") else 0
            out[f"applications/{rid}/{cid}"] = (v, "number")
    for rid, _ in APPEAL_ROWS:
        for cid in APPEAL_COLUMN_IDS:
            a = f"appeals/{rid}/{cid}"
            out[a] = (_NONZERO_028.get(a, 0), "number")
    return out


needs_028 = pytest.mark.skipif(not CORPUS_028.is_file(), reason="../shared/corpus/028.pdf is not here")


@needs_028
def test_028_reads():
    report = parse_path(CORPUS_028)
    assert (report.template, report.year, report.agency) == ("2021", 2024, "淮安市洪泽区人民政府")
    got = cells(report)
    assert got == _expected_028()
    assert len(got) == 179
    result = check_report(report)
    located = [(f.rule, f.severity.value, f.name, f.location.span.place.page, f.location.span.place.line) for f in result.findings]
    assert located == [
        ("TIME-001", "info", "not-evaluated", 1, 1),
        ("SEC1-002", "warning", "missing-assessment-results", 1, 9),
        # the misprinted label, on its own line of page 3 (not the tall merged label beside it)
        ("STR-006", "warning", "row-label-differs-from-template", 3, 26),
        # （六）其他处理 printed as one row of zeros: one structure finding, no unlabelled row
        ("STR-004", "error", "group-printed-as-one-row", 4, 11),
        ("SEC5-002", "warning", "missing-previous-rectification", 4, 21),
        ("SEC6-002", "info", "missing-other-report-items", 5, 5),
    ]
    messages = {f.rule: f.message for f in result.findings}
    assert messages["STR-004"].startswith("表三“（六）其他处理”印为一行（数值 0 0 0 0 0 0 0），")
    assert messages["STR-006"] == "表三“（三）不予公开·其他法律行政法规禁止公开”行的行标题印为“2.其他法律行政止公开”，模板为“其他法律行政法规禁止公开”"
    # the vertical row-group label, one character per line down the side, is one cell
    assert "| 三、本年度办理结果 | （一）予以公开 |" in report.extracted


@needs_028
def test_028_json_locations_have_pages():
    run = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(CORPUS_028), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT,
    )
    data = json.loads(run.stdout)
    found = []

    def walk(o):
        if isinstance(o, dict):
            if "rule" in o and "location" in o:
                found.append(o)
            else:
                for v in o.values():
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(data)
    assert len(found) == 6
    assert all(isinstance(f["location"].get("page"), int) and f["location"]["page"] >= 1 for f in found)


# ---------------------------------------------------------------------------------------------
# files that cannot be read


def _only(report, code):
    assert [p.rule for p in report.problems] == [code.id]
    return report.problems[0]


def test_scanned_pdf(tmp_path):
    report = parse_bytes(scanned_pdf(), "scan.pdf")
    assert "扫描件" in _only(report, SCANNED_DOCUMENT).message
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    run = subprocess.run([sys.executable, "-m", "compliance", "check", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert run.stdout.count("PRS-007") == 1


def test_encrypted_pdf():
    data = text_pdf(["政府信息公开工作年度报告"], encrypt="secret")
    assert "密码" in _only(parse_bytes(data, "locked.pdf"), PROTECTED_DOCUMENT).message


def test_corrupt_pdf():
    data = text_pdf(["政府信息公开工作年度报告"] * 5)
    _only(parse_bytes(data[: len(data) // 3], "broken.pdf"), UNREADABLE_INPUT)


def test_too_many_pages():
    data = text_pdf(["政府信息公开工作年度报告"], pages=3)
    problem = _only(parse_bytes(data, "long.pdf", limits=Limits(max_pages=2)), INPUT_LIMIT_EXCEEDED)
    assert "3" in problem.message and "max_pages" in problem.message


def test_pdf_named_file_holding_html():
    report = parse_path(EXAMPLES[2])
    html = render_html(report_to_model_for(report))
    as_pdf = parse_bytes(html.encode(), "page.pdf")
    as_html = parse_bytes(html.encode(), "page.html")
    assert cells(as_pdf) == cells(as_html) and as_pdf.template == "2021"


def report_to_model_for(report):
    from tests.support.pdf_gen import report_to_model

    return report_to_model(report)


# ---------------------------------------------------------------------------------------------
# generated reports of both templates (blank cells included)

from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.support.pdf_gen import model_to_pdf  # noqa: E402
from tests.support.strategies import table_models  # noqa: E402


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(table_models(blanks="inner"))
def test_generated_pdf_reads_as_the_web_page(model):
    from_pdf = parse_bytes(model_to_pdf(model), "x.pdf")
    from_html = parse_bytes(render_html(model).encode(), "x.html")
    assert cells(from_pdf) == cells(from_html)
    assert findings(from_pdf) == findings(from_html)

"""The bundled examples/ reports parse exactly as documented in examples/README.md.

Each example is an invented report (invented agency, invented numbers that satisfy every
identity of the template) in one input format.  Pinned here: detected format and encoding,
template, year, agency, the six sections, a few exact cells, every cell of tables 二/三/四 a
number, the identities of tables 三/四 over the parsed values, and no parse problems.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.engine import check_report
from compliance.parse import parse_path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# name: (format, encoding, template, year, agency, {cell: value})
EXPECTED = {
    "2021-county-bureau.md": (
        "markdown", "utf-8", "2021", 2023, "临川县生态环境局",
        {
            "disclosure/normative_documents/in_force": 9,
            "disclosure/licensing/decisions": 312,
            "disclosure/fees/amount": 0,
            "applications/new_received/total": 51,
            "applications/unable.not_held/natural_person": 9,
            "applications/other.overdue_correction/total": 1,
            "applications/carried_out/commercial": 1,
            "appeals/review/total": 3,
            "appeals/litigation_direct/pending": 1,
        },
    ),
    "2021-city-government.html": (
        "html", "utf-8", "2021", 2022, "青禾市人民政府",
        {
            "disclosure/regulations/in_force": 38,
            "disclosure/normative_documents/in_force": 315,
            "disclosure/licensing/decisions": 28643,
            "disclosure/fees/amount": Decimal("1265.48"),
            "applications/new_received/total": 405,
            "applications/denied.process_information/commercial": 1,
            "applications/other.overdue_fee/natural_person": 1,
            "applications/total/total": 401,
            "applications/carried_out/natural_person": 23,
            "appeals/litigation_direct/pending": 4,
            "appeals/litigation_after_review/total": 6,
        },
    ),
    "2019-district-office-traditional.txt": (
        "pipe", "utf-8", "2019", 2019, "云溪区人民政府办公室",
        {
            "disclosure/normative_documents/published_total": 27,
            "disclosure/other_services/change": -1,
            "disclosure/fees/change": -2,
            "disclosure/procurement/amount": Decimal("186.35"),
            "applications/new_received/total": 46,
            "applications/granted/other_org": 1,
            "applications/other/natural_person": 2,
            "applications/carried_out/total": 1,
            "appeals/litigation_direct/total": 1,
        },
    ),
    "2021-township.tsv": (
        "tsv", "utf-8", "2021", 2024, "松涛县柳塘镇人民政府",
        {
            "disclosure/normative_documents/in_force": 4,
            "disclosure/licensing/decisions": 86,
            "disclosure/penalty/decisions": 12,
            "applications/new_received/total": 11,
            "applications/unable.not_held/commercial": 1,
            "applications/other.other/total": 1,
            "appeals/review/pending": 1,
        },
    ),
    "2021-pdf-extracted.md": (
        "markdown", "utf-8", "2021", 2024, "桐溪县市场监督管理局",
        {
            "disclosure/normative_documents/in_force": 14,
            "disclosure/licensing/decisions": 1286,
            "applications/new_received/total": 67,
            "applications/partially_granted/natural_person": 6,  # an extra empty cell before it
            "applications/denied.prohibited_by_law/total": 1,  # label broken by 予公开
            "applications/unable.not_held/total": 11,  # labels in a block before the numbers
            "applications/not_processed.confirmation/natural_person": 1,
            "applications/other.overdue_correction/commercial": 1,  # labels after the numbers
            "applications/carried_out/total": 3,
            "appeals/review/total": 3,  # one row of 15 numbers under header lines
            "appeals/litigation_after_review/pending": 1,
        },
    ),
    "2019-county-department-gbk.txt": (
        "plain", "gb18030", "2019", 2020, "汀兰县自然资源局",
        {
            "disclosure/licensing/decisions": 1240,
            "disclosure/fees/change": -1,
            "disclosure/procurement/items": 8,
            "disclosure/procurement/amount": Decimal("96.40"),
            "applications/carried_in/natural_person": 4,
            "applications/other/commercial": 1,
            "applications/total/total": 81,
            "appeals/review/total": 5,
            "appeals/litigation_after_review/upheld": 1,
        },
    ),
}

DISCLOSURE_ROWS = {
    "2021": ["regulations", "normative_documents", "licensing", "penalty", "coercion", "fees"],
    "2019": ["regulations", "normative_documents", "licensing", "other_services", "penalty", "coercion", "fees", "procurement"],
}
APP_COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
APPEAL_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
LEAVES_2021 = 21
LEAVES_2019 = 19


@pytest.fixture(scope="module")
def reports():
    return {name: parse_path(EXAMPLES / name) for name in EXPECTED}


def test_every_example_is_pinned():
    present = sorted(p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name != "README.md")
    # the blank-cells example is pinned cell by cell in test_blank_example.py
    assert present == sorted([*EXPECTED, "2021-county-blank-cells.html"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_identity(name, reports):
    fmt, encoding, template, year, agency, _ = EXPECTED[name]
    r = reports[name]
    assert (r.format, r.encoding, r.template, r.year, r.agency) == (fmt, encoding, template, year, agency)
    assert r.title == f"{agency}{year}年政府信息公开工作年度报告"
    assert [s.canonical for s in r.sections] == list("一二三四五六")
    assert all(s.text for s in r.sections if s.canonical in "一五六"), "sections 一/五/六 have narrative text"
    assert "统计期限" in "\n".join(p.text for p in r.preamble)
    assert "信息处理费" in r.section("六").text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pinned_cells(name, reports):
    r = reports[name]
    got = {}
    for address in EXPECTED[name][5]:
        cell = r.cell(address)
        got[address] = None if cell is None or cell.kind != "number" else cell.value
    assert got == EXPECTED[name][5]
    for address, want in EXPECTED[name][5].items():
        assert type(r.cell(address).value) is type(want), address


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_all_cells_are_numbers_and_no_problems(name, reports):
    r = reports[name]
    template = EXPECTED[name][2]
    assert [(p.code, p.message) for p in r.problems] == []
    assert [t.id for t in r.tables] == ["disclosure", "applications", "appeals"]
    assert [row.id for row in r.table("disclosure").rows] == DISCLOSURE_ROWS[template]
    assert len(r.table("applications").rows) == (LEAVES_2021 if template == "2021" else LEAVES_2019) + 4
    assert [row.id for row in r.table("appeals").rows] == ["review", "litigation_direct", "litigation_after_review"]
    not_numbers = [(a, c.kind, c.raw) for a, c in r.cells() if c.kind != "number"]
    assert not_numbers == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_tables_are_consistent(name, reports):
    """The examples are valid reports: every identity of spec/regulation.md §3.3 holds."""
    r = reports[name]
    apps = {row.id: [row.cell(c).value for c in APP_COLUMNS] for row in r.table("applications").rows}
    leaves = [rid for rid in apps if rid not in ("new_received", "carried_in", "total", "carried_out")]
    assert len(leaves) == (LEAVES_2021 if EXPECTED[name][2] == "2021" else LEAVES_2019)
    for i, col in enumerate(APP_COLUMNS):
        assert apps["new_received"][i] + apps["carried_in"][i] == apps["total"][i] + apps["carried_out"][i], col
        assert sum(apps[rid][i] for rid in leaves) == apps["total"][i], col
    for rid, values in apps.items():
        assert sum(values[:6]) == values[6], rid
    for row in r.table("appeals").rows:
        values = [row.cell(c).value for c in APPEAL_COLUMNS]
        assert sum(values[:4]) == values[4], row.id


PDF_EXTRACTED_T3 = {
    "new_received": "58 6 0 1 2 0 67",
    "carried_in": "4 1 0 0 0 0 5",
    "granted": "21 2 0 0 1 0 24",
    "partially_granted": "6 1 0 0 0 0 7",
    "denied.state_secret": "0 0 0 0 0 0 0",
    "denied.prohibited_by_law": "1 0 0 0 0 0 1",
    "denied.three_securities": "0 0 0 0 0 0 0",
    "denied.third_party": "2 0 0 0 0 0 2",
    "denied.internal_affairs": "1 0 0 0 0 0 1",
    "denied.process_information": "3 1 0 0 0 0 4",
    "denied.enforcement_files": "0 0 0 0 0 0 0",
    "denied.inquiry_matters": "1 0 0 0 0 0 1",
    "unable.not_held": "9 1 0 0 1 0 11",
    "unable.needs_creation": "2 0 0 0 0 0 2",
    "unable.still_unclear": "1 0 0 0 0 0 1",
    "not_processed.complaints": "4 0 0 1 0 0 5",
    "not_processed.duplicate": "3 1 0 0 0 0 4",
    "not_processed.publications": "0 0 0 0 0 0 0",
    "not_processed.excessive": "0 0 0 0 0 0 0",
    "not_processed.confirmation": "1 0 0 0 0 0 1",
    "other.overdue_correction": "2 1 0 0 0 0 3",
    "other.overdue_fee": "0 0 0 0 0 0 0",
    "other.other": "2 0 0 0 0 0 2",
    "total": "59 7 0 1 2 0 69",
    "carried_out": "3 0 0 0 0 0 3",
}


def test_pdf_extracted_every_cell(reports):
    """2021-pdf-extracted.md: every cell of tables 二/三/四 exactly, the rows of the detached
    blocks labelled by the blocks (not by position), and no parse problem."""
    r = reports["2021-pdf-extracted.md"]

    def row_values(row):
        return " ".join(str(c.value) for _, c in row.cells)

    assert {row.id: row_values(row) for row in r.table("disclosure").rows} == {
        "regulations": "0 0 0", "normative_documents": "3 1 14", "licensing": "1286",
        "penalty": "97", "coercion": "4", "fees": "0",
    }
    assert {row.id: row_values(row) for row in r.table("applications").rows} == PDF_EXTRACTED_T3
    assert {row.id: row_values(row) for row in r.table("appeals").rows} == {
        "review": "2 0 1 0 3", "litigation_direct": "1 0 0 0 1", "litigation_after_review": "0 0 0 1 1",
    }
    apps = r.table("applications")
    assert {row.match for row in apps.rows} == {"exact", "fuzzy"}
    assert (apps.row("denied.prohibited_by_law").label, apps.row("denied.prohibited_by_law").match) == (
        "2.其他法律行政法规禁止公开", "fuzzy",
    )
    assert apps.row("not_processed.duplicate").label == "2.重复申请"  # from the block before the numbers
    assert apps.row("other.other").label == "3.其他"  # from the block after them
    assert {row.match for row in r.table("appeals").rows} == {"position"}
    assert r.problems == ()


def test_quick_start_cli_json_equals_the_api(monkeypatch):
    """README quick start: ``compliance parse examples/2021-county-bureau.md``."""
    monkeypatch.chdir(ROOT)
    rel = "examples/2021-county-bureau.md"
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "parse", rel, "--format", "json"],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data == json.loads(json.dumps(parse_path(rel).to_parse_dict(), ensure_ascii=False))
    assert data["template"] == "2021" and data["agency"] == "临川县生态环境局"
    assert data["tables"]["applications"]["new_received"]["total"]["value"] == 51


def test_quick_start_cli_tree():
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "parse", "examples/2021-county-bureau.md", "--format", "tree"],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "template=2021 year=2023 agency=临川县生态环境局" in proc.stdout
    assert "problems" not in proc.stdout


# the exact findings of `compliance check` on each example (rule, severity, cell): valid
# reports give only info notes (TIME-001 without publication facts; SEC6-002's [G] items)
EXPECTED_FINDINGS = {
    "2021-county-bureau.md": [("SEC6-002", "info", None), ("TIME-001", "info", None)],
    "2021-city-government.html": [("TIME-001", "info", None)],
    "2019-district-office-traditional.txt": [("TIME-001", "info", None)],
    "2021-township.tsv": [("SEC6-002", "info", None), ("TIME-001", "info", None)],
    "2021-pdf-extracted.md": [("SEC6-002", "info", None), ("TIME-001", "info", None)],
    "2019-county-department-gbk.txt": [("TIME-001", "info", None)],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_exact_findings(name, reports):
    got = sorted((f.rule, f.severity.value, f.location.cell) for f in check_report(reports[name]).findings)
    assert got == sorted(EXPECTED_FINDINGS[name])

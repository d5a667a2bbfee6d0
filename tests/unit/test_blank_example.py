"""examples/2021-county-blank-cells.html: a valid report whose zero cells are printed blank
(``&nbsp;``).  Every cell is pinned (a number, or ``_`` for a blank cell — never a 0), and the
findings are exact: one STR-007 per table, no error, nothing per row (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.engine import check_report
from compliance.parse import parse_path

NAME = "2021-county-blank-cells.html"
PATH = Path(__file__).resolve().parents[2] / "examples" / NAME
_ = "_"

T2 = {
    "regulations": "_ _ _", "normative_documents": "1 _ 3", "licensing": "1482",
    "penalty": "58", "coercion": "6", "fees": "_",
}
T3 = {
    "new_received": "23 2 _ _ _ 1 26",
    "carried_in": "1 _ _ _ _ _ 1",
    "granted": "11 1 _ _ _ _ 12",
    "partially_granted": "2 _ _ _ _ _ 2",
    "denied.state_secret": "0 _ _ _ _ _ 0",
    "denied.prohibited_by_law": "0 _ _ _ _ _ 0",
    "denied.three_securities": "0 _ _ _ _ _ 0",
    "denied.third_party": "1 _ _ _ _ _ 1",
    "denied.internal_affairs": "0 _ _ _ _ _ 0",
    "denied.process_information": "1 _ _ _ _ _ 1",
    "denied.enforcement_files": "0 _ _ _ _ _ 0",
    "denied.inquiry_matters": "0 _ _ _ _ _ 0",
    "unable.not_held": "5 1 _ _ _ 1 7",
    "unable.needs_creation": "1 _ _ _ _ _ 1",
    "unable.still_unclear": "0 _ _ _ _ _ 0",
    "not_processed.complaints": "1 _ _ _ _ _ 1",
    "not_processed.duplicate": "0 _ _ _ _ _ 0",
    "not_processed.publications": "0 _ _ _ _ _ 0",
    "not_processed.excessive": "0 _ _ _ _ _ 0",
    "not_processed.confirmation": "0 _ _ _ _ _ 0",
    "other.overdue_correction": "_ _ _ _ _ _ _",
    "other.overdue_fee": "_ _ _ _ _ _ _",
    "other.other": "_ _ _ _ _ _ _",
    "total": "22 2 _ _ _ 1 25",
    "carried_out": "2 _ _ _ _ _ 2",
}
T4 = {"review": "1 _ _ _ 1", "litigation_direct": "_ _ _ _ _", "litigation_after_review": "_ _ _ _ _"}


@pytest.fixture(scope="module")
def report():
    return parse_path(PATH)


def _values(table) -> dict[str, str]:
    out = {}
    for row in table.rows:
        vals = []
        for _c, cell in row.cells:
            assert cell.kind in ("number", "blank"), (row.id, cell)
            vals.append(str(cell.value) if cell.kind == "number" else _)
        out[row.id] = " ".join(vals)
    return out


def test_every_cell_blank_or_number(report):
    assert (report.format, report.template, report.year, report.agency) == ("html", "2021", 2022, "石门县市场监督管理局")
    assert [s.canonical for s in report.sections] == list("一二三四五六")
    assert report.problems == ()
    assert _values(report.table("disclosure")) == T2
    assert _values(report.table("applications")) == T3
    assert _values(report.table("appeals")) == T4


def test_one_blank_finding_per_table_and_no_error(report):
    findings = check_report(report).findings
    got = [(f.rule, f.severity.value, f.location.cell) for f in findings]
    assert got == [
        ("TIME-001", "info", None),
        ("STR-007", "warning", "disclosure/regulations/issued"),
        ("STR-007", "warning", "applications/new_received/research"),
        ("STR-007", "warning", "appeals/review/corrected"),
        ("SEC6-002", "info", None),
    ]
    t3 = findings[2]
    assert t3.message.startswith("表三有 124 个单元格未填数字（空白）：“科研机构”至“法律服务机构”3 列（整列）；")
    assert len(dict(t3.evidence)["cells"]) == 124
    # the one narrative check the blanks leave open is folded into the table's finding
    assert dict(findings[3].evidence)["undecided"] == [
        {"rule": "TXT-005", "check": "正文“未被提起行政诉讼”", "cell": "appeals/litigation_direct/total"}
    ]

"""compliance/grouping.py and the grouped findings of the structure checks (docs/findings.md)."""

from __future__ import annotations

import json
from pathlib import Path

from compliance.codes import ROW_MISFIT, UNREADABLE_ROW
from compliance.engine import check_text
from compliance.findings import Finding, Location, Severity
from compliance.grouping import group_findings
from compliance.model import type_cell
from compliance.parse import parse_text
from compliance.text import Span

from tests.rules.edits import set_cell

FIXTURE = Path(__file__).resolve().parents[1] / "rules" / "fixtures" / "2021-department.md"


def note(rule: str, cells: list[str], line: int = 5) -> Finding:
    return Finding(rule, "not-assessable", Severity.INFO, f"{rule} 无法核对", Location(Span.point(line), "三", cells[0]),
                   (("unfilled", cells), ("check", f"{rule} 的核对")))


def unreadable(row: str, line: int) -> Finding:
    return UNREADABLE_ROW.finding(f"{row} 粘连", span=Span.point(line), row=row)


def test_unreadable_rows_of_one_table_become_one_finding_per_table():
    found = group_findings([
        unreadable("disclosure/penalty", 10), unreadable("disclosure/licensing", 9),
        unreadable("applications/granted", 20),
    ])
    assert len(found) == 2
    grouped = next(f for f in found if f.cell == "disclosure/licensing")
    ev = dict(grouped.evidence)
    assert ev["rows"] == ["disclosure/licensing", "disclosure/penalty"]
    assert ev["details"] == ["disclosure/licensing 粘连", "disclosure/penalty 粘连"]
    assert grouped.location.span == Span.point(9)  # the first member's
    assert "表二有 2 行" in grouped.message and "“行政许可”、“行政处罚”行" in grouped.message
    single = next(f for f in found if f.cell == "applications/granted")
    assert "rows" not in dict(single.evidence)  # one row: the parser's finding as it was


def test_notes_fold_into_the_one_cause_that_covers_them():
    blanks = Finding("STR-007", "unfilled-table-cell", Severity.WARNING, "表三有 2 个单元格未填数字", Location(Span.point(5), "三", "applications/granted/research"),
                     (("cells", ["applications/granted/research", "applications/total/research"]),))
    covered = note("T3-002", ["applications/granted/research", "applications/total/research"])
    by_row = note("T3-003", ["applications/carried_in/total"], line=6)
    mixed = note("T3-001", ["applications/granted/research", "applications/carried_in/total"], line=7)
    alone = note("T3-001", ["applications/carried_out/natural_person"], line=8)
    found = group_findings([blanks, covered, unreadable("applications/carried_in", 6), by_row, mixed, alone])
    rules = [(f.rule, f.name) for f in found]
    assert rules.count(("T3-001", "not-assessable")) == 2  # covered by two causes / by none: kept
    assert ("T3-002", "not-assessable") not in rules and ("T3-003", "not-assessable") not in rules
    cause = next(f for f in found if f.rule == "STR-007")
    assert dict(cause.evidence)["undecided"] == [{"rule": "T3-002", "check": "T3-002 的核对", "cell": "applications/granted/research"}]
    assert cause.message.endswith("；因此有 1 项核对无法进行（见证据 undecided）")
    row = next(f for f in found if f.rule == UNREADABLE_ROW.id)
    assert [u["rule"] for u in dict(row.evidence)["undecided"]] == ["T3-003"]


def test_a_row_printed_but_not_read_takes_in_its_misfit():
    printed = Finding("STR-004", "row-printed-not-read", Severity.WARNING, "印在第 71 行", Location(Span.point(71), "三"),
                      (("row", "applications/not_processed.duplicate"), ("printed_at", 71), ("rows", ["applications/not_processed.duplicate"])))
    misfit = ROW_MISFIT.finding("表三中的一行对不上", span=Span.point(71))
    found = group_findings([printed, misfit])
    assert [f.rule for f in found] == ["STR-004"]
    assert dict(found[0].evidence)["parse_problem"] == "表三中的一行对不上"


def _blank(text: str, addresses: list[str]) -> str:
    report = parse_text(text)
    for a in sorted(addresses, key=lambda a: (report.cell(a).span.line, report.cell(a).span.column), reverse=True):
        text = set_cell(text, a, "")
    return text


def test_blank_legal_person_columns_are_one_finding_with_the_checks_in_evidence():
    text = FIXTURE.read_text(encoding="utf-8")
    report = parse_text(text)
    cols = ("commercial", "research", "social_welfare", "legal_service", "other_org")
    # the zero cells printed blank: every identity holds with them 0, so the blanks are the one fact
    blanks = [a for a, c in report.cells() if a.startswith("applications/") and a.split("/")[2] in cols and c.value == 0]
    assert len(blanks) > 100
    result = check_text(_blank(text, blanks))
    assert [(f.rule, f.name) for f in result.findings if f.name != "not-evaluated"] == [("STR-007", "unfilled-table-cell")]
    f = next(f for f in result.findings if f.rule == "STR-007")
    ev = dict(f.evidence)
    assert sorted(ev["cells"]) == sorted(blanks)
    assert f.location.cell == blanks[0]
    assert "undecided" not in ev  # identities over blanks are decided (issue 8): nothing left to fold
    json.dumps(f.to_dict(), ensure_ascii=False)  # the evidence is plain JSON


def test_blank_whole_row_is_named_as_a_row():
    text = FIXTURE.read_text(encoding="utf-8")
    report = parse_text(text)
    blanks = [a for a, _c in report.cells() if a.startswith("applications/carried_out/")]
    f = next(f for f in check_text(_blank(text, blanks)).findings if f.rule == "STR-007")
    assert "“结转下年度继续办理”行（整行）" in f.message, f.message
    assert dict(f.evidence)["rows"] == ["applications/carried_out"]


def test_grouping_is_deterministic():
    text = FIXTURE.read_text(encoding="utf-8")
    report = parse_text(text)
    blanks = [a for a, _c in report.cells() if a.endswith("/research")]
    t = _blank(text, blanks)
    assert [f.to_dict() for f in check_text(t).findings] == [f.to_dict() for f in check_text(t).findings]


def test_a_number_with_a_note_is_its_number():
    cell = type_cell("22(其中修订16件)", "22（其中修订16件）", None)
    assert (cell.kind, cell.value, cell.note) == ("number", 22, "(其中修订16件)")
    assert cell.to_dict()["note"] == "(其中修订16件)" and cell.to_dict()["raw"] == "22（其中修订16件）"
    assert "note" not in type_cell("22", "22", None).to_dict()
    assert type_cell("251000元", "251000元", None).unit == "元"
    for text in ("電腦(6臺)", "12 34", "3-5", "约2"):
        assert type_cell(text, text, None).kind == "text", text

"""Blank rows are blank rows (issue 8 point 4): a template row printed with every cell empty
is read as that row with blank cells — never dropped, never reported missing."""

from __future__ import annotations

from hypothesis import given, settings

from compliance.engine import check_report
from compliance.parse import parse_text

from tests.properties.flat_render import render_flat
from tests.properties.strategies import GenReport, reports, render, with_changes


def _zero_row(g: GenReport, row: str) -> GenReport:
    """The report with one table-三 row all 0 (and the totals it feeds adjusted)."""
    apps = {r: dict(v) for r, v in g.applications.items()}
    for c, v in list(apps[row].items()):
        if c == "total":
            continue
        apps["total"][c] -= v
        apps["new_received"][c] -= v
        apps[row][c] = 0
    for r in ("total", "new_received"):
        apps[r]["total"] = sum(v for c, v in apps[r].items() if c != "total")
    apps[row]["total"] = 0
    if any(v < 0 for v in apps["new_received"].values()):
        apps["carried_in"] = {c: v + max(0, -apps["new_received"][c]) for c, v in apps["carried_in"].items()}
        apps["new_received"] = {c: max(0, v) for c, v in apps["new_received"].items()}
    return with_changes(g, applications=apps)


def _blank_row(g: GenReport, row: str) -> GenReport:
    return with_changes(g, blanks=tuple(f"applications/{row}/{c}" for c in g.applications[row]))


@settings(max_examples=15)
@given(reports(template="2021"))
def test_blank_row_named_like_its_group(g):
    """``3.其他`` under （六）其他处理 with empty cells is the row 其他, not the group label."""
    g = _blank_row(_zero_row(g, "other.other"), "other.other")
    report = parse_text(render(g), path="blank.md")
    row = report.table("applications").row("other.other")
    assert row is not None and {c.kind for _, c in row.cells} == {"blank"}
    assert not [f for f in check_report(report).findings if f.rule == "STR-004"]


@settings(max_examples=15)
@given(reports(template="2019"))
def test_2019_other_processing_row_printed_blank(g):
    """2019: （六）其他处理 is a row of its own; printed blank it is that row."""
    g = _blank_row(_zero_row(g, "other"), "other")
    text = render(g).replace("| （六）其他处理 | | | | | | | |\n", "")
    report = parse_text(text, path="blank.md")
    row = report.table("applications").row("other")
    assert row is not None and {c.kind for _, c in row.cells} == {"blank"}, report.table("applications").rows[-3:]
    assert not [f for f in check_report(report).findings if f.rule == "STR-004"]


@settings(max_examples=10)
@given(reports())
def test_table_four_digits_then_a_sentence_on_the_same_line(g):
    """Flattened page text: table 四's numbers run on into its narrative sentence; the numbers
    are the table, the sentence is a paragraph."""
    text = render_flat(g)
    assert "总计 " in text and "本年度" in text.split("总计 ")[-1]
    report = parse_text(text, path="flat.txt")
    appeals = report.table("appeals")
    assert appeals is not None
    got = {r.id: [c.value for _, c in r.cells] for r in appeals.rows}
    want = {r: [g.appeals[r][c] for c in ("upheld", "corrected", "other", "pending", "total")] for r in g.appeals}
    assert got == want
    four = report.section("四")
    assert four is not None and any("行政复议" in p.text and p.text.endswith("。") for p in four.paragraphs)

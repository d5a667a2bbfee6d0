"""Verdicts over blanks (issue 8): generated valid reports whose zero cells may be printed
blank give no error; one injected fault, in a cell that takes part in an identity the blanks
leave whole, gives an error naming that table — whatever else is blank."""

from __future__ import annotations

import copy

from hypothesis import given, strategies as st

from compliance.engine import check_report
from compliance.findings import Severity
from compliance.parse import parse_text

from tests.support.faults import qualifying_cells
from .strategies import GenReport, render, reports, with_changes


@st.composite
def blank_heavy(draw) -> GenReport:
    """A valid report with some of its zero table-三/四 cells printed blank: whole columns,
    whole rows or scattered cells."""
    g = draw(reports())
    zeros = [f"applications/{r}/{c}" for r, row in g.applications.items() for c, v in row.items() if v == 0]
    zeros += [f"appeals/{r}/{c}" for r, row in g.appeals.items() for c, v in row.items() if v == 0]
    how = draw(st.sampled_from(("column", "row", "scattered")))
    if how == "column":
        cols = draw(st.sets(st.sampled_from(("commercial", "research", "social_welfare", "legal_service", "other_org", "total")), min_size=1))
        chosen = [a for a in zeros if a.startswith("applications/") and a.rsplit("/", 1)[1] in cols]
    elif how == "row":
        rows = draw(st.sets(st.sampled_from(sorted(g.applications)), min_size=1, max_size=4))
        chosen = [a for a in zeros if a.split("/")[1] in rows]
    else:
        chosen = draw(st.lists(st.sampled_from(zeros), unique=True, max_size=20)) if zeros else []
    return with_changes(g, blanks=tuple(sorted(chosen)))


def errors(g: GenReport):
    report = parse_text(render(g), path="generated.md")
    return report, [f for f in check_report(report, strict=True).findings if f.severity == Severity.ERROR]


@given(blank_heavy())
def test_blanks_standing_for_zero_give_no_error(g):
    report, errs = errors(g)
    assert errs == [], [(f.rule, f.message) for f in errs]
    for address in g.blanks:
        assert report.cell(address).kind == "blank"


@given(blank_heavy(), st.data())
def test_one_fault_among_blanks_is_an_error_of_its_table(g, data):
    report = parse_text(render(g), path="generated.md")
    cells = [a for a in qualifying_cells(report) if a not in g.blanks]
    if not cells:
        return
    address = data.draw(st.sampled_from(cells))
    table, row, col = address.split("/")
    delta = data.draw(st.integers(1, 3))
    apps, appeals = copy.deepcopy(g.applications), copy.deepcopy(g.appeals)
    (apps if table == "applications" else appeals)[row][col] += delta
    _, errs = errors(with_changes(g, applications=apps, appeals=appeals))
    assert any((f.location.cell or "").startswith(table + "/") for f in errs), (address, delta, g.blanks)


@given(blank_heavy(), st.data())
def test_an_addend_raised_past_its_total_is_an_error_whatever_the_blanks_hold(g, data):
    """A row's known addends exceed its printed total: no value of the blank addends repairs it."""
    cells = [
        f"{t}/{r}/{c}"
        for t, rows in (("applications", g.applications), ("appeals", g.appeals))
        for r, row in rows.items()
        for c in row
        if c != "total" and f"{t}/{r}/{c}" not in g.blanks and f"{t}/{r}/total" not in g.blanks
    ]
    address = data.draw(st.sampled_from(cells))
    table, row, col = address.split("/")
    apps, appeals = copy.deepcopy(g.applications), copy.deepcopy(g.appeals)
    (apps if table == "applications" else appeals)[row][col] += data.draw(st.integers(1, 3))
    _, errs = errors(with_changes(g, applications=apps, appeals=appeals))
    assert any(f.location.cell == f"{table}/{row}/total" for f in errs), (address, g.blanks, [(f.rule, f.location.cell) for f in errs])


# ---- the same on flattened page text (cells glued): glued digits are evidence

from .flat_render import render_flat  # noqa: E402


def flat_errors(g: GenReport):
    report = parse_text(render_flat(g), path="generated.txt")
    return report, [f for f in check_report(report, strict=True).findings if f.severity == Severity.ERROR]


@given(reports())
def test_flattened_valid_report_has_no_error(g):
    report, errs = flat_errors(g)
    assert report.format == "plain" and report.table("applications") is not None and report.table("appeals") is not None
    assert errs == [], [(f.rule, f.message) for f in errs]


@given(reports(), st.data())
def test_flattened_fault_is_an_error_of_its_table(g, data):
    table = data.draw(st.sampled_from(("applications", "appeals")))
    rows = g.applications if table == "applications" else g.appeals
    row = data.draw(st.sampled_from(sorted(rows)))
    col = data.draw(st.sampled_from(sorted(rows[row])))
    apps, appeals = copy.deepcopy(g.applications), copy.deepcopy(g.appeals)
    (apps if table == "applications" else appeals)[row][col] += data.draw(st.integers(1, 3))
    _, errs = flat_errors(with_changes(g, applications=apps, appeals=appeals))
    assert any((f.location.cell or "").startswith(table + "/") for f in errs), (table, row, col, [(f.rule, f.message) for f in errs])

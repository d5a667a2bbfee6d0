"""Properties (the heart of the design card): generated valid reports of both templates give
no error or warning findings; each single injected fault makes exactly its rule fire, at the
right place.  Reports go through the whole pipeline: Markdown text → parse_text → engine.

Findings that are always allowed: TIME-001's info "not evaluated" (no publication facts are
given).  A blanked cell is an unknown number, never a 0 and never a reason to give up: STR-007
reports it, and each identity over it is silent when it holds with the blank 0, or warns that
the blank would have to hold its (true, non-zero) value.
"""

from __future__ import annotations

import copy

from hypothesis import given, strategies as st

from compliance.engine import check_report
from compliance.parse import parse_text

from .strategies import COLUMNS, GenReport, leaves, render, reports, with_changes


def check(g: GenReport):
    text = render(g)
    report = parse_text(text, path="generated.md")
    result = check_report(report, strict=True)
    return report, result.findings, text


def significant(findings):
    """Findings other than TIME-001's "not evaluated" and the narrative rules' "not assessable"
    notes (a stated number compared with a blanked cell)."""
    return [f for f in findings if not (f.rule == "TIME-001" and f.name == "not-evaluated") and f.name != "not-assessable"]


def line_of(text: str, needle: str) -> int:
    for i, ln in enumerate(text.split("\n"), 1):
        if needle in ln:
            return i
    raise AssertionError(needle)


@given(reports())
def test_valid_report_has_no_findings(g):
    report, findings, _ = check(g)
    assert report.template == g.template and report.year == g.year
    assert not report.problems, report.problems
    assert significant(findings) == [], [(f.rule, f.message) for f in findings]
    assert all(f.severity.value == "info" for f in findings)


@given(reports(), st.data())
def test_changed_cell(g, data):
    """One table cell changed: its row identity and its column identity break, nothing else."""
    table = data.draw(st.sampled_from(("applications", "appeals")))
    apps, appeals = copy.deepcopy(g.applications), copy.deepcopy(g.appeals)
    delta = data.draw(st.integers(1, 5))
    if table == "applications":
        row = data.draw(st.sampled_from([r for r, _ in leaves(g.template)] + ["new_received", "carried_in", "carried_out"]))
        col = data.draw(st.sampled_from(COLUMNS))
        apps[row][col] += delta
        g2 = with_changes(g, applications=apps)
        column_rule = "T3-002" if row not in ("new_received", "carried_in", "carried_out") else "T3-001"
        expected = {("T3-003", f"applications/{row}/total"), (column_rule, f"applications/total/{col}")}
    else:
        row = data.draw(st.sampled_from(list(appeals)))
        col = data.draw(st.sampled_from(("upheld", "corrected", "other", "pending")))
        appeals[row][col] += delta
        g2 = with_changes(g, appeals=appeals)
        expected = {("T4-001", f"appeals/{row}/total")}
    report, findings, _ = check(g2)
    got = {(f.rule, f.location.cell) for f in significant(findings)}
    assert got == expected, [(f.rule, f.message) for f in findings]
    for f in significant(findings):
        assert f.location.span.line == report.cell(f.location.cell).span.line


@given(reports(), st.data())
def test_removed_section(g, data):
    number = data.draw(st.sampled_from(g.sections))
    g2 = with_changes(g, sections=tuple(s for s in g.sections if s != number))
    _, findings, text = check(g2)
    sig = significant(findings)
    assert [(f.rule, f.location.section) for f in sig] == [("STR-001", number)], [(f.rule, f.message) for f in sig]


@given(reports(template="2021"))
def test_removed_fee_statement(g):
    _, findings, text = check(with_changes(g, fee_statement=False))
    sig = significant(findings)
    assert [(f.rule, f.location.span.line) for f in sig] == [("SEC6-001", line_of(text, "## 六、"))]


@given(reports(), st.data())
def test_changed_narrative_number(g, data):
    n = {
        "new_received": g.applications["new_received"]["total"],
        "carried_in": g.applications["carried_in"]["total"],
        "total": g.applications["total"]["total"],
        "carried_out": g.applications["carried_out"]["total"],
        "review": g.appeals["review"]["total"],
    }
    keys = [k for k in n if (k == "review" and n["review"] + g.appeals["litigation_direct"]["total"] + g.appeals["litigation_after_review"]["total"])
            or (k != "review" and n["new_received"] + n["carried_in"])]
    if not keys:
        return
    key = data.draw(st.sampled_from(keys))
    stated = n[key] + data.draw(st.integers(1, 9))
    _, findings, text = check(with_changes(g, narrative_override={key: stated}))
    sig = significant(findings)
    rule = "TXT-003" if key == "review" else "TXT-001"
    needle = "被申请行政复议" if key == "review" else "（二）依申请公开"
    assert [(f.rule, f.location.span.line) for f in sig] == [(rule, line_of(text, needle))], [(f.rule, f.message) for f in sig]
    assert str(stated) in sig[0].message


IDENTITY_RULES = {"T3-001", "T3-002", "T3-003", "T4-001", "T2-003"}


def _identities_over(g: GenReport, row: str, col: str) -> set[tuple[str, str]]:
    """(rule, located cell) of the table-三 identities that read ``applications/row/col``."""
    out = {("T3-003", f"applications/{row}/total")}
    if row in ("new_received", "carried_in", "carried_out", "total"):
        out.add(("T3-001", f"applications/total/{col}"))
    if row not in ("new_received", "carried_in", "carried_out"):
        out.add(("T3-002", f"applications/total/{col}"))
    return out


def _check_blanked(g: GenReport, row: str, col: str):
    address = f"applications/{row}/{col}"
    value = g.applications[row][col]
    report, findings, _ = check(with_changes(g, blanks=(address,)))
    sig = significant(findings)
    # no table identity gives up over the blank (the narrative rules, comparing a stated number
    # with the cell, still note that they cannot: that is not an identity)
    assert not [f for f in findings if f.name == "not-assessable" and f.rule in IDENTITY_RULES], [(f.rule, f.message) for f in findings]
    assert all(f.severity.value != "error" for f in findings), [(f.rule, f.message) for f in findings]
    str007 = [(f.rule, f.location.cell) for f in sig if f.rule == "STR-007"]
    assert str007 == [("STR-007", address)]
    warned = {(f.rule, f.location.cell) for f in sig if f.rule != "STR-007"}
    if value == 0:
        assert warned == set(), [(f.rule, f.message) for f in sig]
    else:
        assert warned == _identities_over(g, row, col), [(f.rule, f.message) for f in sig]
        for f in sig:
            if f.rule != "STR-007":
                assert f.severity.value == "warning" and f.name == "needs-unfilled-value"
                assert dict(f.evidence)["need"] == {"op": "==", "value": value}
                assert f"须为 {value} 才能成立" in f.message, f.message
    return sig


@given(reports(), st.data())
def test_blanked_total(g, data):
    """A blanked （七）总计 cell: STR-007 only when its value was 0; otherwise each identity
    over it warns that it would have to hold its value.  Never a note, never an error."""
    col = data.draw(st.sampled_from(COLUMNS + ("total",)))
    _check_blanked(g, "total", col)


@given(reports(), st.data())
def test_blanked_cell(g, data):
    """Any blanked table-三 cell, the same way."""
    row = data.draw(st.sampled_from([r for r, _ in leaves(g.template)] + ["new_received", "carried_in", "total", "carried_out"]))
    col = data.draw(st.sampled_from(COLUMNS + ("total",)))
    _check_blanked(g, row, col)


@given(reports(), st.data())
def test_blanked_cell_with_known_excess(g, data):
    """A blanked leaf cell plus a known cell of its row raised past the row total: the row's
    identity is violated whatever the blank holds — an error, not a note."""
    row = data.draw(st.sampled_from([r for r, _ in leaves(g.template)]))
    blank_col, raised_col = data.draw(st.permutations(COLUMNS))[:2]
    apps = copy.deepcopy(g.applications)
    apps[row][raised_col] = apps[row]["total"] + data.draw(st.integers(1, 5))
    g2 = with_changes(g, applications=apps, blanks=(f"applications/{row}/{blank_col}",))
    _, findings, _ = check(g2)
    errors = [f for f in findings if f.rule == "T3-003" and f.severity.value == "error"]
    assert [f.location.cell for f in errors] == [f"applications/{row}/total"], [(f.rule, f.message) for f in findings]
    assert "即使空白单元格按任何非负数计" in errors[0].message


def _leaf_with(g: GenReport, data, least: int):
    """A leaf row and column holding at least ``least`` (None when the report has none)."""
    cells = [(r, c) for r, _ in leaves(g.template) for c in COLUMNS if g.applications[r][c] >= least]
    return data.draw(st.sampled_from(cells)) if cells else None


@given(reports(), st.data())
def test_misclassified_application(g, data):
    """k applications of one outcome counted in another applicant column (the row's 总计
    unchanged): the two columns' （七）总计 fail by +k and −k and say why."""
    found = _leaf_with(g, data, 1)
    if found is None:
        return
    row, src = found
    dst = data.draw(st.sampled_from([c for c in COLUMNS if c != src]))
    k = data.draw(st.integers(1, g.applications[row][src]))
    apps = copy.deepcopy(g.applications)
    apps[row][src] -= k
    apps[row][dst] += k
    _, findings, _ = check(with_changes(g, applications=apps))
    sig = significant(findings)
    assert sorted(f.location.cell for f in sig) == sorted([f"applications/total/{src}", f"applications/total/{dst}"]), [(f.rule, f.message) for f in sig]
    for f in sig:
        assert f.rule == "T3-002" and f.severity.value == "error"
        cause = dict(f.evidence)["cause"]
        assert cause["id"] == "misclassified" and cause["k"] == k
        assert sorted(cause["columns"]) == sorted([src, dst])
        assert "疑似归类错位" in f.message


@given(reports(), st.data())
def test_no_misclassified_when_the_rows_do_not_balance(g, data):
    """+k in one column and −k in another, but in two rows whose 总计 stay as they were: the
    row identities fail too, so no cause is claimed."""
    found = _leaf_with(g, data, 1)
    if found is None:
        return
    row, src = found
    dst = data.draw(st.sampled_from([c for c in COLUMNS if c != src]))
    other = data.draw(st.sampled_from([r for r, _ in leaves(g.template) if r != row]))
    apps = copy.deepcopy(g.applications)
    apps[row][src] -= 1
    apps[other][dst] += 1
    _, findings, _ = check(with_changes(g, applications=apps))
    t3_002 = [f for f in findings if f.rule == "T3-002"]
    assert len(t3_002) == 2
    assert not any(dict(f.evidence).get("cause", {}).get("id") == "misclassified" for f in t3_002)

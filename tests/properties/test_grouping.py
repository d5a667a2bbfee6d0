"""One fact, one finding (compliance/grouping.py): blank cells of a valid report are reported
once per table, whatever the number of rows they run down, and the checks they leave
undecided are folded into that finding's evidence instead of being reported one by one.

A valid report (tests/properties/strategies.py) whose k columns are 0 gets them printed blank of table 三 over its
first n rows; the number of findings must be the same for every n (it must not grow with the
rows), at most one more than the report without blanks, and the blank cells are one STR-007
whose evidence lists every blank address.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.engine import check_text

from .strategies import COLUMNS, leaves, render, reports, with_changes

GROUPING = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def table3_rows(template: str) -> list[str]:
    return ["new_received", "carried_in", *(r for r, _ in leaves(template)), "total", "carried_out"]


def zeroed(g, columns):
    """The report with the columns' applications 0 (a valid report whose blanks stand for 0)."""
    apps = {r: dict(v) for r, v in g.applications.items()}
    for r, row in apps.items():
        for c in columns:
            row[c] = 0
        row["total"] = sum(row[c] for c in COLUMNS)
    return with_changes(g, applications=apps)


def findings_with_blanks(g, columns, rows):
    blanks = tuple(f"applications/{r}/{c}" for r in rows for c in columns)
    return check_text(render(with_changes(g, blanks=blanks))).findings


@given(
    g=reports(),
    columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=3, unique=True),
    data=st.data(),
)
@GROUPING
def test_blank_columns_count_does_not_grow_with_rows(g, columns, data):
    g = zeroed(g, columns)
    rows = table3_rows(g.template)
    base = check_text(render(g)).findings
    counts = {}
    for n in sorted({1, data.draw(st.integers(2, len(rows) - 1)), len(rows)}):
        found = findings_with_blanks(g, columns, rows[:n])
        counts[n] = len(found)
        unfilled = [f for f in found if f.rule == "STR-007"]
        assert len(unfilled) == 1, [(f.rule, f.message) for f in found]
        assert sorted(dict(unfilled[0].evidence)["cells"]) == sorted(f"applications/{r}/{c}" for r in rows[:n] for c in columns)
        assert not [f for f in found if f.name == "not-assessable" and f.location.section == "三"], [
            (f.rule, f.message) for f in found if f.name == "not-assessable"
        ]
        assert len(found) <= len(base) + 1, [(f.rule, f.message) for f in found]
    assert len(set(counts.values())) == 1, counts


@given(g=reports(), k=st.integers(1, len(COLUMNS)))
@GROUPING
def test_whole_blank_columns_are_named_as_columns(g, k):
    """k whole blank columns: one finding that names columns, not rows."""
    columns = list(COLUMNS[-k:])
    g = zeroed(g, columns)
    found = findings_with_blanks(g, columns, table3_rows(g.template))
    unfilled = [f for f in found if f.rule == "STR-007"]
    assert len(unfilled) == 1
    assert "（整列）" in unfilled[0].message and "（整行）" not in unfilled[0].message, unfilled[0].message
    assert dict(unfilled[0].evidence)["columns"] == columns

"""The evidence of the table-identity rules over unfilled cells and with a likely cause: exact
``decision``/``need``/``unfilled`` and ``cause`` values on the rule fixtures (the messages are
pinned in the rule cases, tests/rules/cn-national-*/T*.toml)."""

from __future__ import annotations

from compliance.engine import run_rules
from compliance.parse import parse_text
from compliance.ruleset import Facts, load_ruleset

from .cases import fixture_text
from .edits import apply_edits


def findings(edits, rules, ruleset="cn-national-2021", base="2021-department.md"):
    text = apply_edits(fixture_text(base), [{"set_cell": a, "to": v} for a, v in edits])
    report = parse_text(text, path="case.md")
    return run_rules(report, load_ruleset(ruleset), Facts(), only=rules, include_problems=False, strict=True)


def evidence(f):
    return dict(f.evidence)


def test_needs_evidence():
    [f] = findings([("applications/granted/natural_person", "")], ["T3-002"])
    ev = evidence(f)
    assert (f.severity.value, f.name, f.location.cell) == ("warning", "needs-unfilled-value", "applications/total/natural_person")
    assert ev["decision"] == "needs" and ev["need"] == {"op": "==", "value": 5}
    assert ev["unfilled"] == ["applications/granted/natural_person"]
    assert (ev["left"], ev["right"]) == (10, 5)
    assert "cause" not in ev


def test_needs_a_difference_when_blanks_sit_on_both_sides():
    [f] = findings([("applications/carried_in/natural_person", ""), ("applications/carried_out/natural_person", "")], ["T3-001"])
    assert evidence(f)["need"] == {"op": "difference", "value": 1}


def test_violated_evidence():
    [f] = findings([("applications/granted/natural_person", ""), ("applications/unable.not_held/natural_person", "8")], ["T3-002"])
    ev = evidence(f)
    assert (f.severity.value, f.name) == ("error", "outcome-total-mismatch")
    assert ev["decision"] == "violated" and "need" not in ev
    assert (ev["left"], ev["right"]) == (10, 11)


def test_at_least_for_an_inequality():
    [f] = findings([("disclosure/normative_documents/published_total", "")], ["T2-003"], "cn-national-2019", "2019-department.md")
    assert evidence(f)["need"] == {"op": ">=", "value": 3}


def test_cause_misclassified():
    fs = findings([("applications/granted/natural_person", "4"), ("applications/granted/commercial", "2")], ["T3-002"])
    assert [evidence(f)["cause"] for f in fs] == [{
        "id": "misclassified",
        "cells": ["applications/total/natural_person", "applications/total/commercial"],
        "columns": ["natural_person", "commercial"],
        "k": 1,
    }] * 2


def test_no_cause_when_the_rows_do_not_balance():
    fs = findings([("applications/granted/natural_person", "6"), ("applications/unable.not_held/commercial", "0")], ["T3-002"])
    assert len(fs) == 2 and not any("cause" in evidence(f) for f in fs)


def test_cause_row_left_out():
    fs = findings([("applications/total/legal_service", "0"), ("applications/total/total", "12")], ["T3-002"])
    assert [evidence(f)["cause"] for f in fs] == [
        {"id": "row-left-out", "cells": ["applications/other.overdue_correction/legal_service"], "value": 1},
        {"id": "row-left-out", "cells": ["applications/other.overdue_correction/total"], "value": 1},
    ]


def test_no_row_left_out_for_a_single_changed_cell():
    """One leaf raised: the 总计 column still holds, so no row can have been left out."""
    [f] = findings([("applications/granted/natural_person", "6")], ["T3-002"])
    assert "cause" not in evidence(f)


SPLIT = [
    ("applications/granted/natural_person", "1"), ("applications/granted/commercial", "5"), ("applications/granted/total", "15"),
    ("applications/total/natural_person", "20"), ("applications/total/commercial", "1"), ("applications/total/total", "22"),
    ("applications/new_received/natural_person", "19"), ("applications/new_received/commercial", "1"), ("applications/new_received/total", "21"),
]


def test_cause_split_cell_on_every_identity_it_repairs():
    fs = findings(SPLIT, ["T3-002", "T3-003"])
    assert sorted((f.rule, f.location.cell) for f in fs) == [
        ("T3-002", "applications/total/commercial"), ("T3-002", "applications/total/natural_person"), ("T3-003", "applications/granted/total"),
    ]
    for f in fs:
        assert evidence(f)["cause"] == {
            "id": "split-cell",
            "cells": ["applications/granted/natural_person", "applications/granted/commercial"],
            "joined": 15,
            "into": "applications/granted/natural_person",
        }


def test_no_split_cell_when_joining_repairs_nothing():
    fs = findings([SPLIT[0], SPLIT[1], ("applications/granted/total", "16"), *SPLIT[3:]], ["T3-002", "T3-003"])
    assert fs and not any("cause" in evidence(f) for f in fs)

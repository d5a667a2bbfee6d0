"""One fact, one finding, on the real reports of ../shared/corpus (skipped when it is absent).

- no report gets more than 15 findings (issue 8: unless it truly has that many problems —
  none of these does);
- no error finding except the one a fragment of a report deserves (024: a PDF-text piece
  holding tables 二–三, one ``report-fragment`` finding listing what it lacks); the published
  inconsistencies of the corpus README are warnings;
- a table's blank cells, its unreadable rows and the checks they leave undecided are one
  finding each (002: seven glued rows of 表二 are one PRS-003).
"""

from __future__ import annotations

import pytest

from .test_corpus_findings import CORPUS, REPORTS, result

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
MAX_FINDINGS = 15


@pytest.mark.parametrize("name", REPORTS)
def test_at_most_15_findings(name):
    findings = result(name).findings
    assert len(findings) <= MAX_FINDINGS, [(f.rule, f.message[:60]) for f in findings]


@pytest.mark.parametrize("name", REPORTS)
def test_no_error_but_a_fragment(name):
    errors = [f for f in result(name).findings if f.severity.value == "error"]
    assert all(f.name == "report-fragment" for f in errors), [(f.rule, f.message) for f in errors]


def test_fragment_is_one_finding():
    found = [f for f in result("024.txt").findings if f.severity.value != "info"]
    assert [(f.rule, f.name) for f in found] == [("STR-001", "report-fragment")]
    ev = dict(found[0].evidence)
    assert ev["sections_found"] == ["三"]
    assert "报告年度" in ev["absent"] and any("第五部分" in a for a in ev["absent"])


def test_unreadable_rows_of_one_table_are_one_finding():
    rows = [f for f in result("002.txt").findings if f.rule == "PRS-003"]
    assert len(rows) == 1
    assert len(dict(rows[0].evidence)["rows"]) == 7
    assert not [f for f in result("002.txt").findings if f.name == "not-assessable"]


def test_non_numeric_cell_is_a_warning():
    cells = [f for f in result("000.txt").findings if f.rule == "T2-001"]
    assert [(f.severity.value, f.name) for f in cells] == [("warning", "non-numeric-cell")]

"""The batch summary per rule (compliance.render.summary) and where text and HTML show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve

from compliance import codes
from compliance.engine import check_paths
from compliance.findings import Finding, Location, ReportResult, RunResult, Severity
from compliance.render import catalog_for, render
from compliance.render.summary import (
    FAILED, NOT_RUN, PASSED, most_errors, report_outcomes, rule_summary,
)
from compliance.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
N_EXAMPLES = 7  # the reports of examples/ (README.md is not one)


@pytest.fixture(scope="module")
def examples_run() -> RunResult:
    run = check_paths([str(ROOT / "examples")])
    assert len(run.reports) == N_EXAMPLES
    return run


@pytest.fixture(scope="module")
def tallies(examples_run):
    return {t.rule: t for t in rule_summary(examples_run, catalog_for(examples_run))}


def counts(t):
    return (t.passed, t.failed, t.not_run)


def test_exact_tallies_on_the_examples(tallies):
    # arithmetic of table 三: every example passes
    assert counts(tallies["T3-001"]) == (7, 0, 0)
    # the blank-cells example prints zeros blank: one report fails STR-007
    assert counts(tallies["STR-007"]) == (6, 1, 0)
    # … and its blank table 四 leaves TXT-005 undecided (folded into STR-007: evidence.undecided)
    assert counts(tallies["TXT-005"]) == (6, 0, 1)
    # no publication date given: the deadline rule could not be evaluated for any report
    assert counts(tallies["TIME-001"]) == (0, 0, 7)
    # an info-level rule that found something fails it; the two 2019-format reports do not have the rule
    assert counts(tallies["SEC6-002"]) == (1, 4, 0)  # an info-level rule that found something fails it
    # a rule over several reports that was not run (no previous report paired)
    assert counts(tallies["T3-005"]) == (0, 0, 7)
    assert counts(tallies["T2-002"]) == (0, 0, 5)  # 2021 format only
    # only the 2019 format's rules for the 2019 reports
    assert counts(tallies["SEC1-003"]) == (2, 0, 0)
    assert tallies["STR-007"].name == "unfilled-table-cell" and tallies["STR-007"].summary


def test_every_rule_of_the_sets_is_counted_once_per_report(examples_run, tallies):
    rules = set()
    for r in examples_run.reports:
        rules |= {x.id for x in load_ruleset(r.ruleset).rules if x.applies_to_year(r.year)}
    assert set(tallies) == rules
    assert list(tallies) == sorted(tallies)
    for t in tallies.values():
        assert t.reports == sum(
            1 for r in examples_run.reports if t.rule in {x.id for x in load_ruleset(r.ruleset).rules if x.applies_to_year(r.year)}
        )


def _finding(rule: str, severity: Severity, name: str = "x", **evidence) -> Finding:
    return Finding(rule, name, severity, "m", Location(), tuple(evidence.items()))


def _result(findings=(), ruleset="cn-national-2021", year=2021, **kw) -> ReportResult:
    return ReportResult(path=kw.pop("path", "a.txt"), ruleset=ruleset, template="2021", year=year, agency=None, findings=tuple(findings), **kw)


def test_outcome_rules():
    mismatch = codes.RULESET_TEMPLATE_MISMATCH.finding("m", evidence={"skipped": ("T3-001", "T3-002")})
    crash = codes.RULE_CRASHED.finding("m", evidence={"rule": "T4-001", "traceback": "x"})
    cause = _finding("STR-007", Severity.WARNING, undecided=[{"rule": "TXT-003", "check": "c", "cell": "a/b/c"}])
    out = report_outcomes(_result([
        mismatch, crash, cause,
        _finding("T3-003", Severity.ERROR),
        _finding("T3-004", Severity.INFO, "not-assessable"),
        _finding("TIME-001", Severity.INFO, "not-evaluated"),
    ], suppressed=((_finding("T4-002", Severity.ERROR), "accepted"), (_finding("TXT-004", Severity.INFO, "not-assessable"), "ok"))))
    assert out["T3-003"] == FAILED and out["STR-007"] == FAILED
    assert out["T3-001"] == out["T3-002"] == NOT_RUN  # ENG-001 skipped
    assert out["T4-001"] == NOT_RUN  # ENG-002
    assert out["TXT-003"] == NOT_RUN  # folded into a cause
    assert out["T3-004"] == out["TIME-001"] == NOT_RUN
    assert out["T4-002"] == PASSED  # a waived error does not fail the rule
    assert out["TXT-004"] == NOT_RUN  # a waived note still says the rule could not run
    assert out["DUP-001"] == NOT_RUN  # over several reports, not run (cross_ran empty)
    assert out["T3-006"] == PASSED
    assert not any(rule.startswith(("ENG-", "PRS-")) for rule in out)


def test_cross_report_rules_that_ran_and_unreadable_reports():
    ran = report_outcomes(_result(cross_ran=("DUP-001", "T3-005")))
    assert ran["DUP-001"] == ran["T3-005"] == PASSED and ran["DUP-002"] == NOT_RUN
    unread = report_outcomes(_result([codes.UNREADABLE_INPUT.finding("文件为空")], year=None))
    assert unread and set(unread.values()) == {NOT_RUN}
    assert report_outcomes(_result([codes.UNREADABLE_INPUT.finding("文件为空")], ruleset=None)) == {}


def test_most_errors():
    def batch(n):
        return RunResult(tuple(
            _result([_finding("T3-001", Severity.ERROR)] * (i % 4) + [_finding("T3-002", Severity.WARNING)] * (i % 3), path=f"r{i:02}.txt")
            for i in range(n)
        ))

    worst = most_errors(batch(14))  # errors i % 4, warnings i % 3: most errors, then most warnings, then order
    assert [(w.path, w.errors, w.warnings) for w in worst] == [
        ("r11.txt", 3, 2), ("r07.txt", 3, 1), ("r03.txt", 3, 0),
        ("r02.txt", 2, 2), ("r10.txt", 2, 1), ("r06.txt", 2, 0),
        ("r05.txt", 1, 2), ("r01.txt", 1, 1), ("r13.txt", 1, 1), ("r09.txt", 1, 0),
    ]
    assert worst[0].index == 11
    assert len(most_errors(batch(20))) == 10
    assert most_errors(RunResult((_result(), _result([_finding("T3-002", Severity.WARNING)])))) == []


def test_shown_in_text_and_html_for_batches_only(examples_run):
    one = evolve(examples_run, reports=examples_run.reports[:1])
    for fmt in ("text", "html"):
        assert "按规则统计" in render(examples_run, fmt) and "错误最多的报告" in render(examples_run, fmt)
        assert "按规则统计" not in render(one, fmt) and "错误最多的报告" not in render(one, fmt)
    text = render(examples_run, "text").splitlines()
    assert text[-1].startswith("共检查 7 份报告")  # the verdict stays the last line
    row = next(line for line in text if line.lstrip().startswith("STR-007 "))
    assert row.split()[:4] == ["STR-007", "6", "1", "0"]
    assert "  （没有报告有错误）" in text

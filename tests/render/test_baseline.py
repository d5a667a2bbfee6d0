"""Waivers: create → re-run → nothing new; one changed cell → exactly one new finding."""

from __future__ import annotations

import json

import pytest
from attrs import evolve

import render_samples as samples
from compliance import baseline
from compliance.findings import Finding, Location, ReportResult, RunResult, Severity
from compliance.render import render
from compliance.text import Span


def shifted(rr: ReportResult, lines: int, path: str) -> ReportResult:
    """The same report re-published: another path, every finding some lines lower."""

    def move(f: Finding) -> Finding:
        s = f.location.span
        if s is None:
            return f
        return evolve(f, location=evolve(f.location, span=Span(s.line + lines, s.column, s.end_line + lines, s.end_column)))

    return evolve(rr, path=path, findings=tuple(move(f) for f in rr.findings))


def test_create_then_rerun_has_no_unsuppressed(run):
    data = baseline.create(run, "历史遗留，2023 年整改")
    assert data["format"] == "compliance-baseline" and data["version"] == 1
    assert len(data["waivers"]) == 7 and all(w["reason"] == "历史遗留，2023 年整改" for w in data["waivers"])
    after = baseline.apply(run, data)
    assert all(not r.findings for r in after.reports)
    assert sum(len(r.suppressed) for r in after.reports) == 7
    assert after.notes == ()
    assert after.exit_code("info") == 0 and run.exit_code("error") == 1


def test_stable_across_republication(run):
    data = baseline.create(run, "已知问题")
    moved = RunResult(reports=(shifted(run.reports[0], 9, "site/2022/republished.html"),))
    after = baseline.apply(moved, data)
    assert after.reports[0].findings == ()
    assert len(after.reports[0].suppressed) == 6


def test_one_changed_cell_gives_exactly_one_new_finding(run):
    data = baseline.create(run, "已知问题")
    rr = run.reports[0]
    # the cell carried_out/total changed: AR01 on total/total now quotes other numbers (same
    # fingerprint, still waived) and a new finding names the changed cell
    ar01 = next(f for f in rr.findings if f.rule == "AR01")
    changed = evolve(ar01, message=ar01.message.replace("17", "19").replace("相差 1", "相差 -1"), evidence=(("left", 18), ("right", 19)))
    new = Finding(
        "AR01",
        "application-balance-mismatch",
        Severity.ERROR,
        "表三“自然人”列：……相差 2",
        Location(Span(36, 20, 36, 21), "三", "applications/carried_out/natural_person"),
    )
    findings = tuple(changed if f is ar01 else f for f in rr.findings) + (new,)
    after = baseline.apply(RunResult(reports=(evolve(rr, findings=findings), run.reports[1])), data)
    assert [f for r in after.reports for f in r.findings] == [new]
    assert after.notes == ()
    assert after.exit_code() == 1


def test_stale_waiver_is_reported(run):
    data = baseline.create(run, "已知问题")
    rr = run.reports[0]
    fixed = evolve(rr, findings=tuple(f for f in rr.findings if f.rule != "AP01"))
    after = baseline.apply(RunResult(reports=(fixed, run.reports[1])), data)
    assert len(after.notes) == 1
    note = after.notes[0]
    assert note.rule == baseline.STALE_RULE and note.severity is Severity.INFO
    assert "appeals/review/total" in note.message and "已知问题" in note.message
    assert note.location.cell == "appeals/review/total"
    assert after.exit_code("info") == 1 and after.exit_code("warning") == 0
    # reported in every format
    for fmt in ("text", "json", "html"):
        assert "BSL-001" in render(after, fmt, sources={})


def test_waivers_of_reports_not_checked_are_not_stale(run):
    data = baseline.create(run, "已知问题")
    after = baseline.apply(RunResult(reports=(run.reports[1],)), data)
    assert after.notes == ()
    assert after.reports[0].findings == ()


def test_suppressed_are_listed_never_dropped(run):
    after = baseline.apply(run, baseline.create(run, "原因"))
    d = json.loads(render(after, "json"))
    assert len(d["reports"][0]["suppressed"]) == 6
    assert d["reports"][0]["suppressed"][0]["waiver_reason"] == "原因"
    assert "已豁免 7 条" in render(after, "text")
    csv_rows = render(after, "csv").decode("utf-8-sig").splitlines()
    assert sum(",suppressed," in r for r in csv_rows) == 7


def test_recreate_keeps_reasons_and_is_deterministic(run, tmp_path):
    first = baseline.create(run, "第一次")
    applied = baseline.apply(run, first)
    again = baseline.create(applied, "第二次")
    assert {w["reason"] for w in again["waivers"]} == {"第一次"}
    p = tmp_path / "b" / "baseline.json"
    baseline.save(first, p)
    assert baseline.load(p) == first
    assert p.read_text(encoding="utf-8") == baseline.dumps(baseline.create(run, "第一次"))


def test_fingerprint_parts(run):
    rr = run.reports[0]
    f = rr.findings[0]
    same_elsewhere = evolve(rr, path="x.html")
    assert baseline.fingerprint(rr, f) == baseline.fingerprint(same_elsewhere, f)
    assert baseline.fingerprint(rr, f) != baseline.fingerprint(evolve(rr, agency="另一机关"), f)
    assert baseline.fingerprint(rr, f) != baseline.fingerprint(evolve(rr, template="2019"), f)
    assert baseline.fingerprint(rr, f) != baseline.fingerprint(rr, evolve(f, rule="AR02"))
    # no cell, no section: the message decides, numbers in it do not
    bare = Finding("TMP02", "x", Severity.INFO, "标题年度 2021 与第 3 行不符", Location(Span.point(3)))
    moved = evolve(bare, message="标题年度 2021 与第 9 行不符", location=Location(Span.point(9)))
    other = evolve(bare, message="标题缺少机关名称")
    assert baseline.fingerprint(rr, bare) == baseline.fingerprint(rr, moved)
    assert baseline.fingerprint(rr, bare) != baseline.fingerprint(rr, other)


def test_identity_without_agency():
    rr = ReportResult("a/某报告.txt", None, "unknown", None, None, ())
    assert baseline.report_identity(rr)["identity_from"] == "file"
    rr2 = evolve(rr, report=samples.report_2021())
    ident = baseline.report_identity(rr2)
    assert ident["identity_from"] == "title" and ident["agency"].startswith("某某市自然资源局2021年")
    ident3 = baseline.report_identity(evolve(rr, agency=" 某某 市\u3000自然资源局 "))
    assert ident3 == {"agency": "某某市自然资源局", "year": None, "template": "unknown", "identity_from": "agency"}


def test_load_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    for content in ("not json", "[]", '{"format": "other"}', '{"format": "compliance-baseline", "version": 99, "waivers": []}',
                    '{"format": "compliance-baseline", "version": 1, "waivers": [{"fingerprint": "x", "reason": ""}]}'):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(baseline.BaselineError):
            baseline.load(bad)
    with pytest.raises(baseline.BaselineError):
        baseline.load(tmp_path / "missing.json")
    with pytest.raises(baseline.BaselineError):
        baseline.create(RunResult(reports=()), "  ")


# ------------------------------------------------------------------------------------------
# the command


def test_baseline_create_command(tmp_path, monkeypatch, run, capsys):
    import sys
    import types

    calls = []

    def check_paths(paths, ruleset=None, facts=None, jobs=1):
        calls.append((tuple(paths), ruleset, jobs))
        return run

    monkeypatch.setitem(sys.modules, "compliance.engine", types.SimpleNamespace(check_paths=check_paths))
    from compliance.cli import main

    out = tmp_path / "waivers" / "baseline.json"
    rc = main(["baseline", "create", "reports", "more", "--output", str(out), "--reason", "首次接入，存量问题", "--rules", "cn-national-2021"])
    assert rc == 0
    assert calls == [(("reports", "more"), "cn-national-2021", 1)]
    data = baseline.load(out)
    assert len(data["waivers"]) == 7 and data["waivers"][0]["reason"] == "首次接入，存量问题"
    assert "7 条豁免" in capsys.readouterr().err
    assert main(["baseline", "create", "reports", "--output", str(out), "--reason", "  "]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["baseline", "create", "reports", "--reason", "x"])  # --output missing
    assert exc.value.code == 2


# ------------------------------------------------------------------------------------------
# end to end with the real parser and engine on a real report (skips until both can run)

CORPUS = __import__("pathlib").Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _mutate_cell(report, address: str, delta: int):
    from compliance.model import Cell

    table_id, row_id, column = address.split("/")
    tables = []
    for t in report.tables:
        if t.id != table_id:
            tables.append(t)
            continue
        rows = []
        for r in t.rows:
            if r.id == row_id:
                cells = []
                for c, cell in r.cells:
                    if c == column:
                        value = cell.value + delta
                        cell = Cell(str(value), "number", value, cell.unit, cell.span)
                    cells.append((c, cell))
                r = evolve(r, cells=tuple(cells))
            rows.append(r)
        tables.append(evolve(t, rows=tuple(rows)))
    return evolve(report, tables=tuple(tables))


def test_end_to_end_on_a_real_report():
    path = CORPUS / "005.txt"
    if not path.is_file():
        pytest.skip("../shared/corpus is not available")
    try:
        from compliance.engine import check_report
        from compliance.parse import parse_path, parse_text
        from compliance.read import read_path
    except ImportError:
        pytest.skip("parser or engine not available yet")
    report = parse_path(str(path))
    try:
        first = check_report(report)
    except Exception as exc:
        if type(exc).__name__ == "RulesetError":
            pytest.skip(f"no usable rule set yet: {exc}")
        raise
    data = baseline.create(RunResult(reports=(first,)), "存量问题")
    # re-run, re-published under another path: nothing unsuppressed
    again = check_report(parse_text(read_path(str(path)).text, "site/republished/005.txt"))
    applied = baseline.apply(RunResult(reports=(again,)), data)
    assert applied.reports[0].findings == ()
    assert len(applied.reports[0].suppressed) == len(first.findings)
    assert applied.notes == ()
    # one changed cell: exactly the new finding(s) about it appear
    cell = next(
        (a for a, c in report.cells() if a.startswith("appeals/review/") and not a.endswith("/total") and c.is_number),
        None,
    )
    if cell is None:
        pytest.skip("the report has no readable appeals row")
    changed = check_report(_mutate_cell(report, cell, 1))
    after = baseline.apply(RunResult(reports=(changed,)), data)
    new = after.reports[0].findings
    assert len(new) == 1, [f.to_dict() for f in new]
    assert new[0].location.cell is not None and new[0].location.cell.startswith("appeals/review/")

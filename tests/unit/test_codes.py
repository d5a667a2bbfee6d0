"""The catalogue of non-rule codes (compliance.codes): ids, constructors, CLI, parse JSON, docs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from attrs import evolve

from compliance import codes
from compliance.codes import (
    CODES,
    ID_RE,
    NAME_RE,
    NO_TABLES_FOUND,
    ROW_MISFIT,
    RULE_CRASHED,
    ENGINE_CRASHED,
    CHECK_TIMED_OUT,
    PREVIOUS_REPORT_AMBIGUOUS,
    AGENCY_NAME_UNMATCHED,
    GLUED_DIGITS_INCONSISTENT,
    SCANNED_DOCUMENT,
    PROTECTED_DOCUMENT,
    INPUT_LIMIT_EXCEEDED,
    CONVERTER_MISSING,
    RULESET_TEMPLATE_MISMATCH,
    STALE_WAIVER,
    UNKNOWN_TEMPLATE,
    UNREADABLE_INPUT,
    UNREADABLE_ROW,
)
from compliance.engine import run_rules
from compliance.findings import Finding, Location, Severity
from compliance.parse import parse_bytes, parse_text
from compliance.ruleset import RulesetError, builtin_sets, load_ruleset
from compliance.text import Span
from support.rules import GOOD_RULE

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {  # id: (constant, name, severity) — the names are the ones findings have always had
    "PRS-001": (UNREADABLE_INPUT, "unreadable-input", Severity.ERROR),
    "PRS-002": (NO_TABLES_FOUND, "no-tables-found", Severity.ERROR),
    "PRS-003": (UNREADABLE_ROW, "unreadable-row", Severity.WARNING),
    "PRS-004": (UNKNOWN_TEMPLATE, "unknown-template", Severity.WARNING),
    "PRS-005": (ROW_MISFIT, "row-misfit", Severity.WARNING),
    "PRS-006": (GLUED_DIGITS_INCONSISTENT, "glued-digits-inconsistent", Severity.ERROR),
    "PRS-007": (SCANNED_DOCUMENT, "scanned-document", Severity.ERROR),
    "PRS-008": (PROTECTED_DOCUMENT, "protected-document", Severity.ERROR),
    "PRS-009": (INPUT_LIMIT_EXCEEDED, "input-limit-exceeded", Severity.ERROR),
    "PRS-010": (CONVERTER_MISSING, "converter-missing", Severity.ERROR),
    "ENG-001": (RULESET_TEMPLATE_MISMATCH, "ruleset-template-mismatch", Severity.INFO),
    "ENG-002": (RULE_CRASHED, "rule-crashed", Severity.ERROR),
    "ENG-003": (ENGINE_CRASHED, "engine-crashed", Severity.ERROR),
    "ENG-004": (CHECK_TIMED_OUT, "check-timed-out", Severity.ERROR),
    "BSL-001": (STALE_WAIVER, "stale-waiver", Severity.INFO),
    "SER-001": (PREVIOUS_REPORT_AMBIGUOUS, "previous-report-ambiguous", Severity.INFO),
    "SER-002": (AGENCY_NAME_UNMATCHED, "agency-name-unmatched", Severity.INFO),
}


# ------------------------------------------------------------------------------------------
# the catalogue


def test_catalogue_is_exactly_the_known_codes():
    assert [c.id for c in CODES] == list(EXPECTED)
    for c in CODES:
        const, name, severity = EXPECTED[c.id]
        assert c is const and c.name == name and c.severity is severity
        assert getattr(codes, name.upper().replace("-", "_")) is c  # constant named after the name


def test_ids_follow_the_rule_id_pattern_and_are_unique():
    ids = [c.id for c in CODES]
    assert len(ids) == len(set(ids))
    for c in CODES:
        assert ID_RE.match(c.id), c.id
        assert NAME_RE.match(c.name), c.name
        assert isinstance(c.severity, Severity)
        assert codes.FAMILIES[c.id.split("-")[0]] == c.group
        assert c.summary.strip() and "\n" not in c.summary
        assert c.rationale.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in c.rationale)
        assert all(b.strip() for b in c.basis)
    # the loader checks rule ids with the same pattern object
    from compliance.ruleset import load

    assert load.ID_RE is ID_RE and load.NAME_RE is NAME_RE


def test_codes_are_disjoint_from_every_bundled_rule_id():
    taken = {k for c in CODES for k in (c.id, *c.aliases)}
    for name in builtin_sets():
        rs = load_ruleset(name)
        for rule in rs.rules:
            assert rule.id not in taken and not set(rule.aliases) & taken, (name, rule.id)
            assert not codes.is_reserved(rule.id), (name, rule.id)


def test_lookup_by_id_and_earlier_id():
    assert codes.get("PRS-003") is UNREADABLE_ROW
    assert codes.get(" prs-003 ") is UNREADABLE_ROW
    assert codes.get("BSL01") is STALE_WAIVER  # the id before the rename
    assert codes.get("T3-001") is None and codes.get("PRS-999") is None
    assert [e["id"] for e in codes.catalog()] == list(EXPECTED)
    entry = codes.catalog()[1]
    assert entry == {
        "id": "PRS-002", "name": "no-tables-found", "kind": "code", "group": "parse", "severity": "error",
        "summary": NO_TABLES_FOUND.summary, "basis": list(NO_TABLES_FOUND.basis),
        "rationale": NO_TABLES_FOUND.rationale, "limitations": "",
    }


def test_a_rule_set_may_not_use_a_reserved_family(tmp_path):
    folder = tmp_path / "cn-test-2021"
    folder.mkdir()
    (folder / "ruleset.toml").write_text('id = "cn-test-2021"\ntitle = "测试"\nextends = "cn-national-2021"\n', encoding="utf-8")
    rule = GOOD_RULE.replace('id = "XX-001"', 'id = "PRS-101"')
    (folder / "PRS-101.toml").write_text(rule, encoding="utf-8")
    with pytest.raises(RulesetError) as ei:
        load_ruleset(str(folder))
    assert "非规则问题代码" in str(ei.value) and "PRS-101" in str(ei.value)


# ------------------------------------------------------------------------------------------
# constructors


SPAN = Span(7, 3, 7, 10)


def test_row_level_finding():
    f = UNREADABLE_ROW.finding("粘连", span=SPAN, row="applications/carried_out")
    assert f == Finding(
        rule="PRS-003",
        name="unreadable-row",
        severity=Severity.WARNING,
        message="粘连",
        location=Location(span=SPAN, section="三", cell=None),
        evidence=(("row", "applications/carried_out"),),
        basis=(),
    )
    assert f.to_dict()["location"]["cell"] is None and f.to_dict()["evidence"] == {"row": "applications/carried_out"}
    assert (f.code, f.span, f.cell) == ("PRS-003", SPAN, "applications/carried_out")


def test_sections_come_from_the_table():
    assert ROW_MISFIT.finding("m", row="disclosure/licensing").location.section == "二"
    assert ROW_MISFIT.finding("m", row="appeals/review").location.section == "四"
    assert UNREADABLE_ROW.finding("m", row="legacy_stats/proactive").location.section is None
    assert ROW_MISFIT.finding("m", span=SPAN) == Finding("PRS-005", "row-misfit", Severity.WARNING, "m", Location(SPAN))
    # an explicit section wins, None included
    assert STALE_WAIVER.finding("m", cell="applications/total/total", section=None).location == Location(None, None, "applications/total/total")
    assert STALE_WAIVER.finding("m", cell="applications/total/total").location == Location(None, "三", "applications/total/total")
    assert STALE_WAIVER.finding("m", section="六").location == Location(None, "六", None)


def test_cell_level_finding_and_evidence_order():
    f = RULE_CRASHED.finding("出错", span=SPAN, evidence={"rule": "T3-001", "traceback": "ZeroDivisionError"})
    assert f == Finding(
        "ENG-002", "rule-crashed", Severity.ERROR, "出错", Location(SPAN), (("rule", "T3-001"), ("traceback", "ZeroDivisionError"))
    )
    g = UNREADABLE_ROW.finding("m", row="disclosure/fees", evidence=[("raw", "12")])
    assert g.evidence == (("row", "disclosure/fees"), ("raw", "12"))
    h = NO_TABLES_FOUND.finding("m", cell="appeals/review/total")
    assert (h.location.cell, h.location.section, h.evidence, h.cell) == ("appeals/review/total", "四", (), "appeals/review/total")
    with pytest.raises(ValueError):
        UNREADABLE_ROW.finding("m", row="disclosure/fees", cell="disclosure/fees/amount")


def test_each_constructor_gives_its_code():
    for c in CODES:
        f = c.finding("消息", span=SPAN)
        assert (f.rule, f.name, f.severity, f.message, f.location, f.evidence, f.basis) == (
            c.id, c.name, c.severity, "消息", Location(SPAN), (), ()
        )
    assert UNREADABLE_INPUT.finding("m") == Finding("PRS-001", "unreadable-input", Severity.ERROR, "m", Location())


# ------------------------------------------------------------------------------------------
# parse problems are findings


FLAT = (
    "青禾县商务局2022年度政府信息公开工作年度报告 本报告所列数据统计期限为2022年1月1日至2022年12月31日。"
    "一、总体情况 本局认真落实《条例》。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数"
    "现行有效件数规章000行政规范性文件4217 三、收到和处理政府信息公开申请情况"
)


def test_parse_json_problems_shape_is_unchanged(tmp_path):
    """The exact ``problems`` of ``compliance parse --format json`` as before the catalogue."""
    cases = {
        "flat.txt": (FLAT.encode("utf-8"), [{
            "code": "PRS-003", "name": "unreadable-row", "severity": "warning",
            "message": "表二“行政规范性文件”行的数字“4217”粘连在一起，可以拆分为 3 个数值的方式有 3 种，表二没有可用于确定拆分的勾稽关系；该行各单元格按“无法读取”处理",
            "location": {"line": 1, "column": 133, "end_line": 1, "end_column": 137},
            "cell": "disclosure/normative_documents",
        }]),
        "b.bin": (b"\x00\x01\x02\x03" * 50, [{
            "code": "PRS-001", "name": "unreadable-input", "severity": "error",
            "message": "文件是二进制内容（含 NUL 字节），不是文本、HTML 或 Markdown 报告",
            "location": {"line": 1, "column": 1, "end_line": 1, "end_column": 1}, "cell": None,
        }]),
        "n.txt": ("这是一段与年度报告无关的文字。\n第二段。\n".encode("utf-8"), [{
            "code": "PRS-004", "name": "unknown-template", "severity": "warning",
            "message": "无法判断报告使用的模板（2019 年试行格式、2021 年格式或 2019 年以前的旧格式）：未找到模板表格，也无法确定报告年度",
            "location": {"line": 1, "column": 1, "end_line": 1, "end_column": 16}, "cell": None,
        }]),
    }
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        proc = subprocess.run([sys.executable, "-m", "compliance", "parse", str(path)], capture_output=True, text=True, encoding="utf-8")
        problems = json.loads(proc.stdout)["problems"]
        assert problems == expected, name
        assert [list(p) for p in problems] == [["code", "name", "severity", "message", "location", "cell"]]


def test_parse_problems_are_findings():
    report = parse_text(FLAT, "flat.txt")
    (p,) = report.problems
    assert type(p) is Finding
    assert p == UNREADABLE_ROW.finding(p.message, span=p.location.span, row="disclosure/normative_documents")
    (u,) = parse_bytes(b"", "empty.txt").problems
    assert (u.rule, u.location.span, u.location.section) == ("PRS-001", Span.point(1), None)


def test_problems_compare_by_line_not_column():
    report = parse_text(FLAT, "flat.txt")
    (p,) = report.problems
    s = p.location.span
    moved_column = evolve(p, location=evolve(p.location, span=Span(s.line, s.column + 5, s.end_line, s.end_column + 5)))
    moved_line = evolve(p, location=evolve(p.location, span=Span(s.line + 1, s.column, s.end_line + 1, s.end_column)))
    assert evolve(report, problems=(moved_column,)) == report
    assert evolve(report, problems=(moved_line,)) != report
    assert evolve(report, problems=(evolve(p, message="x"),)) != report
    assert hash(evolve(report, problems=(moved_column,))) == hash(report)


def test_an_unreadable_report_runs_no_rules():
    report = parse_bytes(b"", "empty.txt")
    findings = run_rules(report, load_ruleset("cn-national-2021"))
    assert [f.rule for f in findings] == ["PRS-001"]


def test_a_crashing_rule_is_an_eng_002_finding(monkeypatch):
    from compliance.checks import KINDS

    rs = load_ruleset("cn-national-2021")
    rule = rs.rule("T3-001")

    def boom(rule, ctx):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(KINDS[rule.kind], "_check", boom)
    report = parse_text(FLAT, "flat.txt")
    findings = [f for f in run_rules(report, rs, only=[rule.id], include_problems=False) if f.rule == "ENG-002"]
    assert findings and findings[0] == RULE_CRASHED.finding(
        f"规则 {rule.id} 运行出错（ZeroDivisionError: division by zero），其结果缺失；请报告此问题",
        span=findings[0].location.span,
        evidence={"rule": rule.id, "traceback": "ZeroDivisionError: division by zero"},
    )


# ------------------------------------------------------------------------------------------
# the command line and the docs


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compliance", *argv], capture_output=True, text=True, encoding="utf-8", cwd=ROOT)


@pytest.mark.parametrize("code_id", list(EXPECTED))
def test_rules_explain_every_code(code_id):
    code = codes.get(code_id)
    proc = _cli("rules", "explain", code_id)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"{code.id} {code.name}"
    zh = {"error": "错误", "warning": "警告", "info": "提示"}[code.severity.value]
    assert f"  严重程度：{code.severity.value}（{zh}）" in lines
    assert f"  摘要：{code.summary}" in lines
    assert f"    {code.rationale}" in lines
    assert f"  文档：docs/rules/codes/{code.id}.md" in lines
    assert (ROOT / "docs" / "rules" / "codes" / f"{code.id}.md").is_file()


def test_rules_explain_code_with_a_rule_set_and_the_old_id(capsys):
    from compliance.cli import main

    assert main(["rules", "explain", "bsl01", "--rules", "cn-national-2019"]) == 0
    assert capsys.readouterr().out.startswith("BSL-001 stale-waiver\n")
    assert main(["rules", "explain", "PRS-003", "--rules", "no-such-set"]) == 2  # an invalid set is still an error
    capsys.readouterr()
    assert main(["rules", "list", "--rules", "cn-national-2019"]) == 0
    out = capsys.readouterr().out
    for c in CODES:
        assert any(line.startswith(c.id) and c.name in line and c.severity.value in line for line in out.splitlines()), c.id


def test_every_code_has_a_generated_page():
    from compliance.devtools import DOCS, expected_pages

    pages = expected_pages()
    for c in CODES:
        page = pages[DOCS / "codes" / f"{c.id}.md"]
        assert page.splitlines()[2] == f"# {c.id} {c.name}" and c.rationale in page
        assert f"[{c.id}](codes/{c.id}.md)" in pages[DOCS / "index.md"]

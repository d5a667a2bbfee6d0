"""Hand-built results for the renderer tests: no parser or engine involved.

``sample_run()`` is two reports (one 2021 report with three tables and findings of every
severity, one unreadable file), ``hostile_run()`` a report whose every text field tries to
inject markup.  The source texts are kept beside them so SARIF can convert columns.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from compliance.codes import STALE_WAIVER
from compliance.findings import Finding, Location, ReportResult, RunResult, Severity
from compliance.model import Cell, DataRow, DataTable, Paragraph, Report, Section
from compliance.text import Span

APP_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
APP_ROWS = (
    "new_received",
    "carried_in",
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.three_securities",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_information",
    "denied.enforcement_files",
    "denied.inquiry_matters",
    "unable.not_held",
    "unable.needs_creation",
    "unable.still_unclear",
    "not_processed.complaints",
    "not_processed.duplicate",
    "not_processed.publications",
    "not_processed.excessive",
    "not_processed.confirmation",
    "other.overdue_correction",
    "other.overdue_fee",
    "other.other",
    "total",
    "carried_out",
)

# an astral-plane character (U+20BB7 𠮷, two UTF-16 code units) sits before the numbers on the
# line of new_received so that SARIF's UTF-16 columns differ from code-point columns
NEW_RECEIVED_LINE = "一、本年新收𠮷政府信息公开申请数量 | 12 | 3 | 0 | 0 | 1 | 0 | 16 |"


def _cell(raw: str, line: int, column: int, signed: bool = False) -> Cell:
    span = Span(line, column, line, column + len(raw))
    if raw == "":
        return Cell(raw, "blank", None, None, span)
    if raw in ("-", "—", "/", "无"):
        return Cell(raw, "placeholder", None, None, span)
    try:
        value = Decimal(raw) if "." in raw else int(raw)
    except Exception:
        return Cell(raw, "text", None, None, span)
    return Cell(raw, "number", value, None, span)


def _app_values() -> dict[str, tuple[str, ...]]:
    zero = ("0",) * 7
    values = {row: zero for row in APP_ROWS}
    values["new_received"] = ("12", "3", "0", "0", "1", "0", "16")
    values["carried_in"] = ("2", "0", "0", "0", "0", "0", "2")
    values["granted"] = ("8", "2", "0", "0", "1", "0", "11")
    values["partially_granted"] = ("1", "0", "0", "0", "0", "0", "1")
    values["unable.not_held"] = ("2", "1", "0", "0", "0", "0", "3")
    values["total"] = ("11", "3", "0", "0", "1", "0", "15")
    values["carried_out"] = ("2", "0", "0", "0", "0", "0", "2")  # 16 + 2 ≠ 15 + 2 → AR01 on total
    values["other.other"] = ("", "-", "0", "0", "0", "0", "0")
    return values


def source_text_2021() -> str:
    lines = [
        "某某市自然资源局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "本机关2021年度共收到政府信息公开申请16件。",
        "二、主动公开政府信息情况",
        "规章 | 0 | 0 | 3 |",
        "行政规范性文件 | 2 | 1 | 15 |",
        "行政许可 | 120 |",
        "行政处罚 | 35 |",
        "行政强制 | 4 |",
        "行政事业性收费 | 12.5 |",
        "三、收到和处理政府信息公开申请情况",
        NEW_RECEIVED_LINE,
    ]
    values = _app_values()
    for row in APP_ROWS[1:]:
        lines.append(row + " | " + " | ".join(values[row]) + " |")
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议 | 1 | 0 | 0 | 0 | 1 | 未经复议直接起诉 | 0 | 0 | 0 | 0 | 0 | 复议后起诉 | 0 | 0 | 0 | 0 | 0 |",
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "本机关2021年度未收取信息处理费。",
    ]
    return "\n".join(lines) + "\n"


def report_2021(path: str = "reports/某某市自然资源局2021年报.txt") -> Report:
    text = source_text_2021()
    lines = text.split("\n")

    def line_of(prefix: str) -> int:
        for i, line in enumerate(lines, 1):
            if line.startswith(prefix):
                return i
        raise KeyError(prefix)

    def cells_of(line_no: int, cols: tuple[str, ...], skip: int = 0) -> tuple[tuple[str, Cell], ...]:
        line = lines[line_no - 1]
        parts = line.split(" | ")
        out = []
        pos = len(parts[0]) + 3 + 1  # 1-based column of the first value
        for i, part in enumerate(parts[1:]):
            raw = part.rstrip(" |")
            if i >= skip and i - skip < len(cols):
                out.append((cols[i - skip], _cell(raw, line_no, pos)))
            pos += len(part) + 3
        return tuple(out)

    d = {
        "regulations": (line_of("规章"), ("issued", "repealed", "in_force")),
        "normative_documents": (line_of("行政规范性文件"), ("issued", "repealed", "in_force")),
        "licensing": (line_of("行政许可"), ("decisions",)),
        "penalty": (line_of("行政处罚"), ("decisions",)),
        "coercion": (line_of("行政强制"), ("decisions",)),
        "fees": (line_of("行政事业性收费"), ("amount",)),
    }
    disclosure = DataTable(
        "disclosure",
        tuple(
            DataRow(rid, lines[ln - 1].split(" | ")[0], "exact", cells_of(ln, cols), Span(ln, 1, ln, len(lines[ln - 1]) + 1))
            for rid, (ln, cols) in d.items()
        ),
    )
    app_rows = []
    for rid in APP_ROWS:
        ln = line_of("一、本年新收") if rid == "new_received" else line_of(rid + " |")
        app_rows.append(DataRow(rid, lines[ln - 1].split(" | ")[0], "exact", cells_of(ln, APP_COLUMNS), Span(ln, 1, ln, 2)))
    applications = DataTable("applications", tuple(app_rows))
    ap_line = line_of("行政复议")
    ap_cols = ("upheld", "corrected", "other", "pending", "total")
    appeals = DataTable(
        "appeals",
        (
            DataRow("review", "行政复议", "exact", cells_of(ap_line, ap_cols, 0)),
            DataRow("litigation_direct", "未经复议直接起诉", "exact", cells_of(ap_line, ap_cols, 6)),
            DataRow("litigation_after_review", "复议后起诉", "exact", cells_of(ap_line, ap_cols, 12)),
        ),
    )
    sections = tuple(
        Section(num, title, num, (Paragraph("……"),), Span(line_of(f"{num}、"), 1, line_of(f"{num}、"), 3))
        for num, title in (
            ("一", "总体情况"),
            ("二", "主动公开政府信息情况"),
            ("三", "收到和处理政府信息公开申请情况"),
            ("四", "政府信息公开行政复议、行政诉讼情况"),
            ("五", "存在的主要问题及改进情况"),
            ("六", "其他需要报告的事项"),
        )
    )
    return Report(
        path=path,
        format="text",
        encoding="utf-8",
        template="2021",
        year=2021,
        agency="某某市自然资源局",
        title="某某市自然资源局2021年政府信息公开工作年度报告",
        sections=sections,
        tables=(disclosure, applications, appeals),
        problems=(),
    )


def findings_2021(report: Report) -> tuple[Finding, ...]:
    total = report.cell("applications/total/total")
    nr = report.cell("applications/new_received/total")
    other = report.cell("applications/other.other/natural_person")
    appeals_total = report.cell("appeals/review/total")
    return (
        Finding(
            "AR01",
            "application-balance-mismatch",
            Severity.ERROR,
            "表三“总计”列：本年新收 + 上年结转 = 18，办理结果总计 + 结转下年度 = 17，相差 1",
            Location(total.span, "三", "applications/total/total"),
            (("left", 18), ("right", 17), ("identity", "new_received + carried_in == total + carried_out")),
            ("国办公开办函〔2021〕30号 表三 勾稽关系说明",),
        ),
        Finding(
            "AR03",
            "new-received-total-mismatch",
            Severity.WARNING,
            "表三“本年新收”行：各类申请人之和 16 与总计 16 一致，但“其他”列为空",
            Location(nr.span, "三", "applications/new_received/total"),
            (("left", 16), ("right", 16)),
            ("《政府信息公开条例》第五十条",),
        ),
        Finding(
            "CEL02",
            "blank-cell",
            Severity.INFO,
            "表三“其他处理—其他”行“自然人”列未填写，应填 0",
            Location(other.span, "三", "applications/other.other/natural_person"),
            (("raw", ""),),
            ("国办公开办函〔2021〕30号",),
        ),
        Finding(
            "AP01",
            "appeal-row-total-mismatch",
            Severity.ERROR,
            "表四“行政复议”：结果维持 1 + 结果纠正 0 + 其他结果 0 + 尚未审结 0 = 1，总计 1",
            Location(appeals_total.span, "四", "appeals/review/total"),
            (("left", Decimal("1")), ("right", 1)),
            (),
        ),
        Finding(
            "FEE01",
            "fee-statement-missing",
            Severity.WARNING,
            "第六部分未说明收取信息处理费的情况",
            Location(Span(40, 1, 40, 18), "六", None),
            (),
            ("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",),
        ),
        Finding(
            "TMP02",
            "title-year-mismatch",
            Severity.INFO,
            "标题年度 2021 与报告内容一致（示例：无单元格、无章节的提示）",
            Location(Span(1, 1, 1, 24), None, None),
            (),
            (),
        ),
    )


def unreadable_result() -> ReportResult:
    return ReportResult(
        path="reports/空文件.txt",
        ruleset=None,
        template="unknown",
        year=None,
        agency=None,
        findings=(
            Finding(
                "PRS01",
                "unreadable-file",
                Severity.ERROR,
                "文件为空，没有可读取的内容",
                Location(Span.point(1, 1)),
            ),
        ),
    )


RULES_CATALOG = (
    {
        "id": "AR01",
        "name": "application-balance-mismatch",
        "summary": "表三：新收 + 上年结转 ≠ 办理结果总计 + 结转下年度",
        "severity": "error",
        "basis": ["国办公开办函〔2021〕30号 表三 勾稽关系说明"],
        "rationale": "表三每一列须满足：第一项加第二项之和，等于第三项加第四项之和。",
    },
    {
        "id": "AR03",
        "name": "new-received-total-mismatch",
        "summary": "表三：各类申请人之和 ≠ 总计",
        "severity": "warning",
        "basis": "《政府信息公开条例》第五十条",
        "rationale": "总计列应等于六类申请人之和。",
    },
    {
        "id": "ZZ99",
        "name": "unused-rule",
        "summary": "目录中有但本次没有结果的规则",
        "severity": "info",
        "basis": [],
        "rationale": "",
    },
)


def sample_run() -> RunResult:
    report = report_2021()
    result = ReportResult(
        path=report.path,
        ruleset="cn-national-2021",
        template="2021",
        year=2021,
        agency="某某市自然资源局",
        findings=findings_2021(report),
        report=report,
    )
    return RunResult(reports=(result, unreadable_result()), tool_version="0.1.0")


def sample_sources() -> dict[str, str]:
    return {report_2021().path: source_text_2021()}


HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)" x=\'</table><img src=x onerror=alert(3)>javascript:alert(4)'


def hostile_run() -> RunResult:
    report = report_2021(path="reports/<script>alert(0)</script>.txt")
    bad = Cell(HOSTILE, "text", None, None, Span(12, 5, 12, 9))
    tables = []
    for t in report.tables:
        rows = []
        for r in t.rows:
            cells = tuple((c, bad if (t.id, r.id, c) == ("applications", "granted", "commercial") else cell) for c, cell in r.cells)
            rows.append(DataRow(r.id, HOSTILE if r.id == "granted" else r.label, r.match, cells, r.span))
        tables.append(DataTable(t.id, tuple(rows)))
    sections = tuple(Section(s.number, HOSTILE, s.canonical, s.paragraphs, s.span) for s in report.sections)
    from attrs import evolve

    report = evolve(report, tables=tuple(tables), sections=sections, agency=HOSTILE, title=HOSTILE)
    finding = Finding(
        "AR01",
        HOSTILE,
        Severity.ERROR,
        "单元格内容：" + HOSTILE,
        Location(Span(12, 5, 12, 9), "三", "applications/granted/commercial"),
        (("raw", HOSTILE), (HOSTILE, 1)),
        (HOSTILE,),
    )
    waived = Finding("AR02", "x", Severity.WARNING, HOSTILE, Location(None, "<b>", HOSTILE))
    result = ReportResult(
        path=report.path,
        ruleset=HOSTILE,
        template="2021",
        year=2021,
        agency=HOSTILE,
        findings=(finding,),
        suppressed=((waived, HOSTILE),),
        report=report,
    )
    note = STALE_WAIVER.finding(HOSTILE)
    return RunResult(reports=(result,), tool_version="0.1.0", notes=(note,))


# ------------------------------------------------------------------------------------------
# goldens: set COMPLIANCE_REGEN_GOLDEN=1 to rewrite them

GOLDEN = Path(__file__).parent / "golden"
REGEN = os.environ.get("COMPLIANCE_REGEN_GOLDEN") == "1"


def check_golden(name: str, data: str | bytes) -> None:
    """Compare ``data`` with ``golden/<name>`` byte for byte (or rewrite it when regenerating)."""
    path = GOLDEN / name
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if REGEN or not path.exists():
        if not REGEN:
            pytest.fail(f"golden file {path} is missing: run with COMPLIANCE_REGEN_GOLDEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
        return
    expected = path.read_bytes()
    if raw != expected:
        # a readable diff for str formats
        assert raw.decode("utf-8", "replace") == expected.decode("utf-8", "replace"), f"{name} differs from its golden"
        assert raw == expected, f"{name} differs from its golden (bytes)"

"""Helpers shared by the renderers: ordering, labels, evidence arithmetic, rule metadata.

Labels come from the template (:mod:`compliance.template`), so a report names a cell with the
same words as the finding's message.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Iterable, Iterator, Mapping, Sequence, IO

from attrs import evolve

from .. import codes
from ..findings import Finding, ReportResult, RunResult, Severity, json_number
from ..model import Report
from ..template import current as current_template, label as template_label, table_heading

SECTION_ORDER = ("一", "二", "三", "四", "五", "六")
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

RuleCatalog = Sequence[Mapping[str, Any]]


# --------------------------------------------------------------------------------------------
# ordering


def sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=Finding.sort_key))


def normalised_report(r: ReportResult) -> ReportResult:
    """The report with its findings (and waived findings) in the contract's order."""
    return evolve(r, findings=sorted_findings(r.findings),
                  suppressed=tuple(sorted(r.suppressed, key=lambda fr: (fr[0].sort_key(), fr[1]))))


def normalised_reports(run: RunResult) -> Iterator[ReportResult]:
    """:func:`normalised_report` of each report of ``run``, one at a time (``run.reports`` may
    be a batch on disk, :class:`compliance.spool.Spool`)."""
    for r in run.reports:
        yield normalised_report(r)


def json_template(doc: Mapping[str, Any], arrays: Sequence[str], *, default: Any = None) -> list[tuple[str, int]]:
    """``doc`` as two-space-indented JSON cut where the values of the keys ``arrays`` go:
    ``[(text before, depth of that array), …, (text after, -1)]``.  The arrays are then written
    item by item (:func:`write_json_array`), so a document of any size is written with the
    bytes ``json.dumps(full_doc, indent=2)`` would give, never held whole."""
    marks = {key: f"\x00{n}\x00" for n, key in enumerate(arrays)}

    def put(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (marks[k] if k in marks else put(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [put(v) for v in value]
        return value

    text = json.dumps(put(dict(doc)), ensure_ascii=False, indent=2, default=default)
    pieces: list[tuple[str, int]] = []
    for key in arrays:
        quoted = json.dumps(marks[key], ensure_ascii=False)
        before, _, text = text.partition(quoted)
        line_start = before.rfind("\n") + 1
        depth = (len(before[line_start:]) - len(before[line_start:].lstrip(" "))) // 2
        pieces.append((before, depth))
    pieces.append((text, -1))
    return pieces


def write_json_array(out: IO[str], items: Iterable[Any], depth: int, *, default: Any = None) -> None:
    """A JSON array whose key line is at ``depth`` (two spaces each), one item at a time, as
    ``json.dumps(..., indent=2)`` lays it out."""
    pad = "  " * (depth + 1)
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2, default=default)
        out.write(("[\n" if first else ",\n") + pad + text.replace("\n", "\n" + pad))
        first = False
    out.write("[]" if first else "\n" + "  " * depth + "]")


def normalised_run(run: RunResult) -> RunResult:
    """The same run with every finding list in the contract's order (line, column, rule)."""
    reports = tuple(normalised_reports(run))
    return evolve(run, reports=reports, notes=sorted_findings(run.notes))


def section_key(section: str | None) -> tuple[int, str]:
    if section in SECTION_ORDER:
        return (SECTION_ORDER.index(section), section)
    return (len(SECTION_ORDER) + (0 if section else 1), section or "")


def group_by_section(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    groups: dict[str | None, list[Finding]] = {}
    for f in sorted_findings(findings):
        groups.setdefault(f.location.section, []).append(f)
    return sorted(groups.items(), key=lambda kv: section_key(kv[0]))


def section_title(result: ReportResult, section: str | None) -> str:
    """``三、收到和处理政府信息公开申请情况`` — the title as printed when the report has it."""
    if section is None:
        return "全文 / 未定位到章节"
    report: Report | None = result.report
    s = report.section(section) if report is not None else None
    title = (s.title if s is not None else "") or (current_template().section_title(section) if section else "")
    return f"{section}、{title}" if title else str(section)


def counts(result: ReportResult) -> dict[str, int]:
    out = result.summary()
    out["suppressed"] = len(result.suppressed)
    return out


def run_counts(run: RunResult) -> dict[str, int]:
    out = run.summary()
    out["suppressed"] = sum(len(r.suppressed) for r in run.reports)
    out["notes"] = len(run.notes)
    return out


def summary_zh(c: Mapping[str, int]) -> str:
    text = f"{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示"
    if c.get("suppressed"):
        text += f"，已豁免 {c['suppressed']} 条"
    return text


def severity_of(f: Finding) -> str:
    return f.severity.value


# --------------------------------------------------------------------------------------------
# evidence


def fmt_value(value: Any) -> str:
    """An evidence value as printed: numbers as in the JSON output (:func:`json_number`)."""
    value = json_number(value)
    if value is None:
        return "（空）"
    if value == "":
        return "\"\"（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(fmt_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {fmt_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _number(value: Any) -> Decimal | None:
    value = json_number(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return Decimal(str(value))


EVIDENCE_LIST_MAX = 12


class _More(str):
    """The marker that ends a shortened list (printed as is)."""


def _shortened(value: Any) -> Any:
    if isinstance(value, (list, tuple)) and len(value) > EVIDENCE_LIST_MAX:
        return [*value[:8], _More(f"… 共 {len(value)} 项")]
    return value


def evidence_lines(f: Finding) -> list[str]:
    """The finding's evidence as ``key = value`` lines, plus the difference of a left/right pair.
    A long list (the 124 blank cells of one grouped finding) shows its first items and its
    length; JSON, SARIF and CSV keep every item."""
    lines = [f"{k} = {fmt_value(_shortened(v))}" for k, v in f.evidence]
    ev = dict(f.evidence)
    for a, b in (("left", "right"), ("lhs", "rhs"), ("actual", "expected")):
        x, y = _number(ev.get(a)), _number(ev.get(b))
        if x is not None and y is not None:
            op = "=" if x == y else "≠"
            lines.append(f"{a} {op} {b}：{fmt_value(x)} − {fmt_value(y)} = {fmt_value(x - y)}")
            break
    return lines


# --------------------------------------------------------------------------------------------
# rule catalogue


def basis_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def rule_index(catalog: RuleCatalog | None) -> dict[str, Mapping[str, Any]]:
    """Rule metadata by id: the catalogue's rules, and the non-rule codes (always known)."""
    out: dict[str, Mapping[str, Any]] = {c["id"]: c for c in codes.catalog()}
    out.update({str(r["id"]): r for r in (catalog or ()) if r.get("id")})
    return out


# --------------------------------------------------------------------------------------------
# labels: the template's, the same words as in the findings' messages


def row_label(table: str, row: str) -> str:
    t = current_template().get(table)
    return t.row_label(row) if t else row


def column_label(table: str, column: str, template: str | None = None) -> str:
    t = current_template().get(table)
    return t.column_label(column, template) if t else column


def cell_label(address: str | None) -> str:
    """``applications/new_received/total`` → ``表三“本年新收政府信息公开申请数量”行“总计”列``;
    a bare table id → its heading (``表三 收到和处理政府信息公开申请情况``)."""
    if not address:
        return ""
    if "/" not in address:
        return table_heading(address)
    return template_label(address)

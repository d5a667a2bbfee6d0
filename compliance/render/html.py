"""``--format html``: ONE self-contained page per run, readable offline.

Inline CSS only, no script, no external asset.  A summary of all reports, then per report its
findings grouped by section (the arithmetic and the legal basis under each), and its tables
(表二/表三/表四) drawn as real tables in which every cell a finding names is highlighted and
linked to that finding (and the finding back to the cell).  A batch of two or more reports also
gets the summary per rule and the reports with the most errors (:mod:`compliance.render.summary`).

Safety: every string that comes from a report or a finding is escaped by jinja2's autoescape
(``autoescape=True`` for every template); element ids and link targets are built from
indices only, never from report text, so a hostile report cannot inject markup, attributes
or ``javascript:`` links.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence

import jinja2

from ..findings import Finding, ReportResult, RunResult
from ..model import Cell, Report
from ..template import table_heading, table_order
from ..text import Span
from ._common import (
    SEVERITY_ZH,
    basis_list,
    cell_label,
    column_label,
    counts,
    evidence_lines,
    fmt_value,
    group_by_section,
    normalised_reports,
    normalised_run,
    row_label,
    rule_index,
    run_counts,
    section_title,
    severity_of,
    sorted_findings,
    summary_zh,
)
from .summary import most_errors, rule_summary, shown_for

_SEV_RANK = {"error": 3, "warning": 2, "info": 1}


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


_MORE_CELLS = 20


def _named_cells(f: Finding) -> list[str]:
    """Every table address a finding names: its cell, then the cells and rows its evidence
    lists (an unfilled table names all its blank cells), each once."""
    named = [f.location.cell] if f.location.cell else []
    evidence = dict(f.evidence)
    for key in ("rows", "cells"):
        value = evidence.get(key)
        items = list(value) if isinstance(value, (list, tuple, dict)) else []
        named.extend(a for a in items if isinstance(a, str) and "/" in a and a not in named)
    return named


def _finding_view(
    n: int,
    m: int,
    rr: ReportResult,
    f: Finding,
    rules: Mapping[str, Mapping[str, Any]],
    cell_anchors: Mapping[str, str],
    reason: str | None = None,
    lines: Sequence[str] | None = None,
) -> dict[str, Any]:
    s = f.location.span
    meta = rules.get(f.rule, {})
    sev = severity_of(f)
    return {
        "anchor": f"r{n}-{'s' if reason is not None else 'f'}{m}",
        "rule": f.rule,
        "name": f.name,
        "severity": sev,
        "severity_zh": SEVERITY_ZH.get(sev, sev),
        "message": f.message,
        "position": (s.place.label() if s.place is not None else f"第 {s.line} 行第 {s.column} 列") if s else "",
        "cell": f.location.cell or "",
        "cell_label": cell_label(f.location.cell),
        "cell_anchor": cell_anchors.get(f.location.cell or "", ""),
        **_other_cells(f, cell_anchors),
        "section": section_title(rr, f.location.section) if f.location.section else "",
        "evidence": evidence_lines(f),
        "basis": list(f.basis) or basis_list(meta.get("basis")),
        "summary": str(meta.get("summary") or ""),
        "rationale": str(meta.get("rationale") or ""),
        "reason": reason,
        "excerpt": _excerpt(s, lines),
    }


def _other_cells(f: Finding, cell_anchors: Mapping[str, str]) -> dict[str, Any]:
    """Links to the other rendered cells a finding names (at most 20, then a count)."""
    others = [a for a in _named_cells(f)[1:] if a in cell_anchors] if f.location.cell else [
        a for a in _named_cells(f) if a in cell_anchors]
    shown = [{"label": cell_label(a), "anchor": cell_anchors[a]} for a in others[:_MORE_CELLS]]
    return {"other_cells": shown, "other_cells_more": max(0, len(others) - _MORE_CELLS)}


_EXCERPT_LINES = 3
_EXCERPT_WIDTH = 160


def _excerpt(span: Span | None, lines: Sequence[str] | None) -> str:
    """The source text at a finding's position: its lines (at most three, each cut at 160
    characters), as printed in the file — or, for a PDF or Word document, in its extracted
    text.  Escaped by the template's autoescape like all report text."""
    if span is None or not lines or not 1 <= span.line <= len(lines):
        return ""
    last = min(span.end_line, span.line + _EXCERPT_LINES - 1, len(lines))
    out = []
    for text in lines[span.line - 1:last]:
        text = text.rstrip("\r")
        out.append(text if len(text) <= _EXCERPT_WIDTH else text[: _EXCERPT_WIDTH - 1] + "…")
    return "\n".join(out).strip("\n")


def _cell_text(cell: Cell) -> tuple[str, str]:
    kind, raw = cell.kind, cell.raw
    if kind == "blank" or raw == "":
        return "", "blank"
    if kind == "number" and cell.value is not None and not raw.strip():
        return fmt_value(cell.value), kind
    return raw, kind


def _marks(address: str, by_cell: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The findings naming ``address`` (a cell, a row ``table/row`` or a table) and the class
    that highlights it: the worst open severity, or ``waived`` when all are suppressed."""
    links = by_cell.get(address, [])
    worst = max((_SEV_RANK.get(l["severity"], 0) for l in links if l["reason"] is None), default=0)
    if worst:
        classes = "fail fail-" + {3: "error", 2: "warning", 1: "info"}[worst]
    else:
        classes = "waived" if links else ""
    return {"links": links, "classes": classes}


def _tables(n: int, rr: ReportResult, by_cell: Mapping[str, list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Table views of the report and the anchor id of every rendered cell."""
    report: Report | None = rr.report
    anchors: dict[str, str] = {}
    views: list[dict[str, Any]] = []
    tables = list(report.tables) if report is not None else []
    order = table_order()
    tables.sort(key=lambda t: (order.index(t.id) if t.id in order else len(order), t.id))
    k = 0
    for t_index, table in enumerate(tables):
        columns: list[str] = []
        for row in table.rows:
            for col, _ in row.cells:
                if col not in columns:
                    columns.append(col)
        rows: list[dict[str, Any]] = []
        for row in table.rows:
            present = dict(row.cells)
            cells: list[dict[str, Any]] = []
            for col in columns:
                address = f"{table.id}/{row.id}/{col}"
                if col not in present:
                    cells.append({"absent": True})
                    continue
                k += 1
                anchor = f"r{n}-c{k}"
                anchors[address] = anchor
                text, kind = _cell_text(present[col])
                marks = _marks(address, by_cell)
                cells.append(
                    {
                        "absent": False,
                        "anchor": anchor,
                        "text": text,
                        "classes": " ".join(["kind-" + kind] + ([marks["classes"]] if marks["classes"] else [])),
                        "address": address,
                        "links": marks["links"],
                    }
                )
            row_view: dict[str, Any] = {"label": row_label(table.id, row.id), "printed": row.label, "id": row.id, "cells": cells}
            row_view.update(_marks(f"{table.id}/{row.id}", by_cell))
            if row_view["links"]:
                k += 1
                row_view["anchor"] = anchors[f"{table.id}/{row.id}"] = f"r{n}-c{k}"
            rows.append(row_view)
        anchor = f"r{n}-t{t_index + 1}"
        if table.id in by_cell:
            anchors[table.id] = anchor
        views.append(
            {
                **_marks(table.id, by_cell),
                "anchor": anchor,
                "title": table_heading(table.id),
                "columns": [{"id": c, "label": column_label(table.id, c, rr.template)} for c in columns],
                "rows": rows,
            }
        )
    return views, anchors


def _report_view(n: int, rr: ReportResult, rules: Mapping[str, Mapping[str, Any]], lines: Sequence[str] | None = None) -> dict[str, Any]:
    # first pass without anchors to know which cells have findings, then link both ways
    by_cell: dict[str, list[dict[str, Any]]] = {}
    items: list[tuple[Finding, str | None, str]] = []
    for m, f in enumerate(rr.findings, 1):
        items.append((f, None, f"r{n}-f{m}"))
    for m, (f, waiver) in enumerate(rr.suppressed, 1):
        items.append((f, waiver, f"r{n}-s{m}"))
    for f, reason, anchor in items:
        for address in _named_cells(f):
            by_cell.setdefault(address, []).append(
                {"anchor": anchor, "rule": f.rule, "severity": severity_of(f), "reason": reason}
            )
    tables, cell_anchors = _tables(n, rr, by_cell)
    findings = {id(f): _finding_view(n, m, rr, f, rules, cell_anchors, lines=lines) for m, f in enumerate(rr.findings, 1)}
    sections = [
        {"title": section_title(rr, sec), "findings": [findings[id(f)] for f in group]}
        for sec, group in group_by_section(rr.findings)
    ]
    suppressed = [
        _finding_view(n, m, rr, f, rules, cell_anchors, reason=waiver, lines=lines) for m, (f, waiver) in enumerate(rr.suppressed, 1)
    ]
    report: Report | None = rr.report
    c = counts(rr)
    return {
        "anchor": f"report-{n}",
        "path": rr.path,
        "agency": rr.agency or "（未识别机关）",
        "year": rr.year if rr.year is not None else "（未识别）",
        "template": rr.template,
        "ruleset": rr.ruleset or "（未选定）",
        "title": (report.title if report is not None else None) or "",
        "counts": c,
        "summary": summary_zh(c),
        "status": "error" if c["error"] else ("warning" if c["warning"] else ("info" if c["info"] else "ok")),
        "sections": sections,
        "suppressed": suppressed,
        "tables": tables,
    }


def render_html(run: RunResult, *, rules_catalog: Sequence[Mapping[str, Any]] | None = None,
                sources: Mapping[str, str | Sequence[str]] | None = None,
                links: Sequence[tuple[str, str, bool]] = (), offset: int = 0,
                detail: Mapping[str, int] | None = None) -> str:
    """The page; ``sources`` (path → text, see :func:`compliance.render.sarif.load_sources`)
    gives every finding its source excerpt.  ``links``: (label, relative URL, is a download) shown
    at the top (the server's downloads of the same run); a URL must be relative (no scheme)."""
    for _label, href, _download in links:
        if ":" in href.split("/", 1)[0] or href.startswith("//"):
            raise ValueError(f"links must be relative URLs, not {href!r}")
    run = normalised_run(run)
    rules = rule_index(rules_catalog)
    split = {path: text.split("\n") if isinstance(text, str) else list(text) for path, text in (sources or {}).items()}
    reports = [_report_view(n, rr, rules, split.get(rr.path)) for n, rr in enumerate(run.reports, 1)]
    notes = [
        {"rule": f.rule, "severity": severity_of(f), "severity_zh": SEVERITY_ZH.get(severity_of(f), ""), "message": f.message, "evidence": evidence_lines(f)}
        for f in run.notes
    ]
    c = run_counts(run)
    batch = _batch_view(run, rules_catalog) if shown_for(run) else None
    return _env().get_template("report.html.j2").render(
        tool_version=run.tool_version,
        reports=reports,
        notes=notes,
        counts=c,
        summary=summary_zh(c),
        severity_zh=SEVERITY_ZH,
        links=[{"label": label, "href": href, "download": download} for label, href, download in links],
        batch=batch,
        offset=offset,
        detail=detail,
    )


#: more reports than this: ``--format html`` writes pages (:func:`write_html_pages`)
SINGLE_PAGE_LIMIT = 200
#: reports listed per overview page
PAGE_SIZE = 500


def page_name(page: int) -> str:
    return "index.html" if page == 1 else f"index-{page}.html"


def report_page(number: int) -> str:
    """The file of report ``number`` (1-based) under the pages' folder."""
    return f"reports/report-{number}.html"


def _pager(page: int, pages: int, first: int, last: int) -> dict[str, Any] | None:
    if pages <= 1:
        return None
    around = [{"page": q, "href": None if q == page else page_name(q)}
              for q in sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)})]
    return {"page": page, "pages": pages, "first": first, "last": last, "around": around,
            "prev": page_name(page - 1) if page > 1 else None, "next": page_name(page + 1) if page < pages else None}


def write_html_pages(run: RunResult, folder: str | os.PathLike[str], *, rules_catalog: Sequence[Mapping[str, Any]] | None = None,
                     page_size: int = PAGE_SIZE) -> Path:
    """A large batch as linked pages, each written as soon as it is rendered (memory flat):
    ``index.html`` (totals, the batch summary per rule, the reports with the most errors, the
    first ``page_size`` reports of the overview), ``index-2.html`` … (the rest of the overview),
    and one page per report under ``reports/`` with its findings, tables and source excerpts.
    ``run.reports`` may be a batch on disk.  Returns the path of ``index.html``."""
    from .sarif import source_text

    root = Path(folder)
    (root / "reports").mkdir(parents=True, exist_ok=True)
    rules = rule_index(rules_catalog)
    total = len(run.reports)
    pages = max(1, -(-total // page_size))
    c = run_counts(run)
    notes = [
        {"rule": f.rule, "severity": severity_of(f), "severity_zh": SEVERITY_ZH.get(severity_of(f), ""), "message": f.message, "evidence": evidence_lines(f)}
        for f in sorted_findings(run.notes)
    ]
    batch = _batch_view(run, rules_catalog) if shown_for(run) else None
    if batch is not None:
        for w in batch["worst"]:
            w["href"] = report_page(int(w["anchor"].removeprefix("report-")))
    template = _env().get_template("report.html.j2")
    back = [("返回总览", "../index.html", False)]
    rows: list[dict[str, Any]] = []
    page = 1

    def flush() -> None:
        first = (page - 1) * page_size + 1
        html = template.render(
            tool_version=run.tool_version, reports=rows, notes=notes if page == 1 else [], counts=c, summary=summary_zh(c),
            severity_zh=SEVERITY_ZH, links=[], batch=batch if page == 1 else None, total=total,
            pager=_pager(page, pages, first, first + len(rows) - 1), offset=0,
        )
        (root / page_name(page)).write_text(html, encoding="utf-8", newline="\n")

    for number, rr in enumerate(normalised_reports(run), 1):
        text = source_text(rr)
        one = RunResult(reports=(rr,), tool_version=run.tool_version)
        (root / report_page(number)).write_text(
            render_html(one, rules_catalog=rules_catalog, sources={rr.path: text} if text is not None else {}, links=back, offset=number - 1,
                        detail={"number": number, "total": total}),
            encoding="utf-8", newline="\n")
        rc = counts(rr)
        rows.append({
            "number": number, "href": report_page(number), "path": rr.path, "agency": rr.agency or "（未识别机关）",
            "year": rr.year if rr.year is not None else "（未识别）", "template": rr.template, "ruleset": rr.ruleset or "（未选定）",
            "counts": rc, "status": "error" if rc["error"] else ("warning" if rc["warning"] else ("info" if rc["info"] else "ok")),
        })
        if len(rows) == page_size:
            flush()
            rows, page = [], page + 1
    if rows or total == 0:
        flush()
    return root / "index.html"


def _batch_view(run: RunResult, rules_catalog: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """The batch summary (:mod:`compliance.render.summary`): per rule, and the reports with the
    most errors, each linked to its section by index (``report-N``)."""
    return {
        "rules": [
            {"rule": t.rule, "name": t.name, "summary": t.summary, "passed": t.passed, "failed": t.failed, "not_run": t.not_run}
            for t in rule_summary(run, rules_catalog)
        ],
        "worst": [
            {"anchor": f"report-{t.index + 1}", "path": t.path, "agency": t.agency or "（未识别机关）", "errors": t.errors, "warnings": t.warnings}
            for t in most_errors(run)
        ],
    }

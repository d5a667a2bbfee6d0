"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards.

One run.  ``tool.driver.rules`` is the rule catalogue (every rule of ``rules_catalog`` plus
any rule or catalogue code, :mod:`compliance.codes`, that has a result), with summary, rationale
and legal basis; ``tool.driver.notifications`` describes the codes of the run notes
(``BSL-001``), which ``invocations[0].toolConfigurationNotifications`` reference by index.  Each finding is a
result with a physical location (relative URI, region) and, for a table cell, a logical
location whose ``fullyQualifiedName`` is the cell address (``applications/new_received/total``).
Levels: error → ``error``, warning → ``warning``, info → ``note``.  ``partialFingerprints``
carries :func:`compliance.baseline.fingerprint` (rule + report identity + cell/section), which
does not move when lines do.  Waived findings are results with ``suppressions``.

Columns: SARIF counts UTF-16 code units by default; our spans count code points.  Given the
text of each file (``sources``), columns are converted and ``columnKind`` is
``utf16CodeUnits``; when any file with a located finding is not available the whole run falls
back to code points and says so with ``columnKind: unicodeCodePoints``.
"""

from __future__ import annotations

import io
import json
import os
import re
from typing import Any, Iterator, Mapping, Sequence, IO
from urllib.parse import quote

from .. import codes
from ..baseline import FINGERPRINT_KEY, fingerprint
from ..findings import SEVERITIES, Finding, ReportResult, RunResult
from ..text import Span
from ._common import basis_list, json_template, normalised_reports, severity_of, sorted_findings, write_json_array

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


# --------------------------------------------------------------------------------------------
# columns


def split_lines(text: str | Sequence[str]) -> list[str]:
    """A file's text (or its lines) as the lines spans count in (split at ``\\n`` only)."""
    if isinstance(text, str):
        return text.split("\n")
    return list(text)


def utf16_column(line_text: str | None, column: int) -> int:
    """A 1-based code-point column of ``line_text`` → the 1-based UTF-16 code-unit column.

    Columns past the end of the line (an exclusive end column, a span into a line the text does
    not have) count one unit per missing character.
    """
    if column < 1:
        return column
    line_text = line_text or ""
    prefix = line_text[: column - 1]
    astral = sum(1 for ch in prefix if ord(ch) > 0xFFFF)
    return column + astral


def region(span: Span, lines: Sequence[str] | None) -> dict[str, int]:
    if lines is None:
        return {"startLine": span.line, "startColumn": span.column, "endLine": span.end_line, "endColumn": span.end_column}

    def text(n: int) -> str:
        return lines[n - 1] if 1 <= n <= len(lines) else ""

    return {
        "startLine": span.line,
        "startColumn": utf16_column(text(span.line), span.column),
        "endLine": span.end_line,
        "endColumn": utf16_column(text(span.end_line), span.end_column),
    }


def load_sources(run: RunResult) -> dict[str, str]:
    """The original text of every checked file that can still be read (for UTF-16 columns)."""
    out: dict[str, str] = {}
    for r in run.reports:
        if r.path not in out:
            text = source_text(r)
            if text is not None:
                out[r.path] = text
    return out


# --------------------------------------------------------------------------------------------
# the log


def artifact_uri(path: str) -> str:
    """A file path → a URI reference: relative paths stay relative (forward slashes,
    percent-encoded, no leading ``./``); absolute paths become ``file:`` URIs."""
    posix = path.replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", posix):  # a Windows drive path
        return "file:///" + quote(posix, safe="/:")
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/")
    while posix.startswith("./"):
        posix = posix[2:]
    return quote(posix, safe="/")


def _rule_descriptor(rule_id: str, meta: Mapping[str, Any] | None, sample: Finding | None) -> dict[str, Any]:
    meta = meta or {}
    name = str(meta.get("name") or (sample.name if sample else rule_id))
    summary = str(meta.get("summary") or name)
    rationale = str(meta.get("rationale") or "")
    basis = basis_list(meta.get("basis")) or (list(sample.basis) if sample else [])
    severity = str(meta.get("severity") or (severity_of(sample) if sample else "warning"))
    limitations = str(meta.get("limitations") or "")
    help_parts = [summary]
    if rationale:
        help_parts.append(rationale)
    if basis:
        help_parts.append("依据：" + "；".join(basis))
    if limitations:
        help_parts.append("已知局限：" + limitations)
    md = [summary]
    if rationale:
        md.append(rationale)
    if basis:
        md.append("**依据**\n\n" + "\n".join(f"- {b}" for b in basis))
    if limitations:
        md.append("**已知局限**：" + limitations)
    out: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale or summary},
        "help": {"text": "\n\n".join(help_parts), "markdown": "\n\n".join(md)},
        "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        "properties": {"basis": basis, "severity": severity, "tags": ["compliance", "gov-info-disclosure"]},
    }
    return out


def _code_meta(rule_id: str) -> dict[str, Any] | None:
    """The catalogue entry of a non-rule code (PRS-003, ENG-002, BSL-001 …), if it is one."""
    code = codes.get(rule_id)
    return code.to_catalog() if code is not None and code.id == rule_id else None


def _plain_evidence(f: Finding) -> dict[str, Any]:
    return f.to_dict()["evidence"]


def _result(
    rr: ReportResult,
    f: Finding,
    rule_index: int,
    artifact_index: int,
    lines: Sequence[str] | None,
    reason: str | None,
) -> dict[str, Any]:
    sev = severity_of(f)
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(rr.path), "index": artifact_index}}
    if f.location.span is not None:
        physical["region"] = region(f.location.span, lines)
    location: dict[str, Any] = {"physicalLocation": physical}
    if f.location.cell:
        parts = f.location.cell.split("/")
        location["logicalLocations"] = [
            {"name": parts[-1], "fullyQualifiedName": f.location.cell, "kind": "element"}
        ]
    elif f.location.section:
        location["logicalLocations"] = [
            {"name": f.location.section, "fullyQualifiedName": f"sections/{f.location.section}", "kind": "module"}
        ]
    out: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS.get(sev, "warning"),
        "message": {"text": f.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(rr, f)},
        "properties": {
            "severity": sev,
            "name": f.name,
            "section": f.location.section,
            "cell": f.location.cell,
            "evidence": _plain_evidence(f),
            "basis": list(f.basis),
            "agency": rr.agency,
            "year": rr.year,
            "template": rr.template,
            "ruleset": rr.ruleset,
        },
    }
    place = f.location.span.place if f.location.span is not None else None
    if place is not None:
        # a PDF or Word document: the region indexes its extracted text; this is the page
        if place.page is not None:
            out["properties"]["page"] = place.page
        out["properties"]["place"] = place.to_dict()
        location["physicalLocation"]["region"]["message"] = {"text": place.label()}
    if reason is not None:
        out["suppressions"] = [{"kind": "external", "status": "accepted", "justification": reason}]
    return out


def source_text(rr: ReportResult) -> str | None:
    """The original text of one checked file, if it can still be read (for UTF-16 columns)."""
    from ..read import ReadError, read_path

    if rr.report is not None and rr.report.extracted is not None:
        return rr.report.extracted  # a PDF or Word document: its extracted text
    if not os.path.isfile(rr.path):
        return None
    try:
        return read_path(rr.path).text
    except (ReadError, OSError, ValueError):
        return None


def _located(rr: ReportResult) -> bool:
    return any(f.location.span is not None and (f.location.span.column > 1 or f.location.span.end_column > 1)
               for f in list(rr.findings) + [f for f, _ in rr.suppressed])


def _plan(run: RunResult, rules_catalog: Sequence[Mapping[str, Any]] | None,
          sources: Mapping[str, str | Sequence[str]] | None) -> dict[str, Any]:
    """One pass over the reports: what the head of the log needs before any result (the rule
    catalogue, the column kind, the totals)."""
    samples: dict[str, Finding] = {}
    located_missing = False
    summary = {s: 0 for s in SEVERITIES}
    count = 0
    checked: dict[str, bool] = {}
    for rr in run.reports:
        count += 1
        for k, v in rr.summary().items():
            summary[k] += v
        for f in list(rr.findings) + [f for f, _ in rr.suppressed]:
            samples.setdefault(f.rule, f)
        # column kind: UTF-16 only when every file with a finding past column 1 has its text
        # (column 1 is column 1 in both counts)
        if not located_missing and _located(rr):
            if sources is not None:
                located_missing = rr.path not in sources
            else:
                if rr.path not in checked:
                    checked[rr.path] = source_text(rr) is not None
                located_missing = not checked[rr.path]
    return {"samples": samples, "utf16": not located_missing, "summary": summary, "reports": count}


def to_sarif(
    run: RunResult,
    *,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Mapping[str, str | Sequence[str]] | None = None,
) -> dict[str, Any]:
    return json.loads(render_sarif(run, rules_catalog=rules_catalog, sources=sources))


def write_sarif(
    run: RunResult,
    out: IO[str],
    *,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Mapping[str, str | Sequence[str]] | None = None,
) -> None:
    """The SARIF log written result by result: one pass over the reports for the head (rule
    catalogue, column kind, totals), one for the artifacts, one for the results; each file's
    text is read when its results are written (``sources``: path → text, else read)."""
    plan = _plan(run, rules_catalog, sources)
    utf16 = plan["utf16"]
    samples: dict[str, Finding] = plan["samples"]

    # rule catalogue: catalogue entries + every rule with a result, sorted by id
    catalog = {str(r["id"]): r for r in (rules_catalog or ()) if r.get("id")}
    rule_ids = sorted(set(catalog) | set(samples))
    rules = [_rule_descriptor(rid, catalog.get(rid) or _code_meta(rid), samples.get(rid)) for rid in rule_ids]
    rule_pos = {rid: i for i, rid in enumerate(rule_ids)}
    # run notes (BSL-001 …) are notifications: their descriptors are tool.driver.notifications
    notes = sorted_findings(run.notes)
    note_samples: dict[str, Finding] = {}
    for n in notes:
        note_samples.setdefault(n.rule, n)
    note_ids = sorted(note_samples)
    note_descriptors = [_rule_descriptor(nid, _code_meta(nid) or catalog.get(nid), note_samples[nid]) for nid in note_ids]
    note_pos = {nid: i for i, nid in enumerate(note_ids)}

    notifications = [
        {
            "level": LEVELS.get(severity_of(n), "note"),
            "message": {"text": n.message},
            "descriptor": {"id": n.rule, "index": note_pos[n.rule]},
            "properties": {"name": n.name, "severity": severity_of(n), "evidence": _plain_evidence(n)},
        }
        for n in notes
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolConfigurationNotifications"] = notifications

    driver: dict[str, Any] = {"name": "compliance", "version": run.tool_version, "language": "zh-CN", "rules": rules}
    if note_descriptors:
        driver["notifications"] = note_descriptors
    sarif_run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "artifacts": [],
        "results": [],
        "columnKind": "utf16CodeUnits" if utf16 else "unicodeCodePoints",
        "properties": {"summary": plan["summary"], "reports": plan["reports"]},
    }
    doc = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
    (head, d_art), (middle, d_res), (tail, _end) = json_template(doc, ["artifacts", "results"], default=str)

    def artifacts() -> Iterator[dict[str, Any]]:
        seen: set[str] = set()
        for rr in run.reports:
            if rr.path in seen:
                continue
            seen.add(rr.path)
            props: dict[str, Any] = {
                "agency": rr.agency,
                "year": rr.year,
                "template": rr.template,
                "ruleset": rr.ruleset,
                "summary": rr.summary(),
                "suppressed": len(rr.suppressed),
            }
            yield {"location": {"uri": artifact_uri(rr.path)}, "properties": props}

    def results() -> Iterator[dict[str, Any]]:
        artifact_pos: dict[str, int] = {}
        for rr in normalised_reports(run):
            artifact_pos.setdefault(rr.path, len(artifact_pos))
            lines: list[str] | None = None
            if utf16 and _located(rr):
                text = sources.get(rr.path) if sources is not None else source_text(rr)
                lines = split_lines(text) if text is not None else None
            for f in rr.findings:
                yield _result(rr, f, rule_pos[f.rule], artifact_pos[rr.path], lines, None)
            for f, reason in rr.suppressed:
                yield _result(rr, f, rule_pos[f.rule], artifact_pos[rr.path], lines, reason)

    out.write(head)
    write_json_array(out, artifacts(), d_art, default=str)
    out.write(middle)
    write_json_array(out, results(), d_res, default=str)
    out.write(tail + "\n")


def render_sarif(
    run: RunResult,
    *,
    rules_catalog: Sequence[Mapping[str, Any]] | None = None,
    sources: Mapping[str, str | Sequence[str]] | None = None,
) -> str:
    out = io.StringIO()
    write_sarif(run, out, rules_catalog=rules_catalog, sources=sources)
    return out.getvalue()

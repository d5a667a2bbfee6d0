"""``--format csv``: one row per finding, for Excel and WPS.

UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake), CRLF line ends and
RFC 4180 quoting.  Columns: path, agency, year, template, ruleset, rule, name, severity, line,
column, section, cell, message, evidence (JSON), basis (joined by "；"), then status
(``open`` | ``suppressed`` | ``note``), waiver_reason — waived findings are rows too, and
run notes (a stale waiver) are rows with an empty path — and place (where a finding of a PDF or
Word document stands: ``第 3 页第 12 行``; empty for text files).

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) is prefixed with an apostrophe, so a hostile report cannot plant one.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator, IO

from ..findings import Finding, ReportResult, RunResult
from ._common import normalised_reports, severity_of, sorted_findings

COLUMNS = (
    "path",
    "agency",
    "year",
    "template",
    "ruleset",
    "rule",
    "name",
    "severity",
    "line",
    "column",
    "section",
    "cell",
    "message",
    "evidence",
    "basis",
    "status",
    "waiver_reason",
    "place",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value


def _row(rr: ReportResult | None, f: Finding, status: str, reason: str | None) -> list[Any]:
    d = f.to_dict()
    loc = d["location"]
    values = [
        rr.path if rr else "",
        rr.agency if rr else "",
        rr.year if rr else "",
        rr.template if rr else "",
        rr.ruleset if rr else "",
        f.rule,
        f.name,
        severity_of(f),
        loc["line"],
        loc["column"],
        loc["section"],
        loc["cell"],
        f.message,
        json.dumps(d["evidence"], ensure_ascii=False, sort_keys=False, default=str) if d["evidence"] else "",
        "；".join(d["basis"]),
        status,
        reason,
        f.location.place_label,
    ]
    return [v if isinstance(v, int) and not isinstance(v, bool) else _safe(v) for v in values]


def rows(run: RunResult) -> Iterator[list[Any]]:
    for rr in normalised_reports(run):
        for f in rr.findings:
            yield _row(rr, f, "open", None)
        for f, reason in rr.suppressed:
            yield _row(rr, f, "suppressed", reason)
    for n in sorted_findings(run.notes):
        yield _row(None, n, "note", None)


def write_csv(run: RunResult, out: IO[str]) -> None:
    """The CSV written row by row to a text stream opened with ``newline=""`` (UTF-8): the
    byte-order mark first, CRLF line ends."""
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in rows(run):
        writer.writerow(row)


def render_csv(run: RunResult) -> bytes:
    out = io.StringIO(newline="")
    write_csv(run, out)
    return out.getvalue().encode("utf-8")

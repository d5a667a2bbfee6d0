"""``--format json``: exactly the contract's JSON (``RunResult.to_dict()``), findings sorted.

``ensure_ascii=False`` (Chinese stays readable), two-space indent, a final newline; the same
run gives byte-identical output.
"""

from __future__ import annotations

import io
import json
from typing import Any, IO

from attrs import evolve

from ..findings import ReportResult, RunResult
from ._common import json_template, normalised_report, normalised_reports, normalised_run, sorted_findings, write_json_array


def to_dict(run: RunResult) -> dict[str, Any]:
    return normalised_run(run).to_dict()


def render_json(run: RunResult) -> str:
    out = io.StringIO()
    write_json(run, out)
    return out.getvalue()


def write_json(run: RunResult, out: IO[str]) -> None:
    """The contract's JSON written report by report (the bytes of ``json.dumps(to_dict(run),
    indent=2)``; ``run.reports`` may be a batch on disk)."""
    shell = evolve(run, reports=(), notes=sorted_findings(run.notes)).to_dict()
    (head, depth), (tail, _end) = json_template(shell, ["reports"], default=_default)
    out.write(head)
    write_json_array(out, (r.to_dict() for r in normalised_reports(run)), depth, default=_default)
    out.write(tail + "\n")


def jsonl_line(report: ReportResult) -> str:
    """One report as one line of ``--format jsonl``: the contract's ``reports[]`` entry,
    compact, findings in order."""
    return json.dumps(normalised_report(report).to_dict(), ensure_ascii=False, separators=(",", ":"), default=_default) + "\n"


def write_jsonl(run: RunResult, out: IO[str]) -> None:
    """``--format jsonl``: one line per report, in order; the run notes, if any, as a last line
    ``{"notes": [...]}`` (docs/output-formats.md)."""
    for r in run.reports:
        out.write(jsonl_line(r))
    if run.notes:
        out.write(json.dumps({"notes": [f.to_dict() for f in sorted_findings(run.notes)]}, ensure_ascii=False,
                             separators=(",", ":"), default=_default) + "\n")


def render_jsonl(run: RunResult) -> str:
    out = io.StringIO()
    write_jsonl(run, out)
    return out.getvalue()


def _default(value: Any) -> Any:
    # evidence values the engine may use beyond JSON's types: render them plainly, never crash
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)

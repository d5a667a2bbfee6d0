"""Findings: what a check reports.  Leaf value types shared by the engine and every renderer."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Sequence

from attrs import field, frozen

from .text import Span

if TYPE_CHECKING:  # model imports this module (json_number): a cycle at run time
    from .model import Report


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@frozen
class Location:
    span: Span | None = None
    section: str | None = None  # 一 … 六
    cell: str | None = None  # table/row/column

    def to_dict(self) -> dict[str, Any]:
        s = self.span
        out: dict[str, Any] = {
            "line": s.line if s else None,
            "column": s.column if s else None,
            "end_line": s.end_line if s else None,
            "end_column": s.end_column if s else None,
            "section": self.section,
            "cell": self.cell,
        }
        place = s.place if s else None
        if place is not None:
            # a PDF or Word document: line/column index its extracted text; where that stands
            if place.page is not None:
                out["page"] = place.page
            out["place"] = place.to_dict()
        return out

    @property
    def place_label(self) -> str:
        """``第 3 页第 12 行`` (PDF), ``第 2 个表格第 5 行第 3 列`` (Word); empty for text files."""
        s = self.span
        return s.place.label() if s is not None and s.place is not None else ""


@frozen
class Finding:
    """One finding: of a rule (``T3-001``), or of a catalogue code (``PRS-003``, see
    :mod:`compliance.codes`; parse problems in ``Report.problems`` are findings too)."""

    rule: str  # the rule id or catalogue code: T3-001, PRS-003 …
    name: str  # kebab-case problem name
    severity: Severity
    message: str  # Chinese
    location: Location = field(factory=Location)
    evidence: tuple[tuple[str, Any], ...] = ()
    basis: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The rule id or catalogue code (``rule``), as ``compliance parse`` JSON names it."""
        return self.rule

    @property
    def span(self) -> Span | None:
        """Where in the file (``location.span``)."""
        return self.location.span

    @property
    def cell(self) -> str | None:
        """The table address the finding is about: ``location.cell`` (one cell), else the row
        of a row-level finding (``evidence.row``, ``table/row``); the ``cell`` of a problem in
        ``compliance parse`` JSON."""
        if self.location.cell is not None:
            return self.location.cell
        for key, value in self.evidence:
            if key == "row":
                return value
        return None

    def sort_key(self) -> tuple:
        s = self.location.span
        return (s.line if s else 0, s.column if s else 0, self.rule, self.location.cell or "", self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
            "evidence": {k: json_number(v) for k, v in self.evidence},
            "basis": list(self.basis),
        }


def json_number(value: Any) -> Any:
    """Numbers as JSON, the one conversion of the project: a Decimal written without a decimal
    point becomes an int, one with a decimal point a float (so ``12.0`` as printed stays 12.0);
    tuples and lists become lists and dicts keep their keys, converted all the way down."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    if isinstance(value, (tuple, list)):
        return [json_number(v) for v in value]
    if isinstance(value, dict):
        return {k: json_number(v) for k, v in value.items()}
    return value


SEVERITIES = ("error", "warning", "info")


@frozen
class ReportResult:
    """The outcome of checking one file: the contract's ``reports[]`` entry."""

    path: str
    ruleset: str | None
    template: str  # "2019" | "2021" | "legacy" | "unknown"
    year: int | None
    agency: str | None
    findings: tuple[Finding, ...]
    suppressed: tuple[tuple[Finding, str], ...] = ()  # (finding, waiver reason)
    report: Report | None = field(default=None, eq=False, repr=False)
    # what the multi-report rules, the history and the export keep (compliance.snapshot); not output
    snapshot: Any = field(default=None, eq=False, repr=False)
    # the rules over several reports that ran for this report (compliance.series); not output
    cross_ran: tuple[str, ...] = field(default=(), eq=False, repr=False)

    def summary(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "ruleset": self.ruleset,
            "template": self.template,
            "year": self.year,
            "agency": self.agency,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }
        if self.suppressed:
            out["suppressed"] = [dict(f.to_dict(), waiver_reason=r) for f, r in self.suppressed]
        return out


@frozen
class RunResult:
    """A whole run over one or more files: the contract's top-level JSON object."""

    # a tuple, or any sequence (a batch on disk: compliance.spool.Spool)
    reports: Sequence[ReportResult]
    tool_version: str = "0"
    notes: tuple[Finding, ...] = ()  # run-level findings (e.g. a waiver that matched nothing)

    def summary(self) -> dict[str, int]:
        out = {s: 0 for s in SEVERITIES}
        for r in self.reports:
            for k, v in r.summary().items():
                out[k] += v
        return out

    def fails(self, fail_on: str = "error") -> bool:
        """Whether any unsuppressed finding or run note is at or above ``fail_on``.

        ``fail_on`` is ``error`` | ``warning`` | ``info`` | ``never`` (the CLI's ``--fail-on``);
        suppressed (waived) findings never fail a run.
        """
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        if any(f.severity.rank >= threshold for f in self.notes):
            return True
        return any(f.severity.rank >= threshold for r in self.reports for f in r.findings)

    def exit_code(self, fail_on: str = "error") -> int:
        """The contract's exit code for a completed run: ``1`` if :meth:`fails`, else ``0``."""
        return 1 if self.fails(fail_on) else 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema_version": 1,
            "tool": {"name": "compliance", "version": self.tool_version},
            "reports": [r.to_dict() for r in self.reports],
        }
        if self.notes:
            out["notes"] = [f.to_dict() for f in self.notes]
        return out

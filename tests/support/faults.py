"""Fault injection in the raw file: change one table-三/四 number at its printed position.

Used by the corpus fault-injection test and ``benchmarks/fault_injection.py``.  A cell
qualifies when it is a number that takes part in a template identity that holds in the
report as read; the variant changes the printed digits by +1..+3 (inside a glued digit run
where the cell was glued) and counts as detected when an error names a cell of that table.
Variants are generated, never stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from compliance.checks.base import Context
from compliance.engine import check_report
from compliance.findings import Severity
from compliance.model import Report
from compliance.parse import parse_bytes, parse_path
from compliance.ruleset.model import Facts
from compliance.template import current

TABLES = ("applications", "appeals")


def _holding_operands(report: Report) -> list[str]:
    tpl = current()
    ctx = Context(report, Facts(), None, tpl)  # type: ignore[arg-type]
    out: dict[str, None] = {}
    for tid in TABLES:
        table = report.table(tid)
        if table is None:
            continue
        spec = tpl.table(tid)
        for ident in spec.identities_for(ctx.template):
            keys = spec.column_ids(ctx.template) if ident.for_each == "column" else [r.id for r in table.rows]
            for key in keys:
                kw = {"column": key} if ident.for_each == "column" else {"row": key}
                ev = ident.expr.evaluate(ctx.resolver(tid, **kw))
                if ev.assessable and ev.value is True:
                    for address, _ in ev.operands:
                        out.setdefault(address)
    return list(out)


def qualifying_cells(report: Report) -> list[str]:
    """Addresses of the numeric table-三/四 cells that take part in an identity that holds."""
    return [a for a in _holding_operands(report) if report.cell(a) is not None and report.cell(a).kind == "number"]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def inject(data: bytes, report: Report, address: str, delta: int) -> bytes | None:
    """The file with the cell's printed digits changed by ``delta``; None when the cell's
    digits cannot be found at its position."""
    cell = report.cell(address)
    assert cell is not None and cell.value is not None
    enc = report.encoding if report.encoding not in ("unknown", "") else "utf-8"
    text = data.decode(enc)
    lines = _lines(text)
    s = cell.span
    if s.line != s.end_line or s.line > len(lines):
        return None
    line = lines[s.line - 1]
    start, end = s.column - 1, s.end_column - 1
    printed = str(cell.value)
    at = line.find(printed, start, max(end, start + len(printed)))
    if at < 0:
        return None
    new = str(cell.value + delta)
    lines[s.line - 1] = line[:at] + new + line[at + len(printed):]
    return "\n".join(lines).encode(enc)


def detected(findings, table: str) -> bool:
    return any(f.severity == Severity.ERROR and (f.location.cell or "").startswith(table + "/") for f in findings)


def variants(path: Path) -> Iterator[tuple[str, int, bytes | None]]:
    """(address, delta, changed file or None) for every qualifying cell of one report."""
    data = path.read_bytes()
    report = parse_path(path)
    for i, address in enumerate(qualifying_cells(report)):
        delta = 1 + i % 3
        yield address, delta, inject(data, report, address, delta)


def run(path: Path) -> tuple[int, int, list[str]]:
    """(variants, detected, undetected descriptions) for one report."""
    total = hits = 0
    missed: list[str] = []
    for address, delta, changed in variants(path):
        total += 1
        if changed is None:
            missed.append(f"{address}+{delta}: digits not found at the cell's position")
            continue
        rep = parse_bytes(changed, path=str(path))
        result = check_report(rep)
        if detected(result.findings, address.split("/")[0]):
            hits += 1
        else:
            missed.append(f"{address}+{delta}")
    return total, hits, missed

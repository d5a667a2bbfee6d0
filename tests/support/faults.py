"""Fault injection in the raw file: change one table-三/四 number at its printed position.

Used by the corpus fault-injection test and ``benchmarks/fault_injection.py``.  A cell
qualifies when it is a number that takes part in a template identity that holds in the
report as read; the variant changes the printed digits by +1..+3 (inside a glued digit run
where the cell was glued) and counts as detected when an error names a cell of that table.
Variants are generated, never stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

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
    if cell is None or cell.value is None:
        return None
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


#: Formats whose cells are delimited, so a cell can be printed blank (glued text has no blank).
DELIMITED = ("markdown", "html", "tsv", "pipe")


def blank_sets(report: Report) -> dict[str, list[str]]:
    """The blank-heavy variants of a report: the zero cells of the legal-person columns, of the
    总计 column, and of the 其他处理 rows, printed blank (blank cells standing for zero, as
    agencies print them).  Keys name the variant."""
    tpl = current()
    spec = tpl.table("applications")
    table = report.table("applications")
    if table is None:
        return {}
    cols = [c.id for c in spec.columns]
    legal = cols[1:-1]
    total = cols[-1:]
    other = [r.id for r in table.rows if r.id.split(".")[0] == "other"]

    def zeros(rows: list[str] | None, columns: list[str]) -> list[str]:
        out = []
        for r in table.rows:
            if rows is not None and r.id not in rows:
                continue
            for c, cell in r.cells:
                if c in columns and cell.kind == "number" and cell.value == 0:
                    out.append(f"applications/{r.id}/{c}")
        return out

    every = [f"applications/{r.id}/{c}" for r in table.rows for c, cell in r.cells if c in legal and cell.kind == "number"]
    return {
        "legal-person-blank": zeros(None, legal),
        "total-blank": zeros(None, total),
        "other-row-blank": zeros(other, cols),
        # every legal-person cell printed blank, non-zero ones too: the blanks hide numbers
        "legal-person-all-blank": every,
    }


def _delimited(line: str, start: int, end: int) -> bool:
    """The digits at line[start:end] fill a delimited cell (between pipes, tabs or tags)."""
    before = line[:start].rstrip(" \u3000")
    after = line[end:].lstrip(" \u3000")
    return (not before or before[-1] in "|\t>") and (not after or after[0] in "|\t<")


def blank(data: bytes, report: Report, addresses: list[str]) -> bytes | None:
    """The file with the given cells printed blank (their digits removed), or None."""
    enc = report.encoding if report.encoding not in ("unknown", "") else "utf-8"
    lines = _lines(data.decode(enc))
    edits = []
    for address in addresses:
        cell = report.cell(address)
        assert cell is not None
        s = cell.span
        if s.line != s.end_line:
            return None
        line = lines[s.line - 1]
        at = line.find(str(cell.value), s.column - 1, max(s.end_column - 1, s.column))
        if at < 0:
            return None
        if not _delimited(line, at, at + len(str(cell.value))):
            continue  # a cell of a space-separated text line: it cannot be printed blank
        edits.append((s.line - 1, at, len(str(cell.value))))
    for ln, at, n in sorted(edits, reverse=True):
        lines[ln] = lines[ln][:at] + lines[ln][at + n:]
    return "\n".join(lines).encode(enc)


def variants(path: Path, blanks: bool = True) -> Iterator[tuple[str, str, int, bytes | None]]:
    """(variant, address, delta, changed file or None) for every qualifying cell of one report,
    in the report as published and, for delimited formats, in its blank-heavy variants."""
    data = path.read_bytes()
    report = parse_path(path)
    cells = qualifying_cells(report)
    for i, address in enumerate(cells):
        delta = 1 + i % 3
        yield "published", address, delta, inject(data, report, address, delta)
    if not blanks or report.format not in DELIMITED:
        return
    for name, addresses in blank_sets(report).items():
        if not addresses:
            continue
        blanked = blank(data, report, addresses)
        assert blanked is not None, (path, name)
        brep = parse_bytes(blanked, path=str(path))
        gone = {a for a in addresses if brep.cell(a) is not None and brep.cell(a).kind == "blank"}
        hiding = any(report.cell(a).value != 0 for a in gone)
        # blanks that stand for 0 leave every identity as it was; blanks that hide numbers
        # leave only the identities over no blank (the others need the hidden amounts)
        left = qualifying_cells(brep) if hiding else [a for a in cells if a not in gone]
        for i, address in enumerate(left):
            delta = 1 + i % 3
            yield name, address, delta, inject(blanked, brep, address, delta)


def sliced(items: Iterable[tuple[Any, ...]], stride: int) -> Iterator[tuple[Any, ...]]:
    """Every ``stride``-th item of each variant kind (the items' first field): a bounded,
    deterministic slice."""
    seen: dict[str, int] = {}
    for item in items:
        i = seen[item[0]] = seen.get(item[0], -1) + 1
        if not i % stride:
            yield item


def run(path: Path, blanks: bool = True, stride: int = 1) -> tuple[int, int, list[str]]:
    """(variants, detected, undetected descriptions) for one report; ``stride`` k keeps every
    k-th variant of each kind (a bounded, deterministic slice)."""
    total = hits = 0
    missed: list[str] = []
    for variant, address, delta, changed in sliced(variants(path, blanks), stride):
        total += 1
        if changed is None:
            missed.append(f"{variant} {address}+{delta}: digits not found at the cell's position")
            continue
        rep = parse_bytes(changed, path=str(path))
        result = check_report(rep)
        if detected(result.findings, address.split("/")[0]):
            hits += 1
        else:
            missed.append(f"{variant} {address}+{delta}")
    return total, hits, missed

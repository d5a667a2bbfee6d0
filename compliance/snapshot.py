"""What is kept of a checked report for the rules that need more than one report, the history
database and ``compliance export``: its identity (agency, year, template, source hash), every
table cell (value, kind, position) and the text of its sections.

A snapshot is small, picklable and JSON-friendly (:meth:`Snapshot.to_dict` /
:meth:`Snapshot.from_dict`); it is made in the worker that parsed the report and travels back
with the result, so the cross-report rules run on snapshots only, never on re-parsed files.

    snap = Snapshot.of(report, source_hash=sha256_hex(data))
    snap.cell("applications/carried_out/total")   # CellRecord or None
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, Iterator

from attrs import field, frozen

from .model import Number, Report

SCHEMA = 1  # of to_dict(); the history database has its own schema version


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@frozen
class CellRecord:
    """One cell: address ``table/row/column``, as printed (``raw``), its kind (number, blank,
    placeholder, text, unreadable), its value (a decimal string, None unless a number) and
    where it is printed (1-based line and column, 0 when unknown)."""

    address: str
    raw: str
    kind: str
    value: str | None
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    @property
    def number(self) -> Number | None:
        """The value as a number (int for counts, Decimal for amounts), None unless a number."""
        if self.kind != "number" or self.value is None:
            return None
        d = Decimal(self.value)
        return int(d) if d == d.to_integral_value() and "." not in self.value else d

    @property
    def table(self) -> str:
        return self.address.split("/", 1)[0]

    def to_list(self) -> list[Any]:
        return [self.address, self.raw, self.kind, self.value, self.line, self.column, self.end_line, self.end_column]

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its constructor's arguments: a batch on disk (compliance.spool) reads back
        # a report's couple of hundred cells three times faster than attrs' slot-by-slot state
        return (CellRecord, (self.address, self.raw, self.kind, self.value, self.line, self.column, self.end_line, self.end_column))

    @classmethod
    def from_list(cls, item: list[Any]) -> "CellRecord":
        a, raw, kind, value, line, col, end_line, end_col = item
        return cls(str(a), str(raw), str(kind), None if value is None else str(value), int(line), int(col), int(end_line), int(end_col))


def _value_text(value: Number | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return format(value, "f")
    return str(value)


@frozen
class Snapshot:
    """One report as the multi-report rules see it."""

    path: str
    agency: str | None  # as printed
    year: int | None
    template: str
    source_hash: str  # sha256 of the file's bytes
    cells: tuple[CellRecord, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()  # (section number 一…六, its text), in order
    preamble: str = ""
    # where each section's paragraphs start in the file: (section number, first line of each
    # paragraph), in the order of ``sections`` (a snapshot from the history may have none)
    paragraph_lines: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # the DUP-002 MinHash signature of the narrative (compliance.similarity.signature), when a
    # batch computed it in its worker; not kept in the history, not part of equality
    signature: bytes | None = field(default=None, eq=False, repr=False)
    _index: dict[str, CellRecord] = field(init=False, eq=False, repr=False, factory=dict)

    @classmethod
    def of(cls, report: Report, source_hash: str, path: str | None = None) -> "Snapshot":
        cells: list[CellRecord] = []
        for table in report.tables:
            for row in table.rows:
                for col, cell in row.cells:
                    s = cell.span
                    cells.append(CellRecord(f"{table.id}/{row.id}/{col}", cell.raw, cell.kind,
                                            _value_text(cell.value) if cell.kind == "number" else None,
                                            s.line, s.column, s.end_line, s.end_column))
        sections: list[tuple[str, str]] = []
        lines: list[tuple[str, tuple[int, ...]]] = []
        for sec in report.sections:
            if sec.canonical is None:
                continue
            sections.append((sec.canonical, "\n".join(p.text.replace("\n", " ") for p in sec.paragraphs)))
            lines.append((sec.canonical, tuple(p.span.line for p in sec.paragraphs)))
        preamble = "\n".join(p.text for p in report.preamble)
        return cls(path if path is not None else report.path, report.agency, report.year, report.template,
                   source_hash, tuple(cells), tuple(sections), preamble, tuple(lines))

    def cell(self, address: str) -> CellRecord | None:
        if not self._index and self.cells:
            self._index.update((c.address, c) for c in self.cells)
        return self._index.get(address)

    def table_cells(self, table: str) -> Iterator[CellRecord]:
        prefix = table + "/"
        return (c for c in self.cells if c.address.startswith(prefix))

    def has_table(self, table: str) -> bool:
        return any(True for _ in self.table_cells(table))

    def section(self, number: str) -> str:
        """The text of section ``number`` (一…六); several headings of one number are joined."""
        return "\n".join(text for n, text in self.sections if n == number)

    @property
    def text(self) -> str:
        """All the narrative text: preamble and sections."""
        return "\n".join([self.preamble, *(t for _n, t in self.sections)]).strip("\n")

    def line_in_section(self, number: str, line: int) -> int | None:
        """The file line of line ``line`` (1-based) of :meth:`section` ``number``'s text."""
        starts: list[int] = []
        for n, ls in self.paragraph_lines:
            if n == number:
                starts.extend(ls)
        return starts[line - 1] if 1 <= line <= len(starts) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "path": self.path,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "source_hash": self.source_hash,
            "cells": [c.to_list() for c in self.cells],
            "sections": [list(s) for s in self.sections],
            "preamble": self.preamble,
            "paragraph_lines": [[n, list(ls)] for n, ls in self.paragraph_lines],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Snapshot":
        if data.get("schema") != SCHEMA:
            raise ValueError(f"snapshot schema {data.get('schema')!r} is not {SCHEMA}")
        return cls(
            str(data["path"]),
            data.get("agency"),
            data.get("year"),
            str(data["template"]),
            str(data["source_hash"]),
            tuple(CellRecord.from_list(c) for c in data.get("cells", ())),
            tuple((str(n), str(t)) for n, t in data.get("sections", ())),
            str(data.get("preamble", "")),
            tuple((str(n), tuple(int(x) for x in ls)) for n, ls in data.get("paragraph_lines", ())),
        )

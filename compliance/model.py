"""The typed result of parsing one report: what rules and renderers consume.

``Report`` is the layout pass's output: the detected template, year and agency, the six
sections with their text, the canonical tables (``table/row/column`` ids of spec/contract.md)
with typed cells, and the problems met on the way (findings of :mod:`compliance.codes`).  All
classes are frozen attrs classes with tuple children; positions (:class:`~compliance.text.Span`)
are excluded from equality so that round-trip tests compare content only (problems compare by
line, not column).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Iterator, Literal, Protocol

from attrs import field, frozen

from .findings import Finding, json_number
from .text import PlaceMap, Span

class HasSpan(Protocol):
    """Anything that knows where it is in the original file (a Span, a piece, a row)."""

    @property
    def span(self) -> Span: ...


class Locator(Protocol):
    """Locates a range of a paragraph's text in the original file."""

    def span(self, start: int, end: int) -> Span: ...


CellKind = Literal["number", "blank", "placeholder", "text", "unreadable"]
# a template version name (rules/templates/national.toml) or "unknown"
Template = str
MatchKind = Literal["exact", "fuzzy", "position"]
_MATCH_KINDS: tuple[MatchKind, ...] = ("exact", "fuzzy", "position")


def match_kind(text: str) -> MatchKind:
    """How a row label matched, checked at the boundary of the layout pass."""
    for k in _MATCH_KINDS:
        if k == text:
            return k
    raise ValueError(f"not a match kind: {text!r}")
Number = int | Decimal


@frozen
class Cell:
    """One table cell.  A blank cell is not a 0: ``kind`` keeps the difference.

    kind ``number``: ``value`` is the number (int for counts, Decimal for amounts);
    ``blank``: nothing written; ``placeholder``: ``-``, ``—``, ``/``, ``无`` …;
    ``text``: anything else; ``unreadable``: glued digits that could not be split uniquely.

    ``note``: what a number cell carries beyond its number and unit, e.g. ``(其中修订16件)`` in
    ``22(其中修订16件)``: the cell is read as 22 and the note is kept (a format fault, not a value).
    """

    raw: str
    kind: CellKind
    value: Number | None = None
    unit: str | None = None
    # where the cell is: a Span, or anything with a ``.span`` (computed only when asked for)
    _where: HasSpan | None = field(eq=False, repr=False, default=None, alias="where")
    note: str | None = field(default=None, kw_only=True)

    @property
    def span(self) -> Span:
        w = self._where
        return Span.point(1) if w is None else w.span

    @property
    def is_number(self) -> bool:
        return self.kind == "number"

    def to_dict(self) -> dict:
        out: dict = {
            "value": json_number(self.value),
            "raw": self.raw,
            "kind": self.kind,
            "line": self.span.line,
            "column": self.span.column,
        }
        if self.unit:
            out["unit"] = self.unit
        if self.note:
            out["note"] = self.note
        return out


@frozen
class DataRow:
    """A template row found in the report, with the label as printed and how it matched."""

    id: str
    label: str  # as printed (normalised), e.g. "(二)部分公开(区分处理的,…)"
    match: MatchKind
    cells: tuple[tuple[str, Cell], ...]  # (column id, cell) in template order
    _where: HasSpan | None = field(eq=False, repr=False, default=None, alias="where")

    @property
    def span(self) -> Span:
        w = self._where
        return Span.point(1) if w is None else w.span

    def cell(self, column: str) -> Cell | None:
        for col, cell in self.cells:
            if col == column:
                return cell
        return None


@frozen
class DataTable:
    id: str  # disclosure | applications | appeals
    rows: tuple[DataRow, ...]

    @property
    def span(self) -> Span:
        if not self.rows:
            return Span.point(1)
        return self.rows[0].span.cover(self.rows[-1].span)

    def row(self, row_id: str) -> DataRow | None:
        for row in self.rows:
            if row.id == row_id:
                return row
        return None

    def cell(self, row_id: str, column: str) -> Cell | None:
        row = self.row(row_id)
        return row.cell(column) if row else None


@frozen
class Paragraph:
    text: str  # normalised
    span: Span = field(eq=False, repr=False, factory=lambda: Span.point(1))
    locator: Locator | None = field(eq=False, repr=False, default=None)

    def locate(self, start: int, end: int) -> Span:
        """Where ``text[start:end]`` stands in the original file."""
        if self.locator is None:
            return self.span
        return self.locator.span(start, end)


@frozen
class Section:
    number: str  # 一 … 六 as printed (misnumbered sections keep their printed number)
    title: str  # as printed, normalised
    canonical: str | None  # the template section this heading was identified as (一…六)
    paragraphs: tuple[Paragraph, ...]
    span: Span = field(eq=False, repr=False, factory=lambda: Span.point(1))
    from_cell: bool = False  # the heading was printed as a table cell

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


def problem_key(f: Finding) -> tuple:
    """What a parse problem compares by: everything but the span's columns (the line counts)."""
    s = f.location.span
    return (f.rule, f.name, f.severity, f.message, f.location.section, f.location.cell, f.evidence, f.basis, s.line if s else None)


def _problems_key(problems: tuple[Finding, ...]) -> tuple:
    return tuple(problem_key(p) for p in problems)


def problem_dict(f: Finding) -> dict:
    """A parse problem in ``compliance parse`` JSON: code, name, severity, message, location
    (the span, or null), cell (a cell address, ``table/row`` for a whole row, or null)."""
    span = f.location.span
    return {
        "code": f.rule,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "location": span.to_dict() if span else None,
        "cell": f.cell,
    }


@frozen
class Report:
    path: str
    format: str  # detected input format
    encoding: str
    template: Template
    year: int | None
    agency: str | None
    title: str | None
    sections: tuple[Section, ...]
    tables: tuple[DataTable, ...]
    # parse problems: findings of catalogue codes (compliance.codes), compared without columns
    problems: tuple[Finding, ...] = field(eq=_problems_key)
    preamble: tuple[Paragraph, ...] = ()  # text before section 一
    published_on: str | None = None  # a date printed in the file (发布时间/落款), if any
    # a PDF or Word document: where its extracted text stands in the file (page, paragraph …)
    places: PlaceMap | None = field(default=None, eq=False, repr=False)
    # a PDF or Word document: its extracted text (what line/column of the findings index)
    extracted: str | None = field(default=None, eq=False, repr=False)
    # (table, row, column) → cell, built on the first lookup (:meth:`cell_index`)
    _index: dict[tuple[str, str, str], Cell] | None = field(default=None, init=False, eq=False, repr=False)

    def cell_at(self, table_id: str, row_id: str, column: str) -> Cell | None:
        """The cell ``table/row/column`` (as :meth:`cell`: the first table, row and column of
        those ids), by one dict look-up: the index is built on the first call."""
        return self.cell_index().get((table_id, row_id, column))

    def cell_index(self) -> dict[tuple[str, str, str], Cell]:
        """Every cell by ``(table, row, column)``, as :meth:`cell` finds them: built on the first
        call, then published whole (a thread never sees it half built)."""
        index = self._index
        if index is None:
            index = {}
            tables: set[str] = set()
            for t in self.tables:
                if t.id in tables:
                    continue  # only the first table of an id is looked up
                tables.add(t.id)
                rows: set[str] = set()
                for r in t.rows:
                    if r.id in rows:
                        continue
                    rows.add(r.id)
                    for c, cell in r.cells:
                        index.setdefault((t.id, r.id, c), cell)
            object.__setattr__(self, "_index", index)  # a cache, not a value: the report stays as it was
        return index

    def section(self, number: str) -> Section | None:
        for s in self.sections:
            if s.canonical == number:
                return s
        return None

    def table(self, table_id: str) -> DataTable | None:
        for t in self.tables:
            if t.id == table_id:
                return t
        return None

    def cell(self, address: str) -> Cell | None:
        """Look up ``table/row/column``, e.g. ``applications/new_received/total``."""
        table_id, row_id, column = address.split("/")
        table = self.table(table_id)
        return table.cell(row_id, column) if table else None

    def cells(self) -> Iterator[tuple[str, Cell]]:
        for t in self.tables:
            for r in t.rows:
                for c, cell in r.cells:
                    yield f"{t.id}/{r.id}/{c}", cell

    def to_parse_dict(self) -> dict:
        """The JSON of ``compliance parse --format json`` (spec/contract.md, extended)."""
        tables: dict = {}
        rows: dict = {}
        for t in self.tables:
            tdict: dict = {}
            for r in t.rows:
                tdict[r.id] = {c: cell.to_dict() for c, cell in r.cells}
                rows[f"{t.id}/{r.id}"] = {
                    "label": r.label,
                    "match": r.match,
                    "line": r.span.line,
                }
            tables[t.id] = tdict
        return {
            "path": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "template": self.template,
            "year": self.year,
            "agency": self.agency,
            "title": self.title,
            "published_on": self.published_on,
            "sections": [
                {
                    "number": s.number,
                    "canonical": s.canonical,
                    "title": s.title,
                    "line": s.span.line,
                    "column": s.span.column,
                    "from_cell": s.from_cell,
                }
                for s in self.sections
            ],
            "tables": tables,
            "rows": rows,
            "problems": [problem_dict(p) for p in self.problems],
        }

    @property
    def full_text(self) -> str:
        parts = [p.text for p in self.preamble]
        for s in self.sections:
            parts.append(s.title)
            parts.extend(p.text for p in s.paragraphs)
        return "\n".join(parts)


_NUM = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|元|件|条|个|项|%)?$")
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "―", "/", "\\", "无", "空", "×", "x", "X", "*", "…", "——/", "－", "–"})


# a number, its unit, then a note that does not start with another number: “22(其中修订16件)”,
# “13（含…）” (NFKC: ( ), “6个(含2个子栏目)”; “12 34” or “3-5” are not a number with a note
_NOTED = re.compile(r"^(-?\d+(?:\.\d+)?)(万元|元|件|条|个|项|%)?\s*([^\d\s.,\-–—/].*)$", re.S)


def type_cell(text: str, raw: str, span: HasSpan | None, *, signed: bool = False) -> Cell:
    """Type one cell's normalised text: number / blank / placeholder / text.  A number followed
    by a note (``22(其中修订16件)``) is the number, with the note kept in ``Cell.note``."""
    kind, value, unit, note = _typed(text, signed)
    return Cell(raw, kind, value, unit, span, note=note)


def _number(num: str) -> Number:
    return Decimal(num) if "." in num else int(num)


@lru_cache(maxsize=8192)
def _typed(text: str, signed: bool) -> tuple[CellKind, Number | None, str | None, str | None]:
    t = text.strip().replace(",", "") if text else ""
    if not t:
        return "blank", None, None, None
    if t in PLACEHOLDERS or (len(t) > 1 and set(t) <= set("-—/─–")):
        return "placeholder", None, None, None
    m = _NUM.match(t)
    if m:
        num, unit = m.group(1), m.group(2)
        if num.startswith("-") and not signed:
            return "text", None, None, None
        return "number", _number(num), unit, None
    m = _NOTED.match(t)
    if m and not (m.group(1).startswith("-") and not signed):
        return "number", _number(m.group(1)), m.group(2), m.group(3).strip()
    return "text", None, None, None

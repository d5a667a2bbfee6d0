"""Leaf value types for text and positions.

Every position the tool reports points into the ORIGINAL file as the user has it: 1-based
line, 1-based column counted in Unicode code points, ``end_column`` exclusive (one past the
last character, as Lark does).  Normalisation may change lengths (``㈠`` → ``(一)``), so the
normaliser returns an :class:`OffsetMap` from normalised offsets back to original offsets.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from attrs import field, frozen


@frozen
class Place:
    """Where a stretch of an extracted document stands in the file the user holds (PDF, Word).

    A PDF place has ``page`` and ``line`` (the line on that page, counted from its top, page
    headers included) and the ``box`` of the words or cell (x0, top, x1, bottom in PDF points
    from the page's top-left corner); a Word place has ``paragraph`` (the body paragraph, counted
    as Word shows them, tables not counted) or ``table``/``row``/``cell`` (1-based, the table
    in document order, the row, the grid column).  Unused fields are None.
    """

    page: int | None = None
    line: int | None = None
    box: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for name in ("page", "line", "paragraph", "table", "row", "cell"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.box is not None:
            out["box"] = [round(v, 1) for v in self.box]
        return out

    def label(self) -> str:
        """In Chinese, for auditors: ``第 3 页第 12 行``, ``第 40 段``, ``第 2 个表格第 5 行第 3 列``."""
        parts = []
        if self.page is not None:  # a PDF: the page and the line on it
            parts.append(f"第 {self.page} 页")
            if self.line is not None:
                parts.append(f"第 {self.line} 行")
            return "".join(parts)
        if self.table is not None:
            parts.append(f"第 {self.table} 个表格")
            if self.row is not None:
                parts.append(f"第 {self.row} 行")
            if self.cell is not None:
                parts.append(f"第 {self.cell} 列")
        elif self.paragraph is not None:
            parts.append(f"第 {self.paragraph} 段")
        elif self.line is not None:
            parts.append(f"第 {self.line} 行")
        return "".join(parts)


@frozen(order=True)
class Span:
    """A region of the original file: 1-based line/column, end column exclusive.

    For a PDF or Word document the lines and columns are those of its extracted text (what
    ``compliance parse FILE --format text`` prints) and ``place`` says where that text stands
    in the document (page and line, paragraph, table cell); ``place`` takes no part in
    comparisons."""

    line: int
    column: int
    end_line: int
    end_column: int
    place: Place | None = field(default=None, eq=False, order=False, repr=False)

    def to_dict(self) -> dict[str, int]:
        return {
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
        }

    @property
    def span(self) -> "Span":
        """A span locates itself (so spans and pieces can both be stored as a location)."""
        return self

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column)

    def cover(self, other: "Span") -> "Span":
        """The smallest span covering both."""
        start = min((self.line, self.column), (other.line, other.column))
        end = max((self.end_line, self.end_column), (other.end_line, other.end_column))
        first = self if (self.line, self.column) <= (other.line, other.column) else other
        return Span(start[0], start[1], end[0], end[1], first.place or self.place or other.place)


class PlaceMap:
    """Extracted-text positions → :class:`Place`: per line of the extracted text, the place of
    the line and the places of column ranges in it (the cells of a table row)."""

    __slots__ = ("_lines",)

    def __init__(self) -> None:
        self._lines: dict[int, list[tuple[int, int, Place]]] = {}

    def add(self, line: int, place: Place, column: int = 0, end_column: int = 0) -> None:
        """``place`` for ``line`` (``column``..``end_column``, 1-based, end exclusive; 0, 0:
        the whole line)."""
        self._lines.setdefault(line, []).append((column, end_column, place))

    def lookup(self, line: int, column: int = 0) -> Place | None:
        entries = self._lines.get(line)
        if not entries:
            return None
        whole = None
        for a, b, place in entries:
            if a == 0 and b == 0:
                whole = whole or place
            elif a <= column < b or (a == b == column):
                return place
        return whole or entries[0][2]

    def locate(self, span: Span) -> Span:
        """``span`` with its place filled in (unchanged when it has one or none is known)."""
        if span.place is not None:
            return span
        place = self.lookup(span.line, span.column)
        if place is None:
            return span
        return Span(span.line, span.column, span.end_line, span.end_column, place)

    def __bool__(self) -> bool:
        return bool(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


class LineIndex:
    """Turns character offsets of one text into (line, column) pairs."""

    __slots__ = ("_starts", "_length")

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self._length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._starts[max(0, min(line - 1, len(self._starts) - 1))]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(max(start, end))
        return Span(line, column, end_line, end_column)


@frozen
class OffsetMap:
    """Maps offsets in a normalised text back to offsets in the text it came from.

    ``anchors`` is a sorted sequence of ``(normalised_offset, original_offset)`` pairs; between
    two anchors the texts advance together one character for one character.  An empty map is
    the identity.
    """

    anchors: tuple[tuple[int, int], ...] = ()
    _keys: tuple[int, ...] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(a for a, _ in self.anchors))

    @classmethod
    def identity(cls) -> "OffsetMap":
        return cls(())

    def to_original(self, offset: int) -> int:
        if not self.anchors:
            return offset
        i = bisect.bisect_right(self._keys, offset) - 1
        if i < 0:
            return offset
        norm, orig = self.anchors[i]
        return orig + (offset - norm)


@frozen
class SourceText:
    """A decoded input file: the original text as the user has it."""

    path: str
    text: str
    encoding: str
    had_bom: bool = False
    lines: LineIndex = field(eq=False, repr=False, default=None)
    # a PDF or Word document: ``text`` is its extracted text and ``places`` maps it back
    places: PlaceMap | None = field(eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.lines is None:
            object.__setattr__(self, "lines", LineIndex(self.text))

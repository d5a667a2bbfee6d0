"""What a document reader (Word, PDF) gives, and how it becomes the parser's input.

A reader turns a file into :class:`Extracted`: the document's blocks in reading order, each a
paragraph (:class:`DocPara`) or a table (:class:`DocTable`: a grid of slots, a merged cell
filling every slot it covers), each with the :class:`~compliance.text.Place` it stands at.
:func:`assemble` writes the blocks as the document's *extracted text* — one line per paragraph
line, one ``| a | b |`` line per table row — and builds from it the canonical lines the HTML
adapter would give for the same page: one ``text`` line per paragraph line, one ``row`` per
table row with one piece per grid position (a merged cell is the same piece, so the same
position, wherever it stands).  Every piece locates itself in the extracted text; the
:class:`~compliance.text.PlaceMap` of the extracted text says where each line and cell stands
in the document.
"""

from __future__ import annotations

import re
from typing import Union

from attrs import field, frozen

from ..normalise import normalise
from ..text import OffsetMap, Place, PlaceMap, SourceText
from ..adapters.base import Canon, CLine, Frame, row_line, text_line

__all__ = ["DocCell", "DocPara", "DocTable", "Extracted", "Block", "assemble"]

_WS = re.compile(r"\s+")


@frozen
class DocPara:
    """A paragraph: its text (a soft line break, ``\\n``, starts a new line of it)."""

    text: str
    place: Place | None = None


@frozen
class DocCell:
    text: str
    place: Place | None = None


@frozen
class DocTable:
    """A table: ``grid[r][c]`` is the index in ``cells`` of the cell at row ``r``, grid column
    ``c`` (the same index in several slots for a merged cell), or -1 for a slot no cell covers."""

    cells: tuple[DocCell, ...]
    grid: tuple[tuple[int, ...], ...]
    place: Place | None = None
    # the row places (one per grid row), when the reader knows them
    row_places: tuple[Place | None, ...] = ()


Block = Union[DocPara, DocTable]


@frozen
class Extracted:
    """A read document: its blocks in reading order (a file that cannot be read raises
    :class:`~compliance.documents.DocumentError` instead)."""

    format: str  # "docx" | "pdf"
    blocks: tuple[Block, ...]
    # facts about the file for callers of the reader (pages; paragraphs and tables)
    meta: tuple[tuple[str, object], ...] = field(default=())


class _Writer:
    """The extracted text (raw) and its normalised twin, with the offset map between them."""

    def __init__(self) -> None:
        self.raw: list[str] = []
        self.norm: list[str] = []
        self.raw_len = 0
        self.norm_len = 0
        self.anchors: list[tuple[int, int]] = []
        self.line = 1
        self.column = 1

    def sep(self, text: str) -> None:
        """Text that is not content (cell separators, line breaks): identical in both."""
        self.anchors.append((self.norm_len, self.raw_len))
        self.raw.append(text)
        self.norm.append(text)
        self.raw_len += len(text)
        self.norm_len += len(text)
        if "\n" in text:
            self.line += text.count("\n")
            self.column = len(text) - text.rfind("\n")
        else:
            self.column += len(text)

    def content(self, text: str) -> tuple[int, int, int, int]:
        """Write ``text`` (one line); returns its normalised start and end offsets and its
        extracted-text columns (1-based, end exclusive)."""
        norm, omap = normalise(text)
        if "\n" in norm:  # pragma: no cover - callers pass one line; normalise keeps breaks
            norm = norm.replace("\n", " ")
        base_n, base_r = self.norm_len, self.raw_len
        self.anchors.append((base_n, base_r))
        for a, b in omap.anchors:
            self.anchors.append((base_n + a, base_r + b))
        self.raw.append(text)
        self.norm.append(norm)
        self.raw_len += len(text)
        self.norm_len += len(norm)
        col = self.column
        self.column += len(text)
        return base_n, self.norm_len, col, self.column


def _one_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def assemble(path: str, doc: Extracted) -> tuple[SourceText, Canon]:
    """The extracted text of ``doc`` and its canonical lines (see the module docstring)."""
    w = _Writer()
    places = PlaceMap()
    # (kind, [(norm_start, norm_end)] per piece, grid of piece indices) per emitted line
    pending: list[tuple[str, list[tuple[int, int]], list[int], int]] = []
    first = True

    def newline() -> None:
        nonlocal first
        if not first:
            w.sep("\n")
        first = False

    for block in doc.blocks:
        if isinstance(block, DocPara):
            for part in block.text.split("\n"):
                part = _one_line(part)
                if not part:
                    continue
                newline()
                a, b, _, _ = w.content(part)
                if block.place is not None:
                    places.add(w.line, block.place)
                pending.append(("text", [(a, b)], [0], w.line))
            continue
        width = max((len(r) for r in block.grid), default=0)
        if not width:
            continue
        above: dict[int, tuple[int, int]] = {}  # cell index → its range, where first written
        for r, slots in enumerate(block.grid):
            slots = tuple(slots) + (-1,) * (width - len(slots))
            if all(k < 0 or not _one_line(block.cells[k].text) for k in slots):
                continue
            newline()
            row_place = block.row_places[r] if r < len(block.row_places) else None
            written: dict[int, int] = {}  # cell index → piece index in this row
            ranges: list[tuple[int, int]] = []
            grid: list[int] = []
            w.sep("|")
            for k in slots:
                w.sep(" ")
                if k >= 0 and k not in written:
                    if k in above:  # a cell merged down from a row above: its piece there
                        ranges.append(above[k])
                    else:
                        cell = block.cells[k]
                        a, b, col, end = w.content(_one_line(cell.text))
                        above[k] = (a, b)
                        ranges.append((a, b))
                        if cell.place is not None:
                            places.add(w.line, cell.place, col, max(end, col + 1))
                    written[k] = len(ranges) - 1
                    grid.append(written[k])
                elif k >= 0:
                    grid.append(written[k])
                else:  # a slot no cell covers: a blank piece here
                    ranges.append((w.norm_len, w.norm_len))
                    grid.append(len(ranges) - 1)
                w.sep(" |")
            place = row_place or block.place
            if place is not None:
                places.add(w.line, place)
            pending.append(("row", ranges, grid, w.line))
    raw = "".join(w.raw)
    norm = "".join(w.norm)
    source = SourceText(path, raw, doc.format, places=places)
    frame = Frame(source, norm, OffsetMap(tuple(_dedupe(w.anchors))))
    lines: list[CLine] = []
    for kind, ranges, grid, own_line in pending:
        pieces = [frame.piece(a, b) for a, b in ranges]
        if kind == "text":
            lines.append(text_line(pieces[0]))
        elif len(set(grid)) == 1 and len(grid) > 1 and pieces[grid[0]].text:
            # one cell across the whole table (a heading or caption as the first row): a
            # one-cell row, as the other formats give it
            lines.append(row_line([pieces[grid[0]]]))
        else:
            row = [pieces[k] for k in grid]
            line = row_line(row)
            own = [p.span for p in row if p.span.line == own_line]
            if own and row[0].span.line != own_line:
                # the first cell is merged down from a row above: the row stands on its own line
                where = own[0]
                for sp in own[1:]:
                    where = where.cover(sp)
                line = CLine(line.kind, line.pieces, line.origin, where)
            lines.append(line)
    return source, Canon(doc.format, tuple(lines))


def _dedupe(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: dict[int, int] = {}
    for n, r in anchors:
        out[n] = r  # the last anchor at an offset wins (a segment's own map after its start)
    return sorted(out.items())

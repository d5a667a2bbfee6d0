"""PDF documents → :class:`~compliance.documents.base.Extracted`, from the text layer.

Characters with their boxes (pypdfium2) become visual lines; thin path objects (ruling
lines) become table grids: a cell is a region between rulings, a ruling absent between two
slots merges them.  Page numbers and running headers are dropped; a table continuing on the
next page (same column positions) continues as the same table, its repeated header dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from attrs import define, field

from ..adapters.base import is_page_marker
from ..codes import INPUT_LIMIT_EXCEEDED, PROTECTED_DOCUMENT, SCANNED_DOCUMENT, UNREADABLE_INPUT
from ..text import Place
from . import DocumentError, Limits
from .base import Block, DocCell, DocPara, DocTable, Extracted

__all__ = ["read_pdf"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points from the top-left)

_THIN = 2.5  # a path object this thin (points) is a ruling line
_TOL = 2.0  # positions this close are the same ruling
_MARGIN = 0.12  # top/bottom fraction of the page where page numbers and headers stand
_NUMBER = re.compile(r"[\d.,\s%-]*")
_LATIN = re.compile(r"[0-9A-Za-z.,%+\-/()]")


@define
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    space_before: bool = False
    line: int = 0
    # the glyph's ink (x0, x1): where it stands, for the cell it belongs to (the advance box
    # of a glyph can reach far past it)
    ink: tuple[float, float] | None = None

    @property
    def cx(self) -> float:
        a, b = self.ink if self.ink is not None else (self.x0, self.x1)
        return (a + b) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@define
class _Line:
    chars: list[_Char] = field(factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def box(self) -> Box:
        return _bbox(self.chars)

    def text(self) -> str:
        return _join_chars(sorted(self.chars, key=lambda c: c.x0))


@define
class _Grid:
    xs: list[float]
    ys: list[float]
    # slot (r, c) → cell index; cells as slot sets
    slot_cell: list[list[int]]
    boxes: list[Box]

    @property
    def box(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])


def _bbox(chars: Iterable[_Char]) -> Box:
    cs = list(chars)
    return (min(c.x0 for c in cs), min(c.top for c in cs), max(c.x1 for c in cs), max(c.bottom for c in cs))


def _wide(ch: str) -> bool:
    return bool(ch) and not _LATIN.match(ch) and ord(ch[0]) > 0x2E7F


def _join_chars(chars: list[_Char]) -> str:
    """Characters of one line, left to right: a space where the PDF has one (or a gap) between
    two non-CJK characters; none next to a CJK character."""
    out: list[str] = []
    prev: _Char | None = None
    for c in chars:
        if prev is not None:
            height = max(c.bottom - c.top, prev.bottom - prev.top, 1.0)
            gap = c.x0 - prev.x1
            if (c.space_before or gap > 0.25 * height) and not (_wide(c.text[0]) or _wide(prev.text[-1])):
                out.append(" ")
            elif gap > 1.5 * height:  # a wide gap between CJK words: keep them apart
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out).strip()


def _join_lines(texts: list[str]) -> str:
    out = ""
    for t in texts:
        if not t:
            continue
        if out and not (_wide(out[-1]) or _wide(t[0])) and out[-1].isalpha() and t[0].isalpha():
            out += " "
        out += t
    return out


def _lines(chars: list[_Char]) -> list[_Line]:
    """Visual lines: characters whose vertical centres fall within a line's extent, top down."""
    lines: list[_Line] = []
    for c in sorted(chars, key=lambda c: (c.cy, c.x0)):
        for line in reversed(lines[-3:]):
            if line.top - 0.5 <= c.cy <= line.bottom + 0.5:
                line.chars.append(c)
                line.top = min(line.top, c.top)
                line.bottom = max(line.bottom, c.bottom)
                break
        else:
            lines.append(_Line([c], c.top, c.bottom))
    lines.sort(key=lambda l: l.top)
    return lines


def _open(data: bytes):  # type: ignore[no-untyped-def,unused-ignore]
    import pypdfium2 as pdfium  # type: ignore[import-untyped,unused-ignore]

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError(PROTECTED_DOCUMENT, "PDF 设有打开密码，无法读取；请提供未加密的 PDF 文件") from None
        raise DocumentError(UNREADABLE_INPUT, "PDF 文件已损坏，无法读取；请重新导出或下载原文件") from None
    except Exception:
        raise DocumentError(UNREADABLE_INPUT, "PDF 文件已损坏，无法读取；请重新导出或下载原文件") from None


def _page_chars(page, height: float) -> list[_Char]:  # type: ignore[no-untyped-def,unused-ignore]
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        chars: list[_Char] = []
        space = False
        for i in range(n):
            t = tp.get_text_range(i, 1)
            if not t or t.isspace() or t == "\ufffe" or t == "\x02":
                space = True
                continue
            ix0, y0, ix1, y1 = tp.get_charbox(i)  # the glyph's ink: for lines and cells
            x0, _, x1, _ = tp.get_charbox(i, loose=True)  # its advance: for gaps between words
            if x1 <= x0:
                x0, x1 = ix0, ix1
            ink = (ix0, ix1) if ix1 > ix0 else None
            chars.append(_Char(t, x0, height - y1, x1, height - y0, space, ink=ink))
            space = False
        return chars
    finally:
        tp.close()


def _rulings(page, height: float) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:  # type: ignore[no-untyped-def,unused-ignore]
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling lines of the page."""
    import pypdfium2.raw as raw  # type: ignore[import-untyped,unused-ignore]

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for obj in page.get_objects(max_depth=8):
        if obj.type not in (raw.FPDF_PAGEOBJ_PATH,):
            continue
        x0, y0, x1, y1 = obj.get_bounds()
        w, h = x1 - x0, y1 - y0
        top, bottom = height - y1, height - y0
        if h <= _THIN and w > _THIN:
            hs.append(((top + bottom) / 2, x0, x1))
        elif w <= _THIN and h > _THIN:
            vs.append(((x0 + x1) / 2, top, bottom))
    return hs, vs


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _TOL:
            continue
        out.append(v)
    return out


def _tables(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[_Grid]:
    """Connected groups of rulings → grids of merged cells."""
    segs: list[tuple[str, tuple[float, float, float]]] = [("h", s) for s in hs] + [("v", s) for s in vs]
    parent = list(range(len(segs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ki, si) in enumerate(segs):
        for j in range(i + 1, len(segs)):
            kj, sj = segs[j]
            if ki == kj:
                continue
            h, v = (si, sj) if ki == "h" else (sj, si)
            if h[1] - _TOL <= v[0] <= h[2] + _TOL and v[1] - _TOL <= h[0] <= v[2] + _TOL:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(find(i), []).append(i)
    grids: list[_Grid] = []
    for members in groups.values():
        gh = [segs[i][1] for i in members if segs[i][0] == "h"]
        gv = [segs[i][1] for i in members if segs[i][0] == "v"]
        if len(gh) < 2 or len(gv) < 2:
            continue
        ys = _cluster([s[0] for s in gh])
        xs = _cluster([s[0] for s in gv])
        if len(ys) < 2 or len(xs) < 2:
            continue
        grids.append(_grid(xs, ys, gh, gv))
    grids.sort(key=lambda g: g.ys[0])
    return grids


def _grid(xs: list[float], ys: list[float], hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> _Grid:
    rows, cols = len(ys) - 1, len(xs) - 1

    def vwall(x: float, a: float, b: float) -> bool:
        mid = (a + b) / 2
        return any(abs(s[0] - x) <= _TOL and s[1] - _TOL <= mid <= s[2] + _TOL for s in vs)

    def hwall(y: float, a: float, b: float) -> bool:
        mid = (a + b) / 2
        return any(abs(s[0] - y) <= _TOL and s[1] - _TOL <= mid <= s[2] + _TOL for s in hs)

    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not vwall(xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * cols + c)] = find(r * cols + c + 1)
            if r + 1 < rows and not hwall(ys[r + 1], xs[c], xs[c + 1]):
                parent[find(r * cols + c)] = find((r + 1) * cols + c)
    index: dict[int, int] = {}
    slot_cell = [[0] * cols for _ in range(rows)]
    extents: list[list[float]] = []
    for r in range(rows):
        for c in range(cols):
            root = find(r * cols + c)
            if root not in index:
                index[root] = len(extents)
                extents.append([xs[c], ys[r], xs[c + 1], ys[r + 1]])
            k = index[root]
            e = extents[k]
            e[0], e[1] = min(e[0], xs[c]), min(e[1], ys[r])
            e[2], e[3] = max(e[2], xs[c + 1]), max(e[3], ys[r + 1])
            slot_cell[r][c] = k
    return _Grid(xs, ys, slot_cell, [(e[0], e[1], e[2], e[3]) for e in extents])


def _slot(grid: _Grid, c: _Char) -> tuple[int, int] | None:
    x, y = c.cx, c.cy
    if not (grid.xs[0] <= x <= grid.xs[-1] and grid.ys[0] <= y <= grid.ys[-1]):
        return None
    col = max(i for i in range(len(grid.xs) - 1) if grid.xs[i] <= x or i == 0)
    row = max(i for i in range(len(grid.ys) - 1) if grid.ys[i] <= y or i == 0)
    return row, col


@define
class _PageTable:
    """A table read from one page, before tables are joined across pages."""

    page: int
    xs: list[float]
    cells: list[DocCell]
    grid: list[list[int]]
    row_places: list[Place | None]
    top: float
    bottom: float
    page_height: float


def _read_table(grid: _Grid, chars: list[_Char], page: int, page_height: float) -> _PageTable:
    by_cell: dict[int, list[_Char]] = {}
    by_row: dict[int, list[_Char]] = {}
    for c in chars:
        slot = _slot(grid, c)
        assert slot is not None
        by_cell.setdefault(grid.slot_cell[slot[0]][slot[1]], []).append(c)
        by_row.setdefault(slot[0], []).append(c)
    cells: list[DocCell] = []
    for k, box in enumerate(grid.boxes):
        cs = by_cell.get(k, [])
        lines = _lines(cs)
        text = _join_lines([line.text() for line in lines])
        first = min((c.line for c in cs), default=None)
        cells.append(DocCell(text, Place(page=page, line=first, box=box)))
    row_places: list[Place | None] = []
    for r in range(len(grid.ys) - 1):
        cs = by_row.get(r, [])
        first = min((c.line for c in cs), default=None)
        row_places.append(Place(page=page, line=first, box=(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1])))
    # an empty cell stands on the line of its first row's text
    first_row: dict[int, int] = {}
    for r, slots in enumerate(grid.slot_cell):
        for k in slots:
            first_row.setdefault(k, r)
    for k, cell in enumerate(cells):
        if cell.place is not None and cell.place.line is None and k in first_row:
            rp = row_places[first_row[k]]
            if rp is not None and rp.line is not None:
                cells[k] = DocCell(cell.text, Place(page=page, line=rp.line, box=cell.place.box))
    return _PageTable(page, grid.xs, cells, [list(r) for r in grid.slot_cell], row_places, grid.ys[0], grid.ys[-1], page_height)


def _row_texts(t: _PageTable, r: int) -> tuple[str, ...]:
    return tuple(t.cells[k].text for k in t.grid[r])


def _continue(prev: _PageTable, nxt: _PageTable) -> None:
    """Append ``nxt`` (the table at the top of the next page) to ``prev``; its first rows
    equal to the first rows of ``prev`` (a repeated header) are dropped."""
    skip = 0
    while skip < len(nxt.grid) and skip < len(prev.grid) and _row_texts(nxt, skip) == _row_texts(prev, skip):
        skip += 1
    if skip == len(nxt.grid):
        skip = 0
    offset = len(prev.cells)
    prev.cells.extend(nxt.cells)
    # a cell left empty at the top of the continuation under a filled label cell at the end
    # of the table: the label's cell carried over the page break (the same cell)
    same: dict[int, int] = {}
    if skip < len(nxt.grid) and prev.grid:
        last, first = prev.grid[-1], nxt.grid[skip]
        for c, k in enumerate(first):
            if c < len(last) and not nxt.cells[k].text and prev.cells[last[c]].text and k not in same:
                if not _NUMBER.fullmatch(prev.cells[last[c]].text):
                    same[k] = last[c]
    for r in range(skip, len(nxt.grid)):
        prev.grid.append([same.get(k, k + offset) for k in nxt.grid[r]])
        prev.row_places.append(nxt.row_places[r])
    prev.bottom = nxt.bottom
    prev.page = nxt.page


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 * _TOL for x, y in zip(a, b))


def read_pdf(data: bytes, path: str, limits: Limits) -> Extracted:
    doc = _open(data)
    try:
        n = len(doc)
        if n > limits.max_pages:
            raise DocumentError(
                INPUT_LIMIT_EXCEEDED,
                f"PDF 共 {n} 页，超过上限 {limits.max_pages} 页（--limit max_pages=…）",
            )
        pages: list[tuple[float, float, list[_Char], list[_Grid]]] = []
        for i in range(n):
            page = doc[i]
            try:
                width, height = page.get_size()
                chars = _page_chars(page, height)
                hs, vs = _rulings(page, height) if chars else ([], [])
                pages.append((width, height, chars, _tables(hs, vs)))
            finally:
                page.close()
    finally:
        doc.close()
    if n and not any(p[2] for p in pages):
        raise DocumentError(SCANNED_DOCUMENT, "扫描件，没有文字层，无法读取；请提供文字版 PDF、Word 或网页")
    return Extracted(format="pdf", blocks=tuple(_blocks(pages)), meta=(("pages", n),))


def _blocks(pages: list[tuple[float, float, list[_Char], list[_Grid]]]) -> list[Block]:
    # the visual lines of every page, numbered from the top
    page_lines: list[list[_Line]] = []
    for _, _, chars, _ in pages:
        lines = _lines(chars)
        for no, line in enumerate(lines, 1):
            for c in line.chars:
                c.line = no
        page_lines.append(lines)
    running = _running_headers(page_lines, [p[1] for p in pages])
    out: list[Block | _PageTable] = []
    for p, ((_, height, chars, grids), lines) in enumerate(zip(pages, page_lines), 1):
        items: list[tuple[float, Block | _PageTable]] = []
        in_table: dict[int, list[_Char]] = {}
        for c in chars:
            for g, grid in enumerate(grids):
                if _slot(grid, c) is not None:
                    in_table.setdefault(g, []).append(c)
                    c.line = -c.line  # mark: in a table
                    break
        for g, grid in enumerate(grids):
            if g in in_table:
                for c in in_table[g]:
                    c.line = -c.line
                items.append((grid.ys[0], _read_table(grid, in_table[g], p, height)))
                for c in in_table[g]:
                    c.line = -c.line
        for line in lines:
            free = [c for c in line.chars if c.line > 0]
            if not free:
                continue
            text = _join_chars(sorted(free, key=lambda c: c.x0))
            if not text:
                continue
            marginal = line.bottom < height * _MARGIN or line.top > height * (1 - _MARGIN)
            if marginal and (is_page_marker(text) or text in running):
                continue
            items.append((line.top, DocPara(text, Place(page=p, line=free[0].line, box=_bbox(free)))))
        for c in chars:
            c.line = abs(c.line)
        items.sort(key=lambda it: it[0])
        for _, item in items:
            if (
                isinstance(item, _PageTable)
                and out
                and isinstance(out[-1], _PageTable)
                and out[-1].page == item.page - 1
                and item is items[0][1]
                and _same_columns(out[-1].xs, item.xs)
            ):
                _continue(out[-1], item)
                continue
            out.append(item)
    blocks: list[Block] = []
    number = 0
    for item in out:
        if isinstance(item, _PageTable):
            number += 1
            cells = tuple(
                DocCell(c.text, Place(page=c.place.page, line=c.place.line, box=c.place.box, table=number))
                if c.place is not None
                else c
                for c in item.cells
            )
            first = item.row_places[0] if item.row_places else None
            blocks.append(
                DocTable(cells, tuple(tuple(r) for r in item.grid), first, tuple(item.row_places))
            )
        else:
            blocks.append(item)
    return blocks


def _running_headers(page_lines: list[list[_Line]], heights: list[float]) -> set[str]:
    """Texts standing at the top of most pages (at least three): running headers."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines, height in zip(page_lines, heights):
        seen = {line.text() for line in lines[:2] if line.bottom < height * _MARGIN}
        seen |= {line.text() for line in lines[-2:] if line.top > height * (1 - _MARGIN)}
        counts.update(seen)
    return {t for t, k in counts.items() if k * 2 > len(page_lines) and t}

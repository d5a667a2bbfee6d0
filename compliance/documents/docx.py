"""Word (.docx) documents → :class:`~compliance.documents.base.Extracted`.

The ZIP is checked against :class:`~compliance.documents.Limits` before anything is
decompressed (member count, total uncompressed size, compression ratio of large members),
then opened with python-docx and its body walked in order: ``w:p`` paragraphs, ``w:tbl``
tables and the content of ``w:sdt`` blocks.  Headers, footers, footnotes and comments are
separate parts and are never read.

Paragraph text is every ``w:t`` of its runs (text split over runs joins with no space),
``w:tab`` a space, ``w:br``/``w:cr`` a line break.  Text boxes (``w:txbxContent``, one branch
of ``mc:AlternateContent`` only) become paragraphs after their host paragraph.

Numbering (``w:numPr``) is not turned into heading numbers except in the simple case where
the level's ``lvlText`` holds one ``%N`` (``%1、``, ``（%1）``) and its ``numFmt`` is a Chinese
counting format: the number is then resolved by counting the paragraphs of that list and
level, deeper levels restarting (best effort: ``w:lvlOverride``/``w:startOverride``, styles'
numbering and multi-level texts like ``%1.%2`` are not resolved, and a paragraph that already
starts with ``一、``/``（一）`` keeps its text).

Tables: ``w:gridSpan`` spans columns, ``w:vMerge`` continuation slots point at the cell that
restarted the merge above, so a merged cell fills every slot it covers (as the HTML adapter
gives it).  A row with a cell holding a nested table (or a layout table: a single cell holding
much text in several paragraphs) is a container: its cells' paragraphs and tables are emitted
as blocks of their own.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import Any, Iterator

from ..codes import INPUT_LIMIT_EXCEEDED, PROTECTED_DOCUMENT, UNREADABLE_INPUT
from ..text import Place
from . import DocumentError, Limits
from .base import Block, DocCell, DocPara, DocTable, Extracted

__all__ = ["read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_BROKEN = "Word 文件（.docx）已损坏或不完整："
_MB = 1024 * 1024


def _q(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _SDT, _SDTCONTENT, _R, _T, _TAB, _BR, _CR = (
    _q(n) for n in ("p", "tbl", "sdt", "sdtContent", "r", "t", "tab", "br", "cr")
)
_TR, _TC, _TCPR, _GRIDSPAN, _VMERGE, _VAL = (_q(n) for n in ("tr", "tc", "tcPr", "gridSpan", "vMerge", "val"))
_TXBX = _q("txbxContent")
_ALT, _CHOICE, _FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_NUMBERED = re.compile(r"\s*[（(]?[一二三四五六七八九十〇零]+[、.．）)]")
# elements whose text is not the paragraph's: deleted or moved-away revisions, field codes,
# properties (a content control's placeholder), footnote/comment references
_NOTEXT = {_q(n) for n in ("delText", "instrText", "delInstrText", "pPr", "rPr", "del", "moveFrom", "sdtPr", "sdtEndPr")}


def check_zip(data: bytes, limits: Limits) -> None:
    """Raise :class:`DocumentError` for a ZIP that is broken, encrypted or too costly to open.

    The sizes are those the central directory declares; :mod:`zipfile` never inflates a member
    beyond its declared size (a lying entry fails its CRC check), so they bound what reading
    costs."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise DocumentError(UNREADABLE_INPUT, f"{_BROKEN}不是有效的 ZIP 文件（{exc}）") from None
    names = {i.filename for i in infos}
    if names & {"EncryptionInfo", "EncryptedPackage"}:
        raise DocumentError(PROTECTED_DOCUMENT, "Word 文件已加密（设有打开密码），无法读取：请去除密码后另存为 .docx 再检查")
    if len(infos) > limits.max_members:
        raise DocumentError(
            INPUT_LIMIT_EXCEEDED,
            f"Word 文件包含 {len(infos)} 个压缩成员，超过上限 {limits.max_members}（--limit max_members=…）",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_mb * _MB:
        raise DocumentError(
            INPUT_LIMIT_EXCEEDED,
            f"Word 文件解压后共 {total / _MB:.1f} MB，超过上限 {limits.max_unzipped_mb:g} MB（--limit max_unzipped_mb=…）",
        )
    for i in infos:
        if i.file_size > _MB:
            ratio = i.file_size / max(i.compress_size, 1)
            if ratio > limits.max_ratio:
                raise DocumentError(
                    INPUT_LIMIT_EXCEEDED,
                    f"Word 文件成员 {i.filename} 的压缩比 {ratio:.0f}，超过上限 {limits.max_ratio:g}（--limit max_ratio=…）",
                )
    if "word/document.xml" not in names:
        raise DocumentError(UNREADABLE_INPUT, f"{_BROKEN}缺少 word/document.xml")


def read_docx(data: bytes, path: str, limits: Limits) -> Extracted:
    check_zip(data, limits)
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a declared dependency
        raise DocumentError(UNREADABLE_INPUT, "读取 Word 文件需要 python-docx（pip install python-docx）") from None
    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
    except DocumentError:
        raise
    except Exception as exc:  # lxml XMLSyntaxError, KeyError for missing parts, BadZipFile …
        raise DocumentError(UNREADABLE_INPUT, f"{_BROKEN}{type(exc).__name__}: {exc}") from None
    walker = _Walker(_Numbering(document))
    walker.body(body)
    return Extracted(
        format="docx",
        blocks=tuple(walker.blocks),
        meta=(("paragraphs", walker.paragraphs), ("tables", walker.tables)),
    )


def _children(el: Any) -> Iterator[Any]:
    """The block children of ``el``, ``w:sdt`` content unwrapped."""
    for child in el:
        if child.tag == _SDT:
            for content in child.iter(_SDTCONTENT):
                yield from _children(content)
                break
        else:
            yield child


class _Numbering:
    """Resolves list numbers in the simple case ``lvlText="%N、"`` with a Chinese format."""

    _FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
                "ideographDigital", "chineseLegalSimplified"}
    _DIGITS = "〇一二三四五六七八九"

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}  # (numId, ilvl) → format, lvlText, start
        self.counters: dict[tuple[str, str], int] = {}
        try:
            part = document.part.numbering_part
        except Exception:  # no numbering part
            return
        root = part.element
        abstract: dict[str, Any] = {}
        for a in root.findall(_q("abstractNum")):
            abstract[a.get(_q("abstractNumId"))] = a
        for num in root.findall(_q("num")):
            ref = num.find(_q("abstractNumId"))
            a = abstract.get(ref.get(_VAL)) if ref is not None else None
            if a is None:
                continue
            for lvl in a.findall(_q("lvl")):
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                start = lvl.find(_q("start"))
                self.levels[(num.get(_q("numId")), lvl.get(_q("ilvl")))] = (
                    fmt.get(_VAL) if fmt is not None else "",
                    text.get(_VAL) if text is not None else "",
                    int(start.get(_VAL)) if start is not None and (start.get(_VAL) or "").isdigit() else 1,
                )

    def label(self, p: Any) -> str:
        """The number Word shows before ``p`` when it can be resolved simply, else ""; every
        numbered paragraph advances its list's counter (deeper levels restart)."""
        ppr = p.find(_q("pPr"))
        numpr = ppr.find(_q("numPr")) if ppr is not None else None
        if numpr is None:
            return ""
        nid, ilvl = numpr.find(_q("numId")), numpr.find(_q("ilvl"))
        num = nid.get(_VAL) if nid is not None else None
        lvl = (ilvl.get(_VAL) if ilvl is not None else None) or "0"
        if num is None or (num, lvl) not in self.levels:
            return ""
        fmt, text, start = self.levels[(num, lvl)]
        n = self.counters.get((num, lvl), start - 1) + 1
        self.counters[(num, lvl)] = n
        for key in [k for k in self.counters if k[0] == num and k[1].isdigit() and lvl.isdigit() and int(k[1]) > int(lvl)]:
            del self.counters[key]
        if fmt not in self._FORMATS or text.count("%") != 1:
            return ""
        i = text.index("%")
        return text[:i] + self._chinese(n) + text[i + 2 :]

    def _chinese(self, n: int) -> str:
        if n < 10:
            return self._DIGITS[n]
        if n < 100:
            tens, ones = divmod(n, 10)
            return ("" if tens == 1 else self._DIGITS[tens]) + "十" + (self._DIGITS[ones] if ones else "")
        return str(n)


class _Walker:
    def __init__(self, numbering: _Numbering) -> None:
        self.numbering = numbering
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    # -- paragraphs --------------------------------------------------------------------
    def body(self, el: Any) -> None:
        for child in _children(el):
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)

    def paragraph(self, p: Any) -> None:
        boxes: list[Any] = []
        text = "".join(_text(p, boxes))
        if text.strip():
            label = self.numbering.label(p)
            if label and not _NUMBERED.match(text):
                text = label + text.lstrip()
            self.emit(text)
        else:
            self.numbering.label(p)  # an empty numbered paragraph still counts in Word
        for box in boxes:
            self.body(box)

    def emit(self, text: str) -> None:
        self.paragraphs += 1
        self.blocks.append(DocPara(text, Place(paragraph=self.paragraphs)))

    # -- tables ------------------------------------------------------------------------
    def table(self, tbl: Any) -> None:
        self.tables += 1
        number = self.tables
        rows = [tr for tr in _children(tbl) if tr.tag == _TR]
        cells: list[DocCell] = []
        grid: list[tuple[int, ...]] = []
        row_places: list[Place | None] = []
        above: dict[int, int] = {}  # grid column → cell index of the row above (for vMerge)
        for r, tr in enumerate(rows, start=1):
            tcs = [tc for tc in _children(tr) if tc.tag == _TC]
            if any(_is_container(tc, len(tcs)) for tc in tcs):
                # the cells are containers: flush the table so far, emit their content as blocks
                if grid:
                    self.blocks.append(DocTable(tuple(cells), tuple(grid), Place(table=number), tuple(row_places)))
                    cells, grid, row_places, above = [], [], [], {}
                for tc in tcs:
                    self.body(tc)
                continue
            slots: list[int] = [-1] * _grid_before(tr)
            col = len(slots)
            for tc in tcs:
                span, merge = _cell_props(tc)
                if merge == "continue" and col in above:
                    idx = above[col]
                else:
                    idx = len(cells)
                    cells.append(DocCell(_cell_text(tc), Place(table=number, row=r, cell=col + 1)))
                slots.extend([idx] * span)
                col += span
            above = dict(enumerate(slots))
            grid.append(tuple(slots))
            row_places.append(Place(table=number, row=r))
        if grid:
            self.blocks.append(DocTable(tuple(cells), tuple(grid), Place(table=number), tuple(row_places)))


def _grid_before(tr: Any) -> int:
    """Grid columns skipped before the row's first cell (``w:trPr/w:gridBefore``)."""
    trpr = tr.find(_q("trPr"))
    gb = trpr.find(_q("gridBefore")) if trpr is not None else None
    try:
        return max(0, min(int(gb.get(_VAL) or 0), 1000)) if gb is not None else 0
    except ValueError:
        return 0


def _cell_props(tc: Any) -> tuple[int, str]:
    tcpr = tc.find(_TCPR)
    span, merge = 1, ""
    if tcpr is not None:
        gs = tcpr.find(_GRIDSPAN)
        if gs is not None:
            try:
                span = max(1, min(int(gs.get(_VAL) or 1), 1000))
            except ValueError:
                span = 1
        vm = tcpr.find(_VMERGE)
        if vm is not None:
            merge = vm.get(_VAL) or "continue"
    return span, merge


def _cell_text(tc: Any) -> str:
    parts: list[str] = []
    for child in _children(tc):
        if child.tag == _P:
            boxes: list[Any] = []
            parts.append("".join(_text(child, boxes)))
            for box in boxes:
                parts.extend("".join(_text(q, [])) for q in box.iter(_P))
    return " ".join(p.strip() for p in parts if p.strip())


def _is_container(tc: Any, ncells: int) -> bool:
    """A cell holding a nested table, or a layout cell (the only cell of its row, with many
    paragraphs and much text: the whole report laid out in a table)."""
    for child in _children(tc):
        if child.tag == _TBL:
            return True
    if ncells == 1:
        paras = [p for p in _children(tc) if p.tag == _P and "".join(_text(p, [])).strip()]
        if len(paras) >= 3 and sum(len("".join(_text(p, [])).strip()) for p in paras) > 200:
            return True
    return False


def _text(el: Any, boxes: list[Any]) -> Iterator[str]:
    """The text of a paragraph in order; text boxes found are appended to ``boxes``."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOTEXT:
            continue
        if tag == _T:
            yield child.text or ""
        elif tag in (_TAB,):
            yield " "
        elif tag in (_BR, _CR):
            yield "\n"
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _ALT:
            branch = child.find(_CHOICE)
            if branch is None:
                branch = child.find(_FALLBACK)
            if branch is not None:
                yield from _text(branch, boxes)
        elif tag == _P:  # a paragraph nested in something other than a text box
            yield from _text(child, boxes)
        else:
            yield from _text(child, boxes)

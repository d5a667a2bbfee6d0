"""HTML pages → canonical lines.

Reads a decoded HTML page or fragment with lxml (which repairs unclosed ``<td>``/``<tr>`` and
gives every element the source line of its start tag) and emits, in document order:

* one ``text`` line per block of running text: ``<p>``, ``<h1>``…``<h6>``, ``<li>``, the direct
  text of a ``<div>``, each ``<br>``-separated line, each line of a ``<pre>``;
* one ``row`` line per table row, with one piece per position of the FULL grid: a cell with
  ``rowspan``/``colspan`` is repeated (the same piece, so the same position) wherever it
  stands.  Tables used for page layout (a cell holding another table or long multi-paragraph
  text) are not rows: their cells are read as containers, so nested tables give their own rows
  and no text is emitted twice.

Text is the element's text content with runs of white space collapsed to one space (spans of a
label split by Word join without a space; ``<br>`` and block boundaries inside a cell become a
space), then normalised (NFKC, traditional → simplified, zero-width characters removed).
``&nbsp;``-only cells are blank.

Site chrome is dropped: ``<script>``, ``<style>``, ``<head>``, comments (Word's conditional
comments too), form controls and small hidden elements always; and when the article body can
be recognised (the deepest element holding every section heading "一、总体情况" … and every data
table), everything outside it except the report title just before it.  When it cannot,
everything but ``<nav>``, ``<header>`` and ``<footer>`` is kept.

Positions point into the original file: the line and column of the first character of the
element's text, found by searching the text in the source from the element's start line on
(lxml gives lines, not columns); where it cannot be found (entities), column 1 of the element's
line.  The end column is ``column + len(raw text)`` on the same line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import lxml.etree as etree

from ..normalise import normalise
from ..headings import page_heading
from ..template import current
from ..text import SourceText, Span
from .base import Canon, CLine, LineKind, Piece, row_line, text_line

__all__ = ["adapt_html", "looks_like_html"]

_WS = re.compile(r"\s+")

# The tree is parsed with lxml's plain HTML parser: ``lxml.html``'s looks up a Python element
# class for every element proxy lxml makes (about a tenth of reading a large page), and nothing
# here needs its element methods but the two below.
HtmlElement = etree._Element
_STRING = etree.XPath("string()", smart_strings=False)


def _text_content(el: HtmlElement) -> str:
    """The text of an element and its descendants (``lxml.html``'s ``text_content``)."""
    return str(_STRING(el))


def _has_table(el: HtmlElement) -> bool:
    """Whether a table is nested in ``el`` (``el.find(".//table")``, without the path engine)."""
    return next(el.iterdescendants("table"), None) is not None


def _drop_tree(el: HtmlElement) -> None:
    """Remove an element with its content, its tail joined to what comes before it
    (``lxml.html``'s ``drop_tree``)."""
    parent = el.getparent()
    assert parent is not None
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)

# removed with their content before anything is read (the tail text after them is kept)
_DROP = (
    "script", "style", "noscript", "template", "head", "title", "select", "option", "optgroup",
    "button", "textarea", "iframe", "object", "embed", "svg", "canvas", "audio", "video",
    "datalist", "input", "math",
)
# elements that start a new text line (tables and rows are handled on their own)
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu "
    "nav ol p pre section summary ul td th caption".split()
)
_TABLEISH = frozenset(("table", "thead", "tbody", "tfoot"))
_CELL = frozenset(("td", "th"))
_CHROME = ("nav", "header", "footer")
_CONTAINER_HINT = ("p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol")

_MAX_COLSPAN = 64
_WINDOW = 16000  # how far past an element's start line its text is looked for
_MAX_DEPTH = 100  # nesting of elements read one by one (Python recursion)
_LINE_CAP = 65535  # libxml2 stores source lines in 16 bits: larger lines read as 65535

# characters of a text node that may stand in the source as an entity or differently
_UNSURE = frozenset("&<>\"'\xa0\n\r\t\u3000")

_TITLE_WORD = "年度报告"



# ---------------------------------------------------------------------------------------------
# sniffing

_DOC_TAG = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)", re.I)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|table|tbody|thead|tr|td|th|li|ul|ol|h[1-6]|section|article|center)(?:\s[^<>]*)?>",
    re.I,
)
_ANY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:]*(?:\s[^<>]*)?/?>")
_MD_STRUCT = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+\S|\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$)",
    re.M,
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment (a cheap look at its first few KB)."""
    head = text[:8192]
    if "<" not in head:
        return False
    if _DOC_TAG.search(head):
        return True
    if _MD_STRUCT.search(head):
        return False  # Markdown (perhaps with some inline HTML): not ours
    if len(_BLOCK_TAG.findall(head)) < 2:
        return False
    lines = [ln for ln in head.splitlines() if ln.strip()]
    tagged = sum(1 for ln in lines if _ANY_TAG.search(ln))
    return tagged * 3 >= len(lines)


# ---------------------------------------------------------------------------------------------
# adapting


def adapt_html(source: SourceText) -> Canon:
    """Turn an HTML page or fragment into canonical lines (see the module docstring)."""
    root = _parse(source.text)
    if root is None:
        return Canon("html", ())
    _clean(root)
    ex = _Extractor(source)
    ex.run(root)
    return Canon("html", ex.finish(root))


def _parse(text: str) -> HtmlElement | None:
    if not text.strip():
        return None
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        # bytes with an explicit encoding: an XML declaration or <meta charset> is ignored
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return None
    return root  # None: an empty document


def _clean(root: HtmlElement) -> None:
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP, with_tail=False)
    hidden = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        style = el.get("style")
        if style is not None:
            st = style.replace(" ", "").lower()
            if "display:none" in st or "mso-hide:all" in st:
                hidden.append(el)
                continue
        if el.get("hidden") is not None:
            hidden.append(el)
    for el in hidden:
        # a whole article hidden until a script shows it is still the article
        if not _has_table(el) and len(_text_content(el)) < 200 and el.getparent() is not None:
            _drop_tree(el)


def _span_attr(value: str | None, cap: int) -> int:
    """rowspan/colspan: leading digits ("2px" → 2); missing or unreadable → 1; 0 stays 0."""
    if not value:
        return 1
    m = re.match(r"\s*\+?(\d+)", value)
    if not m:
        return 1
    return min(int(m.group(1)), cap)


class _Item:
    """One output line before normalisation: kind, element (block, or <tr>), piece indexes."""

    __slots__ = ("kind", "elem", "idx", "parent", "table")

    def __init__(
        self,
        kind: LineKind,
        elem: HtmlElement,
        idx: list[int],
        parent: HtmlElement | None = None,
        table: HtmlElement | None = None,
    ) -> None:
        self.kind = kind
        self.elem = elem
        self.idx = idx  # one piece for text, one per grid position for rows
        self.parent = parent  # element holding the line's first text (link detection)
        self.table = table


class _First(NamedTuple):
    """The first non-blank text of a line being collected."""

    text: str  # the text node
    line: int | None  # its element's source line (a lower bound)
    parent: HtmlElement  # the element holding it
    block: HtmlElement  # the innermost block around it


class _Extractor:
    def __init__(self, source: SourceText) -> None:
        self.src = source.text
        self.index = source.lines
        self.nlines = source.lines.line_count
        self.cursor = 0
        self.raws: list[str] = []
        self.spans: list[Span] = []
        self.items: list[_Item] = []
        self.frags: list[str] = []
        self.first: _First | None = None
        self.blocks: list[HtmlElement] = []
        self.cellmode = 0
        self.pre = 0
        self.depth = 0

    # -- positions -------------------------------------------------------------------------
    def _find(self, node_text: str, line: int | None) -> int | None:
        s = node_text.lstrip()
        n = 0
        for ch in s[:16]:
            if ch in _UNSURE:
                break
            n += 1
        if not n:
            return None
        prefix = s[:n]
        src = self.src
        start = self.cursor
        if line is not None and 0 < line < _LINE_CAP:
            start = max(start, self.index.line_start(line))
        stop = start + _WINDOW
        pos = src.find(prefix, start, stop)
        while pos >= 0:
            j = pos - 1
            while j >= 0 and src[j].isspace():
                j -= 1
            if j < 0 or src[j] in ">;" or (self.pre and "\n" in src[j + 1:pos]):
                self.cursor = pos + n
                return pos
            pos = src.find(prefix, pos + 1, stop)
        if line is not None and 0 < line < _LINE_CAP:
            self.cursor = max(self.cursor, self.index.line_start(line))
        return None

    def _line(self, line: int | None) -> int:
        if line is None or line >= _LINE_CAP or line < 1:
            return self.index.position(self.cursor)[0]
        return min(line, self.nlines)

    def _span(self, first: _First | None, fallback_line: int | None, raw: str) -> Span:
        if first is None:
            ln = self._line(fallback_line)
            return Span(ln, 1, ln, 1)
        pos = self._find(first.text, first.line)
        if pos is None:
            ln = self._line(first.line)
            return Span(ln, 1, ln, 1 + len(raw))
        ln, col = self.index.position(pos)
        return Span(ln, col, ln, col + len(raw))

    def _new(self, raw: str, span: Span) -> int:
        self.raws.append(raw)
        self.spans.append(span)
        return len(self.raws) - 1

    # -- running text ----------------------------------------------------------------------
    def _add(self, text: str, line: int | None, parent: HtmlElement) -> None:
        if self.pre and not self.cellmode and "\n" in text:
            parts = text.split("\n")
            for part in parts[:-1]:
                if part:
                    self._add1(part, line, parent)
                self._flush()
            if parts[-1]:
                self._add1(parts[-1], line, parent)
            return
        self._add1(text, line, parent)

    def _add1(self, text: str, line: int | None, parent: HtmlElement) -> None:
        if self.first is None and not text.isspace():
            self.first = _First(text, line, parent, self.blocks[-1])  # run() pushes the root
        self.frags.append(text)

    def _brk(self) -> None:
        if self.cellmode:
            self.frags.append(" ")
        else:
            self._flush()

    def _flush(self) -> None:
        first = self.first
        frags = self.frags
        self.frags = []
        self.first = None
        if first is None:
            return
        raw = _WS.sub(" ", "".join(frags)).strip()
        if not raw:
            return
        span = self._span(first, first.line, raw)
        self.items.append(_Item("text", first.block, [self._new(raw, span)], first.parent))

    def _walk(self, el: HtmlElement) -> None:
        if self.depth >= _MAX_DEPTH:
            # pathologically deep markup: the rest of the subtree is one run of text
            self._add("".join(el.itertext()), el.sourceline, el)
            return
        self.depth += 1
        try:
            self._walk1(el)
        finally:
            self.depth -= 1

    def _walk1(self, el: HtmlElement) -> None:
        if el.text:
            self._add(el.text, el.sourceline, el)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if tag == "br":
                    self._brk()
                elif not self.cellmode and tag in _TABLEISH:
                    self._flush()
                    self._table(child)
                elif not self.cellmode and tag == "tr":
                    self._flush()
                    self._rows([(0, child)], child)
                elif tag in _BLOCK:
                    self._brk()
                    self._block(child)
                    self._brk()
                else:
                    self._walk(child)
            if child.tail:
                self._add(child.tail, child.sourceline, el)

    def _block(self, el: HtmlElement) -> None:
        self.blocks.append(el)
        is_pre = el.tag == "pre"
        self.pre += is_pre
        self._walk(el)
        if is_pre and not self.cellmode:
            self._flush()
        self.pre -= is_pre
        self.blocks.pop()

    # -- tables ----------------------------------------------------------------------------
    def _table(self, table: HtmlElement) -> None:
        rows: list[tuple[int, HtmlElement]] = []
        gid = 0
        direct = False  # inside a run of <tr> that are direct children
        for child in table:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == "tr":
                if not direct:
                    gid += 1
                    direct = True
                rows.append((gid, child))
                continue
            direct = False
            if tag in ("thead", "tbody", "tfoot"):
                gid += 1
                for tr in child:
                    if tr.tag == "tr":
                        rows.append((gid, tr))
            elif tag in ("colgroup", "col"):
                continue
            else:  # caption or stray content: a text block in document order
                if rows:
                    self._rows(rows, table)
                    rows = []
                self._block(child)
                self._flush()
        if rows:
            self._rows(rows, table)

    def _has_container(self, tr: HtmlElement, cells: list[HtmlElement]) -> bool:
        """Whether a cell of the row is a container (:meth:`_is_container`), settled for the
        whole row at once when it has no nested table and fewer than three hint elements
        (then no cell has either)."""
        if not _has_table(tr):
            n = 0
            for _ in tr.iter(*_CONTAINER_HINT):
                n += 1
                if n >= 3:
                    break
            else:
                return False
        return any(self._is_container(c) for c in cells)

    def _is_container(self, cell: HtmlElement) -> bool:
        if _has_table(cell):
            return True
        n = 0
        for _ in cell.iter(*_CONTAINER_HINT):
            n += 1
            if n >= 3:
                return len(_WS.sub("", _text_content(cell))) > 200
        return False

    def _cell(self, cell: HtmlElement) -> int:
        frags, first = self.frags, self.first
        self.frags, self.first = [], None
        self.cellmode += 1
        self.blocks.append(cell)
        self._walk(cell)
        self.blocks.pop()
        self.cellmode -= 1
        cfrags, cfirst = self.frags, self.first
        self.frags, self.first = frags, first
        raw = _WS.sub(" ", "".join(cfrags)).strip() if cfirst is not None else ""
        span = self._span(cfirst if raw else None, cell.sourceline, raw)
        return self._new(raw, span)

    def _rows(self, rows: list[tuple[int, HtmlElement]], table: HtmlElement) -> None:
        # rows left in each row group, for rowspan=0 ("to the end of the group")
        left: list[int] = [0] * len(rows)
        for i in range(len(rows) - 1, -1, -1):
            same = i + 1 < len(rows) and rows[i + 1][0] == rows[i][0]
            left[i] = left[i + 1] + 1 if same else 1
        carry: dict[int, list[int]] = {}
        prev_gid: int | None = None
        made: list[_Item] = []
        width = 0
        for r, (gid, tr) in enumerate(rows):
            if gid != prev_gid:
                carry = {}
                prev_gid = gid
            cells = [c for c in tr if c.tag in _CELL]
            if self._has_container(tr, cells):
                carry = {}
                for c in cells:
                    self._flush()
                    self._block(c)
                    self._flush()
                continue
            slots: dict[int, int] = {col: v[0] for col, v in carry.items()}
            nxt = {col: [v[0], v[1] - 1] for col, v in carry.items() if v[1] > 1}
            col = 0
            for c in cells:
                idx = self._cell(c)
                rs = _span_attr(c.get("rowspan"), left[r])
                if rs == 0:
                    rs = left[r]
                cs = max(1, _span_attr(c.get("colspan"), _MAX_COLSPAN))
                while col in slots:
                    col += 1
                for k in range(col, col + cs):
                    if k in slots:
                        continue
                    slots[k] = idx
                    if rs > 1:
                        nxt[k] = [idx, rs - 1]
                col += cs
            carry = nxt
            if not slots:
                continue
            w = max(slots) + 1
            width = max(width, w)
            item = _Item("row", tr, [slots.get(k, -1) for k in range(w)], None, table)
            made.append(item)
            self.items.append(item)
        # pad every row to the table's width; gaps get a blank piece at the row's line
        for item in made:
            grid = item.idx
            if len(grid) < width:
                grid.extend([-1] * (width - len(grid)))
            if width > 1 and grid[0] >= 0 and all(k == grid[0] for k in grid):
                # one cell across the whole table (a section heading or caption printed as the
                # table's first row): a one-cell row, as the other formats give it
                item.idx = [grid[0]]
                continue
            if -1 in grid:
                ln = self._line(item.elem.sourceline)
                blank = self._new("", Span(ln, 1, ln, 1))
                item.idx = [blank if k < 0 else k for k in grid]

    # -- driver ----------------------------------------------------------------------------
    def run(self, root: HtmlElement) -> None:
        self.blocks.append(root)
        self._walk(root)
        self._flush()
        self.blocks.pop()

    def finish(self, root: HtmlElement) -> tuple[CLine, ...]:
        raws = self.raws
        if not raws:
            return ()
        norm, _ = normalise("\n".join(raws))
        parts = norm.split("\n")
        if len(parts) != len(raws):  # pragma: no cover - normalise keeps line breaks
            parts = [normalise(r)[0] for r in raws]
        for i, p in enumerate(parts):
            if p and (p[0].isspace() or p[-1].isspace() or "  " in p):
                parts[i] = _WS.sub(" ", p).strip()
        pieces = [Piece.at(parts[i], self.spans[i], raw=raws[i]) for i in range(len(raws))]

        items = [it for it in self.items if any(parts[k] for k in it.idx)]
        items = _select(items, parts, root)
        out: list[CLine] = []
        for it in items:
            if it.kind == "text":
                out.append(text_line(pieces[it.idx[0]]))
            else:
                out.append(row_line([pieces[k] for k in it.idx]))
        return tuple(out)


# ---------------------------------------------------------------------------------------------
# picking the article body


def _first_text(it: _Item, parts: list[str]) -> str:
    for k in it.idx:
        if parts[k]:
            return parts[k]
    return ""


def _in_link(el: HtmlElement | None) -> bool:
    if el is None:
        return False
    if el.tag == "a":
        return True
    for anc in el.iterancestors("a"):
        return True
    return False


def _select(items: list[_Item], parts: list[str], root: HtmlElement) -> list[_Item]:
    headings: set[str] = set()  # the section numbers seen
    marks: list[HtmlElement] = []
    data_tables: set[HtmlElement] = set()
    template = current()
    heading = page_heading(template.section_keywords())
    data_labels = template.hint("data_table")
    for it in items:
        text = _first_text(it, parts)
        m = heading.match(text)
        if m and not _in_link(it.parent):
            headings.add(m.group("n"))
            marks.append(it.elem)
        if it.kind == "row" and it.table is not None and it.table not in data_tables:
            joined = "".join(parts[k] for k in it.idx).replace(" ", "")
            if any(label in joined for label in data_labels):
                data_tables.add(it.table)
                marks.append(it.table)
    if len(headings) >= 1 and len(headings) + len(data_tables) >= 2:
        body = _common_ancestor(marks)
        outer = None
        for anc in [body, *body.iterancestors()]:
            if anc in data_tables:
                outer = anc
        wrapper = outer.getparent() if outer is not None else None
        if wrapper is not None:
            body = wrapper
        if body is not root and body.tag not in ("body", "html"):
            inside = set(body.iter())
            keep = [i for i, it in enumerate(items) if it.elem in inside]
            if keep:
                first = keep[0]
                for k in range(first - 1, max(-1, first - 11), -1):
                    it = items[k]
                    text = _first_text(it, parts)
                    if _TITLE_WORD in text and len(text) <= 100 and not _in_link(it.parent):
                        return items[k:first] + [items[i] for i in keep]
                return [items[i] for i in keep]
    # no recognisable body: keep everything but the page's navigation, header and footer
    chrome: set[HtmlElement] = set()
    for el in root.iter(*_CHROME):
        if el not in chrome:
            chrome.update(el.iter())
    if not chrome:
        return items
    return [it for it in items if it.elem not in chrome]


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    paths: list[list[HtmlElement]] = []
    for el in elements:
        path = [el, *el.iterancestors()]
        path.reverse()
        paths.append(path)
    common = paths[0]
    for path in paths[1:]:
        n = 0
        for a, b in zip(common, path):
            if a is not b:
                break
            n += 1
        common = common[:n]
    return common[-1] if common else paths[0][0]

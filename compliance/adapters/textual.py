"""Adapters for the line-oriented text formats: plain text, flattened pipes, Markdown, TSV.

All of them work on the whole normalised text (:class:`~compliance.adapters.base.Frame`), so
each piece knows its offsets and maps back to the original file exactly.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from .base import Canon, CLine, Frame, Piece, marker_row, row_line, text_line

_PIPE_ONLY = re.compile(r"^\s*\|+\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")
# a cell holding only HTML white-space entities (PDF/HTML-to-markdown output): an empty cell
_EMPTY_ENTITIES = re.compile(r"^(?:\s|&nbsp;?|&#160;|&#xa0;|&ensp;|&emsp;|<br\s*/?>)+$", re.IGNORECASE)


def _blank_entities(cells: list[Piece]) -> list[Piece]:
    """``&nbsp;`` cells are blank cells (a blank row stays a blank row, never text)."""
    return [Piece("", c.start, c.start, c.frame) if c.text and _EMPTY_ENTITIES.match(c.text) else c for c in cells]


def _lines(frame: Frame) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of every line of the normalised text (without the newline)."""
    text = frame.text
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        yield start, end
        start = end + 1


def _filled_lines(frame: Frame) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) of every line that is not blank."""
    text = frame.text
    for s, e in _lines(frame):
        line = text[s:e]
        if line.strip():
            yield s, e, line


def _cells(frame: Frame, start: int, end: int, sep: str) -> list[Piece]:
    """Split text[start:end] at ``sep`` into trimmed pieces."""
    out = []
    text = frame.text
    i = start
    while True:
        j = text.find(sep, i, end)
        if j < 0:
            out.append(frame.piece(i, end))
            return out
        out.append(frame.piece(i, j))
        i = j + 1


def adapt_plain(frame: Frame) -> list[CLine]:
    """Plain text: every non-blank line is a text line (tables inside are found later)."""
    return [text_line(frame.piece(s, e)) for s, e, _ in _filled_lines(frame)]


_PIPE_LINE = re.compile(
    r"(?m)^(?:(?P<blank>[ \t]+\|[ \t]*)|(?P<end>[ \t]*\|+[ \t]*)|[ \t]*(?P<cell>[^\n]*?)[ \t]*\|[ \t]*|[ \t]*(?P<text>[^\n]*?\S)[ \t]*)$"
)


def adapt_pipe(frame: Frame) -> list[CLine]:
    """Flattened pipes: one cell per line (``text |``), rows closed by lines of pipes only.

    A line holding several cells (``a | b |``) is split as well; a text line that does not end
    in a pipe closes any open row and stands on its own.
    """
    out: list[CLine] = []
    row: list[Piece] = []
    for m in _PIPE_LINE.finditer(frame.text):
        kind = m.lastgroup  # exactly one named alternative matched
        if kind == "cell":
            cell = m.group("cell")
            s, e = m.span("cell")
            if "|" in cell:
                row.extend(_cells(frame, s, e, "|"))
            else:
                row.append(Piece(cell, s, e, frame))
        elif kind == "end":
            if row:
                out.append(row_line(row))
                row = []
        elif kind == "blank":
            # " |": a cell with nothing in it (row ends are pipes alone at the line start)
            s = m.start("blank")
            row.append(Piece("", s, s, frame))
        elif kind == "text":
            if row:
                out.append(row_line(row))
                row = []
            s, e = m.span("text")
            out.append(text_line(Piece(m.group("text"), s, e, frame)))
    if row:
        out.append(row_line(row))
    return out


def adapt_markdown(frame: Frame) -> list[CLine]:
    """Markdown: ``| a | b |`` rows (separator rows dropped), ``#`` headings as text lines."""
    out: list[CLine] = []
    text = frame.text
    for s, e, line in _filled_lines(frame):
        lstripped = line.lstrip()
        if lstripped.startswith("|"):
            if _MD_SEPARATOR.match(line):
                continue
            a = s + (len(line) - len(lstripped)) + 1
            b = s + len(line.rstrip())
            if text[b - 1:b] == "|" and b - 1 >= a:
                b -= 1
            cells = _blank_entities(_cells(frame, a, b, "|"))
            # a page footer the extractor put in a table row is a line of text, not a row
            out.append(text_line(next(c for c in cells if c.text)) if marker_row(cells) else row_line(cells))
            continue
        m = _MD_HEADING.match(line)
        if m:
            s += m.end()
        # emphasis markers around whole lines (**一、总体情况**)
        piece = frame.piece(s, e)
        t = piece.text
        if len(t) > 4 and t.startswith("**") and t.endswith("**"):
            piece = piece.strip_sub(2, len(t) - 2)
        if piece.text:
            out.append(text_line(piece))
    return out


def adapt_tsv(frame: Frame) -> list[CLine]:
    """Tab-separated text: a line with a tab is a row, other lines are text."""
    out: list[CLine] = []
    for s, e, line in _filled_lines(frame):
        if "\t" in line:
            # empty cells are kept (a blank is not a 0); the layout drops surplus padding
            cells = _cells(frame, s, e, "\t")
            out.append(text_line(next(c for c in cells if c.text)) if marker_row(cells) else row_line(cells))
        else:
            out.append(text_line(frame.piece(s, e)))
    return out


_SNIFF_PIPE_ONLY = re.compile(r"(?m)^[ \t]*\|+[ \t]*$")
_SNIFF_PIPE_END = re.compile(r"(?m)^[ \t]*[^|\s\n][^\n]*\|[ \t]*$")
_SNIFF_MD_ROW = re.compile(r"(?m)^[ \t]*\|[^\n]*\|[ \t]*$")
_SNIFF_MD_SEP = re.compile(r"(?m)^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_SNIFF_TABS = re.compile(r"(?m)^[^\n]*\t[^\n]*\t[^\n]*$")
_SNIFF_MD_HEAD = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]*\S")


def sniff(text: str) -> str:
    """Guess the text format from content: ``pipe``, ``markdown``, ``tsv`` or ``plain``."""
    sample = text[:200_000]
    # each pattern needs a character most plain text lacks: counted first (one C call), so the
    # line-anchored scans run only on text that may have such lines
    pipes = "|" in sample
    pipe_only = len(_SNIFF_PIPE_ONLY.findall(sample)) if pipes else 0
    if pipe_only >= 3 and len(_SNIFF_PIPE_END.findall(sample)) >= 5:
        return "pipe"
    if pipes and len(_SNIFF_MD_ROW.findall(sample)) >= 2 and _SNIFF_MD_SEP.search(sample):
        return "markdown"
    if sample.count("\t") >= 6 and len(_SNIFF_TABS.findall(sample)) >= 3:  # 3 lines of 2 tabs
        return "tsv"
    if "#" in sample and len(_SNIFF_MD_HEAD.findall(sample)) >= 2:
        return "markdown"
    return "plain"


ADAPTERS: dict[str, Callable[[Frame], list[CLine]]] = {
    "plain": adapt_plain,
    "pipe": adapt_pipe,
    "markdown": adapt_markdown,
    "tsv": adapt_tsv,
}


def adapt_text(frame: Frame, fmt: str | None = None) -> Canon:
    fmt = fmt or sniff(frame.text)
    return Canon(fmt, tuple(ADAPTERS[fmt](frame)))

"""Adapters for the line-oriented text formats: plain text, flattened pipes, Markdown, TSV.

All of them work on the whole normalised text (:class:`~compliance.adapters.base.Frame`), so
each piece knows its offsets and maps back to the original file exactly.
"""

from __future__ import annotations

import re

from .base import Canon, CLine, Frame, Piece, row_line, text_line

_PIPE_ONLY = re.compile(r"^\s*\|+\s*$")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")


def _lines(frame: Frame):
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
    out = []
    text = frame.text
    for s, e in _lines(frame):
        if text[s:e].strip():
            out.append(text_line(frame.piece(s, e)))
    return out


def adapt_pipe(frame: Frame) -> list[CLine]:
    """Flattened pipes: one cell per line (``text |``), rows closed by lines of pipes only.

    A line holding several cells (``a | b |``) is split as well; a text line that does not end
    in a pipe closes any open row and stands on its own.
    """
    out: list[CLine] = []
    row: list[Piece] = []
    text = frame.text
    for s, e in _lines(frame):
        line = text[s:e]
        stripped = line.rstrip()
        if not stripped:
            continue
        if _PIPE_ONLY.match(line):
            if row:
                out.append(row_line(row))
                row = []
            continue
        if stripped.endswith("|"):
            end = s + len(stripped) - 1  # drop the final pipe
            body = text[s:end]
            if "|" in body:
                row.extend(_cells(frame, s, end, "|"))
            else:
                row.append(frame.piece(s, end))
            continue
        if row:
            out.append(row_line(row))
            row = []
        out.append(text_line(frame.piece(s, e)))
    if row:
        out.append(row_line(row))
    return out


def adapt_markdown(frame: Frame) -> list[CLine]:
    """Markdown: ``| a | b |`` rows (separator rows dropped), ``#`` headings as text lines."""
    out: list[CLine] = []
    text = frame.text
    for s, e in _lines(frame):
        line = text[s:e]
        if not line.strip():
            continue
        lstripped = line.lstrip()
        if lstripped.startswith("|"):
            if _MD_SEPARATOR.match(line):
                continue
            a = s + (len(line) - len(lstripped)) + 1
            b = s + len(line.rstrip())
            if text[b - 1:b] == "|" and b - 1 >= a:
                b -= 1
            out.append(row_line(_cells(frame, a, b, "|")))
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
    text = frame.text
    for s, e in _lines(frame):
        line = text[s:e]
        if not line.strip():
            continue
        if "\t" in line:
            cells = _cells(frame, s, e, "\t")
            while cells and not cells[-1].text and len(cells) > 1:
                cells.pop()
            out.append(row_line(cells))
        else:
            out.append(text_line(frame.piece(s, e)))
    return out


def sniff(text: str) -> str:
    """Guess the text format from content: ``pipe``, ``markdown``, ``tsv`` or ``plain``."""
    sample = text[:200_000]
    lines = [ln for ln in sample.split("\n") if ln.strip()]
    if not lines:
        return "plain"
    pipe_end = sum(1 for ln in lines if ln.rstrip().endswith("|") and not ln.lstrip().startswith("|"))
    pipe_only = sum(1 for ln in lines if _PIPE_ONLY.match(ln))
    md_rows = sum(1 for ln in lines if ln.lstrip().startswith("|") and ln.rstrip().endswith("|"))
    md_sep = sum(1 for ln in lines if _MD_SEPARATOR.match(ln) and "-" in ln)
    tabs = sum(1 for ln in lines if ln.count("\t") >= 2)
    if pipe_only >= 3 and pipe_end >= 5:
        return "pipe"
    if md_rows >= 2 and md_sep >= 1:
        return "markdown"
    if tabs >= 3:
        return "tsv"
    if sum(1 for ln in lines if ln.lstrip().startswith("#")) >= 2:
        return "markdown"
    return "plain"


ADAPTERS = {
    "plain": adapt_plain,
    "pipe": adapt_pipe,
    "markdown": adapt_markdown,
    "tsv": adapt_tsv,
}


def adapt_text(frame: Frame, fmt: str | None = None) -> Canon:
    fmt = fmt or sniff(frame.text)
    return Canon(fmt, tuple(ADAPTERS[fmt](frame)))

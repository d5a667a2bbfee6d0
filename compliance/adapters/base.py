"""The canonical line form every input format is turned into.

An adapter reads one format (plain text, flattened pipes, Markdown, TSV, HTML) and emits a
sequence of :class:`CLine`: either a ``text`` line (one piece) or a ``row`` of cells (one piece
per cell).  Each :class:`Piece` carries its normalised text and can locate any sub-range of
itself in the ORIGINAL file, which is what lets glued digits be split into cells that still
have exact positions.
"""

from __future__ import annotations

import re
from typing import Literal

from attrs import define, field, frozen

from ..text import OffsetMap, SourceText, Span


class Frame:
    """A normalised text with everything needed to map its offsets back to the original."""

    __slots__ = ("source", "text", "omap")

    def __init__(self, source: SourceText, text: str, omap: OffsetMap) -> None:
        self.source = source
        self.text = text
        self.omap = omap

    def span(self, start: int, end: int) -> Span:
        a = self.omap.to_original(start)
        b = self.omap.to_original(end - 1) + 1 if end > start else a
        return self.source.lines.span(a, b)

    def raw(self, start: int, end: int) -> str:
        a = self.omap.to_original(start)
        b = self.omap.to_original(end - 1) + 1 if end > start else a
        return self.source.text[a:b]

    def piece(self, start: int, end: int) -> "Piece":
        """The piece for ``text[start:end]`` with surrounding white space trimmed."""
        seg = self.text[start:end]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        s, e = start + lead, end - trail
        if e < s:
            e = s
        return Piece(self.text[s:e], s, e, self)


# Pieces and lines are made by the hundred per report: plain (non-frozen) slotted attrs classes
# construct about three times faster than frozen ones; they are never assigned to after
# construction, and compare and hash as the frozen classes did (``unsafe_hash``).
@define(unsafe_hash=True)
class Piece:
    """A stretch of normalised text and where it came from (never changed once made)."""

    text: str
    start: int = field(eq=False)
    end: int = field(eq=False)
    frame: Frame | None = field(eq=False, repr=False)
    fixed: Span | None = field(eq=False, repr=False, default=None)
    raw_text: str | None = field(eq=False, repr=False, default=None)

    @classmethod
    def at(cls, text: str, span: Span, raw: str | None = None) -> "Piece":
        """A piece whose every character maps to one span (HTML: the line of the element)."""
        return cls(text, 0, len(text), None, span, raw if raw is not None else text)

    @property
    def span(self) -> Span:
        if self.fixed is not None or self.frame is None:
            return self.fixed or Span.point(1)
        return self.frame.span(self.start, self.end)

    @property
    def piece(self) -> "Piece":
        return self

    @property
    def raw(self) -> str:
        """The text as it stands in the original file."""
        if self.raw_text is not None:
            return self.raw_text
        if self.frame is None:
            return self.text
        return self.frame.raw(self.start, self.end)

    def sub(self, i: int, j: int) -> "Piece":
        """The piece for ``self.text[i:j]``."""
        if self.frame is None or self.fixed is not None:
            return Piece(self.text[i:j], 0, j - i, None, self.fixed, self.text[i:j])
        return Piece(self.text[i:j], self.start + i, self.start + j, self.frame)

    def strip_sub(self, i: int, j: int) -> "Piece":
        seg = self.text[i:j]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        return self.sub(i + lead, max(i + lead, j - trail))


# a page footer or page number that PDF text leaves between (and inside) tables:
# "— 5 —", "-3-", "- 4 -", "第 3 页", "第3页 共12页"
PAGE_MARKER = re.compile(
    r"^\s*(?:[-—–―－]{1,2}\s*\d{1,4}\s*[-—–―－]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)


def is_page_marker(text: str) -> bool:
    """A page marker standing alone: no content of the report."""
    return len(text) <= 24 and bool(PAGE_MARKER.match(text))


def marker_row(pieces: list[Piece] | tuple[Piece, ...]) -> bool:
    """A row whose only filled cell is a page marker (a footer the extractor put in a table)."""
    filled = [p.text for p in pieces if p.text]
    return len(filled) == 1 and is_page_marker(filled[0])


LineKind = Literal["text", "row"]
# "cells": the format delimited the cells (pipes, tabs, HTML); "text": the row was recovered
# from running text, so its values may be glued digits
LineOrigin = Literal["cells", "text"]


@define(unsafe_hash=True)
class CLine:
    """One canonical line: a ``text`` line (one piece) or a ``row`` of cells (never changed)."""

    kind: LineKind
    pieces: tuple[Piece, ...]
    origin: LineOrigin = "cells"
    # where the line stands when that is not where its first and last pieces are (a document's
    # table row whose first cell is merged down from a row above: the row's own line)
    where: Span | None = field(default=None, eq=False, repr=False)

    @property
    def text(self) -> str:
        return self.pieces[0].text if self.kind == "text" else "\t".join(p.text for p in self.pieces)

    @property
    def span(self) -> Span:
        if self.where is not None:
            return self.where
        first, last = self.pieces[0].span, self.pieces[-1].span
        return first.cover(last)


def text_line(piece: Piece) -> CLine:
    return CLine("text", (piece,))


def row_line(pieces: list[Piece] | tuple[Piece, ...], origin: LineOrigin = "cells") -> CLine:
    return CLine("row", tuple(pieces), origin)


@frozen
class Canon:
    """What an adapter produces: the canonical lines and the name of the detected format."""

    format: str
    lines: tuple[CLine, ...]

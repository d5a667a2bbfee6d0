"""The syntax tree of a report: blocks of canonical lines, as the line grammar groups them.

Frozen attrs classes with tuple children; spans (into the ORIGINAL file) are excluded from
equality.  Built from the Lark parse by :mod:`compliance.build` only.
"""

from __future__ import annotations

from attrs import field, frozen

from .adapters.base import Piece
from .text import Span


@frozen
class Entry:
    """One cell of a row as written (untyped: the layout pass types it)."""

    text: str  # normalised
    piece: Piece = field(eq=False, repr=False)

    @property
    def span(self) -> Span:
        return self.piece.span

    @property
    def raw(self) -> str:
        return self.piece.raw


@frozen
class Row:
    entries: tuple[Entry, ...]
    index: int = field(eq=False)  # canonical line number (0-based)
    span: Span = field(eq=False, repr=False)


@frozen
class Table:
    rows: tuple[Row, ...]
    span: Span = field(eq=False, repr=False)


@frozen
class _LineBlock:
    text: str
    piece: Piece = field(eq=False, repr=False)
    index: int = field(eq=False)

    @property
    def span(self) -> Span:
        return self.piece.span


@frozen
class Heading(_LineBlock):
    """A heading candidate (``三、…`` ``(一)…``): the layout decides whether it is a section."""


@frozen
class Caption(_LineBlock):
    """``第二十条第（X）项`` printed as a line of its own (not as a table cell)."""


@frozen
class Paragraph(_LineBlock):
    """A line of running text."""


Block = Heading | Caption | Paragraph | Table


@frozen
class Document:
    format: str
    blocks: tuple[Block, ...]

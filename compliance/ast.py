"""The syntax tree of a report: blocks of canonical lines, as the line grammar groups them.

Frozen attrs classes with tuple children; spans (into the ORIGINAL file) are excluded from
equality.  Built from the Lark parse by :mod:`compliance.build` only.
"""

from __future__ import annotations

from attrs import field, frozen

from .adapters.base import CLine, Piece
from .text import Span


# A cell of a row as written (untyped: the layout pass types it) is the adapter's Piece itself:
# normalised ``text``, ``raw`` original text, ``span`` in the original file.
Entry = Piece


@frozen
class Row:
    entries: tuple[Entry, ...]
    index: int = field(eq=False)  # canonical line number (0-based)
    line: CLine = field(eq=False, repr=False)

    @property
    def span(self) -> Span:  # computed on demand: most rows' spans are never asked for
        return self.line.span


@frozen
class Table:
    rows: tuple[Row, ...]

    @property
    def span(self) -> Span:
        return self.rows[0].span.cover(self.rows[-1].span)


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

    item: str = ""  # the X, as the grammar read it (一 五 六 八 九)


@frozen
class Paragraph(_LineBlock):
    """A line of running text."""


Block = Heading | Caption | Paragraph | Table


@frozen
class Document:
    format: str
    blocks: tuple[Block, ...]

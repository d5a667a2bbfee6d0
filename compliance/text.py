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


@frozen(order=True)
class Span:
    """A region of the original file: 1-based line/column, end column exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

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
        return Span(start[0], start[1], end[0], end[1])


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

    def __attrs_post_init__(self) -> None:
        if self.lines is None:
            object.__setattr__(self, "lines", LineIndex(self.text))

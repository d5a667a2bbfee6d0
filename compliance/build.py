"""Canonical lines → Lark LALR parse → :class:`~compliance.ast.Document`.

The only module that knows the parse-tree shapes.  The transformer runs inline in the LALR
parser (no intermediate tree) and is stateless: it marks each block with its kind and token;
a second, per-call pass maps each token back to its canonical lines by the token's line number.
No per-document state lives on the shared parser, so parsing is re-entrant and thread-safe.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from lark import Lark, Transformer, v_args
from lark.exceptions import LarkError

from . import ast
from .adapters.base import CLine
from .resources import grammar_path

ROW_MARK = "\x1e"


@lru_cache(maxsize=4)
def grammar_text(name: str = "report.lark") -> str:
    return grammar_path(name).read_text(encoding="utf-8")


def make_parser(*, transformer: Transformer | None = None, strict: bool = False) -> Lark:
    """Build the LALR line parser (tests build it with ``strict=True``)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=transformer,
        strict=strict,
        maybe_placeholders=False,
    )


def serialise(lines: tuple[CLine, ...] | list[CLine]) -> str:
    """The text the grammar reads: one line per canonical line."""
    parts = []
    for line in lines:
        if line.kind == "row":
            parts.append(ROW_MARK)
        else:
            # a text line never contains a newline; a leading \x1e cannot occur after NFKC
            parts.append(line.pieces[0].text.replace(ROW_MARK, " ") or " ")
    parts.append("")
    return "\n".join(parts)


class _Blocks(Transformer):
    """One method per grammar rule.  Stateless: each block becomes ``(kind, token)``, where the
    token gives the block's first canonical line (``token.line``) and, for a table, its row count
    (the newlines it spans).  Nothing here knows the document being parsed, so one instance (and
    the one Lark parser built with it) serves every parse at once: re-entrant and thread-safe.
    :func:`_to_ast` then builds the AST nodes from the lines, per call."""

    @v_args(inline=True)
    def table(self, tok):
        return ast.Table, tok

    @v_args(inline=True)
    def heading(self, tok):
        return ast.Heading, tok

    @v_args(inline=True)
    def caption(self, head, item, _end, _rest):
        return ast.Caption, head, str(item)

    @v_args(inline=True)
    def paragraph(self, tok):
        return ast.Paragraph, tok

    def start(self, blocks):
        return blocks


def _to_ast(marks: Any, lines: tuple[CLine, ...]) -> tuple[ast.Block, ...]:
    """The AST blocks for the ``(kind, token[, item])`` marks (a list) of one parse of ``lines``."""
    out: list[ast.Block] = []
    append = out.append
    Table, Row, Caption = ast.Table, ast.Row, ast.Caption
    for kind, tok, *rest in marks:
        first = tok.line - 1
        if kind is Table:
            append(Table(tuple(Row(lines[i].pieces, i, lines[i]) for i in range(first, first + tok.count("\n")))))
        else:
            piece = lines[first].pieces[0]
            append(Caption(piece.text, piece, first, rest[0]) if kind is Caption else kind(piece.text, piece, first))
    return tuple(out)


@lru_cache(maxsize=1)
def caption_pattern() -> re.Pattern[str]:
    """A caption inside a table cell (``第二十条第（五）项`` glued before a label), with its item as
    group ``item``: built from the grammar's own caption terminals, so a cell and a line are
    read by the same pattern."""
    lark = _parser()
    head, item, end = (lark.get_terminal(n).pattern.to_regexp() for n in ("CAPTION_HEAD", "CAPTION_ITEM", "CAPTION_END"))
    return re.compile(f"{head}(?P<item>{item}){end}")


# A line of every class: the warm-up parse builds the scanner of every lexer state a parse can
# lex in (Lark builds them lazily; idempotently, so even a race there would be harmless) before
# the parser is shared between threads.
_WARM_UP = "\x1e\n一、总体情况\n第二十条第(一)项\n正文\n\x1e\n"

_LOCK = threading.Lock()
_LARK: Lark | None = None


def _parser() -> Lark:
    """The shared LALR parser, built once per process (under a lock: building it is costly)."""
    global _LARK
    lark = _LARK
    if lark is None:
        with _LOCK:
            lark = _LARK
            if lark is None:
                lark = make_parser(transformer=_Blocks())
                lark.parse(_WARM_UP)
                _LARK = lark
    return lark


def build_document(fmt: str, lines: tuple[CLine, ...]) -> ast.Document:
    """Parse canonical lines into a Document.  The grammar is total over canonical lines, so a
    failure here is a bug, reported as :class:`BuildError` rather than a Lark traceback."""
    try:
        marks = _parser().parse(serialise(lines))
    except LarkError as exc:  # pragma: no cover - the line grammar accepts every line sequence
        raise BuildError(str(exc)) from None
    return ast.Document(fmt, _to_ast(marks, lines))


class BuildError(Exception):
    pass

"""Canonical lines → Lark LALR parse → :class:`~compliance.ast.Document`.

The only module that knows the parse-tree shapes.  The transformer runs inline in the LALR
parser (no intermediate tree), and maps each terminal back to its canonical line by the
token's line number.
"""

from __future__ import annotations

from functools import lru_cache

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


class _ToAst(Transformer):
    """One method per grammar rule.  ``lines`` is set before each parse."""

    lines: tuple[CLine, ...] = ()

    def _line(self, token) -> tuple[int, CLine]:
        i = token.line - 1
        return i, self.lines[i]

    @v_args(inline=True)
    def table(self, tok):
        first = tok.line - 1
        lines = self.lines
        return ast.Table(tuple(ast.Row(lines[i].pieces, i, lines[i]) for i in range(first, first + tok.count("\n"))))

    @v_args(inline=True)
    def heading(self, tok):
        i, line = self._line(tok)
        return ast.Heading(line.pieces[0].text, line.pieces[0], i)

    @v_args(inline=True)
    def caption(self, tok):
        i, line = self._line(tok)
        return ast.Caption(line.pieces[0].text, line.pieces[0], i)

    @v_args(inline=True)
    def paragraph(self, tok):
        i, line = self._line(tok)
        return ast.Paragraph(line.pieces[0].text, line.pieces[0], i)

    def start(self, blocks):
        return tuple(blocks)


class _Parser:
    def __init__(self) -> None:
        self.transformer = _ToAst()
        self.lark = make_parser(transformer=self.transformer)

    def parse(self, fmt: str, lines: tuple[CLine, ...]) -> ast.Document:
        self.transformer.lines = lines
        try:
            blocks = self.lark.parse(serialise(lines))
        finally:
            self.transformer.lines = ()
        return ast.Document(fmt, blocks)


@lru_cache(maxsize=1)
def _parser() -> _Parser:
    return _Parser()


def build_document(fmt: str, lines: tuple[CLine, ...]) -> ast.Document:
    """Parse canonical lines into a Document.  The grammar is total over canonical lines, so a
    failure here is a bug, reported as :class:`BuildError` rather than a Lark traceback."""
    try:
        return _parser().parse(fmt, lines)
    except LarkError as exc:  # pragma: no cover - the line grammar accepts every line sequence
        raise BuildError(str(exc)) from None


class BuildError(Exception):
    pass

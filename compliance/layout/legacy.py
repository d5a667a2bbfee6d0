"""The statistics table of pre-2019 reports (政府信息公开情况统计表).

Legacy reports end with a table of 指标 rows, each with a unit and two numbers — this year and
历年累计 — often flattened into running text with the numbers glued together:
``主动公开信息数条18535395其中：1.网站公开条171350172.政府公报公开条07…``.  A row is a label, a
unit (条/件/元 …) and a run of digits; a trailing digit followed by ``.``/``、`` and a word
numbers the next label.  Glued pairs are split only where *this year ≤ cumulative* leaves one
way (``728`` = 7 | 28); otherwise the row is reported unreadable, never guessed.
"""

from __future__ import annotations

import re

from .. import ast
from ..codes import UNREADABLE_ROW
from ..findings import Finding
from ..model import Cell, DataRow, DataTable, match_kind, type_cell
from ..template import TableSpec, Template
from . import split
from .tables import _matchers

_UNIT = re.compile(r"(条|件|个|项|元|人次)\s*(?=\d)")
_RUN = re.compile(r"[\d\s]+")
_ORDINAL_AFTER = re.compile(r"[.、．]\s*[^\d\s]")


def _label_noise(table: TableSpec) -> re.Pattern[str]:
    """Header words, years and ordinals around a 指标 label (the header words from the data)."""
    words = "|".join(re.escape(w) + r"\s*[:：]?" for w in sorted(table.header_words, key=len, reverse=True))
    return re.compile(rf"{words}|(?:19|20)\d{{2}}\s*年度?|^\s*\d{{1,2}}\s*[.、．]\s*")


class _Stream:
    """Text segments (paragraphs, row cells) joined by spaces, locatable piece by piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.pieces: list = []
        self.length = 0

    def add(self, piece) -> None:
        if self.parts:
            self.parts.append(" ")
            self.length += 1
        self.starts.append(self.length)
        self.pieces.append(piece)
        self.parts.append(piece.text)
        self.length += len(piece.text)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def locate(self, a: int, b: int):
        """The piece (or sub-piece) for stream[a:b]; a and b lie in one segment."""
        import bisect

        k = bisect.bisect_right(self.starts, a) - 1
        piece, start = self.pieces[k], self.starts[k]
        return piece.sub(a - start, min(b - start, len(piece.text)))


def legacy_tables(schema: Template, items: list) -> tuple[tuple[DataTable, ...], list[Finding]]:
    t = next((x for x in schema.tables if x.layout == "legacy"), None)
    if t is None or len(t.marks) != 2 or len(t.columns) != 2:
        return (), []
    head, name = t.marks  # where the table starts: its header line, else its last caption
    texts = [_text_of(it) for it in items]
    start = next((i for i, x in enumerate(texts) if head in x), None)
    if start is None:
        start = next((i for i in range(len(items) - 1, -1, -1) if name in texts[i]), None)
    if start is None:
        return (), []
    noise = schema.derived("legacy.noise", lambda _tpl: _label_noise(t))
    year_label, total_label = t.columns[0].label, t.columns[1].label
    columns = (t.columns[0].id, t.columns[1].id)
    stream = _Stream()
    for it in items[start:]:
        if isinstance(it, ast.Row):
            for e in it.entries:
                if e.text:
                    stream.add(e)
        elif isinstance(it, (ast.Paragraph, ast.Heading, ast.Caption)):
            stream.add(it.piece)
    text = stream.text
    matcher = _matchers(schema)[t.id]
    rows: dict[str, DataRow] = {}
    problems: list[Finding] = []
    # the table starts at its header, which may share a flattened line with the narrative
    first = text.find(head)
    if first < 0:
        first = text.rfind(name)
    label_start = max(first, 0)
    for m in _UNIT.finditer(text):
        if m.start() < label_start:
            continue
        run = _RUN.match(text, m.end())
        if run is None:  # pragma: no cover - the unit pattern ends before a digit
            continue
        a, b = run.start(), run.end()
        while b > a and text[b - 1].isspace():
            b -= 1
        if b < len(text) and _ORDINAL_AFTER.match(text, b) and b - a > 1 and text[b - 1].isdigit():
            b -= 1  # "…00 2.传真申请数": the 2 numbers the next row
            while b > a and text[b - 1].isspace():
                b -= 1
        raw_label = text[label_start:m.start()]
        label = noise.sub("", raw_label).strip(" :：;；,，。")
        label_start = b
        if not label or len(label) > 30:
            continue  # running text, not a 指标 label
        row, how = matcher.match(label, None)
        if row is None or row.id in rows:
            continue
        tokens = [(t.start() + a, t.end() + a) for t in re.finditer(r"\d+", text[a:b])]
        cells = _pair(stream, text, tokens, m.group(1), columns)
        if cells is None:
            span = stream.locate(a, b).span
            problems.append(
                UNREADABLE_ROW.finding(
                    f"{t.short}“{row.label}”行的数字“{text[a:b]}”粘连在一起，拆分为{year_label}、{total_label}两个数时不止一种（或没有）"
                    f"满足“{year_label}不大于{total_label}”的拆法；该行按“无法读取”处理",
                    span=span,
                    row=f"{t.id}/{row.id}",
                )
            )
            where = stream.locate(a, b)
            cells = tuple((c, Cell(text[a:b], "unreadable", None, None, where)) for c in columns)
        rows[row.id] = DataRow(row.id, label, match_kind(how), cells, stream.locate(m.start(), m.end()))
    if not rows:
        return (), problems
    order = [r.id for r in t.rows]
    return (DataTable(t.id, tuple(rows[r] for r in order if r in rows)),), problems


def _pair(stream: _Stream, text: str, tokens: list[tuple[int, int]], unit: str, columns: tuple[str, str]):
    """(year, cumulative) cells from one glued token or two separate ones; None if ambiguous."""
    unit_suffix = None if unit in ("条", "件", "个", "项", "人次") else unit
    if len(tokens) == 2:
        spans = tokens
    elif len(tokens) == 1:
        s, e = tokens[0]
        digits = text[s:e]
        cuts = split.le_pairs(digits, limit=2)
        if len(cuts) != 1:
            return None
        spans = [(s, s + cuts[0]), (s + cuts[0], e)]
    else:
        return None
    out = []
    for col, (a, b) in zip(columns, spans):
        piece = stream.locate(a, b)
        cell = type_cell(piece.text, piece.raw, piece)
        if unit_suffix and cell.kind == "number":
            cell = Cell(cell.raw, cell.kind, cell.value, unit_suffix, piece)
        out.append((col, cell))
    return tuple(out)


def _text_of(item: ast.Row | ast.Heading | ast.Caption | ast.Paragraph) -> str:
    if isinstance(item, ast.Row):
        return " ".join(e.text for e in item.entries)
    return item.text

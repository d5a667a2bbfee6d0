"""The layout pass: Document → Report (sections, canonical tables, identity, template)."""

from __future__ import annotations

from .. import ast
from ..adapters.base import Piece
from ..codes import NO_TABLES_FOUND, UNKNOWN_TEMPLATE
from ..model import DataTable, Paragraph, Report, Section
from ..text import Span
from .meta import detect_template, find_agency, find_published, find_title, find_year
from ..template import Template, current
from .sections import HeadingHit, find_sections
from .legacy import legacy_tables
from .tables import TableBuilder


class PieceLocator:
    """Locates a range of a piece's text in the original file."""

    __slots__ = ("piece",)

    def __init__(self, piece: Piece) -> None:
        self.piece = piece

    def span(self, start: int, end: int) -> Span:
        return self.piece.sub(start, end).span


def flatten(blocks) -> list:
    items: list = []
    for b in blocks:
        if isinstance(b, ast.Table):
            items.extend(b.rows)
        else:
            items.append(b)
    return items


def _paragraph(piece: Piece) -> Paragraph:
    return Paragraph(piece.text, piece.span, PieceLocator(piece))


def layout(doc: ast.Document, path: str, encoding: str) -> Report:
    schema = current()
    items = flatten(doc.blocks)
    hits = find_sections(schema, items)
    section_of: list[str | None] = [None] * len(items)
    for i, hit in enumerate(hits):
        end = hits[i + 1].position if i + 1 < len(hits) else len(items)
        for p in range(hit.position, end):
            section_of[p] = hit.canonical
    heading_positions = {h.position for h in hits}

    sections, preamble = _sections(items, hits)
    lines_text = [it.text for it in items if isinstance(it, (ast.Heading, ast.Paragraph, ast.Caption))]
    title, year, agency = find_title(lines_text)
    full = "\n".join(lines_text)
    if year is None:
        year = find_year(full)
    if agency is None:
        agency = find_agency(full)

    table_text = "\n".join(
        "".join(e.text for e in it.entries) if isinstance(it, ast.Row) else it.text
        for it in items
        if isinstance(it, (ast.Row, ast.Caption))
    )
    # the start of every heading and paragraph: where the old headings (概述, 统计表 …) stand
    headings = "\n".join(it.text[:80] for it in items if isinstance(it, (ast.Heading, ast.Paragraph)))
    national_hint = any(w in table_text for w in schema.hint("national"))
    template = detect_template(schema, table_text, headings, year, national_hint)
    builder = TableBuilder(schema, template)
    tables = builder.run(items, section_of, heading_positions)
    refined = _refine_template(schema, template, tables, year)
    if refined != template:
        builder = TableBuilder(schema, refined)
        tables = builder.run(items, section_of, heading_positions)
        template = refined
    problems = list(builder.problems)
    version = schema.version(template)
    if version is not None and version.kind == "legacy":
        # the national tables do not exist in a pre-2019 report; its own statistics table does
        tables, problems = legacy_tables(schema, items)
    first_span = items[0].span if items else Span.point(1)
    if version is not None and version.kind == "national" and not tables:
        problems.append(NO_TABLES_FOUND.finding("未找到表二、表三、表四中的任何一张表格：报告可能缺少统计表，或表格格式无法识别", span=first_span))
    if template == "unknown":
        problems.append(
            UNKNOWN_TEMPLATE.finding(
                "无法判断报告使用的模板（2019 年试行格式、2021 年格式或 2019 年以前的旧格式）：未找到模板表格，也无法确定报告年度",
                span=first_span,
            )
        )
    problems.sort(key=lambda p: (p.location.span.line if p.location.span else 0, p.location.span.column if p.location.span else 0, p.rule))
    published = find_published(full)
    return Report(
        path=path,
        format=doc.format,
        encoding=encoding,
        template=template,
        year=year,
        agency=agency,
        title=title,
        sections=tuple(sections),
        tables=tables,
        problems=tuple(problems),
        preamble=tuple(preamble),
        published_on=published,
    )


def _refine_template(schema: Template, template: str, tables: tuple[DataTable, ...], year: int | None) -> str:
    """The rows found say which national version a report follows when its headers did not:
    the version with the most rows of its own among them, else the national version of the
    report year (the earliest before it).  Decided by the grid table (表三), whose rows differ
    between the versions."""
    version = schema.version(template)
    if version is not None and version.kind == "national":
        return template
    national = schema.national()
    spec = next((t for t in schema.tables if t.layout == "grid"), None)
    found = next((t for t in tables if spec is not None and t.id == spec.id), None)
    if spec is None or found is None:
        return template
    ids = {r.id for r in found.rows}
    shared = {r.id for r in spec.rows if all(v.name in r.templates for v in national)}
    own = {v.name: sum(1 for r in spec.rows if r.id in ids and r.id not in shared and v.name in r.templates) for v in national}
    best = max(own.values())
    top = [n for n, k in own.items() if k == best]
    if best and len(top) == 1:
        return top[0]
    by_year = [v for v in national if year is not None and v.covers(year)]
    return by_year[-1].name if by_year else national[0].name


def _sections(items: list, hits: list[HeadingHit]) -> tuple[list[Section], list[Paragraph]]:
    preamble: list[Paragraph] = []
    sections: list[Section] = []
    bounds = [h.position for h in hits] + [len(items)]
    first = bounds[0] if hits else len(items)
    for it in items[:first]:
        if isinstance(it, (ast.Heading, ast.Paragraph, ast.Caption)):
            preamble.append(_paragraph(it.piece))
    for i, hit in enumerate(hits):
        paras: list[Paragraph] = []
        rest = hit.piece.text[hit.title_end:]
        if rest.strip():
            paras.append(_paragraph(hit.piece.strip_sub(hit.title_end, len(hit.piece.text))))
        for it in items[hit.position + 1: bounds[i + 1]]:
            if isinstance(it, (ast.Heading, ast.Paragraph, ast.Caption)):
                paras.append(_paragraph(it.piece))
        head_piece = hit.piece.strip_sub(0, hit.title_end)
        sections.append(
            Section(hit.number, hit.title, hit.canonical, tuple(paras), head_piece.span, hit.from_cell)
        )
    return sections, preamble


__all__ = ["layout"]

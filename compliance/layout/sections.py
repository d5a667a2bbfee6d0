"""Finding the six sections 一…六, also where a heading is only a table cell.

Heading candidates are heading lines, paragraphs and one-cell table rows that start with a
Chinese ordinal.  A candidate is a section heading when its title carries a keyword of a
template section and it keeps the expected order 一 → 六; so ``一、本年新收…`` (a table-三 row
label) or a numbered list item under 五 is not taken for a heading.
"""

from __future__ import annotations


from attrs import frozen

from .. import ast
from ..adapters.base import Piece
from ..headings import CONTENT_WORDS, SECTION_HEADING
from ..template import TITLE_END, Template
from ..text import Span

_ORDER = "一二三四五六"


@frozen
class HeadingHit:
    position: int  # index into the flat item list
    number: str  # as printed
    canonical: str  # 一…六
    title: str
    piece: Piece  # the whole line or cell
    title_end: int  # offset in piece.text where the heading ends and body text may begin
    from_cell: bool


def classify_title(schema: Template, number: str, title: str) -> str | None:
    """The canonical section (一…六) a heading title belongs to, or None."""
    head = title[:30]
    matches = [s.number for s in schema.sections if any(k in head for k in s.keywords)]
    if not matches:
        return None
    if number in matches:
        return number
    return matches[0]


def heading_candidate(text: str) -> tuple[str, str] | None:
    m = SECTION_HEADING.match(text)
    if not m:
        return None
    return m.group(1), m.group(2).strip()


def find_sections(schema: Template, items: list) -> list[HeadingHit]:
    """``items``: the document's blocks flattened (rows of tables inline)."""
    hits: list[HeadingHit] = []
    last = -1
    for pos, item in enumerate(items):
        if isinstance(item, ast.Row):
            filled = [e for e in item.entries if e.text]
            if len(filled) != 1:
                continue
            text, piece, from_cell = filled[0].text, filled[0].piece, True
        elif isinstance(item, (ast.Heading, ast.Paragraph)):
            text, piece, from_cell = item.text, item.piece, False
        else:
            continue
        cand = heading_candidate(text)
        if cand is None:
            continue
        number, title = cand
        short = _short_title(title)
        canonical = classify_title(schema, number, short)
        if canonical is None and not (len(title) > 60 and "。" in title[:40]):
            canonical = classify_title(schema, number, title)  # a long title without a stop
        if canonical is None:
            continue
        order = _ORDER.index(canonical)
        if order <= last:
            continue
        last = order
        # keep the title short: a flattened line may run on into the section's body
        end = text.find(short) + len(short) if short else len(text)
        hits.append(HeadingHit(pos, number, canonical, short, piece, end, from_cell))
    return hits




def _short_title(title: str) -> str:
    m = TITLE_END.match(title)
    if m:
        return m.group(0)
    for stop in ("。", " ", "\t", ","):
        i = title.find(stop)
        if 0 < i <= 40:
            title = title[:i]
    return title[:40]


def section_content(schema: Template, number: str, table, before: str | None, paragraphs) -> tuple[Span, str] | None:
    """The content of section ``number`` where its heading was not found: ``table`` (the
    section's table, if read) or the ``paragraphs`` between the neighbouring sections found
    (those of section ``before``, or the preamble).  Shown by its table; by a heading keyword
    of the section (template data) not shared with ``before``; or by two different content
    words (:data:`compliance.headings.CONTENT_WORDS`).  Returns (where, what shows it) or None.
    """
    if table is not None and table.rows:
        spec = schema.get(table.id)
        return table.span, f"{spec.short if spec else table.id}在"
    own = next((s.keywords for s in schema.sections if s.number == number), ())
    theirs = next((s.keywords for s in schema.sections if s.number == before), ())
    keywords = [k for k in own if not any(k in t or t in k for t in theirs)]
    words = [w for w in CONTENT_WORDS.get(number, ()) if not any(w in t or t in w for t in theirs)]
    has_table = schema.table_of_section(number) is not None
    for para in paragraphs:
        text = para.text
        head = text[:30] if has_table else text
        hit = next((k for k in keywords if k in head), None)
        if hit is not None:
            at = text.find(hit)
            return para.locate(at, at + len(hit)), f"“{hit}”"
        found = [w for w in words if w in text]
        if len(found) >= 2:
            at = text.find(found[0])
            return para.locate(at, at + len(found[0])), "、".join(f"“{w}”" for w in found[:3])
    return None

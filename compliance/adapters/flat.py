"""Recovering structure from text lines: section headings and flattened table rows.

Scraped pages often arrive as one long line (``…成效。二、主动公开政府信息情况第二十条第（一）项
信息内容本年制发件数…规章000行政规范性文件8855698…``) or as PDF text with a row per line
(``行政处罚 3985758``).  Two passes over the canonical lines, for every input format:

1. :func:`split_headings` cuts text lines before each section-heading candidate
   (``三、收到和处理…``), recognised by a Chinese ordinal plus a section keyword nearby, so that
   ``一、本年新收…`` (a table row label) is not taken for a heading.
2. :func:`rowify` turns the text lines of the table zone (from section 二 to section 五) into
   rows: a label run followed by a run of values.  Values are numbers (with ``元``/``万元``),
   and stand-alone placeholders.  Runs of glued digits stay one piece here; the layout pass
   splits them using the template's identities.
"""

from __future__ import annotations

import re

from ..headings import NUMBERED, ORDINALS, heading_patterns
from ..template import TITLE_END, current
from .base import CLine, Piece, is_page_marker, row_line, text_line


def _heading_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return heading_patterns(current().section_keywords())


def split_headings(lines: list[CLine]) -> list[CLine]:
    """Cut text lines before section-heading candidates; rows are left alone."""
    strict, relaxed = _heading_patterns()
    found: set[str] = set()
    out: list[CLine] = []
    for line in lines:
        if line.kind != "text":
            out.append(line)
            continue
        out.extend(_split_at(line.pieces[0], strict, found))
    # a heading glued to the preceding word (…运行二、主动公开…): look again for missing numbers
    missing = set("一二三四五六") - found
    if missing:
        again: list[CLine] = []
        for line in out:
            if line.kind == "text" and len(line.pieces[0].text) > 40:
                again.extend(_split_at(line.pieces[0], relaxed, found, only=missing))
            else:
                again.append(line)
        out = again
    return out


def _split_at(piece: Piece, pattern: re.Pattern[str], found: set[str], only: set[str] | None = None) -> list[CLine]:
    text = piece.text
    cuts: list[int] = []
    for m in pattern.finditer(text):
        if only is not None and m.group(1) not in only:
            continue
        if m.start() > 0 and text[: m.start()].strip():
            cuts.append(m.start())
        found.add(m.group(1))
    if not cuts:
        return [text_line(piece)]
    bounds = [0, *cuts, len(text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        sub = piece.strip_sub(a, b)
        if sub.text:
            out.append(text_line(sub))
    return out


# ----------------------------------------------------------------------------------------------
# rows from text

_VALUE = re.compile(r"-?\d+(?:\.\d+)?(?:万元|元|%)?|(?<![^\s\d])[-—/–]{1,2}(?![^\s\d])")
_ORD_AFTER = re.compile(r"[.．、]\s*[^\d\s.]")
_ORD_ALONE = re.compile(r"[.．、]\s*$")
_NOT_A_VALUE_AFTER = set("年月日号时分秒岁")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s*年(?!度报告)")
_LABEL_CUT = re.compile(
    rf"(?:[{ORDINALS}]{{1,2}}、|(?<!第)\([{ORDINALS}]{{1,2}}\)|第[二2]十条|\d[.、．](?=\s*[\u4e00-\u9fff]))"
)


def _zone(lines: list[CLine]) -> tuple[int, int] | None:
    """Index range of the lines that hold tables 二–四: from section 二 (or, when no such
    heading exists, from the first line) up to the heading of section 五 or 六."""
    strict, _ = _heading_patterns()
    template = current()
    order = [s.number for s in template.sections]
    with_tables = [t.section for t in template.tables if t.section in order]
    if not with_tables:
        return None
    first = min(with_tables, key=order.index)
    after = set(order[max(order.index(s) for s in with_tables) + 1:])
    keywords = next(s.keywords for s in template.sections if s.number == first)
    start = None
    for i, line in enumerate(lines):
        if line.kind != "text":
            continue
        head = line.text[:40]
        m = NUMBERED.match(head)
        if m and m.group(1) == first and any(k in head for k in keywords):
            start = i
            break
    if start is None:
        # no heading for section 二 (a fragment, a page without headings): the zone starts at
        # the first line that carries a table label
        hints = current().hint("table_start")
        start = next(
            (i for i, ln in enumerate(lines) if ln.kind == "text" and any(w in ln.text for w in hints)),
            None,
        )
        if start is None:
            return None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.kind != "text":
            continue
        head = line.text[:40]
        m = NUMBERED.match(head)
        if m and m.group(1) in after and strict.match(head.lstrip()):
            return start, i
    return start, len(lines)


def rowify(lines: list[CLine]) -> list[CLine]:
    """Turn the table zone's text lines into label/value rows."""
    zone = _zone(lines)
    if zone is None:
        return lines
    a, b = zone
    out = list(lines[:a])
    for line in lines[a:b]:
        if line.kind == "text":
            out.extend(text_to_rows(line.pieces[0]))
        else:
            out.append(line)
    out.extend(lines[b:])
    return out


def text_to_rows(piece: Piece) -> list[CLine]:
    """Tokenise one text line of the table zone into rows.

    Narrative sentences (ending in ``。``) stay text.  Everything else is split into label runs
    and value runs; a label run is cut again before ordinals (``三、`` ``(一)``) and before
    ``第二十条``, so that group labels and captions become rows of their own.
    """
    text = piece.text
    out: list[CLine] = []
    pos = 0
    strict, _ = _heading_patterns()
    if strict.match(text):
        # a section heading that runs on into its table: the heading stands on its own line
        m = TITLE_END.match(text)
        if m:
            out.append(text_line(piece.strip_sub(0, m.end())))
            pos = m.end()
    # narrative before the last full stop stays text — unless the last sentence runs on from a
    # table's numbers (``… 0 1 1 0 2 本年度因…被申请行政复议2件。``): then the numbers are rows
    # and only the words after them are the paragraph
    last_stop = text.rfind("。")
    if last_stop >= pos:
        seg = text.rfind("。", pos, last_stop) + 1 or pos
        run_end = _last_table_run(text, max(seg, pos), last_stop)
        if run_end is not None:
            head = piece.strip_sub(pos, max(seg, pos))
            lead = [text_line(head)] if head.text else []
            tail = piece.strip_sub(run_end, len(text))
            upto = text[:run_end]
            rows = _runs_to_rows(piece, upto, max(seg, pos), _values(upto, max(seg, pos)))
            return out + lead + rows + ([text_line(tail)] if tail.text else [])
    if last_stop >= pos:
        head = piece.strip_sub(pos, last_stop + 1)
        if head.text:
            out.append(text_line(head))
        pos = last_stop + 1
    if is_page_marker(text[pos:]):
        # a page footer (- 4 -) between the rows of a table: no row
        return out + [text_line(piece.strip_sub(pos, len(text)))] if text[pos:].strip() else out
    values = _values(text, pos)
    year = _narrative_year(text, pos, values)
    if year is not None:
        # running text from the label that holds a date on ("（一）2024 年本局…"): a row ends
        # at its last value before it, the text after is a paragraph, never its cells
        values = [v for v in values if v[1] <= year.start()]
        cut = values[-1][1] if values else pos
        if cut == pos:
            rest = piece.strip_sub(pos, len(text))
            if rest.text:
                out.append(text_line(rest))
            return out
        tail = piece.strip_sub(cut, len(text))
        rows = _runs_to_rows(piece, text[:cut], pos, values)
        return out + rows + ([text_line(tail)] if tail.text else [])
    if not values:
        rest = piece.strip_sub(pos, len(text))
        if rest.text:
            # a label fragment (wrapped row label, header words): keep it as a label-only row
            out.extend(_label_rows(piece, pos, len(text), ()))
        return out
    return out + _runs_to_rows(piece, text, pos, values)


def _last_table_run(text: str, a: int, b: int) -> int | None:
    """The end of the last run of at least three numbers printed apart (a table's cells) in
    ``text[a:b]``, when words follow it; None when the stretch has no such run."""
    values = _values(text[:b], a)
    runs: list[list[tuple[int, int]]] = []
    for v in values:
        if runs and not text[runs[-1][-1][1]:v[0]].strip():
            runs[-1].append(v)
        else:
            runs.append([v])
    big = [r for r in runs if len(r) >= 3]
    if not big:
        return None
    end = big[-1][-1][1]
    return end if text[end:b].strip() else None


def _narrative_year(text: str, pos: int, values: list[tuple[int, int]]) -> re.Match[str] | None:
    """A date that starts running text (``（一）2024 年，本局…``): the year with a clause after
    it (a comma or semicolon, or a long stretch of words) before the next value."""
    for m in _YEAR.finditer(text, pos):
        nxt = next((s for s, _ in values if s >= m.end()), len(text))
        words = text[m.end():nxt]
        if any(c in words for c in "，,；;：") or len(words.strip()) >= 15:
            return m
    return None


def _runs_to_rows(piece: Piece, text: str, pos: int, values: list[tuple[int, int]]) -> list[CLine]:
    """Label runs and value runs of ``text[pos:]`` as rows."""
    out: list[CLine] = []
    # group consecutive value tokens separated only by white space into runs
    runs: list[list[tuple[int, int]]] = []
    for s, e in values:
        if runs and not text[runs[-1][-1][1]:s].strip():
            runs[-1].append((s, e))
        else:
            runs.append([(s, e)])
    label_start = pos
    for run in runs:
        cells = tuple(piece.sub(s, e) for s, e in run)
        out.extend(_label_rows(piece, label_start, run[0][0], cells))
        label_start = run[-1][1]
    if text[label_start:].strip():
        out.extend(_label_rows(piece, label_start, len(text), ()))
    return out


def _values(text: str, pos: int) -> list[tuple[int, int]]:
    found = []
    for m in _VALUE.finditer(text, pos):
        s, e = m.span()
        tok = m.group()
        if text[e:e + 3].lstrip(" \t")[:1] in _NOT_A_VALUE_AFTER - {""}:
            continue  # "2024 年", "12 月": a date in running text, not a cell
        if tok.isdigit() and len(tok) <= 2 and _ORD_ALONE.match(text, e):
            continue  # "2." ending the line: the ordinal of a label wrapped after it
        if tok[-1].isdigit() and _ORD_AFTER.match(text, e):
            # "00000002.其他法律…": the last digit numbers the next row label
            if len(tok) == 1 or not tok[:-1].lstrip("-").isdigit():
                continue
            e -= 1
        found.append((s, e))
    return found


def _label_rows(piece: Piece, a: int, b: int, cells: tuple[Piece, ...]) -> list[CLine]:
    label = piece.strip_sub(a, b)
    if not label.text:
        return [row_line(cells, "text")] if cells else []
    text = label.text
    cuts = [m.start() for m in _LABEL_CUT.finditer(text) if m.start() > 0]
    bounds = [0, *cuts, len(text)]
    parts = [label.strip_sub(x, y) for x, y in zip(bounds, bounds[1:])]
    parts = [p for p in parts if p.text]
    rows = [row_line((p,), "text") for p in parts[:-1]]
    rows.append(row_line((parts[-1], *cells), "text"))
    return rows

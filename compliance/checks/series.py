"""The checks of the kinds over several reports: the report with the same agency's report of
the year before (``carry_over``, ``stock_continuity``, ``copied_text``), with its lower bodies'
reports (``hierarchy_sum``), with the other reports of the batch (``near_duplicate``).

They see snapshots only (:mod:`compliance.snapshot`), never re-parsed files; what paired them
is in :class:`SeriesContext` and in every finding's evidence (``previous``, ``paired_by``), so
an auditor can see which report a verdict rests on.  A blank, placeholder or unreadable cell on
either side is never read as 0: that comparison is not made, and an info finding says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Sequence

from attrs import define, field

from ..expr import fmt_number
from ..findings import Finding, Severity, json_number
from ..ruleset.model import Rule
from ..ruleset.params import implements
from ..snapshot import CellRecord, Snapshot
from ..template import Template, current as current_template, version_title
from ..text import Span
from .base import NOT_ASSESSABLE

KIND_ZH = {"blank": "空白", "placeholder": "占位符", "text": "文字", "unreadable": "无法识别"}
_SHOWN = 6


@define
class SeriesContext:
    """One report and the reports a cross-report rule compares it with."""

    this: Snapshot
    previous: Snapshot | None = None
    paired_by: str = ""  # batch | manifest | history | --previous
    children: tuple[Snapshot, ...] = ()
    missing_children: tuple[str, ...] = ()  # names of lower bodies the manifest lists without a report
    duplicates: tuple[tuple[str, str | None, float], ...] = ()  # (other path, its agency, similarity)
    schema: Template = field(factory=current_template)

    def table_name(self, table: str) -> str:
        t = self.schema.get(table)
        return t.short if t else table

    def row_label(self, table: str, row: str) -> str:
        t = self.schema.get(table)
        return t.row_label(row) if t else row

    def column_label(self, table: str, column: str) -> str:
        t = self.schema.get(table)
        return t.column_label(column, self.this.template) if t else column

    def cell_label(self, address: str) -> str:
        return self.schema.label(address, self.this.template)

    def section_of(self, table: str) -> str | None:
        t = self.schema.get(table)
        return (t.section or None) if t else None

    def pairing(self) -> dict[str, Any]:
        assert self.previous is not None
        return {"previous": self.previous.path, "last_year": self.previous.year, "paired_by": self.paired_by}


def span_of(cell: CellRecord | None) -> Span | None:
    if cell is None or cell.line <= 0:
        return None
    return Span(cell.line, max(cell.column, 1), max(cell.end_line, cell.line), max(cell.end_column, cell.column, 1))


def _first_span(snap: Snapshot) -> Span | None:
    for c in snap.cells:
        s = span_of(c)
        if s is not None:
            return s
    return None


def _unfilled_finding(rule: Rule, ctx: SeriesContext, cells: Sequence[tuple[str, CellRecord]], what: str,
                      evidence: dict[str, Any], at: CellRecord | None = None) -> Finding:
    """One info finding: these cells (in this or the other report) hold no number, so ``what``
    was not compared for them."""
    names = "、".join(f"{who}{ctx.cell_label(c.address)}（{KIND_ZH.get(c.kind, c.kind)}）" for who, c in cells[:4])
    if len(cells) > 4:
        names += f" 等 {len(cells)} 个单元格"
    own = next((c for who, c in cells if who == "本年度"), at)
    return rule.finding(
        {},
        message=f"{names}没有可用的数字，无法核对“{what}”（空白、占位符不按 0 计算，无法识别的数字不作猜测）",
        severity=Severity.INFO,
        name=NOT_ASSESSABLE,
        span=span_of(own) or _first_span(ctx.this),
        cell=own.address if own is not None else None,
        evidence={**evidence, "unfilled": [f"{'this' if who == '本年度' else 'previous'}:{c.address}" for who, c in cells]},
    )


# ---------------------------------------------------------------------------------------------
# carry_over


@implements("carry_over")
def check_carry_over(rule: Rule, ctx: SeriesContext) -> Iterator[Finding]:
    p = rule.compiled
    this, last = ctx.this, ctx.previous
    if last is None:
        return
    table = p.table
    this_prefix, last_prefix = f"{table}/{p.this_row}/", f"{table}/{p.last_row}/"
    columns = list(p.columns) if p.columns else [c.address[len(this_prefix):] for c in this.cells if c.address.startswith(this_prefix)]
    mismatched: list[tuple[str, CellRecord, CellRecord]] = []
    unfilled: list[tuple[str, CellRecord]] = []
    at: CellRecord | None = None  # this year's cell of the first column not compared
    for col in columns:
        a, b = this.cell(this_prefix + col), last.cell(last_prefix + col)
        if a is None or b is None:
            continue  # a missing row or cell is the structure rules' finding
        na, nb = a.number, b.number
        if na is None or nb is None:
            unfilled.extend([("本年度", a)] if na is None else [])
            unfilled.extend([("上一年度", b)] if nb is None else [])
            at = at or a
            continue
        if na != nb:
            mismatched.append((col, a, b))
    what = f"{ctx.row_label(table, p.this_row)}等于上一年度{ctx.row_label(table, p.last_row)}"
    if mismatched:
        details = "；".join(
            f"“{ctx.column_label(table, col)}”本年度 {fmt_number(a.number)}、上一年度 {fmt_number(b.number)}"
            for col, a, b in mismatched[:_SHOWN]
        ) + (f" 等 {len(mismatched)} 列" if len(mismatched) > _SHOWN else "")
        first = mismatched[0][1]
        yield rule.finding(
            {
                "table": ctx.table_name(table),
                "this_row": ctx.row_label(table, p.this_row),
                "last_row": ctx.row_label(table, p.last_row),
                "last_year": last.year if last.year is not None else "上一",
                "details": details,
                "count": len(mismatched),
            },
            span=span_of(first),
            section=ctx.section_of(table),
            cell=first.address,
            evidence={
                **ctx.pairing(),
                "cells": [a.address for _c, a, _b in mismatched],
                "this": {a.address: json_number(a.number) for _c, a, _b in mismatched},
                "last": {b.address: json_number(b.number) for _c, _a, b in mismatched},
            },
        )
    elif unfilled:
        yield _unfilled_finding(rule, ctx, unfilled, what, ctx.pairing(), at)


# ---------------------------------------------------------------------------------------------
# stock_continuity


GLUED_ROW_DECIDED = "glued-row-decided"
#: names of the notes that a cross-report rule could not decide for a report
NOT_RUN_NAMES = ("template-changed", "children-incomplete", "children-missing-skipped")
_MAX_READINGS = 10_000


def _readings(raw: str, n: int) -> list[tuple[int, ...]] | None:
    """Every split of a glued row's digits into ``n`` whole numbers (None: too many to list)."""
    from ..layout.split import TooMany, as_number, candidates

    tokens = raw.split()
    try:
        cands = candidates(tokens, n)
    except TooMany:
        return None
    out = []
    for cand in cands[:_MAX_READINGS]:
        values = [as_number(tokens[ti][a:b]) for ti, a, b in cand]
        if all(isinstance(v, int) for v in values):
            out.append(tuple(int(v) for v in values))
    return out


def _stated(p: Any, text: str) -> dict[str, tuple[int, str]]:
    """The cells the report's own text states a number for: address → (number, the quote);
    a cell stated twice with different numbers is not used."""
    out: dict[str, tuple[int, str]] = {}
    clash: set[str] = set()
    for pattern, cell in p.stated:
        for m in pattern.finditer(text):
            n = int(m.group("n"))
            if cell in out and out[cell][0] != n:
                clash.add(cell)
            out.setdefault(cell, (n, m.group(0)))
    return {k: v for k, v in out.items() if k not in clash}


def _decide_glued(rule: Rule, ctx: SeriesContext, row: str, cells: list[CellRecord]) -> tuple[dict[str, int], Finding] | None:
    """A glued row of ``cells`` (all unreadable, one printed text) split by what the report's
    text states and by last year's stock, when that leaves exactly one reading."""
    p = rule.compiled
    this, last = ctx.this, ctx.previous
    readings = _readings(cells[0].raw, len(cells))
    if not readings:
        return None
    addresses = [c.address for c in cells]
    decided_by: list[str] = []
    stated = _stated(p, this.text)
    for i, a in enumerate(addresses):
        if a in stated:
            n, quote = stated[a]
            kept = [r for r in readings if r[i] == n]
            if kept and len(kept) < len(readings):
                readings = kept
                decided_by.append(f"正文“{quote}”")
    stock = f"{p.table}/{row}/{p.stock}"
    last_stock = last.cell(stock) if last is not None and last.template == this.template else None
    if len(readings) > 1 and last_stock is not None and last_stock.number is not None:
        col = {a.rsplit("/", 1)[1]: i for i, a in enumerate(addresses)}
        if {p.stock, p.added, p.removed} <= set(col):
            L = int(last_stock.number)
            kept = [r for r in readings if r[col[p.stock]] == L + r[col[p.added]] - r[col[p.removed]]]
            if kept and len(kept) < len(readings):
                readings = kept
                decided_by.append(f"上一年度（{last.year}年）{ctx.column_label(p.table, p.stock)} {L}" if last is not None else "")
    if len(readings) != 1 or not decided_by:
        return None
    (reading,) = readings
    values = dict(zip(addresses, reading))
    shown = "、".join(f"{ctx.column_label(p.table, a.rsplit('/', 1)[1])} {v}" for a, v in values.items())
    finding = rule.finding(
        {},
        message=(f"{ctx.table_name(p.table)}“{ctx.row_label(p.table, row)}”行粘连的数字“{cells[0].raw}”单凭本报告无法拆分；"
                 f"按{'、'.join(decided_by)}，只有一种拆分：{shown}"),
        severity=Severity.INFO,
        name=GLUED_ROW_DECIDED,
        span=span_of(cells[0]),
        section=ctx.section_of(p.table),
        cell=addresses[0],
        evidence={"row": f"{p.table}/{row}", "raw": cells[0].raw, "decided": values, "decided_by": decided_by,
                  **({"previous": last.path} if last is not None and any("上一年度" in d for d in decided_by) else {})},
    )
    return values, finding


@implements("stock_continuity")
def check_stock_continuity(rule: Rule, ctx: SeriesContext) -> Iterator[Finding]:
    p = rule.compiled
    this, last = ctx.this, ctx.previous
    table = p.table
    section = ctx.section_of(table)
    decided: dict[str, int] = {}
    for row in p.rows:
        cells = [c for c in this.table_cells(table) if c.address.startswith(f"{table}/{row}/")]
        if len(cells) > 1 and all(c.kind == "unreadable" for c in cells) and len({c.raw for c in cells}) == 1:
            got = _decide_glued(rule, ctx, row, cells)
            if got is not None:
                decided.update(got[0])
                yield got[1]
    if last is None:
        return
    if this.template != last.template:
        yield rule.finding(
            {},
            message=(f"上一年度（{last.year}）报告使用{version_title(last.template)}，本年度报告使用"
                     f"{version_title(this.template)}，{ctx.table_name(table)}各列的含义不同，未核对存量是否连续"),
            severity=Severity.INFO,
            name="template-changed",
            span=span_of(next(this.table_cells(table), None)) or _first_span(this),
            section=section,
            evidence={**ctx.pairing(), "templates": [last.template, this.template]},
        )
        return
    text = this.text
    explained = next((m for rx in p.explained_by if (m := rx.search(text))), None)
    unfilled: list[tuple[str, CellRecord]] = []

    def number(c: CellRecord) -> Any:
        return decided.get(c.address, c.number)

    for row in p.rows:
        s, a, r = (this.cell(f"{table}/{row}/{c}") for c in (p.stock, p.added, p.removed))
        ls = last.cell(f"{table}/{row}/{p.stock}")
        if s is None or a is None or r is None or ls is None:
            continue
        parts = [("本年度", s), ("本年度", a), ("本年度", r), ("上一年度", ls)]
        blank = [(who, c) for who, c in parts if (number(c) if who == "本年度" else c.number) is None]
        if blank:
            unfilled.extend(blank)
            continue
        expected = Decimal(ls.number) + Decimal(number(a)) - Decimal(number(r))  # type: ignore[arg-type]
        diff = Decimal(number(s)) - expected
        if abs(diff) <= Decimal(str(p.tolerance)):
            continue
        if explained is not None:
            continue  # the report says why its stock moved otherwise: not flagged
        yield rule.finding(
            {
                "table": ctx.table_name(table),
                "row": ctx.row_label(table, row),
                "stock": ctx.column_label(table, p.stock),
                "this_stock": fmt_number(number(s)),
                "last_stock": fmt_number(ls.number),
                "added": fmt_number(number(a)),
                "removed": fmt_number(number(r)),
                "expected": fmt_number(expected),
                "diff": fmt_number(diff),
                "last_year": last.year if last.year is not None else "上一",
            },
            span=span_of(s),
            section=section,
            cell=s.address,
            evidence={
                **ctx.pairing(),
                "cells": [s.address, a.address, r.address],
                "previous_cell": ls.address,
                "expected": json_number(expected),
                "diff": json_number(diff),
            },
        )
    if unfilled:
        yield _unfilled_finding(rule, ctx, unfilled, "存量连续", ctx.pairing())


# ---------------------------------------------------------------------------------------------
# hierarchy_sum


@implements("hierarchy_sum")
def check_hierarchy_sum(rule: Rule, ctx: SeriesContext) -> Iterator[Finding]:
    p = rule.compiled
    this = ctx.this
    if not ctx.children and not ctx.missing_children:
        return
    tables = "、".join(ctx.table_name(t) for t in p.tables)
    if ctx.missing_children:
        shown = "、".join(ctx.missing_children[:_SHOWN]) + (f" 等 {len(ctx.missing_children)} 个" if len(ctx.missing_children) > _SHOWN else "")
        n = len(ctx.children) + len(ctx.missing_children)
        incomplete = p.missing_children == "incomplete"
        yield rule.finding(
            {},
            message=(f"批次清单列出 {n} 个下级机关，其中 {shown}的报告不在本次检查中，"
                     f"{'下级报告不全，' if incomplete else ''}未核对{tables}是否等于下级之和"),
            severity=Severity.WARNING if incomplete else Severity.INFO,
            name="children-incomplete" if incomplete else "children-missing-skipped",
            span=_first_span(this),
            evidence={"children": [c.path for c in ctx.children], "missing": list(ctx.missing_children),
                      "policy": p.missing_children},
        )
        return
    for table in p.tables:
        mismatched: list[tuple[CellRecord, Any]] = []
        for cell in this.table_cells(table):
            if cell.number is None:
                continue
            values = [child.cell(cell.address) for child in ctx.children]
            if any(v is None or v.number is None for v in values):
                continue  # a child without a number here: this cell is not compared
            total = sum((Decimal(v.number) for v in values if v is not None and v.number is not None), Decimal(0))
            if Decimal(cell.number) != total:
                mismatched.append((cell, total))
        if not mismatched:
            continue
        details = "；".join(f"{ctx.cell_label(c.address)}本机关 {fmt_number(c.number)}、下级合计 {fmt_number(t)}"
                           for c, t in mismatched[:_SHOWN]) + (f" 等 {len(mismatched)} 个单元格" if len(mismatched) > _SHOWN else "")
        first = mismatched[0][0]
        spec = ctx.schema.get(table)
        yield rule.finding(
            {"table": ctx.table_name(table), "children": len(ctx.children), "details": details, "count": len(mismatched)},
            span=span_of(first),
            section=spec.section if spec else None,
            cell=first.address,
            evidence={
                "children": [c.path for c in ctx.children],
                "cells": [c.address for c, _t in mismatched],
                "this": {c.address: json_number(c.number) for c, _t in mismatched},
                "children_sum": {c.address: json_number(t) for c, t in mismatched},
            },
        )


# ---------------------------------------------------------------------------------------------
# copied_text, near_duplicate


@implements("copied_text")
def check_copied_text(rule: Rule, ctx: SeriesContext) -> Iterator[Finding]:
    from ..similarity import compare_sections

    p = rule.compiled
    this, last = ctx.this, ctx.previous
    if last is None:
        return
    for number in p.sections:
        mine, theirs = this.section(number), last.section(number)
        if not mine or not theirs:
            continue
        sim = compare_sections(mine, theirs, this_year=this.year, last_year=last.year)
        if sim.compared_chars < p.min_chars or sim.score < p.threshold:
            continue
        stale = sorted({str(y) for y in _stale_years(sim)})
        first = sim.copied[0] if sim.copied else None
        line = this.line_in_section(number, first.line) if first is not None else None
        yield rule.finding(
            {
                "section": number,
                "score": f"{sim.score * 100:.0f}%",
                "last_year": last.year if last.year is not None else "上一",
                "copied": len(sim.copied),
                "stale": "、".join(f"{y}年" for y in stale) if stale else "无",
            },
            span=Span.point(line) if line is not None else None,  # the first copied sentence's paragraph
            section=number,
            evidence={
                **ctx.pairing(),
                "score": round(sim.score, 3),
                "copied": [_sentence_text(c) for c in sim.copied[:10]],
                "copied_count": len(sim.copied),
                "stale_years": stale,
            },
        )


def _stale_years(sim: Any) -> list[Any]:
    out = []
    for s in getattr(sim, "stale_years", ()):
        out.append(getattr(s, "year", s))
    return out


def _sentence_text(copied: Any) -> str:
    return str(getattr(copied, "text", copied))


#: near duplicates listed in a DUP-002 finding's evidence; more are counted (``more``)
MAX_LISTED = 50


def _duplicates_evidence(hits: list[tuple[str, str | None, float]]) -> dict[str, Any]:
    listed = [{"path": path, "agency": agency, "similarity": round(score, 3)} for path, agency, score in hits[:MAX_LISTED]]
    return {"duplicates": listed, "more": len(hits) - MAX_LISTED} if len(hits) > MAX_LISTED else {"duplicates": listed}


@implements("near_duplicate")
def check_near_duplicate(rule: Rule, ctx: SeriesContext) -> Iterator[Finding]:
    p = rule.compiled
    hits = sorted((d for d in ctx.duplicates if d[2] >= p.threshold), key=lambda d: (-d[2], d[0]))
    if not hits:
        return
    others = "、".join(f"{agency or '（未识别机关）'}（{path}，{score * 100:.0f}%）" for path, agency, score in hits[:_SHOWN])
    if len(hits) > _SHOWN:
        others += f" 等 {len(hits)} 份"
    starts = [ls[0] for _n, ls in ctx.this.paragraph_lines if ls]
    yield rule.finding(
        {"others": others, "score": f"{hits[0][2] * 100:.0f}%", "year": ctx.this.year if ctx.this.year is not None else ""},
        span=Span.point(starts[0]) if starts else None,  # where the narrative starts
        evidence=_duplicates_evidence(hits),
    )

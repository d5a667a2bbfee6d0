"""Kinds about what must be there: sections, tables, filled cells, metadata, the right template."""

from __future__ import annotations

import re

from decimal import Decimal
from typing import Iterator

from ..findings import Finding
from ..ruleset.model import Rule
from ..ruleset.params import SECTIONS, implements
from .base import KIND_ZH, Context
from ..template import label_key


@implements("required_section")
def check_required_section(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    report = ctx.report
    if p.check == "presence":
        for number in p.sections:
            if report.section(number) is not None:
                continue
            # where it should have been: the next present section, else the previous one
            idx = SECTIONS.index(number)
            span = None
            for later in SECTIONS[idx + 1:]:
                s = report.section(later)
                if s is not None:
                    span = s.span
                    break
            if span is None:
                for earlier in reversed(SECTIONS[:idx]):
                    s = report.section(earlier)
                    if s is not None:
                        span = s.span
                        break
            yield rule.finding(
                {"section": number, "title": ctx.schema.section_title(number)},
                span=span or ctx.first_span(),
                section=number,
                evidence={"missing_section": number},
            )
        return
    # numbering: printed ordinal, duplicates, order
    seen: dict[str, object] = {}
    last = -1
    for s in report.sections:
        if s.canonical is None or s.canonical not in p.sections:
            continue
        idx = SECTIONS.index(s.canonical)
        problem = None
        if s.canonical in seen:
            problem = "重复出现"
        elif s.number != s.canonical:
            problem = f"的序号印为“{s.number}”，按模板应为“{s.canonical}”"
        elif idx < last:
            problem = f"位置不对：应排在第{SECTIONS[last]}部分之前"
        seen.setdefault(s.canonical, s)
        last = max(last, idx)
        if problem:
            yield rule.finding(
                {
                    "section": s.canonical,
                    "title": s.title or ctx.schema.section_title(s.canonical),
                    "printed": s.number,
                    "expected_number": s.canonical,
                    "problem": problem,
                },
                span=s.span,
                section=s.canonical,
                evidence={"printed": s.number, "expected": s.canonical},
            )


@implements("required_table")
def check_required_table(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    table_id = p.table
    table = ctx.report.table(table_id)
    section = ctx.section_of_table(table_id)
    found = ctx.schema.get(table_id)
    title = found.quoted if found else table_id
    if table is None:
        sec = ctx.section(section) if section else None
        if section and sec is None:
            return  # the whole section is missing: the section rule's finding
        yield rule.finding(
            {"table": ctx.table_name(table_id), "table_title": title, "missing": "整张表格", "count": 1},
            span=sec.span if sec is not None else ctx.first_span(),
            section=section,
            evidence={"missing_table": table_id},
        )
        return
    spec = ctx.schema.table(table_id)
    rows = p.rows or spec.row_ids(ctx.template)
    missing: list[str] = []
    for rid in rows:
        row = table.row(rid)
        if row is None:
            missing.append(f"“{spec.row_label(rid)}”行")
            continue
        for cid in spec.column_ids(ctx.template, rid):
            if row.cell(cid) is None:
                missing.append(f"“{spec.row_label(rid)}”行“{spec.column_label(cid)}”列")
    if missing:
        shown = "、".join(missing[:6]) + (f" 等 {len(missing)} 处" if len(missing) > 6 else "")
        yield rule.finding(
            {"table": ctx.table_name(table_id), "table_title": title, "missing": shown, "count": len(missing)},
            span=table.span,
            section=section,
            evidence={"missing": missing},
        )


@implements("row_labels")
def check_row_labels(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """A row whose printed label is not the template's wording (after normalisation: white
    space, ordinals, remarks in brackets and punctuation do not count)."""
    template = ctx.report.template
    for table_id in rule.compiled.tables:
        table = ctx.report.table(table_id)
        if table is None:
            continue  # required_table's concern
        spec = ctx.schema.table(table_id)
        for row in table.rows:
            if row.match == "position":
                continue  # table 四 is read by position: no row label is printed per row
            expected = spec.row(row.id).label_for(template)
            if label_key(row.label) == label_key(expected):
                continue
            yield rule.finding(
                {"table": ctx.table_name(table_id), "row": ctx.schema.table(table_id).row_label(row.id),
                 "printed": row.label, "expected": expected},
                span=row.span,
                section=ctx.section_of_table(table_id),
                cell=None,
                evidence={"printed": row.label, "expected": expected, "match": row.match, "row": f"{table_id}/{row.id}"},
            )


@implements("cell_values")
def check_cell_values(rule: Rule, ctx: Context) -> Iterator[Finding]:
    for table_id in rule.compiled.tables:
        yield from _cell_values(rule, ctx, table_id)


def _cell_values(rule: Rule, ctx: Context, table_id: str) -> Iterator[Finding]:
    p = rule.compiled
    table = ctx.report.table(table_id)
    if table is None:
        return
    spec = ctx.schema.table(table_id)
    section = ctx.section_of_table(table_id)
    for row in table.rows:
        if p.check == "filled":
            bad = [(cid, cell) for cid, cell in row.cells if cell.kind in ("blank", "placeholder")]
            if not bad:
                continue
            cid0, cell0 = bad[0]
            cols = "、".join(f"“{spec.column_label(c)}”" for c, _ in bad)
            kinds = "、".join(sorted({KIND_ZH[c.kind] for _, c in bad}))
            yield rule.finding(
                {
                    "table": ctx.table_name(table_id),
                    "row": spec.row_label(row.id),
                    "cell": ctx.cell_label(f"{table_id}/{row.id}/{cid0}"),
                    "cells": cols,
                    "count": len(bad),
                    "raw": cell0.raw,
                    "problem": kinds,
                },
                span=cell0.span,
                section=section,
                cell=f"{table_id}/{row.id}/{cid0}",
                evidence={"cells": [f"{table_id}/{row.id}/{c}" for c, _ in bad], "raw": [c.raw for _, c in bad]},
            )
            continue
        for cid, cell in row.cells:
            problem = None
            if cell.kind == "text":
                problem = "不是数字" if not cell.raw.strip().startswith("-") else "不能为负数"
            elif cell.kind == "number" and cell.value is not None:
                v = cell.value
                if v < 0 and cid not in p.signed_columns:
                    problem = "不能为负数"
                elif isinstance(v, Decimal) and v != v.to_integral_value() and cid not in p.decimal_columns:
                    problem = "应为整数"
            if problem:
                address = f"{table_id}/{row.id}/{cid}"
                yield rule.finding(
                    {
                        "table": ctx.table_name(table_id),
                        "row": spec.row_label(row.id),
                        "cell": ctx.cell_label(address),
                        "cells": f"“{spec.column_label(cid)}”",
                        "count": 1,
                        "raw": cell.raw,
                        "problem": problem,
                    },
                    span=cell.span,
                    section=section,
                    cell=address,
                    evidence={"raw": cell.raw},
                )


@implements("required_metadata")
def check_required_metadata(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    if p.check == "agreement":
        yield from _year_agreement(rule, ctx)
        return
    value = {"year": ctx.report.year, "agency": ctx.report.agency}[p.field]
    if value is None or value == "":
        yield rule.finding({"field": {"year": "报告年度", "agency": "机关名称"}[p.field]}, span=ctx.first_span())


_YEAR_OF_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
# 统计期限 “2023年1月1日至2023年12月31日” (the end year may be left out)
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日[^。;；]{0,8}?(?:至|到|—|－|-|~|～)\s*(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
# “现将2022年度政府信息公开工作情况报告如下”, “本报告为…2022年度…年度报告”
_REPORTING = re.compile(r"(?:现将|现就|特此|本报告(?:为|是)?)[^。]{0,20}?((?:19|20)\d{2})\s*年度?[^。]{0,16}?(?:年度报告|工作情况|报告如下|公布如下)")


def _year_agreement(rule: Rule, ctx: Context) -> Iterator[Finding]:
    """The title year, the 统计期限 and the “现将YYYY年度…报告如下” sentence name one year."""
    report = ctx.report
    m = _YEAR_OF_TITLE.search(report.title or "")
    year = int(m.group(1)) if m else report.year
    if year is None:
        return  # META-001's concern
    where = "标题" if m else "报告年度"
    for section, para in ctx.paragraphs(("preamble", "一")):
        text = para.text
        for pm in _PERIOD.finditer(text):
            start = int(pm.group(1))
            end = int(pm.group(2)) if pm.group(2) else start
            for stated, g in ((start, 1), (end, 2)):
                if stated != year and pm.group(g):
                    yield rule.finding(
                        {"quote": pm.group(0), "stated": stated, "year": year, "where": where},
                        span=para.locate(pm.start(g), pm.end(g)),
                        section=section,
                        evidence={"left": stated, "right": year},
                    )
                    break
        for rm in _REPORTING.finditer(text):
            stated = int(rm.group(1))
            if stated != year:
                yield rule.finding(
                    {"quote": rm.group(0), "stated": stated, "year": year, "where": where},
                    span=para.locate(rm.start(1), rm.end(1)),
                    section=section,
                    evidence={"left": stated, "right": year},
                )


@implements("template_year")
def check_template_year(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    year = ctx.report.year
    if year is None or ctx.report.template not in p.templates:
        return
    yield rule.finding(
        {"year": year, "template": ctx.schema.title_of(ctx.report.template), "expected": p.expected},
        span=ctx.first_span(),
        evidence={"year": year, "template": ctx.report.template},
    )

"""Kinds about what must be there: sections, tables, filled cells, metadata, the right template."""

from __future__ import annotations

import re

from decimal import Decimal
from typing import Iterator

from ..codes import ROW_MISFIT
from ..findings import Finding, Severity
from ..model import DataTable
from ..layout.sections import section_content as find_content
from ..text import Span
from ..ruleset.model import Rule
from ..ruleset.params import SECTIONS, implements
from .base import KIND_ZH, Context
from ..template import Label, TableSpec, label_key, version_title


@implements("required_section")
def check_required_section(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    report = ctx.report
    if p.check == "presence":
        missing = [n for n in p.sections if report.section(n) is None]
        if missing and is_fragment(ctx):
            yield _fragment(rule, ctx)
            return
        for number in missing:
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
            values = {"section": number, "title": ctx.schema.section_title(number)}
            content = section_content(ctx, number)
            if content is not None:
                where, what = content
                yield rule.finding(
                    values,
                    message=f"未找到第{number}部分“{values['title']}”的标题，但该部分的内容在（第 {where.line} 行：{what}）："
                            "标题与模板不一致或在转换中丢失，不是缺少该部分",
                    severity=Severity.WARNING,
                    name=HEADING_NOT_FOUND,
                    span=where,
                    section=number,
                    evidence={"heading_not_found": number, "content_at": where.line, "content": what},
                )
                continue
            yield rule.finding(
                values,
                span=span or ctx.first_span(),
                section=number,
                # neither the heading nor the content (table, keywords) is in the text between its neighbours
                evidence={"missing_section": number, "not_in_text": True},
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
    if is_fragment(ctx):
        return  # a fragment of a report: one finding (required_section) lists what it lacks
    if table is None:
        sec = ctx.section(section) if section else None
        if section and sec is None:
            return  # the whole section is missing: the section rule's finding
        whole = {"table": ctx.table_name(table_id), "table_title": title, "missing": "整张表格", "count": 1}
        heads = table_printed_at(ctx, table_id)
        if heads is not None:
            head_at, words = heads
            shown = "、".join(f"“{w}”" for w in words)
            yield rule.finding(
                whole,
                message=f"{title}印在第 {head_at.line} 行（表头{shown}），但未能读出其中的数字（单元格可能全部空白，"
                        "或版面无法识别），不是缺少该表；请对照原文核对",
                severity=Severity.WARNING,
                name=TABLE_NOT_READ,
                span=head_at,
                section=section,
                evidence={"missing_table": table_id, "printed_at": head_at.line, "headers": words},
            )
            return
        yield rule.finding(
            whole,
            span=sec.span if sec is not None else ctx.first_span(),
            section=section,
            evidence={"missing_table": table_id},
        )
        return
    spec = ctx.schema.table(table_id)
    missing, rows_missing, cells_missing = _absent(ctx, table, spec, p.rows)
    printed: list[tuple[str, Span]] = []
    searched: list[str] = []  # rows whose label the section's text was searched for, in vain
    for rid in list(rows_missing):
        at = printed_at(ctx, table_id, rid)
        if at is None and searchable(ctx, table_id, rid):
            searched.append(f"{table_id}/{rid}")
        if at is not None:
            printed.append((rid, at))
            rows_missing.remove(rid)
            missing.remove(f"“{spec.row_label(rid)}”行")
    for group, values, at in _collapsed_groups(ctx, table_id):
        version = ctx.template or ""
        rows = [r.id for r in spec.rows_for(version) if r.group == group.id]
        if not rows or not set(rows) <= set(rows_missing):
            continue
        names = "".join(f"“{spec.row_label(r)}”" for r in rows)
        for r in rows:
            rows_missing.remove(r)
            missing.remove(f"“{spec.row_label(r)}”行")
        shown = group.display or group.label
        yield rule.finding(
            {"table": ctx.table_name(table_id), "table_title": title, "missing": f"“{shown}”的 {len(rows)} 行", "count": len(rows)},
            message=f"{ctx.table_name(table_id)}“{shown}”印为一行（数值 {' '.join(values)}），{version_title(version)}要求分为 "
                    f"{len(rows)} 行：{names}；这 {len(rows)} 行各自的数字无法从一行中读出",
            name=GROUP_AS_ONE_ROW,
            span=at,
            section=section,
            evidence={"group": f"{table_id}/{group.id}", "printed_at": at.line, "values": list(values),
                      "rows": [f"{table_id}/{r}" for r in rows]},
        )
    for rid, at in printed:
        yield rule.finding(
            {"table": ctx.table_name(table_id), "table_title": title, "missing": f"“{spec.row_label(rid)}”行", "count": 1},
            message=f"{ctx.table_name(table_id)}“{spec.row_label(rid)}”行印在第 {at.line} 行，但未能读取（行标题或单元格与模板对不上），"
                    "不是缺少该行；请对照原文核对该行数字",
            severity=Severity.WARNING,
            name=ROW_NOT_READ,
            span=at,
            section=section,
            evidence={"row": f"{table_id}/{rid}", "printed_at": at.line, "rows": [f"{table_id}/{rid}"]},
        )
    if missing:
        shown = "、".join(missing[:6]) + (f" 等 {len(missing)} 处" if len(missing) > 6 else "")
        yield rule.finding(
            {"table": ctx.table_name(table_id), "table_title": title, "missing": shown, "count": len(missing)},
            span=table.span,
            section=section,
            evidence={
                "missing": missing,
                **({"rows": [f"{table_id}/{r}" for r in rows_missing]} if rows_missing else {}),
                **({"cells": cells_missing} if cells_missing else {}),
                # the source text of the table's section was searched and does not print them
                **({"not_in_text": searched} if searched else {}),
            },
        )


GROUP_AS_ONE_ROW = "group-printed-as-one-row"


def _collapsed_groups(ctx: Context, table_id: str) -> Iterator[tuple[Label, tuple[str, ...], Span]]:
    """The groups of rows the layout found printed as one row (a ``PRS-005`` problem with
    ``evidence.group``): (group, the row's values, where)."""
    spec = ctx.schema.table(table_id)
    for p in ctx.report.problems:
        ev = dict(p.evidence)
        address = ev.get("group")
        if p.rule != ROW_MISFIT.id or not isinstance(address, str) or p.location.span is None:
            continue
        tid, _, gid = address.partition("/")
        group = spec.group(gid) if tid == table_id else None
        if group is not None:
            yield group, tuple(ev.get("values") or ()), p.location.span


HEADING_NOT_FOUND = "section-heading-not-found"
ROW_NOT_READ = "row-printed-not-read"
TABLE_NOT_READ = "table-printed-not-read"
FRAGMENT = "report-fragment"


def _absent(ctx: Context, table: DataTable, spec: TableSpec, only: tuple[str, ...] | None) -> tuple[list[str], list[str], list[str]]:
    """What of the template's table the report lacks: names (“…”行, “…”行“…”列), row ids, cell addresses."""
    missing: list[str] = []
    rows_missing: list[str] = []
    cells_missing: list[str] = []
    for rid in only or spec.row_ids(ctx.template):
        row = table.row(rid)
        if row is None:
            missing.append(f"“{spec.row_label(rid)}”行")
            rows_missing.append(rid)
            continue
        for cid in spec.column_ids(ctx.template, rid):
            if row.cell(cid) is None:
                missing.append(f"“{spec.row_label(rid)}”行“{spec.column_label(cid)}”列")
                cells_missing.append(f"{table.id}/{rid}/{cid}")
    return missing, rows_missing, cells_missing


_NOT_WORD = re.compile(r"[\W_]+")


def _squeeze(text: str) -> str:
    return _NOT_WORD.sub("", text)


def region(ctx: Context, number: str | None) -> list[tuple[Span, str]]:
    """The text the parser kept of a section's region: its paragraphs that are not sentences
    (lines that were not read as table rows) and the rows it could not fit to the template
    (PRS-005 problems printed there), as (where, text)."""
    if number is None:
        return []
    report = ctx.report
    sec = report.section(number)
    if sec is None:
        return []
    # narrative sentences (“被申请行政复议1件。”) name rows without printing them
    out = [(p.span, p.text) for p in sec.paragraphs if "。" not in p.text]
    later = [s.span.line for s in report.sections if s.span.line > sec.span.line]
    end = min(later) if later else None
    for f in report.problems:
        s = f.location.span
        if f.rule == ROW_MISFIT.id and s is not None and s.line >= sec.span.line and (end is None or s.line < end):
            out.append((s, f.message))
    return out


def _row_keys(ctx: Context, table_id: str, row_id: str) -> list[str]:
    label = ctx.schema.table(table_id).row(row_id)
    return [k for k in dict.fromkeys((*label.keys, label_key(label.label_for(ctx.template)))) if len(k) >= 4]


def searchable(ctx: Context, table_id: str, row_id: str) -> bool:
    """Whether :func:`printed_at` can tell: the row's label is long enough, and the table's
    section was found (its text is there to search)."""
    spec = ctx.schema.table(table_id)
    return bool(_row_keys(ctx, table_id, row_id)) and ctx.report.section(spec.section) is not None


def table_printed_at(ctx: Context, table_id: str) -> tuple[Span, list[str]] | None:
    """Where a table the layout pass did not build is printed in its section's text: the first
    line of that region that prints at least three of its column headings (labels of four
    characters or more, from the template), and the headings found; None when none does."""
    spec = ctx.schema.table(table_id)
    labels = [c.label for c in spec.columns if len(label_key(c.label)) >= 4]
    if len(labels) < 3:
        return None
    for span, text in region(ctx, spec.section):
        squeezed = _squeeze(text)
        found = [w for w in labels if label_key(w) in squeezed]
        if len(found) >= 3:
            return span, found
    return None


def printed_at(ctx: Context, table_id: str, row_id: str) -> Span | None:
    """Where a row the table lacks is printed in its section's text (its label, or for a label
    of six characters or more, the label with one character dropped or changed), or None: the
    source does not print it (or, see :func:`searchable`, cannot tell)."""
    spec = ctx.schema.table(table_id)
    keys = _row_keys(ctx, table_id, row_id)
    if not keys:
        return None  # too short to tell from ordinary words
    patterns = [re.compile("|".join(
        [re.escape(k)] + ([re.escape(k[:i]) + "." + re.escape(k[i + 1:]) for i in range(len(k))]
                          + [re.escape(k[:i] + k[i + 1:]) for i in range(len(k))] if len(k) >= 6 else [])
    )) for k in keys]
    for span, text in region(ctx, spec.section):
        squeezed = _squeeze(text)
        if any(p.search(squeezed) for p in patterns):
            return span
    return None


def is_fragment(ctx: Context) -> bool:
    """A file that is only a piece of a report: no title, and fewer than half of the template's
    sections found (the rest may hold tables or text of the parts it has)."""
    report = ctx.report
    version = ctx.schema.version(report.template)
    if version is None or version.kind != "national" or report.title:
        return False
    found = sum(1 for s in ctx.schema.sections if report.section(s.number) is not None)
    return found * 2 < len(ctx.schema.sections)


def _fragment(rule: Rule, ctx: Context) -> Finding:
    """The one finding of a fragment: what it holds, and every part a whole report has and it
    lacks (sections, tables and rows, title, year and agency) in ``evidence.absent``."""
    report, schema = ctx.report, ctx.schema
    found = [s.number for s in schema.sections if report.section(s.number) is not None]
    absent: list[str] = ["标题"]
    if report.year is None:
        absent.append("报告年度")
    if not report.agency:
        absent.append("机关名称")
    absent += [f"第{s.number}部分“{s.title}”" for s in schema.sections if s.number not in found]
    holds: list[str] = []
    for spec in schema.tables:
        if ctx.template not in spec.versions:
            continue
        table = report.table(spec.id)
        if table is None:
            absent.append(f"{spec.short}（整张表格）")
            continue
        missing, _rows, _cells = _absent(ctx, table, spec, None)
        holds.append(f"{spec.short}（{len(table.rows)} 行" + ("，不全" if missing else "") + "）")
        absent += [f"{spec.short}{m}" for m in missing]
    parts = "、".join(f"第{n}部分" for n in found) or "没有"
    held = "、".join(holds) if holds else "没有统计表"
    message = (f"文件不是完整的年度报告，只是报告的片段：没有标题，模板的 {len(schema.sections)} 个部分中只找到{parts}，"
               f"文件中有{held}；缺少 {len(absent)} 项（见证据 absent）。片段可能来自转换或摘录，请取得发布的全文再核对；"
               f"如这就是发布的全文，则缺少上述法定内容")
    first = found[0] if found else None
    return rule.finding(
        {"section": first or "", "title": schema.section_title(first) if first else ""},
        message=message,
        name=FRAGMENT,
        # what the file lacks is certain, what the published report lacks is not: a warning
        severity=Severity.WARNING,
        span=ctx.first_span(),
        section=None,
        evidence={"fragment": True, "sections_found": found, "holds": holds, "absent": absent},
    )


def section_content(ctx: Context, number: str) -> tuple[Span, str] | None:
    """Where the content of a section whose heading was not found stands, and what shows it;
    None when nothing does (see :func:`compliance.layout.sections.section_content`)."""
    report = ctx.report
    idx = SECTIONS.index(number)
    before = next((report.section(n) for n in reversed(SECTIONS[:idx]) if report.section(n) is not None), None)
    paragraphs = before.paragraphs if before is not None else report.preamble
    return find_content(ctx.schema, number, report.table(ctx.schema.table_of_section(number) or ""),
                        before.canonical if before is not None else None, paragraphs)


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
    if p.check == "filled":
        yield from _unfilled(rule, ctx, table, spec, section)
        return
    for row in table.rows:
        for cid, cell in row.cells:
            problem = None
            severity = None
            name = None
            if cell.kind == "text":
                if cell.raw.strip().startswith("-") and re.match(r"^-\d", cell.raw.strip()):
                    problem = "不能为负数"
                else:
                    # a format fault: nothing to check, no number contradicted
                    problem, severity, name = "不是数字，无法核对（没有数据应填 0）", Severity.WARNING, NON_NUMERIC
            elif cell.kind == "number" and cell.value is not None:
                v = cell.value
                if v < 0 and cid not in p.signed_columns:
                    problem = "不能为负数"
                elif isinstance(v, Decimal) and v != v.to_integral_value() and cid not in p.decimal_columns:
                    problem = "应为整数"
                elif cell.note:
                    problem = f"数字后附有说明“{cell.note}”，按 {v} 核对；说明应写在表外"
                    severity, name = Severity.WARNING, NUMBER_WITH_NOTE
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
                    severity=severity,
                    name=name,
                    evidence={"raw": cell.raw, "cells": [address], **({"note": cell.note} if cell.note else {})},
                )


NON_NUMERIC = "non-numeric-cell"
NUMBER_WITH_NOTE = "number-with-note"


def _unfilled(rule: Rule, ctx: Context, table: DataTable, spec: TableSpec, section: str | None) -> Iterator[Finding]:
    """One finding per table for its blank and placeholder cells (one fact: the table is not
    filled in), naming them compactly: whole columns, whole rows, else the cells."""
    bad = [(row.id, cid, cell) for row in table.rows for cid, cell in row.cells if cell.kind in ("blank", "placeholder")]
    if not bad:
        return
    rid0, cid0, cell0 = bad[0]
    described, whole_columns, whole_rows = describe_cells(table, spec, {(r, c) for r, c, _ in bad}, ctx.template)
    kinds = "、".join(KIND_ZH[k] for k in ("placeholder", "blank") if any(c.kind == k for _, _, c in bad))
    first = f"{table.id}/{rid0}/{cid0}"
    yield rule.finding(
        {
            "table": ctx.table_name(table.id),
            "row": spec.row_label(rid0),
            "cell": ctx.cell_label(first),
            "cells": described,
            "count": len(bad),
            "raw": cell0.raw,
            "problem": kinds,
        },
        span=cell0.span,
        section=section,
        cell=first,
        evidence={
            "cells": [f"{table.id}/{r}/{c}" for r, c, _ in bad],
            "raw": [c.raw for _, _, c in bad],
            **({"columns": whole_columns} if whole_columns else {}),
            **({"rows": [f"{table.id}/{r}" for r in whole_rows]} if whole_rows else {}),
        },
    )


def describe_cells(table: DataTable, spec: TableSpec, cells: set[tuple[str, str]], template: str | None) -> tuple[str, list[str], list[str]]:
    """A compact Chinese name of a set of (row, column) cells of ``table``: whole columns
    (“商业企业”至“其他”5 列, or a column group's name), whole rows, then the remaining cells
    (at most four rows of them, then a count).  Also the whole columns and rows (ids)."""
    order = [c.id for c in spec.columns]
    present: dict[str, list[str]] = {c: [] for c in order}
    for row in table.rows:
        for cid, _cell in row.cells:
            present.setdefault(cid, []).append(row.id)
    whole_cols = [c for c in order if len(present.get(c, ())) >= 2 and all((r, c) in cells for r in present[c])]
    covered = {(r, c) for c in whole_cols for r in present[c]}
    whole_rows = [
        row.id for row in table.rows
        if len(row.cells) >= 2 and all((row.id, c) in cells for c, _ in row.cells)
        and not all((row.id, c) in covered for c, _ in row.cells)
    ]
    for rid in whole_rows:
        covered |= {(rid, c) for c, _ in table.row(rid).cells}  # type: ignore[union-attr]
    parts: list[str] = []
    if whole_cols:
        parts.append("、".join(_column_runs(spec, order, whole_cols, template)) + "（整列）")
    if whole_rows:
        shown = [f"“{spec.row_label(r)}”" for r in whole_rows[:4]]
        parts.append("、".join(shown) + (f" 等 {len(whole_rows)} 行" if len(whole_rows) > 4 else "行") + "（整行）")
    rest: dict[str, list[str]] = {}
    for row in table.rows:
        for cid, _cell in row.cells:
            if (row.id, cid) in cells and (row.id, cid) not in covered:
                rest.setdefault(row.id, []).append(cid)
    if rest:
        items = [
            f"“{spec.row_label(r)}”行" + "、".join(f"“{spec.column_label(c, template)}”" for c in cols) + "列"
            for r, cols in list(rest.items())[:4]
        ]
        n = sum(len(v) for v in rest.values())
        parts.append("、".join(items) + (f" 等 {n} 个单元格" if len(rest) > 4 else ""))
    return "；".join(parts), whole_cols, whole_rows


def _column_runs(spec: TableSpec, order: list[str], columns: list[str], template: str | None) -> list[str]:
    """Whole columns as runs of neighbours in template order: a group's name when a run is
    exactly the columns of one group, “甲”至“丁”4 列 for three or more, else the names."""
    runs: list[list[str]] = []
    for c in columns:
        if runs and order.index(c) == order.index(runs[-1][-1]) + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    out = []
    for run in runs:
        groups = {spec.column(c).group for c in run}
        gid = next(iter(groups)) if len(groups) == 1 else None
        group = spec.group(gid) if gid else None
        if group is not None and [c.id for c in spec.columns if c.group == gid] == run:
            out.append(f"“{group.display or group.label}”各列")
        elif len(run) >= 3:
            out.append(f"“{spec.column_label(run[0], template)}”至“{spec.column_label(run[-1], template)}”{len(run)} 列")
        else:
            out.append("、".join(f"“{spec.column_label(c, template)}”" for c in run) + "列")
    return out


@implements("required_metadata")
def check_required_metadata(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    if p.check == "agreement":
        yield from _year_agreement(rule, ctx)
        return
    if is_fragment(ctx):
        return  # a fragment of a report: the required_section finding lists the title it lacks
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

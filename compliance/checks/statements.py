"""Kind ``required_statement``: a section must say something (or must not)."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import Finding
from ..ruleset.model import Rule
from ..ruleset.params import implements
from .base import Context, may_contain

_GOVERNMENT = re.compile(r"(人民政府|管委会|管理委员会|行政公署)$")


def issuer_kind(ctx: Context) -> str | None:
    """The issuer kind: the ``--issuer-kind`` fact, else inferred from the agency's name
    (``…人民政府`` / ``…管委会`` → government); ``None`` when neither says."""
    if ctx.facts.issuer_kind:
        return ctx.facts.issuer_kind
    agency = (ctx.report.agency or "").strip()
    if agency and _GOVERNMENT.search(agency) and not re.search(r"办公室|办公厅", agency):
        return "government"
    return None


@implements("required_statement")
def check_required_statement(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    if p.issuer_kinds:
        kind = issuer_kind(ctx)
        if kind is None or kind not in p.issuer_kinds:
            return
    if p.when is not None:
        ev = ctx.evaluate(p.when)
        if not ev.assessable or not ev.value:
            return
    named = [s for s in p.sections if s not in ("all", "preamble")]
    sections = [ctx.section(s) for s in named]
    present = [s for s in sections if s is not None]
    if len(present) < len(named):
        return  # a section itself is missing: the structure rule's finding
    anchor = present[0] if present else None
    number = anchor.canonical if anchor is not None else None
    span = anchor.span if anchor is not None else ctx.first_span()
    paragraphs = list(ctx.paragraphs(p.sections))
    text = "\n".join(para.text for _s, para in paragraphs)
    title = ctx.schema.section_title(number) if number else "全文"
    section_name = f"第{number}部分“{title}”" if number else "报告正文"
    missing: list[str] = []
    chars = len(re.sub(r"\s+", "", text))
    if p.min_chars and chars < p.min_chars:
        missing.append(f"实质内容（仅 {chars} 字）")
    for g in p.groups:
        if not any(ctx.may_find(rx) and rx.search(text) for rx in g.any_of):
            missing.append(g.label or "规定的表述")
    if missing:
        yield rule.finding(
            {"section": section_name, "title": title, "missing": "、".join(missing), "quote": "", "chars": chars},
            span=span,
            section=number,
            evidence={"missing": missing},
        )
    none_of = ctx.live(p.none_of)  # the others match nowhere
    for section, para in paragraphs if none_of else ():
        for rx, needles in none_of:
            if not may_contain(needles, para.text):
                continue
            for m in rx.finditer(para.text):
                q = m.group(0)
                yield rule.finding(
                    {"section": section_name, "title": title, "missing": "", "quote": q if len(q) <= 40 else q[:39] + "…", "chars": chars},
                    span=para.locate(m.start(), m.end()),
                    section=section,
                    evidence={"quote": q},
                )

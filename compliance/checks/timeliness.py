"""Kind ``deadline``: the publication date against the deadline for the issuer's kind.

Needs two facts the report does not reliably state: ``--published-on`` and ``--issuer-kind``.
Without them the rule reports, as an info finding, that it could not run: never a silent pass.
"""

from __future__ import annotations

import datetime
from typing import Iterator

from ..findings import Finding, Severity
from ..ruleset.model import ISSUER_KIND_ZH, Rule
from ..ruleset.params import implements
from .base import NOT_EVALUATED, Context


@implements("deadline")
def check_deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    published = ctx.facts.published_on
    kind = ctx.facts.issuer_kind
    year = ctx.report.year
    span = ctx.first_span()
    if published is None or kind is None:
        lacking = "、".join(x for x, v in (("--published-on（公布日期）", published), ("--issuer-kind（机关类型）", kind)) if v is None)
        printed = ctx.report.published_on
        hint = f"；报告中印有日期 {printed}，如即公布日期可用 --published-on {printed} 指定" if printed else ""
        yield rule.finding(
            {},
            message=f"未能核对公布期限：缺少 {lacking}{hint}",
            severity=Severity.INFO,
            name=NOT_EVALUATED,
            span=span,
            evidence={"missing_facts": [x for x, v in (("published_on", published), ("issuer_kind", kind)) if v is None]},
        )
        return
    if year is None:
        yield rule.finding(
            {},
            message="未能核对公布期限：报告年度无法识别",
            severity=Severity.INFO,
            name=NOT_EVALUATED,
            span=span,
        )
        return
    if published < datetime.date(year + 1, 1, 1):
        yield rule.finding(
            {},
            message=f"公布日期 {published.isoformat()} 早于报告年度（{year}年）结束，年度报告不可能在此前完成，请核对日期或年度",
            span=span,
            name="implausible-publication-date",
            evidence={"published_on": published.isoformat(), "year": year},
        )
        return
    due = None
    for d in p.due:
        if d.issuer_kind != kind:
            continue
        if d.from_year is not None and year < d.from_year:
            continue
        if d.until_year is not None and year > d.until_year:
            continue
        due = d
        break
    if due is None:
        yield rule.finding(
            {},
            message=f"本规则集未规定{ISSUER_KIND_ZH[kind]}的公布期限（条例第四十九条对其未作规定），未核对；如当地另有规定，请使用地方规则集",
            severity=Severity.INFO,
            name=NOT_EVALUATED,
            span=span,
            evidence={"issuer_kind": kind},
        )
        return
    deadline = datetime.date(year + p.year_offset, due.month, due.day)
    late = published > deadline if p.inclusive else published >= deadline
    if not late:
        return
    days = (published - deadline).days
    yield rule.finding(
        {
            "published_on": published.isoformat(),
            "deadline": deadline.isoformat(),
            "issuer_kind": ISSUER_KIND_ZH[kind],
            "year": year,
            "days": days,
            "basis_text": due.basis or "",
        },
        span=span,
        evidence={"published_on": published.isoformat(), "deadline": deadline.isoformat(), "days_late": days, "issuer_kind": kind},
    )

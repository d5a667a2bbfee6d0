"""What every check gets: the report, the facts, the rule set, and small lookups on them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Sequence

from attrs import define

from ..model import Report
from ..findings import Finding, Severity
from ..expr import Expr, Evaluation
from ..ruleset.model import Facts, Rule, Ruleset
from ..template import Template, current as current_template
from ..text import Span

KIND_ZH = {"blank": "空白", "placeholder": "占位符", "text": "文字", "unreadable": "无法识别", "missing": "缺失"}
NOT_ASSESSABLE = "not-assessable"
NOT_EVALUATED = "not-evaluated"


@define
class Context:
    report: Report
    facts: Facts
    ruleset: Ruleset
    schema: Template

    @classmethod
    def make(cls, report: Report, facts: Facts | None, ruleset: Ruleset) -> "Context":
        return cls(report, facts or Facts(), ruleset, current_template())

    @property
    def template(self) -> str | None:
        t = self.report.template
        names = self.schema.version_names
        if t in names:
            return t
        own = [x for x in self.ruleset.templates if x in names]
        return own[0] if len(own) == 1 else None

    # ---- text
    def paragraphs(self, scope: Sequence[str]) -> Iterator[tuple[str | None, Any]]:
        """(section number, paragraph) for the scope: ``all``, ``preamble`` or section numbers."""
        everything = "all" in scope
        if everything or "preamble" in scope:
            for p in self.report.preamble:
                yield None, p
        for s in self.report.sections:
            if everything or (s.canonical is not None and s.canonical in scope):
                for p in s.paragraphs:
                    yield s.canonical, p

    def section(self, number: str) -> Any:
        return self.report.section(number)

    def first_span(self) -> Span:
        for p in self.report.preamble:
            return p.span
        for s in self.report.sections:
            return s.span
        return Span.point(1)

    # ---- cells
    def cell(self, table: str, row: str, column: str) -> Any:
        t = self.report.table(table)
        return t.cell(row, column) if t is not None else None

    def resolver(self, table: str | None = None, *, row: str | None = None, column: str | None = None):
        """A resolver for expression references (see ``compliance.expr``)."""
        schema, template = self.schema, self.template

        def resolve(name: str) -> list[tuple[str, Any]]:
            if "/" in name:
                t, r, c = name.split("/")
                out = []
                for rid in schema.matching_rows(t, r, template):
                    for cid in schema.matching_columns(t, c, template, rid):
                        out.append((f"{t}/{rid}/{cid}", self.cell(t, rid, cid)))
                return out
            assert table is not None
            if column is not None:  # refs are rows
                return [(f"{table}/{rid}/{column}", self.cell(table, rid, column)) for rid in schema.matching_rows(table, name, template)]
            assert row is not None  # refs are columns
            return [(f"{table}/{row}/{cid}", self.cell(table, row, cid)) for cid in schema.matching_columns(table, name, template, row)]

        return resolve

    def evaluate(self, expr: Expr, **kw: Any) -> Evaluation:
        return expr.evaluate(self.resolver(kw.pop("table", None), **kw))

    def cell_label(self, address: str) -> str:
        return self.schema.label(address)

    def label(self, table: str, name: str, mode: str) -> str:
        """A row (mode column) or column (mode row) id, or an address, as a Chinese label."""
        if "/" in name:
            return self.cell_label(name)
        t = self.schema.get(table)
        if t is None:
            return name
        if "*" in name:
            return t.wildcard_label(name) if mode == "column" else name
        return t.row_label(name) if mode == "column" else t.column_label(name)

    def table_name(self, table: str) -> str:
        t = self.schema.get(table)
        return t.short if t else table

    def section_of_table(self, table: str) -> str | None:
        t = self.schema.get(table)
        return t.section if t else None


def not_assessable(rule: Rule, ctx: Context, ev: Evaluation, what: str, *, section: str | None) -> Finding:
    """The info finding for a rule that met blank/placeholder cells: never read as 0."""
    addresses = [a for a, _k in ev.unfilled]
    kinds = {a: k for a, k in ev.unfilled}
    first = addresses[0]
    t, r, c = first.split("/")
    cell = ctx.cell(t, r, c)
    names = "、".join(f"{ctx.cell_label(a)}（{KIND_ZH.get(kinds[a], kinds[a])}）" for a in addresses[:4])
    if len(addresses) > 4:
        names += f" 等 {len(addresses)} 个单元格"
    return rule.finding(
        {},
        message=f"{names}未填写数字，无法核对“{what}”（空白或占位符不按 0 计算）",
        severity=Severity.INFO,
        name=NOT_ASSESSABLE,
        span=cell.span if cell is not None else None,
        section=section,
        cell=first,
        evidence={"unfilled": [a for a in addresses], "check": what},
    )

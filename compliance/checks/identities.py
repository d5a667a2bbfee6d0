"""Identities over a report's cells with unknowns, and the likely cause of a failing one.

Every check that evaluates an identity (a comparison of sums and differences of cells) decides
it here: :func:`outcomes` reads each context (column or row) as a linear form
(``compliance.expr.linearize``) and decides it with the unfilled cells as unknown numbers
(``compliance.expr.decide``: ≥ 0, of any sign in a ``signed`` row or column, with decimals in a
``decimal`` one).  :func:`causes` looks, for the contexts that fail with every cell filled, for
what the numbers show: one application counted in the wrong column (``misclassified``), one
number split over two cells (``split-cell``), an amount in 元 where 万元 is meant
(``unit-yuan-wanyuan``), one item left out of a total (``row-left-out``).  A cause never
changes the verdict.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterator, Mapping, Sequence

from attrs import define, frozen

from ..expr import HOLDS, VIOLATED, BoundPlan, Decision, Expr, Linear, Term, decide, fmt_number, linearize
from ..template import TableSpec, Template
from ..findings import json_number
from .base import Context

MISCLASSIFIED = "misclassified"
SPLIT_CELL = "split-cell"
UNIT = "unit-yuan-wanyuan"
ROW_LEFT_OUT = "row-left-out"
UNIT_FACTOR = Decimal(10000)


# --------------------------------------------------------------------------------------------
# cells: what an unknown may hold


def _split(address: str) -> tuple[str, str, str]:
    t, r, c = address.split("/")
    return t, r, c


def cell_traits(ctx: Context) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """(signed, decimal) for a cell address, from the template: a ``signed`` row or column may
    be negative; a ``decimal`` row, column or block holds amounts with decimals.  Computed once
    per address and template version (kept on the template)."""
    template = ctx.template
    return ctx.schema.derived(f"checks.cell-traits.{template}", lambda schema: _memoised_traits(schema, template))


def _memoised_traits(schema: Template, template: str | None) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    signed, decimal = _traits(schema, template)
    signed_of: dict[str, bool] = {}
    decimal_of: dict[str, bool] = {}

    def signed_memo(address: str) -> bool:
        found = signed_of.get(address)
        if found is None:
            found = signed_of[address] = signed(address)
        return found

    def decimal_memo(address: str) -> bool:
        found = decimal_of.get(address)
        if found is None:
            found = decimal_of[address] = decimal(address)
        return found

    return signed_memo, decimal_memo


def _traits(schema: Template, template: str | None) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    def spec_of(address: str) -> tuple[TableSpec | None, str, str]:
        t, r, c = _split(address)
        return schema.get(t), r, c

    def signed(address: str) -> bool:
        spec, r, c = spec_of(address)
        if spec is None:
            return False
        return (spec.has_row(r) and spec.row(r).signed) or (c in [x.id for x in spec.columns] and spec.column(c).signed)

    def decimal(address: str) -> bool:
        spec, r, c = spec_of(address)
        if spec is None:
            return False
        if (spec.has_row(r) and spec.row(r).decimal) or (c in [x.id for x in spec.columns] and spec.column(c).decimal):
            return True
        return any(b.decimal and r in b.rows and c in b.columns and (template is None or template in b.templates) for b in spec.blocks)

    return signed, decimal


# --------------------------------------------------------------------------------------------
# one identity over the contexts of a table


@define
class Outcome:
    """One context (a column or a row) of an identity: its linear form and the decision."""

    key: str
    mode: str  # column (the refs are rows) | row (the refs are columns)
    lin: Linear
    decision: Decision
    resolve: Callable[[str], Sequence[tuple[str, Any]]]

    @property
    def known(self) -> bool:
        return not self.lin.unknowns

    @property
    def failed_known(self) -> bool:
        """Fails with every cell filled: the findings the causes are sought for."""
        return self.known and self.decision.status == VIOLATED


def contexts(ctx: Context, table: str, for_each: str, only: Sequence[str] | None = None) -> list[str]:
    spec = ctx.schema.table(table)
    if for_each == "column":
        return list(only or spec.column_ids(ctx.template))
    report_table = ctx.report.table(table)
    keys = list(only or spec.row_ids(ctx.template))
    return [k for k in keys if report_table is not None and report_table.row(k) is not None]


def outcomes(ctx: Context, table: str, for_each: str, expr: Expr, *, only: Sequence[str] | None = None,
             tolerance: Any = 0) -> Iterator[Outcome]:
    """The identity decided in each context of the table (contexts whose rows or columns the
    report lacks are left out: the structure rules report them)."""
    signed, decimal = cell_traits(ctx)
    plans = _bound_plans(ctx, table, for_each, expr)
    cell = ctx.report.cell_index().get
    for key in contexts(ctx, table, for_each, only):
        resolve = ctx.resolver(table, column=key) if for_each == "column" else ctx.resolver(table, row=key)
        bound = plans.get(key)
        if bound is None:
            bound = plans[key] = _bind(ctx, table, for_each, expr, key)
        lin = bound.over(cell) if bound is not None else linearize(expr, resolve)
        if lin.missing:
            continue
        yield Outcome(key, for_each, lin, decide(lin, tolerance=tolerance, free=signed, fractional=decimal), resolve)


def _bound_plans(ctx: Context, table: str, for_each: str, expr: Expr) -> dict[str, BoundPlan[tuple[str, str, str]] | None]:
    """The identity's plans with their cells resolved, by context, for this template version:
    kept with the expression (compiled once per rule set and template)."""
    return expr.compiled(ctx.schema, ("identities.plans", table, for_each, ctx.template), dict)


def _bind(ctx: Context, table: str, for_each: str, expr: Expr, key: str) -> BoundPlan[tuple[str, str, str]] | None:
    """The plan of ``expr`` in one context, its references resolved to cells (None: not linear,
    :func:`linearize` says so)."""
    plan = expr.linear_plan
    if plan is None:
        return None
    addresses, template = ctx.schema.addresses, ctx.template
    row, column = (None, key) if for_each == "column" else (key, None)
    return plan.bind(lambda name: [(a, (t, r, c)) for a, t, r, c in addresses(table, name, template, row=row, column=column)])


class Forms:
    """Every template identity of a table over the report, computed once when a cause is
    sought: the identities the numbers must keep (repairs) and the other direction's ones."""

    def __init__(self, ctx: Context, table: str) -> None:
        self.ctx = ctx
        self.table = table
        spec = ctx.schema.table(table)
        self.signed, self.decimal = cell_traits(ctx)
        self.by_identity: list[tuple[str, Expr, list[Outcome]]] = []
        self.touching: dict[str, list[Linear]] = {}
        for ident in spec.identities_for(ctx.template):
            outs = list(outcomes(ctx, table, ident.for_each, ident.expr))
            self.by_identity.append((ident.for_each, ident.expr, outs))
            for o in outs:
                for t in o.lin.terms:
                    self.touching.setdefault(t.address, []).append(o.lin)

    def add(self, outs: Sequence[Outcome]) -> None:
        """The rule's own contexts count too (a rule may restrict or restate an identity)."""
        for o in outs:
            for t in o.lin.terms:
                forms = self.touching.setdefault(t.address, [])
                if not any(f is o.lin or f == o.lin for f in forms):
                    forms.append(o.lin)

    def repaired(self, values: Mapping[str, Decimal], tolerance: Any) -> bool:
        """Whether every identity over the changed cells holds once they hold ``values``."""
        forms: list[Linear] = []
        for a in values:
            for f in self.touching.get(a, ()):
                if not any(f is g for g in forms):
                    forms.append(f)
        if not forms:
            return False
        for f in forms:
            d = decide(f.with_values(values), tolerance=tolerance if f.op == "==" else 0, free=self.signed, fractional=self.decimal)
            if d.status != HOLDS:
                return False
        return True


# --------------------------------------------------------------------------------------------
# the likely cause


@frozen
class Cause:
    id: str
    cells: tuple[str, ...]
    values: Mapping[str, str]  # the placeholders of its sentence
    text_key: str  # the kind parameter holding its sentence
    extra: Mapping[str, Any] = {}  # numbers for the evidence

    def evidence(self) -> dict[str, Any]:
        return {"id": self.id, "cells": list(self.cells), **{k: json_number(v) for k, v in self.extra.items()}}


def _item(address: str, mode: str) -> str:
    """The row (mode column) or column (mode row) of a cell: what a context's term names."""
    _t, r, c = _split(address)
    return r if mode == "column" else c


def _ctx_of(address: str, mode: str) -> str:
    _t, r, c = _split(address)
    return c if mode == "column" else r


def _int(v: Decimal | None) -> int | None:
    if v is None or v != v.to_integral_value() or v < 0:
        return None
    return int(v)


def causes(ctx: Context, table: str, outs: Sequence[Outcome], *, tolerance: Any, axis_label: Callable[[str], str],
           cell_label: Callable[[str], str], mode: str) -> dict[str, Cause]:
    """The likely cause of each context that fails with every cell filled, by its key."""
    failing = [o for o in outs if o.failed_known]
    if not failing:
        return {}
    forms = Forms(ctx, table)
    forms.add(outs)
    found: dict[str, Cause] = {}
    for o in failing:
        cause = _split_cell(ctx, table, o, forms, tolerance, cell_label) or _unit(o, forms, tolerance, cell_label)
        if cause is not None:
            found[o.key] = cause
    for key, cause in _misclassified(outs, forms, mode, axis_label, ctx).items():
        found.setdefault(key, cause)
    for key, cause in _row_left_out(outs, mode, tolerance, cell_label).items():
        found.setdefault(key, cause)
    return found


def _split_cell(ctx: Context, table: str, o: Outcome, forms: Forms, tolerance: Any,
                cell_label: Callable[[str], str]) -> Cause | None:
    """Two adjacent cells of a row whose digits, joined into one of them (the other 0), make
    every identity over them hold."""
    report_table = ctx.report.table(table)
    if report_table is None:
        return None
    pairs: dict[tuple[str, str], None] = {}
    for t in o.lin.terms:
        tid, r, c = _split(t.address)
        row = report_table.row(r) if tid == table else None
        if row is None:
            continue
        cols = [col for col, _cell in row.cells]
        if c not in cols:
            continue
        i = cols.index(c)
        for j in (i - 1, i):
            if 0 <= j and j + 1 < len(cols):
                pairs.setdefault((f"{tid}/{r}/{cols[j]}", f"{tid}/{r}/{cols[j + 1]}"))
    hits = []
    for left, right in pairs:
        lc, rc = ctx.report.cell(left), ctx.report.cell(right)
        if lc is None or rc is None or lc.value is None or rc.value is None:
            continue
        lv, rv = _int(Decimal(lc.value)), _int(Decimal(rc.value))
        if lv is None or rv is None or lv == 0:
            continue
        joined = Decimal(int(f"{lv}{rv}"))
        for into, other in ((left, right), (right, left)):
            if forms.repaired({into: joined, other: Decimal(0)}, tolerance):
                hits.append((left, right, into, joined, lv, rv))
    if len(hits) != 1:
        return None
    left, right, into, joined, lv, rv = hits[0]
    return Cause(SPLIT_CELL, (left, right), {
        "left": f"{cell_label(left)}（{lv}）", "right": f"{cell_label(right)}（{rv}）",
        "joined": fmt_number(joined), "into": cell_label(into),
    }, "cause_split_cell", {"joined": joined, "into": into})


def _unit(o: Outcome, forms: Forms, tolerance: Any, cell_label: Callable[[str], str]) -> Cause | None:
    """An amount that, read as 万元 instead of 元 (or the reverse), makes the identities hold."""
    hits = []
    for t in o.lin.known:
        if not forms.decimal(t.address) or t.value is None or t.value == 0:
            continue
        for repaired in (t.value / UNIT_FACTOR, t.value * UNIT_FACTOR):
            if forms.repaired({t.address: repaired}, tolerance):
                hits.append((t.address, t.value, repaired))
    if len(hits) != 1:
        return None
    address, value, repaired = hits[0]
    return Cause(UNIT, (address,), {"cell": cell_label(address), "value": fmt_number(value), "repaired": fmt_number(repaired)}, "cause_unit",
                 {"value": value, "repaired": repaired})


def _misclassified(outs: Sequence[Outcome], forms: Forms, mode: str, axis_label: Callable[[str], str], ctx: Context) -> dict[str, Cause]:
    """Two contexts off by +k and −k, while every identity of the other direction that has both
    with one coefficient (the totals they share) holds: one count in the wrong column (row)."""
    failing = [o for o in outs if o.failed_known and o.decision.gap != 0]
    out: dict[str, Cause] = {}
    for x in failing:
        partners = [y for y in failing if y is not x and y.decision.gap == -x.decision.gap]
        if len(partners) != 1:
            continue
        y = partners[0]
        mirrored = [z for z in failing if z is not y and z.decision.gap == -y.decision.gap]
        if len(mirrored) != 1:
            continue
        texts = _balanced(forms, mode, x.key, y.key, ctx)
        if not texts:
            continue
        first, second = sorted((x.key, y.key), key=[o.key for o in outs].index)
        axis = "列" if mode == "column" else "行"
        other_axis = "行" if mode == "column" else "列"
        k = abs(x.decision.gap)
        cells = tuple(_at(outs, k) for k in (first, second))
        out[x.key] = Cause(MISCLASSIFIED, cells, {
            "cells": f"“{axis_label(first)}”{axis}与“{axis_label(second)}”{axis}",
            "k": fmt_number(k),
            "axis": axis,
            "balanced": "、".join(f"各{other_axis}的勾稽关系“{t}”" for t in texts),
        }, "cause_misclassified", {"columns" if mode == "column" else "rows": [first, second], "k": k})
    return out


def _at(outs: Sequence[Outcome], key: str) -> str:
    """A cell standing for a context: its first cell (the context's own cells are its terms)."""
    o = next(o for o in outs if o.key == key)
    return o.lin.terms[0].address if o.lin.terms else key


def _balanced(forms: Forms, mode: str, a: str, b: str, ctx: Context) -> list[str]:
    """The texts of the other direction's identities in which contexts ``a`` and ``b`` appear
    with one coefficient, when each holds in every context (and one is fully filled); empty
    when there is none or one does not hold."""
    texts = []
    for for_each, expr, outs in forms.by_identity:
        if for_each == mode:
            continue
        relevant = []
        for o in outs:
            coef = {}
            for t in o.lin.terms:
                item = _ctx_of(t.address, mode)  # the cell's column (row) in the rule's direction
                if item in (a, b):
                    coef[item] = t.coef
            if len(coef) == 2 and coef[a] == coef[b]:
                relevant.append(o)
        if not relevant:
            continue
        if any(not o.decision.holds for o in relevant) or not any(o.known for o in relevant):
            return []
        other = "row" if mode == "column" else "column"
        texts.append(expr.text(lambda n: ctx.label(forms.table, n, other)))
    return texts


def _row_left_out(outs: Sequence[Outcome], mode: str, tolerance: Any, cell_label: Callable[[str], str]) -> dict[str, Cause]:
    """A total that equals the sum without one item (a row of a column identity, a column of a
    row identity), and does so throughout: in every filled context that fails, the item's term
    is exactly the difference; wherever the identity holds, the item is 0.  One such item only."""
    tol = Decimal(str(tolerance))
    filled = [o for o in outs if o.known]
    failing = [o for o in filled if o.decision.status == VIOLATED]
    if not failing:
        return {}
    first = failing[0]
    sides = [sum(1 for t in first.lin.terms if t.side == s) for s in (0, 1)]
    items = []
    for t in first.lin.known:
        if "/" in t.ref or sides[t.side] < 2 or not t.value:
            continue
        item = _item(t.address, mode)
        ok = True
        for o in filled:
            term = _term_of(o, item, mode)
            v = term.value if term is not None and term.value is not None else Decimal(0)
            if o.decision.status == VIOLATED:
                ok = term is not None and v != 0 and abs(o.decision.gap - term.coef * v) <= tol
            else:
                ok = v == 0
            if not ok:
                break
        if ok:
            items.append(item)
    if len(items) != 1:
        return {}
    found: dict[str, Cause] = {}
    for o in failing:
        term = _term_of(o, items[0], mode)
        assert term is not None and term.value is not None
        found[o.key] = Cause(ROW_LEFT_OUT, (term.address,), {"cell": cell_label(term.address), "value": fmt_number(term.value)}, "cause_row_left_out",
                             {"value": term.value})
    return found


def _term_of(o: Outcome, item: str, mode: str) -> Term | None:
    for t in o.lin.terms:
        if "/" not in t.ref and _item(t.address, mode) == item:
            return t
    return None

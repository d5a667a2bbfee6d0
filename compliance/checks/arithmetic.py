"""Kind ``table_identity``: an equation checked for every column (or row) of a table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from ..findings import Finding, json_number
from ..expr import BinOp, Neg, Num, Ref, fmt_number
from ..ruleset.model import Rule
from ..ruleset.params import implements
from .base import Context, not_assessable


def _describe(node: Any, ctx: Context, table: str, mode: str, resolve) -> str:
    """One side of an identity as ``“本年新收…”12 + “上年结转…”3``."""
    if isinstance(node, Num):
        return fmt_number(node.value)
    if isinstance(node, Ref):
        total = Decimal(0)
        for _addr, cell in resolve(node.name):
            if cell is not None and cell.kind == "number" and cell.value is not None:
                total += Decimal(cell.value)
        label = ctx.label(table, node.name, mode)
        if node.summed:
            label += "各项合计"
        return f"“{label}”{fmt_number(total)}"
    if isinstance(node, Neg):
        return "-" + _describe(node.operand, ctx, table, mode, resolve)
    if isinstance(node, BinOp):
        return f"{_describe(node.left, ctx, table, mode, resolve)} {node.op} {_describe(node.right, ctx, table, mode, resolve)}"
    return "…"


@implements("table_identity")
def check_table_identity(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    table = ctx.report.table(p.table)
    if table is None:
        return  # the structure rule owns a missing table
    spec = ctx.schema.table(p.table)
    section = ctx.section_of_table(p.table)
    tname = ctx.table_name(p.table)
    if p.for_each == "column":
        contexts = [c for c in (p.only or spec.column_ids(ctx.template))]
    else:
        contexts = [r for r in (p.only or spec.row_ids(ctx.template))]
    for key in contexts:
        if p.for_each == "column":
            resolve = ctx.resolver(p.table, column=key)
            where = f"“{spec.column_label(key)}”列"
            at_address = f"{p.table}/{p.at}/{key}"
            mode = "column"
        else:
            if table.row(key) is None:
                continue
            resolve = ctx.resolver(p.table, row=key)
            where = f"“{spec.row_label(key)}”行"
            at_address = f"{p.table}/{key}/{p.at}"
            mode = "row"
        ev = p.identity.evaluate(resolve)
        if ev.missing:
            continue  # a missing row/column is the structure rule's finding
        ident_text = p.identity.text(lambda n: ctx.label(p.table, n, mode))
        if ev.unfilled:
            yield not_assessable(rule, ctx, ev, f"{tname}{where}：{ident_text}", section=section)
            continue
        lhs, rhs = ev.sides
        if p.tolerance and p.identity.node.op == "==":
            ok = abs(lhs - rhs) <= Decimal(str(p.tolerance))
        else:
            ok = bool(ev.value)
        if ok:
            continue
        left_node, right_node = p.identity.sides
        at_cell = ctx.cell(*at_address.split("/"))
        yield rule.finding(
            {
                "table": tname,
                "where": where,
                "lhs_text": _describe(left_node, ctx, p.table, mode, resolve),
                "rhs_text": _describe(right_node, ctx, p.table, mode, resolve),
                "lhs": fmt_number(lhs),
                "rhs": fmt_number(rhs),
                "diff": fmt_number(lhs - rhs),
            },
            span=at_cell.span if at_cell is not None else table.span,
            section=section,
            cell=at_address,
            evidence={
                "left": json_number(lhs),
                "right": json_number(rhs),
                "identity": p.identity.source,
                "operands": {a: json_number(v) for a, v in ev.operands},
            },
        )

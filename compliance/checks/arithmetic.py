"""Kind ``table_identity``: an equation checked for every column (or row) of a table.

Unfilled cells (blank, placeholder, text, unreadable) are unknown numbers, decided in
``compliance.checks.identities``: the identity is violated whatever they hold (a finding of the
rule's severity), holds only if they hold a non-zero amount (a warning naming them and the
amount), or holds with them 0 (nothing: STR-007 reports the blanks).  A context that fails with
every cell filled gets the likely cause when the numbers show it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterator, Sequence

from attrs import evolve

from ..expr import HOLDS, NEEDS, BinOp, Decision, Neg, Num, Ref, Term, fmt_number
from ..findings import Finding, Severity, json_number
from ..ruleset.model import Rule, fill_message
from ..ruleset.params import implements
from .base import KIND_ZH, Context
from .identities import Cause, Outcome, causes, cell_traits, outcomes

NEEDS_VALUE = "needs-unfilled-value"
MAX_NAMED = 3  # blanks named one by one; more are summarised


def _describe(node: Any, ctx: Context, table: str, mode: str, resolve: Callable) -> str:
    """One side of an identity as ``“本年新收…”12 + “上年结转…”（空白）``."""
    if isinstance(node, Num):
        return fmt_number(node.value)
    if isinstance(node, Ref):
        total = Decimal(0)
        unfilled: list[str] = []
        for _addr, cell in resolve(node.name):
            if cell is not None and cell.kind == "number" and cell.value is not None:
                total += Decimal(cell.value)
            elif cell is not None:
                unfilled.append(cell.kind)
        label = ctx.label(table, node.name, mode)
        if node.summed:
            label += "各项合计"
        if not unfilled:
            return f"“{label}”{fmt_number(total)}"
        if not node.summed and len(unfilled) == 1:
            return f"“{label}”（{KIND_ZH.get(unfilled[0], unfilled[0])}）"
        if len(unfilled) == len(resolve(node.name)):
            return f"“{label}”（{len(unfilled)} 项均未填）"
        return f"“{label}”{fmt_number(total)}（另有 {len(unfilled)} 项未填）"
    if isinstance(node, Neg):
        return "-" + _describe(node.operand, ctx, table, mode, resolve)
    if isinstance(node, BinOp):
        return f"{_describe(node.left, ctx, table, mode, resolve)} {node.op} {_describe(node.right, ctx, table, mode, resolve)}"
    return "…"


def _names(ctx: Context, table: str, terms: Sequence[Term], mode: str) -> str:
    """Unfilled cells named compactly: a whole template group as ``“（三）不予公开”各项``, a
    few cells one by one, many as ``“商业企业”“科研机构”等 5 列``.  The context (the column or
    row checked) is already in the message, so a cell is named by its row (column)."""
    spec = ctx.schema.get(table)
    items: list[str] = []
    absolute: list[str] = []
    for t in terms:
        tid, r, c = t.address.split("/")
        if tid != table or "/" in t.ref:
            absolute.append(t.address)
        else:
            items.append(r if mode == "column" else c)
    words: list[str] = []
    if spec is not None and items:
        labels = spec.rows if mode == "column" else spec.columns
        by_id = {lab.id: lab for lab in labels}
        present = set(ctx.schema.table(table).row_ids(ctx.template) if mode == "column" else ctx.schema.table(table).column_ids(ctx.template))
        groups: dict[str, list[str]] = {}
        for i in items:
            g = by_id[i].group if i in by_id else None
            groups.setdefault(g or "", []).append(i)
        rest: list[str] = []
        for g, members in groups.items():
            glabel = spec.group(g) if g else None
            whole = [lab.id for lab in labels if lab.group == g and lab.id in present] if g else []
            if glabel is not None and len(members) > 1 and sorted(members) == sorted(whole):
                words.append(f"“{glabel.display or glabel.label}”各{'项' if mode == 'column' else '列'}")
            else:
                rest.extend(members)
        rest_labels = [spec.row_label(i) if mode == "column" else spec.column_label(i, ctx.template) for i in rest]
        if len(rest_labels) + len(words) > MAX_NAMED and len(rest_labels) > 1:
            unit = "行" if mode == "column" else "列"
            words.append("".join(f"“{x}”" for x in rest_labels[:2]) + f"等 {len(rest_labels)} {unit}")
        else:
            words.extend(f"“{x}”" for x in rest_labels)
    words.extend(ctx.cell_label(a) for a in absolute)
    return "、".join(words)


_OP_WORDS = {"==": "须为", ">=": "须至少为", ">": "须大于", "<=": "须至多为", "<": "须小于", "!=": "须不为"}
_FLIP = {"==": "==", ">=": "<=", ">": "<", "<=": ">=", "<": ">", "!=": "!="}
_DIFF_WORDS = {"==": "等于", ">=": "不小于", ">": "大于", "<=": "不大于", "<": "小于", "!=": "不等于"}


def _need(ctx: Context, table: str, d: Decision, mode: str) -> tuple[str, str, str, Decimal]:
    """(the need phrase, the amount as printed, the relation, the value) for the evidence:
    ``“商业企业”须为 5`` (``==``), ``“（三）不予公开”各项合计须为 5``, ``“对外公开总数量”须至少为 3``
    (``>=``), ``“上年结转…”须比“结转下年度…”多 2`` (``difference``: the unfilled cells on the
    left minus those on the right)."""
    assert d.need_op is not None and d.need is not None
    pos = [t for t in d.unknowns if t.coef > 0]
    neg = [t for t in d.unknowns if t.coef < 0]
    op, need = d.need_op, d.need

    def named(ts: Sequence[Term]) -> str:
        s = _names(ctx, table, ts, mode)
        return s + ("合计" if len(ts) > 1 else "")

    if pos and neg:
        if op == "==":
            more = "多" if need >= 0 else "少"
            return f"{named(pos)}须比{named(neg)}{more} {fmt_number(abs(need))}", fmt_number(abs(need)), "difference", need
        return f"{named(pos)}减{named(neg)}须{_DIFF_WORDS[op]} {fmt_number(need)}", fmt_number(need), "difference " + op, need
    if neg:  # −S op need  ⇔  S flip(op) −need
        op, need, ts = _FLIP[op], -need, neg
    else:
        ts = pos
    return f"{named(ts)}{_OP_WORDS[op]} {fmt_number(need)}", fmt_number(need), op, need


@implements("table_identity")
def check_table_identity(rule: Rule, ctx: Context) -> Iterator[Finding]:
    p = rule.compiled
    table = ctx.report.table(p.table)
    if table is None:
        return  # the structure rule owns a missing table
    spec = ctx.schema.table(p.table)
    section = ctx.section_of_table(p.table)
    tname = ctx.table_name(p.table)
    mode = p.for_each
    outs = list(outcomes(ctx, p.table, p.for_each, p.identity, only=p.only, tolerance=p.tolerance))
    hints: dict[str, Cause] = {}
    if any(o.failed_known for o in outs):
        axis_label = (lambda k: spec.column_label(k)) if mode == "column" else (lambda k: spec.row_label(k))
        hints = causes(ctx, p.table, outs, tolerance=p.tolerance, axis_label=axis_label, cell_label=ctx.cell_label, mode=mode)
    for o in outs:
        if o.decision.status == HOLDS:
            continue
        yield _finding(rule, ctx, o, hints.get(o.key), table=table, tname=tname, section=section)


def _finding(rule: Rule, ctx: Context, o: Outcome, cause: Cause | None, *, table: Any, tname: str, section: str | None) -> Finding:
    p = rule.compiled
    spec = ctx.schema.table(p.table)
    mode, key, lin, d = o.mode, o.key, o.lin, o.decision
    if mode == "column":
        where = f"“{spec.column_label(key)}”列"
        at_address = f"{p.table}/{p.at}/{key}"
    else:
        where = f"“{spec.row_label(key)}”行"
        at_address = f"{p.table}/{key}/{p.at}"
    left_node, right_node = p.identity.sides
    lhs, rhs = lin.side_known(0), lin.side_known(1)
    values = {
        "table": tname,
        "where": where,
        "lhs_text": _describe(left_node, ctx, p.table, mode, o.resolve),
        "rhs_text": _describe(right_node, ctx, p.table, mode, o.resolve),
        "lhs": fmt_number(lhs),
        "rhs": fmt_number(rhs),
        "diff": fmt_number(lhs - rhs),
    }
    at_cell = ctx.cell(*at_address.split("/"))
    evidence: dict[str, Any] = {
        "left": json_number(lhs),
        "right": json_number(rhs),
        "identity": p.identity.source,
        "operands": {t.address: json_number(t.value) for t in lin.known},
    }
    span = at_cell.span if at_cell is not None else table.span
    if not lin.unknowns:
        if cause is not None:
            evidence["cause"] = cause.evidence()
        found = rule.finding(values, span=span, section=section, cell=at_address, evidence=evidence)
        if cause is None:
            return found
        return evolve(found, message=found.message + "。" + fill_message(p.texts[cause.text_key], cause.values))
    unknowns = lin.unknowns
    values.update(
        identity=p.identity.text(lambda n: ctx.label(p.table, n, mode)),
        blanks=_names(ctx, p.table, unknowns, mode),
        count=str(len(unknowns)),
        any_value="数" if any(cell_traits(ctx)[0](t.address) for t in unknowns) else "非负数",
    )
    evidence["unfilled"] = [t.address for t in unknowns]
    evidence["decision"] = d.status
    if d.status == NEEDS:
        need, amount, op, value = _need(ctx, p.table, d, mode)
        values.update(need=need, amount=amount)
        # what the unfilled cells' sum must be (op ``difference``: the sum of those on the
        # left minus the sum of those on the right)
        evidence["need"] = {"op": op, "value": json_number(value)}
        severity = Severity.WARNING if rule.severity.rank >= Severity.WARNING.rank else rule.severity
        return rule.finding(values, message=fill_message(p.texts["message_unfilled_needed"], values), severity=severity,
                            name=NEEDS_VALUE, span=span, section=section, cell=at_address, evidence=evidence)
    values.update(need="", amount="")
    return rule.finding(values, message=fill_message(p.texts["message_unfilled_violated"], values),
                        span=span, section=section, cell=at_address, evidence=evidence)

